/// Why reading, validating, evaluating or writing failed. Every description names the file (when
/// there is one) and the problem, with line and column for table errors.
public enum EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened or read.
    case cannotRead(path: String, reason: String)
    /// The file is not well-formed CSV (e.g. an unterminated quote) at `line`, `column` (1-based).
    case malformedCSV(path: String, line: Int, column: Int, problem: String)
    /// A required column is absent from the header.
    case missingColumn(path: String, column: String)
    /// A field holds a value that is not allowed (`column` is the header name).
    case invalidValue(path: String, line: Int, column: String, value: String, expected: String)
    /// A row has a different number of fields than the header.
    case wrongFieldCount(path: String, line: Int, expected: Int, found: Int)
    /// The same study appears twice.
    case duplicateStudy(path: String, line: Int, studyID: String)
    /// A row's class probabilities sum to `sum`, more than `tolerance` away from 1.
    case probabilitiesDoNotSumToOne(path: String, line: Int, studyID: String, sum: Double, tolerance: Double)
    /// The table has a header but no rows.
    case emptyTable(path: String)
    /// The inputs do not allow the requested computation (names what is wrong).
    case invalidInput(String)
    /// The output could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason):
            "cannot read \(path): \(reason)"
        case let .malformedCSV(path, line, column, problem):
            "\(path):\(line):\(column): malformed CSV: \(problem)"
        case let .missingColumn(path, column):
            "\(path): required column '\(column)' is missing from the header"
        case let .invalidValue(path, line, column, value, expected):
            "\(path):\(line): column '\(column)' holds '\(value)', expected \(expected)"
        case let .wrongFieldCount(path, line, expected, found):
            "\(path):\(line): \(found) fields, but the header has \(expected)"
        case let .duplicateStudy(path, line, studyID):
            "\(path):\(line): study '\(studyID)' appears more than once"
        case let .probabilitiesDoNotSumToOne(path, line, studyID, sum, tolerance):
            "\(path):\(line): the probabilities of study '\(studyID)' sum to \(sum), not 1 (±\(Format.fixed(tolerance, 4))); "
                + "pass --renormalise to divide them by their sum"
        case let .emptyTable(path):
            "\(path): the table has no rows"
        case let .invalidInput(what):
            "invalid input: \(what)"
        case let .cannotWrite(path, reason):
            "cannot write \(path): \(reason)"
        }
    }
}
