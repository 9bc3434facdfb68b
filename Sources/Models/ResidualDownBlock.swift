import Torch

/// The paper's two-arm down-sampling block (Figure 2b), shared by the segmentation network (2D)
/// and the classifier (3D): one arm is three conv–GN–ReLU units with stride 2 in the second, the
/// other a single stride-2 convolution; the arms are summed. Output is half the input size.
public final class ResidualDownBlock: Module, UnaryLayer {
    public let conv1: ConvNormReLU
    public let conv2: ConvNormReLU
    public let conv3: ConvNormReLU
    public let shortcut: Convolution

    public init(spatialDims: Int, _ inChannels: Int, _ outChannels: Int, groups: Int = 8,
                generator: Generator? = nil) throws(TorchError) {
        conv1 = try ConvNormReLU(spatialDims: spatialDims, inChannels, outChannels, groups: groups, generator: generator)
        conv2 = try ConvNormReLU(spatialDims: spatialDims, outChannels, outChannels, stride: 2, groups: groups, generator: generator)
        conv3 = try ConvNormReLU(spatialDims: spatialDims, outChannels, outChannels, groups: groups, generator: generator)
        shortcut = try Convolution(inChannels: inChannels, outChannels: outChannels,
                                   kernelSize: Array(repeating: 1, count: spatialDims),
                                   stride: Array(repeating: 2, count: spatialDims), generator: generator)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try conv3(conv2(conv1(x))) + shortcut(x)
    }
}
