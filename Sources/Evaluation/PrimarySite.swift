/// The five primary-site classes of the paper (Table 1), in the fixed order used everywhere:
/// probability columns, confusion-matrix rows and columns, and per-class tables.
public enum PrimarySite: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case lung, breast, melanoma, renal, other

    /// Number of classes (5).
    public static let count = allCases.count

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

/// How a modality reached the classifier: acquired, synthesised by modality transfer, or absent
/// (recorded explicitly, never silently zero-filled).
public enum ModalityState: String, CaseIterable, Sendable, Codable, Hashable {
    case real, synthetic, missing
}
