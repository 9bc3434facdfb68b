import Torch

/// Ronneberger's "up-convolution": a 2 × 2 transposed convolution with stride 2, doubling the
/// slice size and changing the width. Shared by U-Net, Attention U-Net and U-Net++.
public final class UpConvolution: Module, UnaryLayer {
    public let conv: ConvTranspose2d

    public init(_ inChannels: Int, _ outChannels: Int, generator: Generator? = nil) throws(TorchError) {
        conv = try ConvTranspose2d(inChannels, outChannels, kernelSize: 2, stride: 2, generator: generator)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try conv(x) }
}
