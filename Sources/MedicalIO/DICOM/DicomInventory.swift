import Foundation

/// What is in a DICOM file or folder, without decoding pixels: one entry per series with the
/// modality guess and its reason, grid size, spacing, orientation and transfer syntax, and the
/// series every reader would take as T1 CE and as FLAIR. Built from an `ImageSource`, so
/// `metorigin info` shows exactly what the other commands would read. Backs `metorigin info`.
public struct DicomInventory: Sendable, Codable {
    public struct Series: Sendable, Codable {
        public var seriesInstanceUID: String
        public var seriesNumber: Int?
        public var modality: String
        public var seriesDescription: String
        /// `t1ce`, `flair` or `other` for MR; `nil` for other modalities.
        public var kind: String?
        public var reason: String?
        public var files: Int
        public var frames: Int
        /// Voxels along i, j, k; `nil` when the series is not an image or cannot be assembled.
        public var size: [Int]?
        public var spacing: [Double]?
        public var origin: [Double]?
        /// Direction cosines, column by column (i, j, k axes) in LPS.
        public var direction: [Double]?
        /// Letters the i, j, k axes point toward (L/R, P/A, S/I), e.g. `LPS`.
        public var orientation: String?
        /// Acquisition plane from the slice normal: axial, coronal, sagittal or oblique.
        public var plane: String?
        public var transferSyntax: String
        public var transferSyntaxUID: String
        public var warnings: [String]
        /// Why the series cannot become a volume, if it cannot.
        public var error: String?
    }

    /// The series a reader takes for one contrast, or why there is none.
    public struct Pick: Sendable, Codable {
        /// `t1ce` or `flair`.
        public var contrast: String
        public var seriesInstanceUID: String?
        public var seriesNumber: Int?
        /// Why no series can be taken (the reader's own error text), when none can.
        public var error: String?
    }

    public var path: String
    public var series: [Series]
    /// The series taken as T1 CE and as FLAIR (`ImageSource.series(for:)`), with the user's
    /// choices applied.
    public var picks: [Pick]
    /// Files skipped during the scan, with reasons.
    public var notes: [String]

    /// Scans `path` (file or folder) and describes every series; `selection` is the user's
    /// choice of series, as every reader takes it (`--t1ce-series`, `--flair-series`).
    public static func make(path: String, selection: SeriesSelection = SeriesSelection()) throws(ImageSourceError) -> DicomInventory {
        let source = try ImageSource.open(path, selection: selection)
        guard source.format == .dicom else {
            throw .nifti(path: path, reason: "a NIfTI file: info describes DICOM files and folders")
        }
        guard !source.series.isEmpty else { throw .noSeries(path: path, skipped: source.notes) }
        let picks = [MRSeriesKind.t1ce, .flair].map { kind -> Pick in
            do throws(ImageSourceError) {
                let s = try source.series(for: kind)
                return Pick(contrast: kind.rawValue, seriesInstanceUID: s?.seriesInstanceUID, seriesNumber: s?.seriesNumber)
            } catch {
                return Pick(contrast: kind.rawValue, error: error.reason)
            }
        }
        return DicomInventory(path: path, series: source.series.map(describe), picks: picks, notes: source.notes)
    }

    static func describe(_ source: ImageSource.Series) -> Series {
        let s = source.dicom
        let first = s.instances[0]
        var entry = Series(seriesInstanceUID: s.uid, seriesNumber: s.seriesNumber, modality: s.modality,
                           seriesDescription: s.seriesDescription, kind: nil, reason: nil, files: s.instances.count,
                           frames: s.frameCount, size: nil, spacing: nil, origin: nil, direction: nil, orientation: nil, plane: nil,
                           transferSyntax: first.transferSyntax.name, transferSyntaxUID: first.transferSyntax.uid, warnings: [], error: nil)
        if s.modality == "MR" {
            entry.kind = source.classification.kind.rawValue
            entry.reason = source.classification.reason
        }
        guard s.isImage else { return entry }
        do {
            let plan = try DicomVolumeBuilder.plan(s)
            let g = plan.volumeGeometry
            entry.size = [g.size.x, g.size.y, g.size.z]
            entry.spacing = [g.spacing.x, g.spacing.y, g.spacing.z]
            entry.origin = [g.origin.x, g.origin.y, g.origin.z]
            entry.direction = (0..<3).flatMap { c in [g.direction.column(c).x, g.direction.column(c).y, g.direction.column(c).z] }
            entry.orientation = orientationCode(g.direction)
            entry.plane = plane(normal: g.direction.column(2))
            entry.warnings = plan.warnings
        } catch {
            entry.error = error.description
        }
        return entry
    }

    /// The LPS letter each axis points most toward.
    public static func orientationCode(_ m: Matrix3) -> String {
        (0..<3).map { c -> String in
            let v = m.column(c)
            let a = [abs(v.x), abs(v.y), abs(v.z)]
            let i = a.firstIndex(of: a.max()!)!
            let positive = v[i] >= 0
            return [positive ? "L" : "R", positive ? "P" : "A", positive ? "S" : "I"][i]
        }.joined()
    }

    static func plane(normal n: Point3) -> String {
        let a = [abs(n.x), abs(n.y), abs(n.z)]
        guard let m = a.max(), m > 0 else { return "unknown" }
        if m < 0.9 { return "oblique" }
        return ["sagittal", "coronal", "axial"][a.firstIndex(of: m)!]
    }

    /// Human-readable listing.
    public var text: String {
        var lines = ["\(path): \(series.count) series"]
        for s in series {
            lines.append("")
            lines.append("series \(s.seriesNumber.map(String.init) ?? "?") \(s.modality) \"\(s.seriesDescription)\"")
            lines.append("  uid:        \(s.seriesInstanceUID)")
            if let k = s.kind { lines.append("  kind:       \(k) (\(s.reason ?? ""))") }
            lines.append("  files:      \(s.files) (\(s.frames) frames), \(s.transferSyntax) [\(s.transferSyntaxUID)]")
            if let size = s.size, let sp = s.spacing, let o = s.origin {
                lines.append("  size:       \(size.map(String.init).joined(separator: " × "))")
                lines.append("  spacing:    \(sp.map { String(format: "%.4g", $0) }.joined(separator: " × ")) mm")
                lines.append("  origin:     (\(o.map { String(format: "%.3f", $0) }.joined(separator: ", "))) mm LPS")
                lines.append("  orientation: \(s.orientation ?? "?") (\(s.plane ?? "?"))")
            }
            for w in s.warnings { lines.append("  warning:    \(w)") }
            if let e = s.error { lines.append("  error:      \(e)") }
        }
        lines.append("")
        for p in picks {
            let label = p.contrast == "t1ce" ? "T1 CE:" : "FLAIR:"
            if let uid = p.seriesInstanceUID {
                lines.append("\(label.padding(toLength: 7, withPad: " ", startingAt: 0)) series \(p.seriesNumber.map(String.init) ?? "?") [\(uid)]")
            } else {
                lines.append("\(label.padding(toLength: 7, withPad: " ", startingAt: 0)) none — \((p.error ?? "").split(separator: "\n").first ?? "")")
            }
        }
        for n in notes { lines.append("note: \(n)") }
        return lines.joined(separator: "\n")
    }

    /// Pretty-printed JSON with sorted keys.
    public func jsonString() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try enc.encode(self), as: UTF8.self)
    }
}
