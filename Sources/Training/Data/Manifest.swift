import Cohort
import Foundation

/// One row of a cohort manifest: one image (modality) of one study. The first nine columns are
/// fixed (the cohort generator writes them; users write the same for their own data, without
/// `truth_path`); an optional `synthetic` column (0/1, written by `metorigin transfer fill`) marks
/// images synthesised by modality transfer; any further columns are kept in `extra`.
public struct ManifestRow: Sendable, Hashable {
    public var patientID: String
    public var studyID: String
    /// "t1ce" or "flair".
    public var modality: String
    /// Absolute path of the series folder or NIfTI file (resolved against the manifest's folder).
    public var path: String
    /// "lung", "breast", "melanoma", "renal" or "other"; "none" for a lesion-free control study
    /// (segmentation evaluation only: the classifier refuses it).
    public var label: String
    public var contoured: Bool
    public var rtstructPath: String?
    public var scanner: String
    public var truthPath: String?
    /// The image was synthesised from the study's other modality (`synthetic` = 1), not acquired.
    public var synthetic: Bool
    public var extra: [String: String]

    /// A control study without metastases (`label` = "none").
    public var isLesionFree: Bool { label == Manifest.lesionFreeLabel }

    public init(patientID: String, studyID: String, modality: String, path: String, label: String, contoured: Bool,
                rtstructPath: String?, scanner: String, truthPath: String?, synthetic: Bool = false,
                extra: [String: String]) {
        self.patientID = patientID
        self.studyID = studyID
        self.modality = modality
        self.path = path
        self.label = label
        self.contoured = contoured
        self.rtstructPath = rtstructPath
        self.scanner = scanner
        self.truthPath = truthPath
        self.synthetic = synthetic
        self.extra = extra
    }
}

/// Why a manifest cannot be used; names the file and, where it applies, the line.
public struct ManifestError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let line: Int?
    public let reason: String
    /// The study the problem is about, where it is about one (e.g. an inconsistent synthetic row).
    public var studyID: String? = nil
    public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(reason)" }
}

/// A cohort manifest (`manifest.csv`): the studies to train and evaluate on.
public struct Manifest: Sendable {
    public static let requiredColumns = ["patient_id", "study_id", "modality", "path", "label", "contoured",
                                         "rtstruct_path", "scanner"]
    public static let labels = CohortLabel.allCases.map(\.rawValue)
    /// The label of a lesion-free control study (`metorigin cohort generate --lesion-free`).
    public static let lesionFreeLabel = CohortLabel.lesionFreeLabel
    /// The optional column marking synthetic images (absent: every image is real).
    public static let syntheticColumn = "synthetic"

    public var path: String
    public var rows: [ManifestRow]
    /// The header's column names in file order, so a manifest written from this one keeps them.
    public var columns: [String] = requiredColumns

    /// Whether any image of the manifest was synthesised by modality transfer.
    public var hasSyntheticRows: Bool { rows.contains(where: \.synthetic) }

    /// Reads and validates a manifest CSV. Relative paths are resolved against its folder.
    public static func read(path: String) throws(ManifestError) -> Manifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ManifestError(path: path, line: nil, reason: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(path: path, line: nil, reason: "not UTF-8 text")
        }
        let records = try CSV.parse(text, path: path)
        guard let header = records.first else { throw ManifestError(path: path, line: nil, reason: "empty file") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        let columns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = requiredColumns.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw ManifestError(path: path, line: 1, reason: "missing columns \(missing.joined(separator: ", "))")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        var rows: [ManifestRow] = []
        var lines: [Int] = []
        for (n, record) in records.enumerated().dropFirst() {
            let line = n + 1
            if record.count == 1 && record[0].isEmpty { continue }
            guard record.count == header.count else {
                throw ManifestError(path: path, line: line, reason: "has \(record.count) fields, header has \(header.count)")
            }
            func field(_ name: String) -> String { record[columns[name]!] }
            let modality = field("modality")
            guard modality == "t1ce" || modality == "flair" else {
                throw ManifestError(path: path, line: line, reason: "modality '\(modality)' is not t1ce or flair")
            }
            let label = field("label").lowercased()
            guard labels.contains(label) || label == lesionFreeLabel else {
                throw ManifestError(path: path, line: line, reason: "label '\(label)' is not one of \(labels.joined(separator: ", ")) "
                                    + "(or \(lesionFreeLabel) for a lesion-free control)")
            }
            let contoured = field("contoured")
            guard contoured == "0" || contoured == "1" else {
                throw ManifestError(path: path, line: line, reason: "contoured must be 0 or 1, got '\(contoured)'")
            }
            guard !field("patient_id").isEmpty, !field("study_id").isEmpty, !field("path").isEmpty else {
                throw ManifestError(path: path, line: line, reason: "patient_id, study_id and path must not be empty")
            }
            func resolve(_ p: String) -> String? {
                p.isEmpty ? nil : (p.hasPrefix("/") ? p : base.appendingPathComponent(p).standardizedFileURL.path)
            }
            let synthetic = columns[syntheticColumn].map { record[$0].trimmingCharacters(in: .whitespaces) } ?? ""
            guard synthetic == "" || synthetic == "0" || synthetic == "1" else {
                throw ManifestError(path: path, line: line, reason: "synthetic must be 0 or 1, got '\(synthetic)'")
            }
            var extra: [String: String] = [:]
            for (name, i) in columns where !requiredColumns.contains(name) && name != "truth_path" && name != syntheticColumn {
                extra[name] = record[i]
            }
            rows.append(ManifestRow(
                patientID: field("patient_id"), studyID: field("study_id"), modality: modality,
                path: resolve(field("path"))!, label: label, contoured: contoured == "1",
                rtstructPath: resolve(field("rtstruct_path")), scanner: field("scanner"),
                truthPath: columns["truth_path"].flatMap { resolve(record[$0]) }, synthetic: synthetic == "1",
                extra: extra))
            lines.append(line)
        }
        guard !rows.isEmpty else { throw ManifestError(path: path, line: nil, reason: "no studies") }
        try checkSyntheticRows(rows, lines: lines, path: path)
        return Manifest(path: path, rows: rows, columns: names)
    }

    /// Throws unless every study has a primary site: the classifier cannot learn from, or be
    /// scored on, a lesion-free control.
    public func requirePrimarySites() throws(ManifestError) {
        guard let row = rows.first(where: \.isLesionFree) else { return }
        let count = rows.filter(\.isLesionFree).count
        throw ManifestError(path: path, line: nil,
                            reason: "\(count) image(s) are lesion-free controls (label \(Self.lesionFreeLabel), first \(row.studyID)); "
                                + "the classifier needs a primary site for every study: use controls for segmentation only",
                            studyID: row.studyID)
    }

    /// Rows grouped by study, in first-appearance order.
    public var studies: [Study] {
        var order: [String] = []
        var byID: [String: [ManifestRow]] = [:]
        for r in rows {
            if byID[r.studyID] == nil { order.append(r.studyID) }
            byID[r.studyID, default: []].append(r)
        }
        return order.map { Study(rows: byID[$0]!) }
    }
}

/// All images of one study (one or two modalities, real or synthetic). `Manifest.read` ensures a
/// study has at most one synthetic image, of a modality it lacks, beside a real one.
public struct Study: Sendable, Hashable {
    public var rows: [ManifestRow]
    public var studyID: String { rows[0].studyID }
    public var patientID: String { rows[0].patientID }
    public var label: String { rows[0].label }
    public var labelIndex: Int { Manifest.labels.firstIndex(of: label) ?? 0 }
    public var scanner: String { rows[0].scanner }
    /// The study's image of `modality`, real or synthetic.
    public func row(_ modality: String) -> ManifestRow? { rows.first { $0.modality == modality } }
    /// The study's acquired image of `modality` (never a synthetic one): what segmentation,
    /// transfer training and the single-modality ablations use.
    public func realRow(_ modality: String) -> ManifestRow? { rows.first { $0.modality == modality && !$0.synthetic } }
    /// The acquired images only.
    public var realRows: [ManifestRow] { rows.filter { !$0.synthetic } }
}

/// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF.
enum CSV {
    static func parse(_ text: String, path: String) throws(ManifestError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var it = Array(text.unicodeScalars)[...]
        while let c = it.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if it.first == "\"" { field.unicodeScalars.append("\""); it.removeFirst() } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case "\"": inQuotes = true
                case ",": record.append(field); field = ""
                case "\r": continue
                case "\n":
                    record.append(field); records.append(record); record = []; field = ""; line += 1
                default: field.unicodeScalars.append(c)
                }
            }
        }
        if inQuotes { throw ManifestError(path: path, line: line, reason: "unterminated quoted field") }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
