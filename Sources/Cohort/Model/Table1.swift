import Vocabulary

/// Table 1 of the paper, from which the composition of a generated cohort is derived.
extension PrimarySite {
    /// Cases of the class with contours (T1 CE, FLAIR) and without (T1 CE, FLAIR).
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
