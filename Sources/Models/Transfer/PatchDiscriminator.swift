import Torch

/// The reference 70 × 70 PatchGAN discriminator (`NLayerDiscriminator`, 3 layers): C64-C128-C256-C512
/// with 4 × 4 kernels (stride 2, 2, 2, 1), LeakyReLU 0.2, instance norm on all but the first, and a
/// final 4 × 4 convolution to one channel. Each output value scores one 70 × 70 input patch;
/// no sigmoid (the least-squares loss takes raw scores). State-dict keys `model.<i>` as the reference.
public final class PatchDiscriminator: Module, UnaryLayer {
    public let model: Sequential

    public init(config: TransferNetworkConfig, channels: Int = 1, generator: Generator? = nil) throws(TorchError) {
        let w = config.discriminatorWidth
        var layers = try CycleGANLayer.conv(channels, w, kernel: 4, stride: 2, padding: 1, norm: false,
                                            activation: .leakyRelu, generator: generator)
        layers += try CycleGANLayer.conv(w, 2 * w, kernel: 4, stride: 2, padding: 1, activation: .leakyRelu, generator: generator)
        layers += try CycleGANLayer.conv(2 * w, 4 * w, kernel: 4, stride: 2, padding: 1, activation: .leakyRelu, generator: generator)
        layers += try CycleGANLayer.conv(4 * w, 8 * w, kernel: 4, stride: 1, padding: 1, activation: .leakyRelu, generator: generator)
        layers += try CycleGANLayer.conv(8 * w, 1, kernel: 4, stride: 1, padding: 1, norm: false, activation: .none,
                                         generator: generator)
        model = Sequential(layers)
        super.init()
        try CycleGANLayer.initialiseNormal(self, generator: generator)
    }

    /// Side of the score map for a square input of side `n`: three stride-2 convolutions
    /// (⌊n/2⌋ each, kernel 4, padding 1), then two stride-1 ones (−1 each).
    public static func outputSide(forInput n: Int) -> Int { n / 2 / 2 / 2 - 2 }

    /// Receptive field of one output value in input pixels, from the convolutions as built
    /// (r ← (r − 1)·stride + kernel, last layer first): 70 for this architecture.
    public var receptiveField: Int {
        var r = 1
        for layer in model.layers.reversed() {
            guard let conv = layer as? Convolution else { continue }
            r = (r - 1) * conv.stride[0] + conv.kernelSize[0]
        }
        return r
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try model(x) }
}
