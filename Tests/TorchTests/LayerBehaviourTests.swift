import Testing
import Torch

/// Layer behaviour that parity fixtures do not pin down: modes, keys of containers, cloning,
/// masks, dtype moves.
@Suite("Layers: modes, containers, cloning, masks")
struct LayerBehaviourTests {
    @Test func dropoutScalesInTrainingAndIsIdentityInEvaluation() throws {
        let dropout = try Dropout(p: 0.3, generator: Generator(seed: 30))
        let x = try Tensor.ones([100, 100])
        let y = try dropout(x).toArray(Float.self)
        let zeros = y.filter { $0 == 0 }.count
        // 10,000 Bernoulli(0.3) draws: the fraction is 0.3 ± 0.0046 (1 σ); ±0.03 is > 6 σ.
        #expect(Swift.abs(Double(zeros) / 10_000 - 0.3) < 0.03, "\(zeros) of 10000 dropped")
        #expect(y.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / 0.7) < 1e-6 })

        dropout.eval()
        #expect(try dropout(x).toArray(Float.self) == [Float](repeating: 1, count: 10_000))
        dropout.train()
        #expect(try dropout(x).toArray(Float.self).contains(0))
        #expect(try Dropout(p: 1)(x).toArray(Float.self).allSatisfy { $0 == 0 })
        // Its own generator makes the masks reproducible whatever else draws random numbers.
        let again = try Dropout(p: 0.3, generator: Generator(seed: 30))
        #expect(try again(x).toArray(Float.self) == y)
        #expect(try Dropout(p: 0.3, generator: Generator(seed: 31))(x).toArray(Float.self) != y)
    }

    @Test func transformerDropoutFollowsItsGenerator() throws {
        func run(_ seed: UInt64) throws -> [Float] {
            let layer = try TransformerEncoderLayer(dModel: 8, numHeads: 2, dimFeedforward: 16, dropout: 0.4,
                                                    generator: Generator(seed: 1), dropoutGenerator: Generator(seed: seed))
            let encoder = try TransformerEncoder(layer, numLayers: 2)
            let x = try Tensor.randn([5, 2, 8], generator: Generator(seed: 2))
            return try encoder(x).toArray(Float.self) + encoder(x).toArray(Float.self)
        }
        let first = try run(40)
        #expect(try run(40) == first)
        #expect(try run(41) != first)
        #expect(first[0..<80] != first[80...], "successive calls draw new masks")
    }

    @Test func modesReachEveryNestedLayer() throws {
        let layer = try TransformerEncoderLayer(dModel: 8, numHeads: 2, dimFeedforward: 16, dropout: 0.5,
                                                generator: Generator(seed: 1), dropoutGenerator: Generator(seed: 12))
        let encoder = try TransformerEncoder(layer, numLayers: 2)
        let x = try Tensor.randn([5, 2, 8], generator: Generator(seed: 2))
        encoder.eval()
        #expect(encoder.namedModules().allSatisfy { !$0.module.isTraining })
        #expect(try encoder(x).toArray(Float.self) == encoder(x).toArray(Float.self))
        encoder.train()
        #expect(encoder.namedModules().allSatisfy { $0.module.isTraining })
        #expect(try encoder(x).toArray(Float.self) != encoder(x).toArray(Float.self))
    }

    @Test func sequentialKeysArePositionsAsInPyTorch() throws {
        let inner = try Sequential(Linear(3, 3), GELU())
        let model = try Sequential(Linear(2, 3), inner, BatchNorm1d(3))
        #expect(Set(model.stateDict().keys) == [
            "0.weight", "0.bias", "1.0.weight", "1.0.bias",
            "2.weight", "2.bias", "2.running_mean", "2.running_var", "2.num_batches_tracked",
        ])
        model.append(try Linear(3, 1))
        #expect(model.count == 4)
        #expect(model.stateDict()["3.weight"]?.shape == [1, 3])
        #expect(try model(Tensor.ones([4, 2])).shape == [4, 1])
    }

    @Test func transformerKeysMatchPyTorch() throws {
        let layer = try TransformerEncoderLayer(dModel: 8, numHeads: 2, dimFeedforward: 16)
        let encoder = try TransformerEncoder(layer, numLayers: 2, norm: LayerNorm(8))
        let keys = Set(encoder.stateDict().keys)
        let perLayer = ["self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
                        "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
                        "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"]
        #expect(keys == Set((0..<2).flatMap { i in perLayer.map { "layers.\(i).\($0)" } } + ["norm.weight", "norm.bias"]))
    }

    @Test func encoderClonesAreEqualButIndependent() throws {
        let layer = try TransformerEncoderLayer(dModel: 4, numHeads: 1, dimFeedforward: 8, generator: Generator(seed: 3))
        layer.norm1.freeze()
        let encoder = try TransformerEncoder(layer, numLayers: 3)
        let reference = try layer.linear1.weight.value.toArray(Float.self)
        for clone in encoder.layers {
            #expect(try clone.linear1.weight.value.toArray(Float.self) == reference)
            #expect(clone !== layer)
            #expect(clone.norm1.weight?.isFrozen == true && clone.norm2.weight?.isFrozen == false)
        }
        try withNoGrad { () throws(TorchError) in try encoder.layers[0].linear1.weight.value.fill_(0) }
        #expect(try encoder.layers[1].linear1.weight.value.toArray(Float.self) == reference)
        #expect(try layer.linear1.weight.value.toArray(Float.self) == reference)
    }

    @Test func causalAttentionMatchesAnExplicitMaskOnBothPaths() throws {
        let attention = try MultiheadAttention(embedDim: 8, numHeads: 2, batchFirst: true, generator: Generator(seed: 4))
        let x = try Tensor.randn([2, 5, 8], generator: Generator(seed: 5))
        var upper = [Bool]()
        for i in 0..<5 { for j in 0..<5 { upper.append(j > i) } }
        let mask = try Tensor(upper, shape: [5, 5])
        let explicit = try attention(x, x, x, needWeights: true, attnMask: mask)
        let fused = try attention(x, x, x, needWeights: false, isCausal: true)
        let withWeights = try attention(x, x, x, needWeights: true, isCausal: true)
        try expectClose(fused.output, explicit.output, "causal (sdpa) vs explicit mask")
        try expectClose(withWeights.output, explicit.output, "causal (weights path) vs explicit mask")
        let weights = try #require(withWeights.weights)
        #expect(weights.shape == [2, 5, 5])
        let w = try weights.toArray(Float.self)
        for n in 0..<2 { for i in 0..<5 { for j in 0..<5 where j > i { #expect(w[n * 25 + i * 5 + j] == 0) } } }
        try expectClose(weights.sum(dim: -1), Tensor.ones([2, 5]), "weights sum to one")
    }

    @Test func attentionAcceptsUnbatchedInput() throws {
        let attention = try MultiheadAttention(embedDim: 4, numHeads: 2, generator: Generator(seed: 6))
        let x = try Tensor.randn([3, 4], generator: Generator(seed: 7))
        let single = try attention(x, x, x)
        let batched = try attention(x.unsqueeze(1), x.unsqueeze(1), x.unsqueeze(1))
        try expectClose(single.output, batched.output.squeeze(dim: 1), "unbatched output")
        try expectClose(single.weights, try #require(batched.weights).squeeze(dim: 0), "unbatched weights")
    }

    @Test func batchNormStatisticsMoveOnlyInTraining() throws {
        let norm = try BatchNorm2d(2)
        let x = try Tensor.randn([4, 2, 3, 3], generator: Generator(seed: 8)) * 3.0 + 1.0
        _ = try norm(x)
        _ = try norm(x)
        #expect(try norm.numBatchesTracked?.value.intScalar == 2)
        let mean = try #require(norm.runningMean).value.toArray(Float.self)
        norm.eval()
        let y = try norm(x)
        #expect(try norm.numBatchesTracked?.value.intScalar == 2)
        #expect(try norm.runningMean?.value.toArray(Float.self) == mean)
        // Evaluation normalises with the running estimates, not the batch's.
        let expected = try (x - norm.runningMean!.value.reshape([1, 2, 1, 1]))
            / (norm.runningVar!.value.reshape([1, 2, 1, 1]) + 1e-5).sqrt()
        try expectClose(y, expected, "eval uses running statistics")
    }

    @Test func defaultInitialisationBounds() throws {
        let g = try Generator(seed: 9)
        let linear = try Linear(400, 50, generator: g)
        let bound = 1 / Double(400).squareRoot()
        let w = try linear.weight.value.toArray(Float.self).map(Double.init)
        #expect(w.allSatisfy { Swift.abs($0) <= bound })
        // Uniform on ±b has standard deviation b/√3; 20,000 draws pin it within 2 %.
        let std = (w.map { $0 * $0 }.reduce(0, +) / Double(w.count)).squareRoot()
        #expect(Swift.abs(std / (bound / (3.0).squareRoot()) - 1) < 0.02)

        let attention = try MultiheadAttention(embedDim: 64, numHeads: 4, generator: g)
        let xavier = (6.0 / Double(64 + 192)).squareRoot()
        #expect(try attention.inProjWeight.value.abs().max().scalar <= xavier)
        #expect(try attention.inProjWeight.value.abs().max().scalar > 0.9 * xavier)
        #expect(try attention.inProjBias!.value.abs().sum().scalar == 0)
        #expect(try attention.outProj.bias!.value.abs().sum().scalar == 0)
    }

    @Test func movingToFloat64AndFreezing() throws {
        let model = try Sequential(Conv3d(1, 2, kernelSize: 3, padding: 1, generator: Generator(seed: 10)), GroupNorm(numGroups: 1, numChannels: 2),
                                   ReLU(), AdaptiveAvgPool(outputSize: [1, 1, 1]), Flatten(), Linear(2, 2))
        try model.to(.cpu, dtype: .float64)
        #expect(model.parameters().allSatisfy { $0.value.dtype == .float64 && $0.value.requiresGrad })
        let y = try model(Tensor.randn([2, 1, 4, 4, 4], dtype: .float64, generator: Generator(seed: 11)))
        #expect(y.shape == [2, 2] && y.dtype == .float64)
        model.freeze()
        #expect(model.trainableParameters().isEmpty)
        #expect(!(try model(Tensor.ones([1, 1, 4, 4, 4], dtype: .float64)).requiresGrad))
    }
}
