/// A user's choice of one DICOM series: a SeriesInstanceUID, or else a pattern over the
/// SeriesDescription (case-insensitive; `*` matches any run of characters and `?` one character;
/// a pattern without wildcards matches a description that contains it). One value serves both,
/// so `--t1ce-series 1.2.840…` and `--t1ce-series "*MPRAGE*GD*"` are the same option.
public struct SeriesChoice: Sendable, Hashable, CustomStringConvertible {
    /// The value as the user gave it.
    public var value: String

    public init(_ value: String) { self.value = value }

    public var description: String { value }

    /// Whether `series` is the one chosen: its UID equals the value, or its description matches
    /// the value as a pattern.
    public func matches(uid: String, seriesDescription: String) -> Bool {
        uid == value || Self.glob(pattern: value, matches: seriesDescription)
    }

    /// Case-insensitive wildcard match; a pattern without `*` or `?` is a substring test.
    static func glob(pattern: String, matches text: String) -> Bool {
        let p = Array(pattern.uppercased()), t = Array(text.uppercased())
        guard !p.isEmpty else { return false }
        guard p.contains("*") || p.contains("?") else { return text.uppercased().contains(pattern.uppercased()) }
        // Iterative matcher with backtracking to the last star: linear in practice, never recursive.
        var i = 0, j = 0, star = -1, resume = 0
        while j < t.count {
            if i < p.count, p[i] == "?" || p[i] == t[j] {
                i += 1; j += 1
            } else if i < p.count, p[i] == "*" {
                star = i; resume = j; i += 1
            } else if star >= 0 {
                i = star + 1; resume += 1; j = resume
            } else {
                return false
            }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }
}

/// How the series of a DICOM folder are chosen: the user's choices per contrast (which win over
/// `MRSeriesClassifier`), and for readers that want one image without a contrast (`convert`,
/// `rtstruct`) a choice of that one series.
public struct SeriesSelection: Sendable, Hashable {
    /// The T1 CE series (`--t1ce-series`).
    public var t1ce: SeriesChoice?
    /// The FLAIR series (`--flair-series`).
    public var flair: SeriesChoice?
    /// The one series of a reader that takes a single image (`--series`).
    public var single: SeriesChoice?
    /// What an error tells the user to do when the series cannot be picked.
    public var remedy: Remedy

    /// Where the user can name a series, so that errors point at the right place.
    public enum Remedy: Sendable, Hashable {
        /// Command-line options: `--t1ce-series`, `--flair-series` and `--series`.
        case options
        /// A manifest row, whose path can only name a file or folder.
        case manifest
    }

    public init(t1ce: SeriesChoice? = nil, flair: SeriesChoice? = nil, single: SeriesChoice? = nil, remedy: Remedy = .options) {
        self.t1ce = t1ce
        self.flair = flair
        self.single = single
        self.remedy = remedy
    }

    /// The user's choice for `kind` (`nil`: the one-image choice).
    public func choice(for kind: MRSeriesKind?) -> SeriesChoice? {
        switch kind {
        case .t1ce: t1ce
        case .flair: flair
        case .other, nil: single
        }
    }

    /// The sentence an error ends with: how to choose a series for `kind`.
    func advice(for kind: MRSeriesKind?) -> String {
        switch remedy {
        case .manifest:
            return "give the series a folder of its own and point the manifest row's path at it"
        case .options:
            let option = switch kind {
            case .t1ce: "--t1ce-series"
            case .flair: "--flair-series"
            case .other, nil: "--series"
            }
            return "choose one with \(option) UID|PATTERN (a SeriesInstanceUID or a SeriesDescription pattern such as \"*T1*GD*\")"
        }
    }
}
