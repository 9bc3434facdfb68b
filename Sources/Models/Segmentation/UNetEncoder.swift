import Torch

/// The contracting path shared by U-Net, Attention U-Net and U-Net++ (Ronneberger et al.): a
/// `DoubleConv` at full resolution, then per level 2 × 2 max pooling and a `DoubleConv`.
public final class UNetEncoder: Module {
    /// Finest first; `levels[i]` works at 1/2^i of the slice size.
    public let levels: [DoubleConv]

    public init(config: SegmentationNetworkConfig, generator: Generator? = nil) throws(TorchError) {
        var levels: [DoubleConv] = []
        var channels = config.inChannels
        for width in config.widths {
            levels.append(try DoubleConv(channels, width, groups: config.groups, generator: generator))
            channels = width
        }
        self.levels = levels
        super.init()
    }

    /// The feature map of every level, finest first.
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> [Tensor] {
        var features: [Tensor] = []
        var h = x
        for (i, level) in levels.enumerated() {
            if i > 0 { h = try Functional.maxPool(h, kernel: [2, 2]) }
            h = try level(h)
            features.append(h)
        }
        return features
    }
}
