import Torch

/// The reference CycleGAN's ResNet generator (Johnson et al. 2016 as used by Zhu et al. 2017):
/// c7s1-k, d2k, d4k, n × R4k, u2k, uk, c7s1-1, tanh — reflection padding, instance norm.
/// (N, 1, H, W) → (N, 1, H, W) in [-1, 1]; H and W must be multiples of 4.
/// State-dict keys follow the reference's `model.<i>` numbering.
public final class ResnetGenerator: Module, UnaryLayer {
    public let model: Sequential

    public init(config: TransferNetworkConfig, channels: Int = 1, generator: Generator? = nil) throws(TorchError) {
        let k = config.generatorWidth
        var layers = try CycleGANLayer.conv(channels, k, kernel: 7, reflection: 3, activation: .relu, generator: generator)
        layers += try CycleGANLayer.conv(k, 2 * k, kernel: 3, stride: 2, padding: 1, activation: .relu, generator: generator)
        layers += try CycleGANLayer.conv(2 * k, 4 * k, kernel: 3, stride: 2, padding: 1, activation: .relu, generator: generator)
        for _ in 0..<config.residualBlocks { layers.append(try ResnetBlock(channels: 4 * k, generator: generator)) }
        layers += try CycleGANLayer.up(4 * k, 2 * k, generator: generator)
        layers += try CycleGANLayer.up(2 * k, k, generator: generator)
        layers += try CycleGANLayer.conv(k, channels, kernel: 7, reflection: 3, norm: false, activation: .none,
                                         generator: generator)
        layers.append(Tanh())
        model = Sequential(layers)
        super.init()
        try CycleGANLayer.initialiseNormal(self, generator: generator)
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        guard x.ndim == 4, x.size(2) % 4 == 0, x.size(3) % 4 == 0 else {
            throw TorchError("ResnetGenerator: expected (N, C, H, W) with H and W multiples of 4, got \(x.shape)")
        }
        return try model(x)
    }
}
