import Torch

/// The classifier's attention module (Figure 6b): a channel branch (global average pooling, two
/// fully connected layers, sigmoid channel weights) and a spatial branch (channel mean, sigmoid
/// voxel weights), each re-weighting the features, summed element-wise.
public final class DualAttention: Module, UnaryLayer {
    public let fc1: Linear
    public let fc2: Linear

    /// - Parameter reduction: hidden width of the channel branch is channels / reduction.
    public init(channels: Int, reduction: Int = 4, generator: Generator? = nil) throws(TorchError) {
        let hidden = max(1, channels / reduction)
        fc1 = try Linear(channels, hidden, generator: generator)
        fc2 = try Linear(hidden, channels, generator: generator)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        let n = x.size(0), c = x.size(1)
        let spatial = Array(2..<x.ndim)
        // Channel branch.
        let pooled = try x.mean(dims: spatial)
        let channelWeights = try fc2(fc1(pooled).relu()).sigmoid()
            .reshape([n, c] + Array(repeating: 1, count: spatial.count))
        // Spatial branch.
        let voxelWeights = try x.mean(dim: 1, keepDim: true).sigmoid()
        return try x * channelWeights + x * voxelWeights
    }
}
