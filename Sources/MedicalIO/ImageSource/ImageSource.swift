import Foundation

/// Where a study's images come from: a NIfTI file (one image) or a DICOM file or folder holding
/// any number of series. Every reader of a study goes through it, so one rule picks the series:
/// the user's choice (`SeriesSelection`, by SeriesInstanceUID or description pattern) first,
/// then `MRSeriesClassifier`'s T1 CE / FLAIR verdict.
///
/// ```swift
/// let source = try ImageSource.open("study/")
/// for s in source.series { print(s.summary) }
/// let t1ce = try source.volume(for: .t1ce)
/// ```
///
/// A folder holding one image series gives that series for either contrast: the path names the
/// image (as a manifest row names it with its modality), and the classifier only has to choose
/// when there is a choice. Hidden files and folders and unfinished `.partial` folders (an
/// interrupted cohort run leaves them) are never read.
public struct ImageSource: Sendable {
    public enum Format: String, Sendable, Codable {
        case nifti, dicom
    }

    /// One series found in a DICOM folder and what the classifier made of it.
    public struct Series: Sendable {
        public var seriesInstanceUID: String
        public var seriesNumber: Int?
        public var seriesDescription: String
        /// The DICOM Modality (`MR`, `RTSTRUCT`, …).
        public var modality: String
        public var frames: Int
        /// Whether the series carries pixel data.
        public var isImage: Bool
        public var classification: MRSeriesClassification
        /// The instances, for building the volume or its geometry.
        public var dicom: DicomSeries

        init(_ series: DicomSeries) {
            seriesInstanceUID = series.uid
            seriesNumber = series.seriesNumber
            seriesDescription = series.seriesDescription
            modality = series.modality
            frames = series.frameCount
            isImage = series.isImage
            classification = MRSeriesClassifier.classify(series.header)
            dicom = series
        }

        /// `series 3 MR "AX T2 FLAIR" (24 frames): flair — SeriesDescription … mentions FLAIR`.
        public var summary: String {
            let number = seriesNumber.map(String.init) ?? "?"
            let content = isImage ? "\(frames) frame\(frames == 1 ? "" : "s")" : "no pixel data"
            return "series \(number) \(modality) \"\(seriesDescription)\" (\(content)): "
                + "\(classification.kind.rawValue) — \(classification.reason) [\(seriesInstanceUID)]"
        }
    }

    /// The path opened.
    public let path: String
    public let format: Format
    /// The series of a DICOM input in scan order; empty for NIfTI.
    public let series: [Series]
    /// Files the scan skipped, with reasons.
    public let notes: [String]
    public let selection: SeriesSelection

    /// Opens `path` (a NIfTI file, a DICOM file or a folder searched recursively) and, for DICOM,
    /// reads every header and classifies every series. Pixel data is decoded only by `volume`.
    public static func open(_ path: String, selection: SeriesSelection = SeriesSelection()) throws(ImageSourceError) -> ImageSource {
        let name = (path as NSString).lastPathComponent
        if name != ".", name != "..", DicomScanner.isExcluded(name: name) { throw .notAnInput(path: path) }
        if isNIfTI(path) {
            guard FileManager.default.fileExists(atPath: path) else { throw .nifti(path: path, reason: "no such file") }
            return ImageSource(path: path, format: .nifti, series: [], notes: [], selection: selection)
        }
        let scan: DicomFolderScan
        do { scan = try DicomScanner.scan(path: path) } catch { throw .dicom(path: path, reason: ImageSourceError.withoutPath(error.description, path)) }
        return ImageSource(path: path, format: .dicom, series: scan.series.map(Series.init), notes: scan.notes, selection: selection)
    }

    /// `open(path)` with the classifier's picks.
    public init(path: String) throws(ImageSourceError) { self = try Self.open(path) }

    private init(path: String, format: Format, series: [Series], notes: [String], selection: SeriesSelection) {
        self.path = path
        self.format = format
        self.series = series
        self.notes = notes
        self.selection = selection
    }

    /// Whether `path` names a NIfTI file by its extension.
    public static func isNIfTI(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz")
    }

    /// The series holding pixel data.
    public var imageSeries: [Series] { series.filter(\.isImage) }

    /// The series used for `kind` (nil for NIfTI, which holds one image of whatever contrast the
    /// caller says): the user's choice for it, else the only image series, else the one the
    /// classifier calls `kind` (the one with most frames when several are), leaving aside a
    /// series the user chose for the other contrast.
    public func series(for kind: MRSeriesKind) throws(ImageSourceError) -> Series? {
        guard format == .dicom else { return nil }
        guard !series.isEmpty else { throw .noSeries(path: path, skipped: notes) }
        if let choice = selection.choice(for: kind) { return try pick(choice) }
        let claimed = Set([MRSeriesKind.t1ce, .flair].filter { $0 != kind }.compactMap { selection.choice(for: $0) }
            .compactMap { try? pick($0).seriesInstanceUID })
        let images = imageSeries.filter { !claimed.contains($0.seriesInstanceUID) }
        if images.count == 1 { return images[0] }
        // Of several (e.g. an axial acquisition and its reformats) the one with most frames; the
        // first in scan order among equals.
        guard let best = images.filter({ $0.classification.kind == kind }).max(by: { $0.frames < $1.frames }) else {
            throw .noUsableSeries(path: path, wanted: kind, seen: series, advice: selection.advice(for: kind))
        }
        return best
    }

    /// The one image of a reader that takes a single image (`convert`, `rtstruct`): the user's
    /// `single` choice, else the only image series; nil for NIfTI.
    public func singleSeries() throws(ImageSourceError) -> Series? {
        guard format == .dicom else { return nil }
        guard !series.isEmpty else { throw .noSeries(path: path, skipped: notes) }
        if let choice = selection.single { return try pick(choice) }
        let images = imageSeries
        guard images.count == 1 else {
            if images.isEmpty { throw .noUsableSeries(path: path, wanted: nil, seen: series, advice: selection.advice(for: nil)) }
            throw .severalSeries(path: path, seen: series, advice: selection.advice(for: nil))
        }
        return images[0]
    }

    /// The image series `choice` names: exactly one must match.
    public func pick(_ choice: SeriesChoice) throws(ImageSourceError) -> Series {
        let images = imageSeries
        // A UID is exact and wins over a pattern that happens to match other descriptions.
        if let exact = images.first(where: { $0.seriesInstanceUID == choice.value }) { return exact }
        let matched = images.filter { choice.matches(uid: $0.seriesInstanceUID, seriesDescription: $0.seriesDescription) }
        guard matched.count == 1 else { throw .choice(path: path, choice: choice, matched: matched, seen: series) }
        return matched[0]
    }

    /// The image of contrast `kind`, in LPS with rescaled values.
    public func volume(for kind: MRSeriesKind) throws(ImageSourceError) -> ImageVolume {
        try read(series(for: kind))
    }

    /// The image of a single-image reader (see `singleSeries`).
    public func volume() throws(ImageSourceError) -> ImageVolume {
        try read(singleSeries())
    }

    /// The built DICOM volume of `series`, with the builder's warnings.
    public func build(_ series: Series, options: DicomVolumeOptions = DicomVolumeOptions()) throws(ImageSourceError) -> DicomVolume {
        do { return try DicomVolumeBuilder.build(series.dicom, options: options) } catch {
            throw .dicom(path: path, reason: "series \(series.seriesNumber.map(String.init) ?? "?") \"\(series.seriesDescription)\": \(error.description)")
        }
    }

    /// The NIfTI file's image, with the reader's warnings (a transform it fell back from): the
    /// only volume of a 3-D file, or volume `volume` of a 4-D one, which needs the choice.
    /// Voxels beyond `budget` are refused before they are allocated.
    public func niftiVolume(_ volume: Int? = nil, budget: MemoryBudget = .current) throws(ImageSourceError) -> (volume: ImageVolume, warnings: [String]) {
        guard format == .nifti else { throw .nifti(path: path, reason: "not a NIfTI file") }
        do {
            let image = try NIfTI.read(path: path, budget: budget)
            return (try image.volume(at: volume, budget: budget), image.warnings)
        } catch { throw .nifti(path: path, reason: ImageSourceError.withoutPath(error.description, path)) }
    }

    /// The NIfTI file's image when `series` is nil, else the series' volume.
    func read(_ series: Series?) throws(ImageSourceError) -> ImageVolume {
        if let series { return try build(series).volume }
        return try niftiVolume().volume
    }
}
