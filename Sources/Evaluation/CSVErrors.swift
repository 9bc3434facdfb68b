import Vocabulary

extension EvaluationError {
    /// The CSV codec's error as Evaluation reports it.
    init(_ error: CSVError) {
        switch error {
        case let .cannotRead(path, reason): self = .cannotRead(path: path, reason: reason)
        case let .malformed(path, line, column, problem): self = .malformedCSV(path: path, line: line, column: column, problem: problem)
        case let .emptyTable(path): self = .emptyTable(path: path)
        }
    }
}

extension CSVTable {
    /// `readText(path:)` with Evaluation's error.
    static func text(path: String) throws(EvaluationError) -> String {
        do { return try readText(path: path) } catch { throw EvaluationError(error) }
    }

    /// `parse(_:path:)` with Evaluation's error.
    static func table(_ text: String, path: String) throws(EvaluationError) -> CSVTable {
        do { return try parse(text, path: path) } catch { throw EvaluationError(error) }
    }
}
