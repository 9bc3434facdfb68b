import Torch

/// Two conv–GN–ReLU units (kernel 3): the convolution pair of every U-Net level and of the
/// proposed network's up-sampling blocks.
public final class DoubleConv: Module, UnaryLayer {
    public let conv1: ConvNormReLU
    public let conv2: ConvNormReLU

    public init(_ inChannels: Int, _ outChannels: Int, groups: Int, generator: Generator? = nil) throws(TorchError) {
        conv1 = try ConvNormReLU(spatialDims: 2, inChannels, outChannels, groups: groups, generator: generator)
        conv2 = try ConvNormReLU(spatialDims: 2, outChannels, outChannels, groups: groups, generator: generator)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try conv2(conv1(x))
    }
}
