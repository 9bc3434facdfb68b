import Vocabulary

/// The four classes of the paper's binary tasks (Table 6): Renal and Other have too few cases on
/// their own, so the paper merges them into one "Other" class.
public enum MergedSite: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case lung, breast, melanoma, other

    /// The name the paper prints.
    public var displayName: String {
        switch self {
        case .lung: "Lung"
        case .breast: "Breast"
        case .melanoma: "Melanoma"
        case .other: "Other"
        }
    }

    /// The five-class labels in this class (Other = Renal + Other).
    public var members: [PrimarySite] {
        switch self {
        case .lung: [.lung]
        case .breast: [.breast]
        case .melanoma: [.melanoma]
        case .other: [.renal, .other]
        }
    }

    /// The merged class of a five-class label: Renal → Other, every other label unchanged.
    public static func of(_ site: PrimarySite) -> MergedSite {
        switch site {
        case .lung: .lung
        case .breast: .breast
        case .melanoma: .melanoma
        case .renal, .other: .other
        }
    }

    /// The binary predictions-table column holding this class's probability (`prob_other` is
    /// the merged Other).
    public var probabilityColumn: String { "prob_" + rawValue }

    /// Table 1's order, which is also Table 6's row and column order.
    public static func < (lhs: MergedSite, rhs: MergedSite) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One binary task of Table 6: a two-class classifier between two merged classes, trained and
/// tested only on studies of those two. `first` (the earlier class in Table 1's order, Table 6's
/// row) is the positive class of AUC, sensitivity and specificity.
public struct BinaryTask: Hashable, Sendable, Codable, CustomStringConvertible {
    public let first: MergedSite
    public let second: MergedSite

    /// The pair in Table 6's orientation (earlier class first); `nil` when both are the same.
    public init?(_ a: MergedSite, _ b: MergedSite) {
        guard a != b else { return nil }
        first = min(a, b)
        second = max(a, b)
    }

    /// The six pairs, row by row as in Table 6: Lung vs Breast, Lung vs Melanoma, Lung vs Other,
    /// Breast vs Melanoma, Breast vs Other, Melanoma vs Other.
    public static let all: [BinaryTask] = {
        let sites = MergedSite.allCases
        return sites.indices.flatMap { i in sites.indices.filter { $0 > i }.map { BinaryTask(sites[i], sites[$0])! } }
    }()

    /// File-name form, e.g. `lung-vs-breast`.
    public var slug: String { "\(first.rawValue)-vs-\(second.rawValue)" }

    /// The task parsed back from its slug; `nil` for anything else.
    public init?(slug: String) {
        let parts = slug.lowercased().split(separator: "-vs-", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = MergedSite(rawValue: String(parts[0])), let b = MergedSite(rawValue: String(parts[1])),
              a < b else { return nil }
        self.init(a, b)
    }

    /// "Lung vs Breast".
    public var description: String { "\(first.displayName) vs \(second.displayName)" }

    /// The binary label of a five-class label: 0 for `first`, 1 for `second`, `nil` for a study
    /// outside the pair (it takes no part in this task).
    public func classIndex(of site: PrimarySite) -> Int? {
        switch MergedSite.of(site) {
        case first: 0
        case second: 1
        default: nil
        }
    }

    /// The two classes in output order (index 0, index 1).
    public var classes: [MergedSite] { [first, second] }
}
