import Foundation

/// A parsed CSV file: a header and rows of string fields, each row remembering its line number.
/// RFC 4180: fields may be quoted with `"`, quotes inside are doubled, quoted fields may hold
/// commas and line breaks; `\r\n` and `\n` both end records; a UTF-8 byte-order mark is skipped.
struct CSVTable {
    struct Record {
        /// 1-based line on which the record starts (a quoted field may span lines).
        var line: Int
        var fields: [String]
    }

    var header: [String]
    var records: [Record]

    /// The UTF-8 text of the file at `path`.
    static func readText(path: String) throws(EvaluationError) -> String {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw EvaluationError.cannotRead(path: path, reason: "not UTF-8 text")
            }
            return decoded
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw .cannotRead(path: path, reason: error.localizedDescription)
        }
    }

    /// Parses `text`; `path` only names the source in errors.
    static func parse(_ text: String, path: String) throws(EvaluationError) -> CSVTable {
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
                    throw .malformedCSV(path: path, line: line, column: column,
                                        problem: "quote inside an unquoted field")
                }
                inQuotes = true; fieldWasQuoted = true; quoteLine = line; quoteColumn = column
            default:
                if afterClosingQuote {
                    throw .malformedCSV(path: path, line: line, column: column,
                                        problem: "text after a closing quote")
                }
                field.unicodeScalars.append(c)
            }
            i += 1
        }
        if inQuotes {
            throw .malformedCSV(path: path, line: quoteLine, column: quoteColumn,
                                problem: "unterminated quoted field")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        guard let first = all.first else { throw .emptyTable(path: path) }
        let header = first.fields.map { $0.trimmingSpaces() }
        return CSVTable(header: header, records: Array(all.dropFirst()))
    }

    /// One field, quoted only when it must be.
    static func escape(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (CSV written by hand often has them).
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) ?? start
        return String(scalars[start...end])
    }
}
