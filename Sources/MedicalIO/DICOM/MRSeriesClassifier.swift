/// The MR contrasts MetOrigin uses.
public enum MRSeriesKind: String, Sendable, CaseIterable, Codable {
    /// T1-weighted after gadolinium.
    case t1ce
    /// T2 FLAIR.
    case flair
    case other
}

/// A series' kind and why.
public struct MRSeriesClassification: Sendable, Hashable {
    public var kind: MRSeriesKind
    /// Human-readable evidence, e.g. `SeriesDescription "AX T2 FLAIR" mentions FLAIR`.
    public var reason: String
    public init(kind: MRSeriesKind, reason: String) { self.kind = kind; self.reason = reason }
}

/// Rule-based classification of MR series from their headers. Names are checked first
/// (SeriesDescription, ProtocolName, SequenceName, PulseSequenceName), then acquisition
/// parameters (inversion recovery with a long TI for FLAIR; short TR/TE or a T1 sequence family
/// plus a contrast agent for T1 CE). User overrides by SeriesInstanceUID win.
public enum MRSeriesClassifier {
    /// Classifies `header` (any instance of the series); `overrides` maps SeriesInstanceUID to a kind.
    public static func classify(_ header: DicomDataSet, overrides: [String: MRSeriesKind] = [:]) -> MRSeriesClassification {
        if let uid = header.string(.seriesInstanceUID), let k = overrides[uid] {
            return MRSeriesClassification(kind: k, reason: "user override for series \(uid)")
        }
        let modality = header.string(.modality) ?? ""
        if !modality.isEmpty && modality != "MR" {
            return MRSeriesClassification(kind: .other, reason: "Modality is \(modality), not MR")
        }
        let named: [(String, String)] = [
            ("SeriesDescription", header.string(.seriesDescription) ?? ""),
            ("ProtocolName", header.string(.protocolName) ?? ""),
            ("SequenceName", header.string(.sequenceName) ?? ""),
            ("PulseSequenceName", header.string(.pulseSequenceName) ?? ""),
        ].filter { !$0.1.isEmpty }
        func find(_ words: [String]) -> String? {
            for (field, value) in named {
                let tokens = tokenize(value)
                let upper = value.uppercased()
                for w in words where w.count > 3 ? upper.contains(w) : tokens.contains(w) {
                    return "\(field) \"\(value)\" mentions \(w)"
                }
            }
            return nil
        }
        let ti = header.double(.inversionTime)
        let tr = header.double(.repetitionTime)
        let te = header.double(.echoTime)
        let scanning = (header.strings(.scanningSequence) ?? []).map { $0.uppercased() }
        // FLAIR: by name, or inversion recovery nulling CSF (TI ≈ 1.5–3.2 s) with long TR.
        // GE's "T1 FLAIR" is a T1-weighted sequence, so a T1 mention vetoes FLAIR-by-name.
        if let why = find(["FLAIR", "DARKFLUID", "DARK-FLUID", "DARK_FLUID", "TIRM"]), find(["T1", "T1W"]) == nil {
            return MRSeriesClassification(kind: .flair, reason: why)
        }
        if let ti, (1400...3500).contains(ti), (tr ?? 0) >= 4000 || scanning.contains("IR"), find(["T1", "T1W"]) == nil {
            return MRSeriesClassification(kind: .flair, reason: "inversion recovery with TI \(ms(ti)) ms (CSF-nulling) and TR \(tr.map(ms) ?? "?") ms")
        }
        // Contrast: ContrastBolusAgent / sequence, or words in the names.
        var contrast: String?
        if let agent = header.string(.contrastBolusAgent), !["", "NONE", "NO", "N/A"].contains(agent.uppercased()) {
            contrast = "ContrastBolusAgent \"\(agent)\""
        } else if header.sequence(.contrastBolusAgentSequence)?.isEmpty == false || header.sequence(.contrastBolusUsageSequence)?.isEmpty == false {
            contrast = "contrast agent sequence present"
        } else if let why = find(["+C", "+GD", "GAD", "GADO", "POST", "CONTRAST", "T1C", "T1CE", "T1GD", "T1+C", "CE", "GD", "KM", "C+"]) {
            contrast = why
        }
        var t1: String?
        if let why = find(["T1", "MPRAGE", "MP-RAGE", "MP2RAGE", "SPGR", "FSPGR", "BRAVO", "TFE", "T1TFE", "VIBE", "FLASH", "T1W", "3D-T1", "MPR"]) {
            t1 = why
        } else if (header.string(.acquisitionContrast) ?? "").uppercased() == "T1" {
            t1 = "AcquisitionContrast T1"
        } else if let tr, let te, tr < 1000, te < 30 {
            t1 = "short TR \(ms(tr)) ms and TE \(ms(te)) ms (T1-weighted)"
        } else if let ti, ti > 300, ti < 1400, (tr ?? 0) < 3000 {
            t1 = "inversion-prepared with TI \(ms(ti)) ms (MPRAGE-like)"
        }
        if let t1, let contrast {
            return MRSeriesClassification(kind: .t1ce, reason: "\(t1); \(contrast)")
        }
        if let t1 {
            return MRSeriesClassification(kind: .other, reason: "\(t1) but no sign of contrast agent")
        }
        return MRSeriesClassification(kind: .other, reason: named.isEmpty ? "no descriptive names and no T1/FLAIR parameters" : "no T1 CE or FLAIR evidence in \(named.map(\.0).joined(separator: ", "))")
    }

    static func tokenize(_ s: String) -> Set<String> {
        var out = Set<String>()
        var cur = ""
        for ch in s.uppercased() {
            if ch.isLetter || ch.isNumber || ch == "+" { cur.append(ch) } else { if !cur.isEmpty { out.insert(cur) }; cur = "" }
        }
        if !cur.isEmpty { out.insert(cur) }
        return out
    }

    /// Milliseconds as written in reasons; never traps on odd header values.
    static func ms(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(v) }
}
