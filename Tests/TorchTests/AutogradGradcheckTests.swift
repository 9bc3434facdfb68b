import Testing
import Torch

/// Finite differences against backward, in float64, on functions composed from many ops: if
/// any op's backward (as wired through the shim) were wrong, the composition would disagree.
@Suite("Gradient check: central differences vs backward in float64")
struct AutogradGradcheckTests {
    /// Compares ∂L/∂input from `backward()` with central differences, where
    /// L = Σ f(inputs) ⊙ w for a fixed random w (so every output element matters).
    func gradcheck(_ shapes: [[Int]], seed: UInt64, eps: Double = 1e-6, atol: Double = 1e-6, rtol: Double = 1e-4,
                   _ f: ([Tensor]) throws -> Tensor, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let g = try Generator(seed: seed)
        let values = try shapes.map { try Tensor.randn($0, dtype: .float64, generator: g).toArray(Double.self) }
        let probe = try f(zip(values, shapes).map { try Tensor($0, shape: $1) })
        let weights = try Tensor.randn(probe.shape, dtype: .float64, generator: g)
        func loss(_ vs: [[Double]]) throws -> Double {
            try withNoGrad { try (f(zip(vs, shapes).map { try Tensor($0, shape: $1) }) * weights).sum().scalar }
        }

        let leaves = try zip(values, shapes).map { try Tensor($0, shape: $1).requiresGrad(true) }
        try (f(leaves) * weights).sum().backward()

        for (i, leaf) in leaves.enumerated() {
            let analytic = try #require(leaf.grad, "input \(i) got no gradient", sourceLocation: sourceLocation).toArray(Double.self)
            var worst = 0.0
            for j in values[i].indices {
                var plus = values, minus = values
                plus[i][j] += eps
                minus[i][j] -= eps
                let numeric = try (loss(plus) - loss(minus)) / (2 * eps)
                let excess = Swift.abs(numeric - analytic[j]) - (atol + rtol * Swift.abs(numeric))
                worst = Swift.max(worst, excess)
                #expect(excess <= 0, "input \(i)[\(j)]: backward \(analytic[j]), finite differences \(numeric)",
                        sourceLocation: sourceLocation)
                if excess > 0 { return }  // one report per check is enough
            }
        }
    }

    @Test func convolutionNormalisationPoolingClassifier() throws {
        // conv3d → group norm → GELU → global average pool → linear → weighted, smoothed cross-entropy.
        let target = try Tensor([Int64(1), 0], shape: [2])
        let classWeight = try Tensor([0.7, 1.6], shape: [2])
        try gradcheck([[2, 2, 3, 3, 3], [4, 2, 2, 2, 2], [4], [2, 4]], seed: 11) { x in
            var h = try Functional.conv(x[0], weight: x[1], bias: x[2], stride: [1, 1, 1], padding: [1, 0, 1])
            h = try Functional.groupNorm(h, groups: 2, eps: 1e-5)
            h = try Functional.gelu(h)
            h = try Functional.globalAvgPool(h).flatten(start: 1)
            let logits = try Functional.linear(h, weight: x[3])
            return try Functional.crossEntropy(logits, target: target, weight: classWeight, labelSmoothing: 0.1)
        }
    }

    @Test func attentionWithNormsAndSoftmax() throws {
        // layer norm → attention with an additive mask → tanh → log-softmax, plus an MSE term.
        try gradcheck([[1, 2, 3, 4], [1, 2, 4, 4], [1, 2, 4, 4], [3, 4], [4]], seed: 12) { x in
            let q = try Functional.layerNorm(x[0], normalizedShape: [4], weight: x[4])
            let a = try Functional.scaledDotProductAttention(query: q, key: x[1], value: x[2], mask: x[3])
            let s = try Functional.logSoftmax(a.tanh(), dim: -1)
            return try s + Functional.mseLoss(a, target: x[1].narrow(dim: 2, start: 0, length: 3))
        }
    }

    @Test func resamplingPoolingAndLosses() throws {
        // trilinear upsampling → max pooling → transposed convolution → BCE-with-logits + smooth L1.
        let target = try Tensor.rand([1, 1, 4, 4, 4], dtype: .float64, generator: Generator(seed: 3))
        try gradcheck([[1, 2, 2, 3, 2], [2, 1, 2, 2, 2]], seed: 13) { x in
            var h = try Functional.interpolate(x[0], size: [4, 6, 4], mode: .linear)
            h = try Functional.maxPool(h, kernel: [2, 3, 2], stride: [2, 3, 2])
            h = try Functional.convTranspose(h, weight: x[1], stride: [2, 2, 2], padding: [0, 0, 0])
            return try Functional.binaryCrossEntropyWithLogits(h, target: target)
                + Functional.smoothL1Loss(h.sigmoid(), target: target, beta: 0.3) * 2.0
        }
    }

    @Test func transformerEncoderLayerInFloat64() throws {
        let layer = try TransformerEncoderLayer(dModel: 4, numHeads: 2, dimFeedforward: 6, dropout: 0, activation: .gelu,
                                                batchFirst: true, normFirst: true, generator: Generator(seed: 5))
        try layer.to(.cpu, dtype: .float64)
        try gradcheck([[1, 3, 4]], seed: 14) { x in try layer(x[0]) }
    }

    @Test func batchNormInTraining() throws {
        let norm = try BatchNorm(3, momentum: 0.2)
        try norm.to(.cpu, dtype: .float64)
        try gradcheck([[4, 3, 2]], seed: 15) { x in try norm(x[0]).square() }
    }
}
