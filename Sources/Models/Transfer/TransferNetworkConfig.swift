/// Widths and depth of the CycleGAN's networks (two generators, two discriminators), and the
/// slice size they are trained on. The reference CycleGAN (Zhu et al. 2017) is `paper`: the
/// paper says its networks are "of the same structures as those described in our recent work",
/// which used the reference ResNet generator and 70 × 70 PatchGAN.
public struct TransferNetworkConfig: Codable, Sendable, Equatable {
    /// Generator filters after the first 7 × 7 convolution (`ngf`); ×2 and ×4 after the downs.
    public var generatorWidth: Int
    /// Residual blocks at the bottleneck (`n_blocks`; 9 for 256 × 256 slices in the reference).
    public var residualBlocks: Int
    /// Discriminator filters in its first layer (`ndf`); ×2, ×4, ×8 after.
    public var discriminatorWidth: Int
    /// Square slice side in voxels the networks are trained on (a multiple of 4).
    public var sliceSize: Int

    public init(generatorWidth: Int, residualBlocks: Int, discriminatorWidth: Int, sliceSize: Int) {
        self.generatorWidth = generatorWidth
        self.residualBlocks = residualBlocks
        self.discriminatorWidth = discriminatorWidth
        self.sliceSize = sliceSize
    }

    /// The reference CycleGAN: ngf 64, 9 residual blocks, ndf 64, 256 × 256 slices.
    public static let paper = TransferNetworkConfig(generatorWidth: 64, residualBlocks: 9, discriminatorWidth: 64,
                                                    sliceSize: 256)
    /// Small enough to train on two CPU cores: ngf 16, 6 blocks, ndf 16, 128 × 128 slices.
    public static let demo = TransferNetworkConfig(generatorWidth: 16, residualBlocks: 6, discriminatorWidth: 16,
                                                   sliceSize: 128)

    public static func preset(_ name: String) -> TransferNetworkConfig? {
        switch name {
        case "paper": return .paper
        case "demo": return .demo
        default: return nil
        }
    }
}
