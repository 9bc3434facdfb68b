import Torch

/// The proposed network's up-sampling block (Figure 2c): two conv–GN–ReLU units, then ×2
/// bilinear up-sampling.
public final class UpSamplingBlock: Module, UnaryLayer {
    public let convs: DoubleConv

    public init(_ inChannels: Int, _ outChannels: Int, groups: Int, generator: Generator? = nil) throws(TorchError) {
        convs = try DoubleConv(inChannels, outChannels, groups: groups, generator: generator)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.interpolate(convs(x), scale: [2, 2], mode: .linear, alignCorners: false)
    }
}
