/// The five primary-site classes of the benchmark, in the paper's order (Table 1).
///
/// Named `CohortLabel` rather than `PrimarySite` because `Cohort` must not depend on
/// `Evaluation`, which owns `PrimarySite`; the raw values are the manifest's `label` strings, so
/// the two convert through `rawValue`.
public enum CohortLabel: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case lung, breast, melanoma, renal, other

    /// The manifest `label` of a lesion-free control study (`cohort generate --lesion-free`):
    /// no primary site, so not a case of this enum.
    public static let lesionFreeLabel = "none"

    /// Position in `allCases`.
    public var index: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (a: CohortLabel, b: CohortLabel) -> Bool { a.index < b.index }

    /// Table 1 of the paper: cases per class with contours (T1 CE, FLAIR) and without (T1 CE,
    /// FLAIR). The composition of a generated cohort is derived from these numbers.
    public var table1: (contouredT1: Int, contouredFLAIR: Int, plainT1: Int, plainFLAIR: Int) {
        switch self {
        case .lung: (83, 93, 195, 511)
        case .breast: (0, 0, 152, 2)
        case .melanoma: (45, 40, 76, 187)
        case .renal: (2, 3, 19, 67)
        case .other: (8, 9, 23, 67)
        }
    }

    /// All cases of the class in Table 1 (Lung 882, Breast 154, Melanoma 348, Renal 91, Other 107).
    public var table1Total: Int {
        let t = table1
        return t.contouredT1 + t.contouredFLAIR + t.plainT1 + t.plainFLAIR
    }

    /// Share of the class's cases that are T1 CE in Table 1 (Breast 0.99, Lung 0.32, …).
    public var table1T1Share: Double {
        let t = table1
        return Double(t.contouredT1 + t.plainT1) / Double(table1Total)
    }

    /// Share of the class's cases in the contoured batch in Table 1.
    public var table1ContouredShare: Double {
        let t = table1
        return Double(t.contouredT1 + t.contouredFLAIR) / Double(table1Total)
    }
}

/// The two MRI contrasts of the paper.
public enum Modality: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    /// 3D T1-weighted, gadolinium contrast-enhanced.
    case t1ce
    /// 2D T2-weighted fluid-attenuated inversion recovery.
    case flair

    public static func < (a: Modality, b: Modality) -> Bool { a == .t1ce && b == .flair }
}

/// Splits `total` into integer parts proportional to `weights` (Hamilton's largest-remainder
/// method; ties go to the earlier entry so the result is deterministic).
public func largestRemainder(total: Int, weights: [Double]) -> [Int] {
    let sum = weights.reduce(0, +)
    guard total > 0, sum > 0 else { return weights.map { _ in 0 } }
    let quotas = weights.map { Double(total) * $0 / sum }
    var parts = quotas.map { Int($0.rounded(.down)) }
    let order = quotas.indices.sorted { a, b in
        let ra = quotas[a] - Double(parts[a]), rb = quotas[b] - Double(parts[b])
        return ra != rb ? ra > rb : a < b
    }
    var left = total - parts.reduce(0, +)
    for i in order where left > 0 { parts[i] += 1; left -= 1 }
    return parts
}
