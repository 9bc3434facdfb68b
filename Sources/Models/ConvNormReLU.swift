import Torch

/// Convolution → group normalisation → ReLU, in 2D or 3D: the unit every MetOrigin network is
/// built from (the paper's "convolutional layer followed by group normalization and ReLU").
public final class ConvNormReLU: Module, UnaryLayer {
    public let conv: Convolution
    public let norm: GroupNorm

    /// - Parameters:
    ///   - spatialDims: 2 for slice networks, 3 for volume networks.
    ///   - groups: group-norm groups; reduced automatically to a divisor of `outChannels`.
    public init(spatialDims: Int, _ inChannels: Int, _ outChannels: Int, kernelSize: Int = 3, stride: Int = 1,
                groups: Int = 8, generator: Generator? = nil) throws(TorchError) {
        conv = try Convolution(inChannels: inChannels, outChannels: outChannels,
                               kernelSize: Array(repeating: kernelSize, count: spatialDims),
                               stride: Array(repeating: stride, count: spatialDims),
                               padding: Array(repeating: kernelSize / 2, count: spatialDims), generator: generator)
        norm = try GroupNorm(numGroups: groupCount(groups, channels: outChannels), numChannels: outChannels)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        let y = try norm(conv(x))
        try y.relu_()
        return y
    }
}

/// The largest group count ≤ `preferred` that divides `channels` (group norm needs a divisor).
func groupCount(_ preferred: Int, channels: Int) -> Int {
    var g = max(1, min(preferred, channels))
    while channels % g != 0 { g -= 1 }
    return g
}
