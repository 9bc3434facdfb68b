import Foundation

/// Why a manifest cannot be used; names the file and, where it applies, the line.
public struct ManifestError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let line: Int?
    public let reason: String
    /// The study the problem is about, where it is about one (e.g. an inconsistent synthetic row).
    public var studyID: String? = nil
    public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(reason)" }

    public init(path: String, line: Int?, reason: String, studyID: String? = nil) {
        self.path = path
        self.line = line
        self.reason = reason
        self.studyID = studyID
    }

    /// A CSV-level problem of a manifest-like table.
    public init(_ error: CSVError) {
        switch error {
        case let .malformed(path, line, column, problem): self.init(path: path, line: line, reason: "column \(column): \(problem)")
        case let .emptyTable(path): self.init(path: path, line: nil, reason: "empty file")
        case let .cannotRead(path, reason): self.init(path: path, line: nil, reason: reason)
        }
    }
}

/// A cohort manifest (`manifest.csv`): the studies to train and evaluate on.
public struct Manifest: Sendable {
    public static let requiredColumns = ["patient_id", "study_id", "modality", "path", "label", "contoured",
                                         "rtstruct_path", "scanner"]
    /// The primary-site labels a row may carry, in class order.
    public static let labels = PrimarySite.allCases.map(\.rawValue)
    /// The label of a lesion-free control study (`metorigin cohort generate --lesion-free`).
    public static let lesionFreeLabel = PrimarySite.lesionFreeLabel
    /// The optional column marking synthetic images (absent: every image is real).
    public static let syntheticColumn = "synthetic"

    public var path: String
    public var rows: [ManifestRow]
    /// The header's column names in file order, so a manifest written from this one keeps them.
    public var columns: [String] = requiredColumns

    /// A manifest of `rows`, as read from `path` with the header `columns`.
    public init(path: String, rows: [ManifestRow], columns: [String] = requiredColumns) {
        self.path = path
        self.rows = rows
        self.columns = columns
    }

    /// Whether any image of the manifest was synthesised by modality transfer.
    public var hasSyntheticRows: Bool { rows.contains(where: \.synthetic) }

    /// Reads and validates a manifest CSV. Relative paths are resolved against its folder.
    public static func read(path: String) throws(ManifestError) -> Manifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ManifestError(path: path, line: nil, reason: "cannot read the file")
        }
        return try parse(data, path: path)
    }

    /// Validates the bytes of a manifest CSV as if read from `path` (which names it in errors and
    /// resolves its relative paths).
    public static func parse(_ data: Data, path: String) throws(ManifestError) -> Manifest {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(path: path, line: nil, reason: "not UTF-8 text")
        }
        let table: CSVTable
        do { table = try CSVTable.parse(text, path: path) } catch { throw ManifestError(error) }
        let header = table.header
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        let columns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = requiredColumns.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw ManifestError(path: path, line: 1, reason: "missing columns \(missing.joined(separator: ", "))")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        var rows: [ManifestRow] = []
        var lines: [Int] = []
        for entry in table.records {
            let line = entry.line, record = entry.fields
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
                extra: extra, line: line))
            lines.append(line)
        }
        guard !rows.isEmpty else { throw ManifestError(path: path, line: nil, reason: "no studies") }
        try checkSyntheticRows(rows, lines: lines, path: path)
        try checkStudyConsistency(rows, lines: lines, path: path)
        return Manifest(path: path, rows: rows, columns: names)
    }

    /// Throws unless every study has a primary site and at least two sites occur: the classifier
    /// cannot learn from, or be scored on, a lesion-free control, and with a single class there is
    /// nothing to tell apart (no ROC curve, no AUC).
    public func requirePrimarySites() throws(ManifestError) {
        if let row = rows.first(where: \.isLesionFree) {
            let count = rows.filter(\.isLesionFree).count
            throw ManifestError(path: path, line: nil,
                                reason: "\(count) image(s) are lesion-free controls (label \(Self.lesionFreeLabel), first \(row.studyID)); "
                                    + "the classifier needs a primary site for every study: use controls for segmentation only",
                                studyID: row.studyID)
        }
        let sites = Set(rows.map(\.label))
        guard sites.count >= 2 else {
            throw ManifestError(path: path, line: nil,
                                reason: "every study has the label '\(sites.first ?? "")': classification needs at least two "
                                    + "primary sites (with one class no AUC exists)")
        }
    }

    /// Rows grouped by study, in first-appearance order.
    public var studies: [Study] {
        var order: [String] = []
        var byID: [String: [ManifestRow]] = [:]
        for r in rows {
            if byID[r.studyID] == nil { order.append(r.studyID) }
            byID[r.studyID, default: []].append(r)
        }
        return order.map { Study(rows: byID[$0]!, manifestPath: path) }
    }

    /// A manifest as CSV text: the `columns` header, then each row's `fields(columns:)`.
    public static func csv(rows: [ManifestRow], columns: [String]) -> String {
        var out = CSVTable.line(columns) + "\n"
        for row in rows { out += CSVTable.line(row.fields(columns: columns)) + "\n" }
        return out
    }
}

/// All images of one study (one or two modalities, real or synthetic). `Manifest.read` ensures a
/// study has at most one synthetic image, of a modality it lacks, beside a real one.
public struct Study: Sendable, Hashable {
    public var rows: [ManifestRow]
    /// The manifest the study was read from, for errors.
    public var manifestPath: String
    public var studyID: String { rows[0].studyID }
    public var patientID: String { rows[0].patientID }
    public var label: String { rows[0].label }
    /// The study's primary site, or an error naming the manifest and line when its label names
    /// none (a lesion-free control): never a default class.
    public func primarySite() throws(ManifestError) -> PrimarySite {
        do { return try PrimarySite(label: label, path: manifestPath, line: rows[0].line) } catch {
            throw ManifestError(path: manifestPath, line: rows[0].line,
                                reason: "study \(studyID) has label '\(label)', not a primary site (\(LabelError.known))",
                                studyID: studyID)
        }
    }
    public var scanner: String { rows[0].scanner }
    /// The study's image of `modality`, real or synthetic.
    public func row(_ modality: String) -> ManifestRow? { rows.first { $0.modality == modality } }
    /// The study's acquired image of `modality` (never a synthetic one): what segmentation,
    /// transfer training and the single-modality ablations use.
    public func realRow(_ modality: String) -> ManifestRow? { rows.first { $0.modality == modality && !$0.synthetic } }
    /// The acquired images only.
    public var realRows: [ManifestRow] { rows.filter { !$0.synthetic } }
}
