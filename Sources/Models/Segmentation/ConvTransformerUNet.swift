import Torch

/// The paper's segmentation network (Figure 2), in the five-level reading of docs/models.md:
/// a full-resolution conv–GN–ReLU stem, one two-arm `ResidualDownBlock` per down-sampling step
/// (five at the presets), a `TransformerBottleneck` over the coarsest map, one
/// `UpSamplingBlock` per step taking the matching down-sampling output as a skip, and a
/// full-resolution fusion with the stem's features before a 1 × 1 convolution to two logits.
public final class ConvTransformerUNet: Module, SegmentationNetwork {
    public let stem: ConvNormReLU
    /// Finest first; `down[i]` halves the size and produces level i + 1.
    public let down: [ResidualDownBlock]
    public let bottleneck: TransformerBottleneck
    /// Coarsest first; `up[j]` takes level (L − j)'s map and skip and returns level L − j − 1.
    public let up: [UpSamplingBlock]
    public let fuse: ConvNormReLU
    public let head: Conv2d
    public let config: SegmentationNetworkConfig

    public var architecture: SegmentationArchitecture { .proposed }
    public var sizeMultiple: Int { config.sizeMultiple }

    public init(config: SegmentationNetworkConfig, generator: Generator? = nil,
                dropoutGenerator: Generator? = nil) throws(TorchError) {
        try config.validate()
        self.config = config
        let w = config.widths, g = config.groups, levels = config.downsamplingSteps
        stem = try ConvNormReLU(spatialDims: 2, config.inChannels, w[0], groups: g, generator: generator)
        var down: [ResidualDownBlock] = []
        for i in 0..<levels {
            down.append(try ResidualDownBlock(spatialDims: 2, w[i], w[i + 1], groups: g, generator: generator))
        }
        self.down = down
        bottleneck = try TransformerBottleneck(
            width: w[levels], gridSize: config.sliceSize / config.sizeMultiple, depth: config.transformerDepth,
            heads: config.transformerHeads, feedForward: config.transformerFeedForward, dropout: config.transformerDropout,
            generator: generator, dropoutGenerator: dropoutGenerator)
        var up: [UpSamplingBlock] = []
        var channels = w[levels]
        for level in stride(from: levels, to: 0, by: -1) {
            up.append(try UpSamplingBlock(channels + w[level], w[level - 1], groups: g, generator: generator))
            channels = w[level - 1]
        }
        self.up = up
        fuse = try ConvNormReLU(spatialDims: 2, 2 * w[0], w[0], groups: g, generator: generator)
        head = try Conv2d(w[0], 2, kernelSize: 1, generator: generator)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try checkInput(x, inChannels: config.inChannels)
        let full = try stem(x)
        var skips: [Tensor] = []
        var h = full
        for block in down {
            h = try block(h)
            skips.append(h)
        }
        h = try bottleneck(h)
        for block in up {
            h = try block(Tensor.cat([h, skips.removeLast()], dim: 1))
        }
        return try head(fuse(Tensor.cat([h, full], dim: 1)))
    }
}
