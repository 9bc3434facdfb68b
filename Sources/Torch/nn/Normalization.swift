/// Batch normalisation over (N, C, *) inputs of any rank ≥ 2: one class for PyTorch's
/// `BatchNorm1d/2d/3d` (aliases below), with the same state-dict keys (`weight`, `bias`,
/// `running_mean`, `running_var`, `num_batches_tracked`) and the same update rules.
///
/// In training, batch statistics normalise and the running estimates move by `momentum`
/// (new = (1 − momentum)·old + momentum·batch, variance unbiased); `momentum: nil` gives the
/// cumulative average, 1/`num_batches_tracked`. In evaluation the running estimates normalise,
/// unless the layer does not track them.
public final class BatchNorm: RunningStatsNorm, UnaryLayer {
    public override init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
                         trackRunningStats: Bool = true) throws(TorchError) {
        try super.init(numFeatures, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats)
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        guard x.ndim >= 2 else { throw TorchError("BatchNorm: expected at least 2D input (got \(x.ndim)D input)") }
        var factor = momentum ?? 0
        if isTraining && trackRunningStats, let tracked = numBatchesTracked {
            try tracked.value += Tensor(scalar: Int64(1))
            if momentum == nil { factor = 1 / Double(try tracked.value.intScalar) }
        }
        // Batch statistics in training, or whenever there are no running estimates to use.
        let useBatchStats = isTraining || (runningMean == nil && runningVar == nil)
        // Running estimates are updated in training only when tracked, and read in evaluation.
        let passStats = !isTraining || trackRunningStats
        return try Functional.batchNorm(x, runningMean: passStats ? runningMean?.value : nil,
                                        runningVar: passStats ? runningVar?.value : nil,
                                        weight: weight?.value, bias: bias?.value, training: useBatchStats,
                                        momentum: factor, eps: eps)
    }
}

/// `torch.nn.BatchNorm1d` (input (N, C) or (N, C, L)).
public typealias BatchNorm1d = BatchNorm
/// `torch.nn.BatchNorm2d` (input (N, C, H, W)).
public typealias BatchNorm2d = BatchNorm
/// `torch.nn.BatchNorm3d` (input (N, C, D, H, W)).
public typealias BatchNorm3d = BatchNorm

/// Instance normalisation over (N, C, *) inputs, as `torch.nn.InstanceNorm1d/2d/3d`:
/// no affine parameters and no running statistics unless asked for (`affine`,
/// `trackRunningStats`); with tracking, evaluation uses the running estimates. The state-dict
/// keys are PyTorch's, `num_batches_tracked` included (PyTorch registers but never advances it).
public final class InstanceNorm: RunningStatsNorm, UnaryLayer {
    public override init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = false,
                         trackRunningStats: Bool = false) throws(TorchError) {
        try super.init(numFeatures, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats)
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        guard x.ndim >= 3 else { throw TorchError("InstanceNorm: expected (N, C, *spatial) input, got \(x.ndim)D input") }
        if affine, x.size(1) != numFeatures {
            throw TorchError("InstanceNorm: expected input's size at dim=1 to match num_features (\(numFeatures)), but got: \(x.size(1)).")
        }
        return try Functional.instanceNorm(x, runningMean: runningMean?.value, runningVar: runningVar?.value,
                                           weight: weight?.value, bias: bias?.value,
                                           useInputStats: isTraining || !trackRunningStats,
                                           momentum: momentum ?? 0, eps: eps)
    }
}

/// `torch.nn.InstanceNorm1d` (input (N, C, L)).
public typealias InstanceNorm1d = InstanceNorm
/// `torch.nn.InstanceNorm2d` (input (N, C, H, W)).
public typealias InstanceNorm2d = InstanceNorm
/// `torch.nn.InstanceNorm3d` (input (N, C, D, H, W)).
public typealias InstanceNorm3d = InstanceNorm

/// Group normalisation, as `torch.nn.GroupNorm`: channels split into `numGroups` groups, each
/// normalised over its channels and all spatial positions; per-channel affine γ (ones), β (zeros).
public final class GroupNorm: Module, UnaryLayer {
    public let numGroups: Int
    public let numChannels: Int
    public let eps: Double
    public let weight: Parameter?
    public let bias: Parameter?

    public init(numGroups: Int, numChannels: Int, eps: Double = 1e-5, affine: Bool = true) throws(TorchError) {
        guard numGroups > 0, numChannels % numGroups == 0 else {
            throw TorchError("GroupNorm: num_channels (\(numChannels)) must be divisible by num_groups (\(numGroups))")
        }
        self.numGroups = numGroups
        self.numChannels = numChannels
        self.eps = eps
        weight = affine ? try Parameter(Tensor.ones([numChannels])) : nil
        bias = affine ? try Parameter(Tensor.zeros([numChannels])) : nil
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.groupNorm(x, groups: numGroups, weight: weight?.value, bias: bias?.value, eps: eps)
    }
}

/// Layer normalisation over the trailing `normalizedShape` dimensions, as `torch.nn.LayerNorm`
/// (γ ones, β zeros; `bias: false` drops β as PyTorch's `bias=False`).
public final class LayerNorm: Module, UnaryLayer {
    public let normalizedShape: [Int]
    public let eps: Double
    public let weight: Parameter?
    public let bias: Parameter?

    public init(_ normalizedShape: [Int], eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) throws(TorchError) {
        self.normalizedShape = normalizedShape
        self.eps = eps
        weight = elementwiseAffine ? try Parameter(Tensor.ones(normalizedShape)) : nil
        self.bias = elementwiseAffine && bias ? try Parameter(Tensor.zeros(normalizedShape)) : nil
        super.init()
    }

    /// Normalises over the last dimension of size `features`.
    public convenience init(_ features: Int, eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) throws(TorchError) {
        try self.init([features], eps: eps, elementwiseAffine: elementwiseAffine, bias: bias)
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.layerNorm(x, normalizedShape: normalizedShape, weight: weight?.value, bias: bias?.value, eps: eps)
    }
}

/// Parameters and buffers shared by batch and instance normalisation (PyTorch's `_NormBase`):
/// γ (ones) and β (zeros) with `affine`; running mean (zeros), variance (ones) and the int64
/// count of training batches with `trackRunningStats`.
public class RunningStatsNorm: Module {
    public let numFeatures: Int
    public let eps: Double
    /// nil: cumulative moving average.
    public let momentum: Double?
    public let affine: Bool
    public let trackRunningStats: Bool
    public let weight: Parameter?
    public let bias: Parameter?
    public let runningMean: Buffer?
    public let runningVar: Buffer?
    public let numBatchesTracked: Buffer?

    init(_ numFeatures: Int, eps: Double, momentum: Double?, affine: Bool, trackRunningStats: Bool) throws(TorchError) {
        guard numFeatures > 0 else { throw TorchError("normalisation layer needs a positive feature count, got \(numFeatures)") }
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
        weight = affine ? try Parameter(Tensor.ones([numFeatures])) : nil
        bias = affine ? try Parameter(Tensor.zeros([numFeatures])) : nil
        runningMean = trackRunningStats ? Buffer(try Tensor.zeros([numFeatures])) : nil
        runningVar = trackRunningStats ? Buffer(try Tensor.ones([numFeatures])) : nil
        numBatchesTracked = trackRunningStats ? Buffer(try Tensor(scalar: Int64(0))) : nil
        super.init()
    }
}
