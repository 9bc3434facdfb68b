/// Why an image could not be read from an `ImageSource`. Every case names the path; when no
/// series could be picked the description lists each series seen (number, description, what the
/// classifier made of it) and says how to choose one.
public enum ImageSourceError: Error, CustomStringConvertible {
    /// The path is a hidden file or folder, or an unfinished `.partial` one.
    case notAnInput(path: String)
    case nifti(path: String, reason: String)
    case dicom(path: String, reason: String)
    /// The scan found no DICOM series at all; `skipped` says why each file was passed over.
    case noSeries(path: String, skipped: [String])
    /// No image series (or none of the wanted contrast) among the series of a folder.
    case noUsableSeries(path: String, wanted: MRSeriesKind?, seen: [ImageSource.Series], advice: String)
    /// Several image series and nothing says which one a single-image reader should take.
    case severalSeries(path: String, seen: [ImageSource.Series], advice: String)
    /// The user's choice matched no image series, or more than one.
    case choice(path: String, choice: SeriesChoice, matched: [ImageSource.Series], seen: [ImageSource.Series])

    /// The file or folder at fault.
    public var path: String {
        switch self {
        case .notAnInput(let p), .nifti(let p, _), .dicom(let p, _), .noSeries(let p, _), .noUsableSeries(let p, _, _, _),
             .severalSeries(let p, _, _), .choice(let p, _, _, _): p
        }
    }

    /// What went wrong, without the path.
    public var reason: String {
        switch self {
        case .notAnInput:
            return "hidden or unfinished (.partial) files and folders are not inputs"
        case .nifti(_, let r), .dicom(_, let r):
            return r
        case .noSeries(_, let skipped):
            // The skipped files' reasons are the whole story when the input is one file.
            let shown = skipped.prefix(5)
            guard !shown.isEmpty else { return "no DICOM image series found" }
            let more = skipped.count > shown.count ? "; and \(skipped.count - shown.count) more" : ""
            return "no DICOM image series found: " + shown.joined(separator: "; ") + more
        case .noUsableSeries(_, _, let seen, _) where seen.isEmpty:
            return "no DICOM image series found"
        case .noUsableSeries(_, let wanted, let seen, let advice):
            let what = wanted.map { "no \($0.displayName) series" } ?? "no DICOM image series"
            return "\(what) among the \(seen.count) series found; \(advice)." + Self.listing(seen)
        case .severalSeries(_, let seen, let advice):
            return "\(seen.filter(\.isImage).count) image series and nothing says which to read; \(advice)." + Self.listing(seen)
        case .choice(_, let choice, let matched, let seen):
            if matched.isEmpty {
                return "no image series has SeriesInstanceUID \"\(choice)\" or a SeriesDescription matching it." + Self.listing(seen)
            }
            return "\"\(choice)\" matches \(matched.count) series; give a SeriesInstanceUID or a narrower pattern." + Self.listing(matched)
        }
    }

    public var description: String { "\(path): \(reason)" }

    /// A reader's message without its leading "`path`: ", which `description` adds once.
    static func withoutPath(_ message: String, _ path: String) -> String {
        message.hasPrefix(path + ": ") ? String(message.dropFirst(path.count + 2)) : message
    }

    /// One indented line per series after a heading: number, description, what it was
    /// classified as and why.
    static func listing(_ series: [ImageSource.Series]) -> String {
        guard !series.isEmpty else { return "" }
        return " Series:\n" + series.map { "  " + $0.summary }.joined(separator: "\n")
    }
}

extension MRSeriesKind {
    /// The contrast as written to users.
    public var displayName: String {
        switch self {
        case .t1ce: "T1 CE"
        case .flair: "FLAIR"
        case .other: "other"
        }
    }
}
