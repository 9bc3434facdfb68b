import Foundation
import Vocabulary

/// One study's out-of-fold prediction by a binary classifier of Table 6.
public struct BinaryPredictionRow: Sendable, Equatable, Codable {
    public var studyID: String
    public var patientID: String
    /// The cross-validation fold in which this study was held out.
    public var fold: Int
    /// The study's five-class label (a Renal study stays `renal`; the task merges it into Other).
    public var label: PrimarySite
    /// P(task.first), P(task.second).
    public var probabilities: [Double]
    /// How the inputs reached the model, and acquisition facts.
    public var inputs: StudyInputs

    public init(studyID: String, patientID: String, fold: Int, label: PrimarySite, probabilities: [Double],
                inputs: StudyInputs = StudyInputs()) {
        self.studyID = studyID; self.patientID = patientID; self.fold = fold; self.label = label
        self.probabilities = probabilities; self.inputs = inputs
    }
}

/// The out-of-fold predictions of one binary task (`binary/predictions-<a>-vs-<b>.csv`): one row
/// per study of the two classes. The file has the five-class table's columns except that the
/// probabilities are the pair's two (`prob_lung`, `prob_other`, …; `prob_other` is the merged
/// Other), so the task is read from the header.
public struct BinaryPredictions: Sendable, Equatable {
    public let task: BinaryTask
    public let rows: [BinaryPredictionRow]

    /// Validates `rows`: at least one, unique study ids, every label in the pair, two finite
    /// probabilities in [0, 1] each.
    public init(task: BinaryTask, rows: [BinaryPredictionRow]) throws(EvaluationError) {
        guard !rows.isEmpty else { throw .invalidInput("the \(task) predictions need at least one row") }
        var seen = Set<String>()
        for (n, row) in rows.enumerated() {
            guard seen.insert(row.studyID).inserted else {
                throw .invalidInput("\(task): study '\(row.studyID)' appears more than once (row \(n + 1))")
            }
            guard task.classIndex(of: row.label) != nil else {
                throw .invalidInput("\(task): study '\(row.studyID)' is labelled \(row.label.rawValue), outside the pair")
            }
            guard row.probabilities.count == 2 else {
                throw .invalidInput("\(task): study '\(row.studyID)' has \(row.probabilities.count) probabilities, expected 2")
            }
            for p in row.probabilities where !(p.isFinite && p >= 0 && p <= 1) {
                throw .invalidInput("\(task): study '\(row.studyID)' has probability \(p), expected a number in [0, 1]")
            }
        }
        self.task = task
        self.rows = rows
    }

    /// The file name the cross-validation writes: `predictions-lung-vs-breast.csv`.
    public static func fileName(_ task: BinaryTask) -> String { "predictions-\(task.slug).csv" }

    /// The columns written for `task`, in order.
    public static func columns(_ task: BinaryTask) -> [String] {
        ["study_id", "patient_id", "fold", "label"] + task.classes.map(\.probabilityColumn) + StudyInputs.columns
    }

    public var count: Int { rows.count }
    /// Whether each study belongs to `task.first` (the positive class).
    public var positive: [Bool] { rows.map { task.classIndex(of: $0.label) == 0 } }
    /// P(first) of each study: the score of AUC.
    public var scores: [Double] { rows.map { $0.probabilities[0] } }
    public var patientCount: Int { Set(rows.map(\.patientID)).count }

    // MARK: reading

    /// Reads a binary predictions CSV; the task is the pair of `prob_*` class columns present.
    public static func read(path: String) throws(EvaluationError) -> BinaryPredictions {
        try parse(try CSVTable.text(path: path), path: path)
    }

    /// Reads every `predictions-<a>-vs-<b>.csv` in `folder` (as `metorigin cv --binary` writes
    /// them into `binary/`), in Table 6's order. A file whose columns name a different pair than
    /// its name is an error.
    public static func readFolder(_ folder: String) throws(EvaluationError) -> [BinaryPredictions] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw .cannotRead(path: folder, reason: error.localizedDescription)
        }
        var tables: [BinaryPredictions] = []
        for task in BinaryTask.all where names.contains(fileName(task)) {
            let path = folder + "/" + fileName(task)
            let table = try read(path: path)
            guard table.task == task else {
                throw .invalidInput("\(path): the columns are those of \(table.task), not \(task)")
            }
            tables.append(table)
        }
        guard !tables.isEmpty else {
            throw .cannotRead(path: folder, reason: "no predictions-<a>-vs-<b>.csv file of a binary task in it")
        }
        return tables
    }

    /// Parses binary predictions CSV `text`; `path` names the source in errors.
    public static func parse(_ text: String, path: String) throws(EvaluationError) -> BinaryPredictions {
        let table = try CSVTable.table(text, path: path)
        let header = Set(table.header.map { $0.lowercased() })
        if header.contains(PrimarySite.renal.probabilityColumn) {
            throw .invalidInput("\(path): has a prob_renal column; a binary predictions file has the two probability "
                + "columns of its pair among prob_lung, prob_breast, prob_melanoma, prob_other (Renal is merged into Other)")
        }
        let present = MergedSite.allCases.filter { header.contains($0.probabilityColumn) }
        guard present.count == 2, let task = BinaryTask(present[0], present[1]) else {
            throw .invalidInput("\(path): a binary predictions file has exactly two of prob_lung, prob_breast, "
                + "prob_melanoma, prob_other; found \(present.map(\.probabilityColumn))")
        }
        let rows = try FieldReader.rows(of: table, path: path, required: Array(columns(task).prefix(6))) {
            (reader) throws(EvaluationError) -> BinaryPredictionRow in
            let id = try reader.identity()
            guard task.classIndex(of: id.label) != nil else {
                throw .invalidValue(path: reader.path, line: reader.line, column: "label", value: id.label.rawValue,
                                    expected: "a class of the \(task) task")
            }
            let probabilities = try task.classes.map { (site) throws(EvaluationError) -> Double in
                try reader.probability(site.probabilityColumn)
            }
            return BinaryPredictionRow(studyID: id.study, patientID: id.patient, fold: id.fold, label: id.label,
                                       probabilities: probabilities, inputs: try reader.inputs())
        }
        return try BinaryPredictions(task: task, rows: rows.map(\.row))
    }

    // MARK: writing

    /// The table as CSV text; probabilities round-trip exactly, as in `Predictions.csv()`.
    public func csv() -> String {
        StudyInputs.csv(columns: Self.columns(task), rows: rows.map {
            ($0.studyID, $0.patientID, $0.fold, $0.label, $0.probabilities, $0.inputs)
        })
    }

    /// Writes the table atomically to `path`.
    public func write(to path: String) throws(EvaluationError) { try OutputFile.write(csv(), to: path) }
}
