import Foundation

/// A parsed CSV file: a header and rows of string fields, each row remembering its line number.
/// The one CSV codec of MetOrigin (manifests, predictions tables, cohort tables), RFC 4180: fields
/// may be quoted with `"`, quotes inside are doubled, quoted fields may hold commas and line
/// breaks; `\r\n` and `\n` both end records; a UTF-8 byte-order mark is skipped; blank lines are
/// not records. Writing quotes a field only when it must (`escape`, `line`).
public struct CSVTable: Sendable {
    /// One record of the file.
    public struct Record: Sendable {
        /// 1-based line on which the record starts (a quoted field may span lines).
        public var line: Int
        public var fields: [String]
    }

    /// The first record's fields, without surrounding spaces and tabs.
    public var header: [String]
    /// Every record after the header.
    public var records: [Record]

    /// The UTF-8 text of the file at `path`.
    public static func readText(path: String) throws(CSVError) -> String {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .cannotRead(path: path, reason: error.localizedDescription)
        }
        guard let decoded = String(data: data, encoding: .utf8) else {
            throw .cannotRead(path: path, reason: "not UTF-8 text")
        }
        return decoded
    }

    /// Reads and parses the file at `path`.
    public static func read(path: String) throws(CSVError) -> CSVTable {
        try parse(try readText(path: path), path: path)
    }

    /// Parses `text`; `path` only names the source in errors.
    public static func parse(_ text: String, path: String) throws(CSVError) -> CSVTable {
        var all: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var afterClosingQuote = false
        var line = 1
        var column = 0
        var recordLine = 1
        // Where the open quoted field began, for the unterminated-quote error.
        var quoteLine = 0, quoteColumn = 0
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var i = 0
        func endRecord() {
            fields.append(field)
            // A blank line is not a record (common at the end of files).
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                all.append(Record(line: recordLine, fields: fields))
            }
            fields = []; field = ""; fieldWasQuoted = false; afterClosingQuote = false
        }
        while i < scalars.count {
            let c = scalars[i]
            column += 1
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.unicodeScalars.append("\""); i += 2; column += 1; continue
                    }
                    inQuotes = false; afterClosingQuote = true
                } else {
                    if c == "\n" { line += 1; column = 0 }
                    field.unicodeScalars.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case ",":
                fields.append(field); field = ""; fieldWasQuoted = false; afterClosingQuote = false
            case "\r":
                // Part of a \r\n line ending; a lone \r also ends the record.
                if i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                endRecord(); line += 1; column = 0; recordLine = line
            case "\n":
                endRecord(); line += 1; column = 0; recordLine = line
            case "\"":
                guard field.isEmpty, !fieldWasQuoted else {
                    throw .malformed(path: path, line: line, column: column,
                                        problem: "quote inside an unquoted field")
                }
                inQuotes = true; fieldWasQuoted = true; quoteLine = line; quoteColumn = column
            default:
                if afterClosingQuote {
                    throw .malformed(path: path, line: line, column: column,
                                        problem: "text after a closing quote")
                }
                field.unicodeScalars.append(c)
            }
            i += 1
        }
        if inQuotes {
            throw .malformed(path: path, line: quoteLine, column: quoteColumn,
                                problem: "unterminated quoted field")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        guard let first = all.first else { throw .emptyTable(path: path) }
        let header = first.fields.map { $0.trimmingSpaces() }
        return CSVTable(header: header, records: Array(all.dropFirst()))
    }

    /// One field, quoted only when it must be.
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record as a line of text, without the line break.
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",")
    }
}

/// Why a CSV file cannot be read; names the file and, where it applies, the line and column.
public enum CSVError: Error, Equatable, CustomStringConvertible {
    /// The file is missing, unreadable or not UTF-8.
    case cannotRead(path: String, reason: String)
    /// The text breaks RFC 4180 at `line`:`column` (1-based).
    case malformed(path: String, line: Int, column: Int, problem: String)
    /// No record at all, not even a header.
    case emptyTable(path: String)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason): "cannot read \(path): \(reason)"
        case let .malformed(path, line, column, problem): "\(path):\(line):\(column): malformed CSV: \(problem)"
        case let .emptyTable(path): "\(path): the table has no rows"
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (CSV written by hand often has them).
    public func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) ?? start
        return String(scalars[start...end])
    }
}
