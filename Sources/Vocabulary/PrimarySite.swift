/// The five primary-site classes of the paper (Table 1), in the fixed order used everywhere:
/// probability columns, confusion-matrix rows and columns, per-class tables, the class index a
/// network is trained on, and the raw values are the manifest's `label` strings.
public enum PrimarySite: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case lung, breast, melanoma, renal, other

    /// Number of classes (5).
    public static let count = allCases.count

    /// The manifest `label` of a lesion-free control study (`cohort generate --lesion-free`):
    /// no primary site, so not a case of this enum.
    public static let lesionFreeLabel = "none"

    /// Position in `allCases`; the index of this class's probability.
    public var index: Int {
        switch self {
        case .lung: 0
        case .breast: 1
        case .melanoma: 2
        case .renal: 3
        case .other: 4
        }
    }

    /// The class at `index`, or `nil` outside `0..<5`.
    public init?(index: Int) {
        guard index >= 0, index < Self.allCases.count else { return nil }
        self = Self.allCases[index]
    }

    /// The class named by a manifest or predictions `label` (case-insensitive), or a
    /// `LabelError` naming `path` and `line`: an unknown label is never read as some default class.
    public init(label: String, path: String, line: Int?) throws(LabelError) {
        guard let site = PrimarySite(rawValue: label.lowercased()) else {
            throw LabelError(path: path, line: line, label: label)
        }
        self = site
    }

    /// The name the paper prints ("Lung", "Breast", …).
    public var displayName: String {
        switch self {
        case .lung: "Lung"
        case .breast: "Breast"
        case .melanoma: "Melanoma"
        case .renal: "Renal"
        case .other: "Other"
        }
    }

    /// The predictions-table column holding this class's probability (`prob_lung`, …).
    public var probabilityColumn: String { "prob_" + rawValue }

    public static func < (lhs: PrimarySite, rhs: PrimarySite) -> Bool { lhs.index < rhs.index }
}

/// A label that names no primary site, with the file and line it came from.
public struct LabelError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let label: String

    public init(path: String, line: Int?, label: String) {
        self.path = path
        self.line = line
        self.label = label
    }

    /// The labels a file may use, for the message.
    public static var known: String { PrimarySite.allCases.map(\.rawValue).joined(separator: ", ") }

    public var description: String {
        "\(path)\(line.map { ":\($0)" } ?? ""): label '\(label)' is not one of \(Self.known)"
    }
}
