import Torch

/// One level of the U-Net expanding path: up-convolution of the coarser map, the skip from the
/// contracting path (through an attention gate in Attention U-Net), concatenation, `DoubleConv`.
public final class UNetDecoderLevel: Module {
    public let upsample: UpConvolution
    public let gate: AttentionGate?
    public let convs: DoubleConv

    init(coarseChannels: Int, channels: Int, attentionGate: Bool, groups: Int, generator: Generator?) throws(TorchError) {
        upsample = try UpConvolution(coarseChannels, channels, generator: generator)
        gate = attentionGate
            ? try AttentionGate(gateChannels: channels, skipChannels: channels, interChannels: max(1, channels / 2),
                                groups: groups, generator: generator)
            : nil
        convs = try DoubleConv(2 * channels, channels, groups: groups, generator: generator)
        super.init()
    }

    func callAsFunction(_ coarse: Tensor, skip: Tensor) throws(TorchError) -> Tensor {
        let g = try upsample(coarse)
        var gated = skip
        if let gate { gated = try gate(skip, gating: g) }
        return try convs(Tensor.cat([gated, g], dim: 1))
    }
}

/// U-Net (Ronneberger et al. 2015) with group normalisation after each convolution, and, with
/// attention gates on the skips, Attention U-Net (Oktay et al. 2018): the two differ only in
/// the gates, so they are one composition.
public final class UNet: Module, SegmentationNetwork {
    public let encoder: UNetEncoder
    /// Coarsest first.
    public let decoder: [UNetDecoderLevel]
    public let head: Conv2d
    public let config: SegmentationNetworkConfig
    public let architecture: SegmentationArchitecture

    public var sizeMultiple: Int { config.sizeMultiple }

    /// - Parameter attentionGates: true builds Attention U-Net (`.attunet`), false U-Net (`.unet`).
    public init(config: SegmentationNetworkConfig, attentionGates: Bool, generator: Generator? = nil) throws(TorchError) {
        try config.validate()
        self.config = config
        architecture = attentionGates ? .attunet : .unet
        encoder = try UNetEncoder(config: config, generator: generator)
        var decoder: [UNetDecoderLevel] = []
        let w = config.widths
        for level in stride(from: w.count - 1, to: 0, by: -1) {
            decoder.append(try UNetDecoderLevel(coarseChannels: w[level], channels: w[level - 1], attentionGate: attentionGates,
                                                groups: config.groups, generator: generator))
        }
        self.decoder = decoder
        head = try Conv2d(w[0], 2, kernelSize: 1, generator: generator)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try checkInput(x, inChannels: config.inChannels)
        var features = try encoder(x)
        var h = features.removeLast()
        for level in decoder {
            h = try level(h, skip: features.removeLast())
        }
        return try head(h)
    }
}
