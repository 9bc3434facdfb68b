import Torch

/// The shared per-lesion 3D encoder: a strided convolution unit, the paper's two-arm
/// down-sampling blocks, and a global average, giving one feature vector per lesion crop.
public final class LesionEncoder: Module {
    public let stem: ConvNormReLU
    public let blocks: [ResidualDownBlock]
    /// Features per lesion.
    public let outputWidth: Int

    public init(channels: Int, stemWidth: Int, blockWidths: [Int], groups: Int, generator: Generator? = nil) throws(TorchError) {
        stem = try ConvNormReLU(spatialDims: 3, channels, stemWidth, stride: 2, groups: groups, generator: generator)
        var blocks: [ResidualDownBlock] = []
        var width = stemWidth
        for w in blockWidths {
            blocks.append(try ResidualDownBlock(spatialDims: 3, width, w, groups: groups, generator: generator))
            width = w
        }
        self.blocks = blocks
        outputWidth = width
        super.init()
    }

    /// (L, channels, n, n, n) crops → (L, outputWidth).
    public func callAsFunction(_ crops: Tensor) throws(TorchError) -> Tensor {
        var x = try stem(crops)
        for block in blocks { x = try block(x) }
        return try x.mean(dims: Array(2..<x.ndim))
    }
}
