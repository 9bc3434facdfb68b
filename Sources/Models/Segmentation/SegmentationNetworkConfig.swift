import Torch

/// Shape and size of the four segmentation networks. One config serves all four so that the
/// Table 3 comparison uses the same level widths; the transformer fields matter only to
/// `proposed`, and `deepSupervision` only to `unetpp`. Choices the paper leaves open are
/// recorded in docs/models.md.
public struct SegmentationNetworkConfig: Codable, Sendable, Equatable {
    /// Image channels of a slice (1: one modality).
    public var inChannels: Int
    /// Feature width of each resolution level, finest first: level 0 works on the full slice,
    /// each further level on half the previous size. Six widths give five down-sampling steps.
    public var widths: [Int]
    /// Group-norm groups; reduced per layer to a divisor of its width.
    public var groups: Int
    /// Transformer encoder layers in the proposed network's bottleneck (the paper has twelve).
    public var transformerDepth: Int
    /// Attention heads; must divide the bottleneck width (`widths.last`).
    public var transformerHeads: Int
    /// Hidden width of each encoder layer's feed-forward network.
    public var transformerFeedForward: Int
    public var transformerDropout: Double
    /// Slice size (rows = columns) the position embeddings are made for; other sizes that are
    /// multiples of `sizeMultiple` interpolate the embedding grid.
    public var sliceSize: Int
    /// U-Net++ only: one output head per nested level, averaged (Zhou et al.'s "accurate mode").
    public var deepSupervision: Bool

    public init(inChannels: Int = 1, widths: [Int], groups: Int, transformerDepth: Int, transformerHeads: Int,
                transformerFeedForward: Int, transformerDropout: Double, sliceSize: Int, deepSupervision: Bool = false) {
        self.inChannels = inChannels
        self.widths = widths
        self.groups = groups
        self.transformerDepth = transformerDepth
        self.transformerHeads = transformerHeads
        self.transformerFeedForward = transformerFeedForward
        self.transformerDropout = transformerDropout
        self.sliceSize = sliceSize
        self.deepSupervision = deepSupervision
    }

    /// Down-sampling steps between the slice and the bottleneck.
    public var downsamplingSteps: Int { max(0, widths.count - 1) }

    /// Slice height and width must be multiples of this (2 to the number of down-sampling steps).
    public var sizeMultiple: Int { 1 << downsamplingSteps }

    /// The paper's setting: 256 × 256 slices, five down-sampling steps to an 8 × 8 bottleneck of
    /// 64 tokens, twelve transformer layers of width 512 with 8 heads.
    public static let paper = SegmentationNetworkConfig(
        widths: [16, 32, 64, 128, 256, 512], groups: 8, transformerDepth: 12, transformerHeads: 8,
        transformerFeedForward: 2048, transformerDropout: 0.1, sliceSize: 256)

    /// Small enough to train on two CPU cores: 128 × 128 slices, a 4 × 4 bottleneck, two
    /// transformer layers of width 128.
    public static let demo = SegmentationNetworkConfig(
        widths: [8, 16, 32, 64, 128, 128], groups: 4, transformerDepth: 2, transformerHeads: 4,
        transformerFeedForward: 256, transformerDropout: 0.1, sliceSize: 128)

    /// A named preset (`paper`, `demo`), or nil.
    public static func preset(_ name: String) -> SegmentationNetworkConfig? {
        switch name {
        case "paper": return .paper
        case "demo": return .demo
        default: return nil
        }
    }

    /// Throws naming the first field that cannot build a network.
    public func validate() throws(TorchError) {
        guard inChannels > 0 else { throw TorchError("segmentation config: inChannels must be positive, got \(inChannels)") }
        guard widths.count >= 2 else {
            throw TorchError("segmentation config: widths needs at least two levels (one down-sampling step), got \(widths)")
        }
        guard widths.allSatisfy({ $0 > 0 }) else { throw TorchError("segmentation config: widths must be positive, got \(widths)") }
        guard groups > 0 else { throw TorchError("segmentation config: groups must be positive, got \(groups)") }
        guard transformerDepth > 0, transformerHeads > 0, transformerFeedForward > 0 else {
            throw TorchError("segmentation config: transformer depth, heads and feed-forward width must be positive")
        }
        guard widths[widths.count - 1] % transformerHeads == 0 else {
            throw TorchError("segmentation config: \(transformerHeads) heads do not divide the bottleneck width \(widths[widths.count - 1])")
        }
        guard (0..<1).contains(transformerDropout) else {
            throw TorchError("segmentation config: transformerDropout must be in [0, 1), got \(transformerDropout)")
        }
        guard sliceSize > 0, sliceSize % sizeMultiple == 0 else {
            throw TorchError("segmentation config: sliceSize \(sliceSize) is not a positive multiple of \(sizeMultiple)")
        }
    }
}
