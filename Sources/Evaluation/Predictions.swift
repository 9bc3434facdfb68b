import Foundation
import Vocabulary

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
    public var t1ceState: InputState
    public var flairState: InputState
    /// Whether the tumour probability map was an input.
    public var probabilityMapUsed: Bool
    /// Scanner (manufacturer/model) if known; used only by the shortcut audit.
    public var scanner: String?
    /// Slice thickness in mm if known; used only by the shortcut audit.
    public var sliceThickness: Double?

    public init(studyID: String, patientID: String, fold: Int, label: PrimarySite, probabilities: [Double],
                t1ceState: InputState = .real, flairState: InputState = .real,
                probabilityMapUsed: Bool = false, scanner: String? = nil, sliceThickness: Double? = nil) {
        self.studyID = studyID; self.patientID = patientID; self.fold = fold; self.label = label
        self.probabilities = probabilities; self.t1ceState = t1ceState; self.flairState = flairState
        self.probabilityMapUsed = probabilityMapUsed; self.scanner = scanner; self.sliceThickness = sliceThickness
    }

    /// The input-state and acquisition columns of this row.
    public var inputs: StudyInputs {
        StudyInputs(t1ceState: t1ceState, flairState: flairState, probabilityMapUsed: probabilityMapUsed,
                    scanner: scanner, sliceThickness: sliceThickness)
    }

    /// This study's probability for `site`.
    public func probability(_ site: PrimarySite) -> Double { probabilities[site.index] }

    /// The class with the highest probability (ties go to the earlier class, as in Table 1's order).
    public var predicted: PrimarySite {
        // `Predictions` admits only rows with one probability per class; the prefix keeps a row
        // built by hand with more from naming a class that does not exist.
        let scores = probabilities.prefix(PrimarySite.count)
        var best = 0
        for k in scores.indices.dropFirst() where scores[k] > scores[best] { best = k }
        return PrimarySite.allCases[best]
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
    public static let columns = requiredColumns + StudyInputs.columns

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

    /// The `fold` column, when it can serve as out-of-fold splits for another model on the same
    /// studies: at least two folds and no patient in two. `nil` otherwise.
    public var patientGroupedFolds: [Int]? {
        let folds = rows.map(\.fold)
        guard Set(folds).count >= 2, patientsInSeveralFolds.isEmpty else { return nil }
        return folds
    }

    /// Patients whose studies were held out in more than one fold, sorted: a model tested on one
    /// of their studies was trained on another, so the cross-validation leaked across patients.
    public var patientsInSeveralFolds: [String] {
        var folds: [String: Set<Int>] = [:]
        for row in rows { folds[row.patientID, default: []].insert(row.fold) }
        return folds.filter { $0.value.count > 1 }.keys.sorted()
    }

    // MARK: reading

    /// How far a row's five probabilities may sum from 1 beyond the rounding of the text they are
    /// written as (softmax outputs are far closer; a larger gap means a mislabelled column, a
    /// missing class or scores that are not probabilities).
    public static let sumTolerance = 1e-3

    /// Reads a predictions CSV. Columns may come in any order and extra columns are ignored. A row
    /// whose probabilities do not sum to 1 within `sumTolerance` is an error naming its line,
    /// unless `renormalise` (then they are divided by their sum).
    public static func read(path: String, renormalise: Bool = false) throws(EvaluationError) -> Predictions {
        try parse(try CSVTable.text(path: path), path: path, renormalise: renormalise)
    }

    /// Parses predictions CSV `text`; `path` names the source in errors.
    public static func parse(_ text: String, path: String, renormalise: Bool = false) throws(EvaluationError) -> Predictions {
        let table = try CSVTable.table(text, path: path)
        let rows = try FieldReader.rows(of: table, path: path, required: requiredColumns) { (reader) throws(EvaluationError) -> PredictionRow in
            try reader.row(renormalise: renormalise)
        }
        return try Predictions(rows: rows.map(\.row))
    }

    // MARK: writing

    /// The table as CSV text (header plus one line per row, `\n` line endings). Probabilities are
    /// written as the shortest text that reads back to the same Double, so write→read round-trips.
    public func csv() -> String {
        StudyInputs.csv(columns: Self.columns, rows: rows.map {
            ($0.studyID, $0.patientID, $0.fold, $0.label, $0.probabilities, $0.inputs)
        })
    }

    /// Writes the table atomically to `path`.
    public func write(to path: String) throws(EvaluationError) {
        try OutputFile.write(csv(), to: path)
    }
}

/// The optional columns every predictions table shares: how the inputs reached the model, and the
/// acquisition facts the shortcut audit uses.
public struct StudyInputs: Sendable, Equatable, Codable {
    /// The columns, in the order written.
    public static let columns = ["t1ce_state", "flair_state", "prob_map", "scanner", "slice_thickness"]
    public var t1ceState: InputState
    public var flairState: InputState
    /// Whether the tumour probability map was an input.
    public var probabilityMapUsed: Bool
    /// Scanner (manufacturer/model) if known.
    public var scanner: String?
    /// Slice thickness in mm if known.
    public var sliceThickness: Double?

    public init(t1ceState: InputState = .real, flairState: InputState = .real, probabilityMapUsed: Bool = false,
                scanner: String? = nil, sliceThickness: Double? = nil) {
        self.t1ceState = t1ceState; self.flairState = flairState; self.probabilityMapUsed = probabilityMapUsed
        self.scanner = scanner; self.sliceThickness = sliceThickness
    }

    /// A predictions table as CSV text: `columns`, then per study its identity, its probabilities
    /// (shortest text that reads back to the same Double) and its inputs.
    static func csv(columns: [String],
                    rows: [(study: String, patient: String, fold: Int, label: PrimarySite, probabilities: [Double],
                            inputs: StudyInputs)]) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for row in rows {
            let fields = [row.study, row.patient, String(row.fold), row.label.rawValue]
                + row.probabilities.map { "\($0)" } + row.inputs.fields
            out += fields.map(CSVTable.escape).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The fields in `columns` order, as written.
    var fields: [String] {
        [t1ceState.rawValue, flairState.rawValue, probabilityMapUsed ? "1" : "0", scanner ?? "",
         sliceThickness.map { "\($0)" } ?? ""]
    }
}

/// Reads the typed fields of one record, naming file, line and column in every error.
struct FieldReader {
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

    /// One typed row per record of `table`, after checking that the header has every `required`
    /// column (matched case-insensitively), that every record has as many fields as the header,
    /// and that no study appears twice; each row comes with its study id.
    static func rows<Row>(of table: CSVTable, path: String, required: [String],
                          read: (FieldReader) throws(EvaluationError) -> Row) throws(EvaluationError) -> [(row: Row, studyID: String)] {
        var position: [String: Int] = [:]
        for (i, name) in table.header.enumerated() where position[name.lowercased()] == nil {
            position[name.lowercased()] = i
        }
        for name in required where position[name] == nil {
            throw .missingColumn(path: path, column: name)
        }
        guard !table.records.isEmpty else { throw .emptyTable(path: path) }
        var rows: [(row: Row, studyID: String)] = []
        rows.reserveCapacity(table.records.count)
        var seen = Set<String>()
        for record in table.records {
            guard record.fields.count == table.header.count else {
                throw .wrongFieldCount(path: path, line: record.line, expected: table.header.count,
                                       found: record.fields.count)
            }
            let reader = FieldReader(path: path, line: record.line, fields: record.fields, position: position)
            let row = try read(reader)
            let study = try reader.required("study_id")
            guard seen.insert(study).inserted else {
                throw .duplicateStudy(path: path, line: record.line, studyID: study)
            }
            rows.append((row, study))
        }
        return rows
    }

    /// A five-class predictions row; its probabilities must sum to 1 (see `Predictions.read`).
    func row(renormalise: Bool) throws(EvaluationError) -> PredictionRow {
        let id = try identity()
        var probabilities: [Double] = []
        for site in PrimarySite.allCases { probabilities.append(try probability(site.probabilityColumn)) }
        let sum = probabilities.reduce(0, +)
        let tolerance = Predictions.sumTolerance
            + PrimarySite.allCases.reduce(0) { $0 + Self.roundingError(raw($1.probabilityColumn) ?? "") }
        if abs(sum - 1) > tolerance {
            guard renormalise, sum > 0 else {
                throw .probabilitiesDoNotSumToOne(path: path, line: line, studyID: id.study, sum: sum, tolerance: tolerance)
            }
            probabilities = probabilities.map { $0 / sum }
        }
        let inputs = try self.inputs()
        return PredictionRow(studyID: id.study, patientID: id.patient, fold: id.fold, label: id.label,
                             probabilities: probabilities, t1ceState: inputs.t1ceState,
                             flairState: inputs.flairState, probabilityMapUsed: inputs.probabilityMapUsed,
                             scanner: inputs.scanner, sliceThickness: inputs.sliceThickness)
    }

    /// The study, its patient, its test fold and its five-class label.
    func identity() throws(EvaluationError) -> (study: String, patient: String, fold: Int, label: PrimarySite) {
        let study = try required("study_id")
        let patient = try required("patient_id")
        let foldText = try required("fold")
        guard let fold = Int(foldText) else {
            throw .invalidValue(path: path, line: line, column: "fold", value: foldText, expected: "an integer")
        }
        let labelText = try required("label")
        guard let label = PrimarySite(rawValue: labelText.lowercased()) else {
            throw .invalidValue(path: path, line: line, column: "label", value: labelText,
                                expected: "one of \(LabelError.known)")
        }
        return (study, patient, fold, label)
    }

    /// The most a number written as `text` may differ from the value it was rounded from: half a
    /// unit in its last decimal place (0.005 for "0.42"); 0 for exponent notation and for whole
    /// numbers such as "0" and "1", which are exact. A table written
    /// with few decimals is held to the sum its rounding allows, not to 1 ± 0.001.
    static func roundingError(_ text: String) -> Double {
        guard !text.contains(where: { $0 == "e" || $0 == "E" }),
              let decimals = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first?.count,
              decimals > 0, decimals < 17 else { return 0 }
        return 0.5 * pow(10, -Double(decimals))
    }

    /// A probability column: a number in [0, 1].
    func probability(_ column: String) throws(EvaluationError) -> Double {
        let text = try required(column)
        guard let p = Double(text), p.isFinite, p >= 0, p <= 1 else {
            throw .invalidValue(path: path, line: line, column: column, value: text,
                                expected: "a probability in [0, 1]")
        }
        return p
    }

    /// The optional `StudyInputs` columns (real/real/0 and unknown acquisition when absent).
    func inputs() throws(EvaluationError) -> StudyInputs {
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
        return StudyInputs(t1ceState: try state("t1ce_state"), flairState: try state("flair_state"),
                           probabilityMapUsed: mapUsed, scanner: scanner, sliceThickness: thickness)
    }

    private func state(_ column: String) throws(EvaluationError) -> InputState {
        let text = raw(column) ?? ""
        if text.isEmpty { return .real }
        guard let state = InputState(rawValue: text.lowercased()) else {
            throw .invalidValue(path: path, line: line, column: column, value: text,
                                expected: "real, synthetic or missing")
        }
        return state
    }
}
