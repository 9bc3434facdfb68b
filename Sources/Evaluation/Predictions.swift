import Foundation

/// One study's out-of-fold prediction from a cross-validation, with the inputs it was made from.
public struct PredictionRow: Sendable, Equatable, Codable {
    public var studyID: String
    public var patientID: String
    /// The cross-validation fold in which this study was held out.
    public var fold: Int
    /// The true primary site.
    public var label: PrimarySite
    /// Five probabilities in `PrimarySite.allCases` order (Lung, Breast, Melanoma, Renal, Other).
    public var probabilities: [Double]
    public var t1ceState: ModalityState
    public var flairState: ModalityState
    /// Whether the tumour probability map was an input.
    public var probabilityMapUsed: Bool
    /// Scanner (manufacturer/model) if known; used only by the shortcut audit.
    public var scanner: String?
    /// Slice thickness in mm if known; used only by the shortcut audit.
    public var sliceThickness: Double?

    public init(studyID: String, patientID: String, fold: Int, label: PrimarySite, probabilities: [Double],
                t1ceState: ModalityState = .real, flairState: ModalityState = .real,
                probabilityMapUsed: Bool = false, scanner: String? = nil, sliceThickness: Double? = nil) {
        self.studyID = studyID; self.patientID = patientID; self.fold = fold; self.label = label
        self.probabilities = probabilities; self.t1ceState = t1ceState; self.flairState = flairState
        self.probabilityMapUsed = probabilityMapUsed; self.scanner = scanner; self.sliceThickness = sliceThickness
    }

    /// This study's probability for `site`.
    public func probability(_ site: PrimarySite) -> Double { probabilities[site.index] }

    /// The class with the highest probability (ties go to the earlier class, as in Table 1's order).
    public var predicted: PrimarySite {
        var best = 0
        for k in 1..<probabilities.count where probabilities[k] > probabilities[best] { best = k }
        return PrimarySite(index: best) ?? .lung
    }
}

/// The predictions table of one cross-validation run (`predictions.csv`): one row per study.
/// Construction validates the rows, so every metric can rely on five finite probabilities in [0, 1]
/// and unique study ids.
public struct Predictions: Sendable, Equatable {
    /// Columns every file must have.
    public static let requiredColumns = ["study_id", "patient_id", "fold", "label"]
        + PrimarySite.allCases.map(\.probabilityColumn)
    /// All columns written, in order; the input-state columns default to real/real/0 when absent
    /// on reading, the acquisition columns to unknown.
    public static let columns = requiredColumns
        + ["t1ce_state", "flair_state", "prob_map", "scanner", "slice_thickness"]

    public let rows: [PredictionRow]

    /// Validates `rows`: at least one, unique study ids, five finite probabilities in [0, 1] each.
    public init(rows: [PredictionRow]) throws(EvaluationError) {
        guard !rows.isEmpty else { throw .invalidInput("a predictions table needs at least one row") }
        var seen = Set<String>()
        for (n, row) in rows.enumerated() {
            guard seen.insert(row.studyID).inserted else {
                throw .invalidInput("study '\(row.studyID)' appears more than once (row \(n + 1))")
            }
            guard row.probabilities.count == PrimarySite.count else {
                throw .invalidInput("study '\(row.studyID)' has \(row.probabilities.count) probabilities, expected 5")
            }
            for p in row.probabilities where !(p.isFinite && p >= 0 && p <= 1) {
                throw .invalidInput("study '\(row.studyID)' has probability \(p), expected a number in [0, 1]")
            }
        }
        self.rows = rows
    }

    public var count: Int { rows.count }
    /// The true class of each study.
    public var labels: [PrimarySite] { rows.map(\.label) }
    /// Each study's probability for `site`.
    public func scores(for site: PrimarySite) -> [Double] { rows.map { $0.probability(site) } }
    /// Number of studies of each class, in class order.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: PrimarySite.count)
        for row in rows { counts[row.label.index] += 1 }
        return counts
    }
    /// Number of distinct patients.
    public var patientCount: Int { Set(rows.map(\.patientID)).count }

    // MARK: reading

    /// Reads a predictions CSV. Columns may come in any order and extra columns are ignored.
    public static func read(path: String) throws(EvaluationError) -> Predictions {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw EvaluationError.cannotRead(path: path, reason: "not UTF-8 text")
            }
            text = decoded
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw .cannotRead(path: path, reason: error.localizedDescription)
        }
        return try parse(text, path: path)
    }

    /// Parses predictions CSV `text`; `path` names the source in errors.
    public static func parse(_ text: String, path: String) throws(EvaluationError) -> Predictions {
        let table = try CSVTable.parse(text, path: path)
        var position: [String: Int] = [:]
        for (i, name) in table.header.enumerated() where position[name.lowercased()] == nil {
            position[name.lowercased()] = i
        }
        for name in requiredColumns where position[name] == nil {
            throw .missingColumn(path: path, column: name)
        }
        guard !table.records.isEmpty else { throw .emptyTable(path: path) }
        var rows: [PredictionRow] = []
        rows.reserveCapacity(table.records.count)
        var firstLine: [String: Int] = [:]
        for record in table.records {
            guard record.fields.count == table.header.count else {
                throw .wrongFieldCount(path: path, line: record.line, expected: table.header.count,
                                       found: record.fields.count)
            }
            let reader = FieldReader(path: path, line: record.line, fields: record.fields, position: position)
            let row = try reader.row()
            if firstLine[row.studyID] != nil {
                throw .duplicateStudy(path: path, line: record.line, studyID: row.studyID)
            }
            firstLine[row.studyID] = record.line
            rows.append(row)
        }
        return try Predictions(rows: rows)
    }

    // MARK: writing

    /// The table as CSV text (header plus one line per row, `\n` line endings).
    public func csv() -> String {
        var out = Self.columns.joined(separator: ",") + "\n"
        for row in rows {
            var fields = [row.studyID, row.patientID, String(row.fold), row.label.rawValue]
            fields += row.probabilities.map { formatProbability($0) }
            fields += [row.t1ceState.rawValue, row.flairState.rawValue, row.probabilityMapUsed ? "1" : "0",
                       row.scanner ?? "", row.sliceThickness.map { "\($0)" } ?? ""]
            out += fields.map(CSVTable.escape).joined(separator: ",") + "\n"
        }
        return out
    }

    /// Writes the table atomically to `path`.
    public func write(to path: String) throws(EvaluationError) {
        try OutputFile.write(csv(), to: path)
    }

    /// Shortest text that reads back to the same Double, so write→read round-trips exactly.
    private func formatProbability(_ p: Double) -> String { "\(p)" }
}

/// Reads the typed fields of one record, naming file, line and column in every error.
private struct FieldReader {
    let path: String
    let line: Int
    let fields: [String]
    let position: [String: Int]

    func raw(_ column: String) -> String? { position[column].map { fields[$0].trimmingSpaces() } }

    func required(_ column: String) throws(EvaluationError) -> String {
        let value = raw(column) ?? ""
        guard !value.isEmpty else {
            throw .invalidValue(path: path, line: line, column: column, value: value, expected: "a value")
        }
        return value
    }

    func row() throws(EvaluationError) -> PredictionRow {
        let study = try required("study_id")
        let patient = try required("patient_id")
        let foldText = try required("fold")
        guard let fold = Int(foldText) else {
            throw .invalidValue(path: path, line: line, column: "fold", value: foldText, expected: "an integer")
        }
        let labelText = try required("label")
        guard let label = PrimarySite(rawValue: labelText.lowercased()) else {
            throw .invalidValue(path: path, line: line, column: "label", value: labelText,
                                expected: "one of lung, breast, melanoma, renal, other")
        }
        var probabilities: [Double] = []
        for site in PrimarySite.allCases {
            let text = try required(site.probabilityColumn)
            guard let p = Double(text), p.isFinite, p >= 0, p <= 1 else {
                throw .invalidValue(path: path, line: line, column: site.probabilityColumn, value: text,
                                    expected: "a probability in [0, 1]")
            }
            probabilities.append(p)
        }
        let mapText = raw("prob_map") ?? ""
        let mapUsed: Bool
        switch mapText.lowercased() {
        case "", "0", "false", "no": mapUsed = false
        case "1", "true", "yes": mapUsed = true
        default:
            throw .invalidValue(path: path, line: line, column: "prob_map", value: mapText, expected: "0 or 1")
        }
        var thickness: Double?
        if let text = raw("slice_thickness"), !text.isEmpty {
            guard let t = Double(text), t.isFinite, t > 0 else {
                throw .invalidValue(path: path, line: line, column: "slice_thickness", value: text,
                                    expected: "a positive number of millimetres")
            }
            thickness = t
        }
        let scanner = raw("scanner").flatMap { $0.isEmpty ? nil : $0 }
        return PredictionRow(studyID: study, patientID: patient, fold: fold, label: label,
                             probabilities: probabilities, t1ceState: try state("t1ce_state"),
                             flairState: try state("flair_state"), probabilityMapUsed: mapUsed,
                             scanner: scanner, sliceThickness: thickness)
    }

    private func state(_ column: String) throws(EvaluationError) -> ModalityState {
        let text = raw(column) ?? ""
        if text.isEmpty { return .real }
        guard let state = ModalityState(rawValue: text.lowercased()) else {
            throw .invalidValue(path: path, line: line, column: column, value: text,
                                expected: "real, synthetic or missing")
        }
        return state
    }
}
