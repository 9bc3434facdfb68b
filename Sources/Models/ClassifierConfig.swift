import Vocabulary

/// Shape and size of the primary-site classifier. Everything the paper fixes is a default here;
/// everything it leaves open is a choice recorded in docs/models.md.
public struct ClassifierConfig: Codable, Sendable, Equatable {
    /// Network input size (depth, height, width) = (slices, rows, columns) after preprocessing.
    public var inputSize: [Int]
    /// Voxel spacing (x, y, z) in mm the input is resampled to.
    public var spacing: [Double]
    /// Width of the first 3D convolution.
    public var stemWidth: Int
    /// Output widths of the down-sampling blocks (the paper has five).
    public var blockWidths: [Int]
    public var groups: Int
    /// Hidden width of the first of the two fully connected layers.
    public var hiddenWidth: Int
    public var dropout: Double
    /// Which branches exist (the single-modality ablations have one).
    public var branches: [Modality]
    /// Whether the tumour probability map is an input (the "without prob" ablation has none).
    public var usesProbabilityMap: Bool
    public var classCount: Int

    public init(inputSize: [Int], spacing: [Double], stemWidth: Int, blockWidths: [Int], groups: Int, hiddenWidth: Int,
                dropout: Double, branches: [Modality] = [.t1ce, .flair], usesProbabilityMap: Bool = true,
                classCount: Int = 5) {
        self.inputSize = inputSize
        self.spacing = spacing
        self.stemWidth = stemWidth
        self.blockWidths = blockWidths
        self.groups = groups
        self.hiddenWidth = hiddenWidth
        self.dropout = dropout
        self.branches = branches
        self.usesProbabilityMap = usesProbabilityMap
        self.classCount = classCount
    }

    /// As published: 0.64 × 0.64 × 2.4 mm, a 256 × 256 × 64 grid (164 × 164 × 154 mm, a whole
    /// brain), five blocks.
    public static let paper = ClassifierConfig(
        inputSize: [64, 256, 256], spacing: [0.64, 0.64, 2.4], stemWidth: 16,
        blockWidths: [16, 32, 64, 128, 256], groups: 8, hiddenWidth: 128, dropout: 0.3)

    /// Small enough that the demo cross-validation runs on two CPU cores in minutes: the same
    /// field of view on an 8× coarser in-plane and 4× coarser through-plane grid (about 4 s per
    /// epoch of 250 studies on two cores).
    public static let demo = ClassifierConfig(
        inputSize: [16, 32, 32], spacing: [5.12, 5.12, 9.6], stemWidth: 8,
        blockWidths: [8, 16, 16, 32, 32], groups: 4, hiddenWidth: 32, dropout: 0.2)

    /// A named preset, or nil.
    public static func preset(_ name: String) -> ClassifierConfig? {
        switch name {
        case "paper": return .paper
        case "demo": return .demo
        default: return nil
        }
    }

    /// The same network without some inputs, for the ablations (Table 5).
    public func ablated(branches: [Modality]? = nil, usesProbabilityMap: Bool? = nil) -> ClassifierConfig {
        var c = self
        if let branches { c.branches = branches }
        if let usesProbabilityMap { c.usesProbabilityMap = usesProbabilityMap }
        return c
    }
}
