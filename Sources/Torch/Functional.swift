import CTorch

/// Neural-network functions, as `torch.nn.functional`. Layers in `nn/` are built on these.
public enum Functional {
    /// Loss reduction over the batch.
    public enum Reduction: Int32, Sendable { case none = 0, mean = 1, sum = 2 }
    /// Interpolation mode for `interpolate`.
    public enum InterpolationMode: Int32, Sendable { case nearest = 0, linear = 1, cubic = 2 }

    // MARK: convolution and pooling (1D/2D/3D chosen from the parameter count)

    /// conv1d/2d/3d: `input` is (N, C, *spatial), `weight` (Cout, Cin/groups, *kernel).
    public static func conv(_ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int], padding: [Int],
                            dilation: [Int]? = nil, groups: Int = 1) throws(TorchError) -> Tensor {
        let n = stride.count
        let s = stride.map(Int64.init), p = padding.map(Int64.init)
        let d = (dilation ?? Array(repeating: 1, count: n)).map(Int64.init)
        guard p.count == n, d.count == n else { throw TorchError("conv: stride, padding and dilation need \(n) values each") }
        return try produce { ct_conv(input.handle, weight.handle, bias?.handle, s, p, d, Int32(n), Int64(groups), $0) }
    }

    public static func convTranspose(_ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int], padding: [Int],
                                     outputPadding: [Int]? = nil, dilation: [Int]? = nil, groups: Int = 1) throws(TorchError) -> Tensor {
        let n = stride.count
        let s = stride.map(Int64.init), p = padding.map(Int64.init)
        let op = (outputPadding ?? Array(repeating: 0, count: n)).map(Int64.init)
        let d = (dilation ?? Array(repeating: 1, count: n)).map(Int64.init)
        guard p.count == n, op.count == n, d.count == n else {
            throw TorchError("convTranspose: stride, padding, outputPadding and dilation need \(n) values each")
        }
        return try produce { ct_conv_transpose(input.handle, weight.handle, bias?.handle, s, p, op, d, Int32(n), Int64(groups), $0) }
    }

    public static func maxPool(_ input: Tensor, kernel: [Int], stride: [Int]? = nil, padding: [Int]? = nil,
                               ceilMode: Bool = false) throws(TorchError) -> Tensor {
        let n = kernel.count
        let k = kernel.map(Int64.init), s = (stride ?? kernel).map(Int64.init)
        let p = (padding ?? Array(repeating: 0, count: n)).map(Int64.init)
        return try produce { ct_max_pool(input.handle, k, s, p, Int32(n), ceilMode, $0) }
    }
    public static func avgPool(_ input: Tensor, kernel: [Int], stride: [Int]? = nil, padding: [Int]? = nil,
                               ceilMode: Bool = false, countIncludePad: Bool = true) throws(TorchError) -> Tensor {
        let n = kernel.count
        let k = kernel.map(Int64.init), s = (stride ?? kernel).map(Int64.init)
        let p = (padding ?? Array(repeating: 0, count: n)).map(Int64.init)
        return try produce { ct_avg_pool(input.handle, k, s, p, Int32(n), ceilMode, countIncludePad, $0) }
    }
    public static func adaptiveAvgPool(_ input: Tensor, outputSize: [Int]) throws(TorchError) -> Tensor {
        let o = outputSize.map(Int64.init)
        return try produce { ct_adaptive_avg_pool(input.handle, o, Int32(o.count), $0) }
    }
    public static func adaptiveMaxPool(_ input: Tensor, outputSize: [Int]) throws(TorchError) -> Tensor {
        let o = outputSize.map(Int64.init)
        return try produce { ct_adaptive_max_pool(input.handle, o, Int32(o.count), $0) }
    }
    /// Mean over all spatial dimensions, keeping (N, C, 1, …).
    public static func globalAvgPool(_ input: Tensor) throws(TorchError) -> Tensor {
        try adaptiveAvgPool(input, outputSize: Array(repeating: 1, count: input.ndim - 2))
    }
    public static func globalMaxPool(_ input: Tensor) throws(TorchError) -> Tensor {
        try adaptiveMaxPool(input, outputSize: Array(repeating: 1, count: input.ndim - 2))
    }

    /// Resizes the spatial dimensions to `size` or by `scale` (exactly one of them).
    public static func interpolate(_ input: Tensor, size: [Int]? = nil, scale: [Double]? = nil,
                                   mode: InterpolationMode = .nearest, alignCorners: Bool = false) throws(TorchError) -> Tensor {
        guard (size == nil) != (scale == nil) else { throw TorchError("interpolate: give exactly one of size and scale") }
        let n = size?.count ?? scale!.count
        let sz = size?.map(Int64.init)
        return try produce { out in
            let align = mode == .nearest ? false : alignCorners
            if let sz { return ct_interpolate(input.handle, sz, nil, Int32(n), mode.rawValue, align, out) }
            return ct_interpolate(input.handle, nil, scale!, Int32(n), mode.rawValue, align, out)
        }
    }

    /// Constant padding; `pad` lists (before, after) pairs starting from the last dimension, as PyTorch.
    public static func pad(_ input: Tensor, _ pad: [Int], value: Double = 0) throws(TorchError) -> Tensor {
        let p = pad.map(Int64.init)
        return try produce { ct_pad(input.handle, p, Int32(p.count), value, $0) }
    }

    /// How `pad(_:_:mode:)` fills the border, as the `mode` of `torch.nn.functional.pad`.
    public enum PaddingMode: Int32, Sendable {
        /// Mirror without repeating the edge (each padding must be smaller than the dimension).
        case reflect = 0
        /// Repeat the edge value.
        case replicate = 1
        /// Wrap around.
        case circular = 2
    }

    /// Reflection, replication or circular padding; `pad` lists (before, after) pairs starting
    /// from the last dimension, as PyTorch.
    public static func pad(_ input: Tensor, _ pad: [Int], mode: PaddingMode) throws(TorchError) -> Tensor {
        let p = pad.map(Int64.init)
        return try produce { ct_pad_mode(input.handle, p, Int32(p.count), mode.rawValue, $0) }
    }

    // MARK: linear and normalisation

    public static func linear(_ input: Tensor, weight: Tensor, bias: Tensor? = nil) throws(TorchError) -> Tensor {
        try produce { ct_linear(input.handle, weight.handle, bias?.handle, $0) }
    }
    public static func batchNorm(_ input: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?, bias: Tensor?,
                                 training: Bool, momentum: Double = 0.1, eps: Double = 1e-5) throws(TorchError) -> Tensor {
        try produce { ct_batch_norm(input.handle, weight?.handle, bias?.handle, runningMean?.handle, runningVar?.handle,
                                    training, momentum, eps, $0) }
    }
    public static func instanceNorm(_ input: Tensor, runningMean: Tensor? = nil, runningVar: Tensor? = nil,
                                    weight: Tensor? = nil, bias: Tensor? = nil, useInputStats: Bool = true,
                                    momentum: Double = 0.1, eps: Double = 1e-5) throws(TorchError) -> Tensor {
        try produce { ct_instance_norm(input.handle, weight?.handle, bias?.handle, runningMean?.handle, runningVar?.handle,
                                       useInputStats, momentum, eps, $0) }
    }
    public static func groupNorm(_ input: Tensor, groups: Int, weight: Tensor? = nil, bias: Tensor? = nil,
                                 eps: Double = 1e-5) throws(TorchError) -> Tensor {
        try produce { ct_group_norm(input.handle, Int64(groups), weight?.handle, bias?.handle, eps, $0) }
    }
    public static func layerNorm(_ input: Tensor, normalizedShape: [Int], weight: Tensor? = nil, bias: Tensor? = nil,
                                 eps: Double = 1e-5) throws(TorchError) -> Tensor {
        let s = normalizedShape.map(Int64.init)
        return try produce { ct_layer_norm(input.handle, s, Int32(s.count), weight?.handle, bias?.handle, eps, $0) }
    }

    // MARK: activations

    public static func relu(_ x: Tensor) throws(TorchError) -> Tensor { try x.relu() }
    public static func leakyRelu(_ x: Tensor, negativeSlope: Double = 0.01) throws(TorchError) -> Tensor {
        try produce { ct_leaky_relu(x.handle, negativeSlope, $0) }
    }
    /// GELU, exact (erf) by default or with the tanh approximation.
    public static func gelu(_ x: Tensor, tanhApproximation: Bool = false) throws(TorchError) -> Tensor {
        try x.unary(tanhApproximation ? CT_GELU_TANH : CT_GELU)
    }
    public static func silu(_ x: Tensor) throws(TorchError) -> Tensor { try x.unary(CT_SILU) }
    public static func sigmoid(_ x: Tensor) throws(TorchError) -> Tensor { try x.sigmoid() }
    public static func tanh(_ x: Tensor) throws(TorchError) -> Tensor { try x.tanh() }
    public static func softmax(_ x: Tensor, dim: Int) throws(TorchError) -> Tensor { try produce { ct_softmax(x.handle, Int64(dim), $0) } }
    public static func logSoftmax(_ x: Tensor, dim: Int) throws(TorchError) -> Tensor {
        try produce { ct_log_softmax(x.handle, Int64(dim), $0) }
    }
    /// Dropout with the global generator (seed it with `Torch.manualSeed`).
    public static func dropout(_ x: Tensor, p: Double = 0.5, training: Bool = true) throws(TorchError) -> Tensor {
        try produce { ct_dropout(x.handle, p, training, $0) }
    }

    /// Dropout drawing its mask from `generator` (so training is reproducible while other code
    /// uses the global generator); the same numbers as the global version on the CPU.
    public static func dropout(_ x: Tensor, p: Double = 0.5, training: Bool = true,
                               generator: Generator) throws(TorchError) -> Tensor {
        try produce { ct_dropout_generator(x.handle, p, training, generator.handle, $0) }
    }

    /// softmax(QKᵀ/√d + mask)·V with libtorch's fused kernels. Shapes (…, L, E).
    public static func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, mask: Tensor? = nil,
                                                 dropout: Double = 0, isCausal: Bool = false) throws(TorchError) -> Tensor {
        try produce { ct_scaled_dot_product_attention(query.handle, key.handle, value.handle, mask?.handle, dropout, isCausal, $0) }
    }

    // MARK: losses

    /// Cross-entropy from logits (N, C, …) and int64 class targets (N, …) — or class
    /// probabilities of the input's shape — with optional class weights and label smoothing.
    public static func crossEntropy(_ logits: Tensor, target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean,
                                    ignoreIndex: Int = -100, labelSmoothing: Double = 0) throws(TorchError) -> Tensor {
        try produce { ct_cross_entropy(logits.handle, target.handle, weight?.handle, reduction.rawValue, Int64(ignoreIndex),
                                       labelSmoothing, $0) }
    }
    public static func nllLoss(_ logProbs: Tensor, target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean,
                               ignoreIndex: Int = -100) throws(TorchError) -> Tensor {
        try produce { ct_nll_loss(logProbs.handle, target.handle, weight?.handle, reduction.rawValue, Int64(ignoreIndex), $0) }
    }
    public static func binaryCrossEntropyWithLogits(_ logits: Tensor, target: Tensor, weight: Tensor? = nil,
                                                    posWeight: Tensor? = nil, reduction: Reduction = .mean) throws(TorchError) -> Tensor {
        try produce { ct_bce_with_logits(logits.handle, target.handle, weight?.handle, posWeight?.handle, reduction.rawValue, $0) }
    }
    public static func mseLoss(_ input: Tensor, target: Tensor, reduction: Reduction = .mean) throws(TorchError) -> Tensor {
        try produce { ct_mse_loss(input.handle, target.handle, reduction.rawValue, $0) }
    }
    public static func l1Loss(_ input: Tensor, target: Tensor, reduction: Reduction = .mean) throws(TorchError) -> Tensor {
        try produce { ct_l1_loss(input.handle, target.handle, reduction.rawValue, $0) }
    }
    public static func smoothL1Loss(_ input: Tensor, target: Tensor, reduction: Reduction = .mean, beta: Double = 1) throws(TorchError) -> Tensor {
        try produce { ct_smooth_l1_loss(input.handle, target.handle, reduction.rawValue, beta, $0) }
    }
}
