import Foundation

/// What is in a DICOM file or folder, without decoding pixels: one entry per series with the
/// modality guess and its reason, grid size, spacing, orientation and transfer syntax. Backs
/// `metorigin info`.
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

    public var path: String
    public var series: [Series]
    /// Files skipped during the scan, with reasons.
    public var notes: [String]

    /// Scans `path` (file or folder) and describes every series. `overrides` maps
    /// SeriesInstanceUID to a kind and wins over the classifier.
    public static func make(path: String, overrides: [String: MRSeriesKind] = [:]) throws(DicomError) -> DicomInventory {
        let scan = try DicomScanner.scan(path: path)
        return DicomInventory(path: path, series: scan.series.map { describe($0, overrides: overrides) }, notes: scan.notes)
    }

    static func describe(_ s: DicomSeries, overrides: [String: MRSeriesKind]) -> Series {
        let first = s.instances[0]
        var entry = Series(seriesInstanceUID: s.uid, seriesNumber: s.seriesNumber, modality: s.modality,
                           seriesDescription: s.seriesDescription, kind: nil, reason: nil, files: s.instances.count,
                           frames: s.frameCount, size: nil, spacing: nil, origin: nil, direction: nil, orientation: nil, plane: nil,
                           transferSyntax: first.transferSyntax.name, transferSyntaxUID: first.transferSyntax.uid, warnings: [], error: nil)
        if s.modality == "MR" || overrides[s.uid] != nil {
            let c = MRSeriesClassifier.classify(s.header, overrides: overrides)
            entry.kind = c.kind.rawValue
            entry.reason = c.reason
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
