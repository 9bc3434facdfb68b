import Foundation

/// What `bundle.json` says about a trained model: enough to refuse a bundle that does not fit the
/// input (classes, modalities, grids, preprocessing), to trace it to its training data (the
/// manifest's SHA-256, the cohort size per class) and to detect any changed file (a SHA-256 per
/// file). Keys are snake_case in the file.
public struct BundleDescription: Codable, Sendable, Equatable {
    /// One network input grid.
    public struct Grid: Codable, Sendable, Equatable {
        /// Voxels along x, y, z.
        public var size: [Int]
        /// Millimetres along x, y, z.
        public var spacing: [Double]
        public init(size: [Int], spacing: [Double]) { self.size = size; self.spacing = spacing }
    }

    /// Always `metorigin-model-bundle`.
    public var format: String
    /// The layout version of bundle.json; a reader refuses a newer one.
    public var formatVersion: Int
    public var metoriginVersion: String
    public var libtorchVersion: String
    /// ISO 8601, UTC.
    public var created: String
    /// The model's output classes, in output order.
    public var classes: [String]
    /// The input modalities, in input order.
    public var modalities: [String]
    /// The grid each modality is resampled to, by modality.
    public var grids: [String: Grid]
    /// The preprocessing settings the model was trained with (name → value as text), including
    /// the preprocessing version.
    public var preprocessing: [String: String]
    /// SHA-256 (hex) of the training manifest.
    public var trainingManifestSHA256: String
    /// Training studies per class.
    public var cohortSize: [String: Int]
    /// SHA-256 (hex) of every other file of the bundle, by its path relative to the bundle.
    public var files: [String: String]

    public init(metoriginVersion: String, libtorchVersion: String, created: Date, classes: [String], modalities: [String],
                grids: [String: Grid], preprocessing: [String: String], trainingManifestSHA256: String,
                cohortSize: [String: Int], files: [String: String] = [:]) {
        format = Self.formatName
        formatVersion = ModelBundle.formatVersion
        self.metoriginVersion = metoriginVersion
        self.libtorchVersion = libtorchVersion
        let iso = ISO8601DateFormatter()
        iso.timeZone = TimeZone(identifier: "UTC")
        self.created = iso.string(from: created)
        self.classes = classes
        self.modalities = modalities
        self.grids = grids
        self.preprocessing = preprocessing
        self.trainingManifestSHA256 = trainingManifestSHA256
        self.cohortSize = cohortSize
        self.files = files
    }

    public static let formatName = "metorigin-model-bundle"

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", metoriginVersion = "metorigin_version"
        case libtorchVersion = "libtorch_version", created, classes, modalities, grids, preprocessing
        case trainingManifestSHA256 = "training_manifest_sha256", cohortSize = "cohort_size", files
    }
}
