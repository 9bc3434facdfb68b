import Torch

/// The reference CycleGAN's residual block: x + (reflect-pad 1, conv 3 × 3, IN, ReLU,
/// reflect-pad 1, conv 3 × 3, IN)(x). Keys `conv_block.<i>.…` as the reference.
public final class ResnetBlock: Module, UnaryLayer {
    public let convBlock: Sequential

    public init(channels: Int, generator: Generator?) throws(TorchError) {
        convBlock = Sequential(
            try CycleGANLayer.conv(channels, channels, kernel: 3, reflection: 1, activation: .relu, generator: generator)
            + CycleGANLayer.conv(channels, channels, kernel: 3, reflection: 1, activation: .none, generator: generator))
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try x + convBlock(x)
    }
}
