import Testing
import Vocabulary

@Suite struct CSVTableTests {
    @Test func quotedFieldsAndLineNumbers() throws {
        let text = "\u{FEFF}a, b ,c\r\n1,\"x, \"\"y\"\"\",3\n\n\"multi\nline\",,\"\"\n4,5,6"
        let table = try CSVTable.parse(text, path: "t.csv")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.records.map(\.fields) == [["1", "x, \"y\"", "3"], ["multi\nline", "", ""], ["4", "5", "6"]])
        // Each record knows the line it starts on; the blank line is not a record.
        #expect(table.records.map(\.line) == [2, 4, 6])
    }

    @Test func malformedTextNamesFileLineAndColumn() {
        #expect(throws: CSVError.malformed(path: "t.csv", line: 2, column: 4, problem: "quote inside an unquoted field")) {
            try CSVTable.parse("a,b\n1,x\"y", path: "t.csv")
        }
        #expect(throws: CSVError.malformed(path: "t.csv", line: 2, column: 1, problem: "unterminated quoted field")) {
            try CSVTable.parse("a\n\"open", path: "t.csv")
        }
        #expect(throws: CSVError.emptyTable(path: "t.csv")) { try CSVTable.parse("", path: "t.csv") }
        #expect(throws: CSVError.self) { try CSVTable.read(path: "/nonexistent/metorigin.csv") }
    }

    @Test func writingQuotesOnlyWhatMustBeQuotedAndReadsBack() throws {
        let fields = ["plain", "with,comma", "with \"quote\"", "two\nlines", ""]
        let line = CSVTable.line(fields)
        #expect(line == "plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",")
        let table = try CSVTable.parse("h1,h2,h3,h4,h5\n" + line + "\n", path: "t.csv")
        #expect(table.records.first?.fields == fields)
    }
}
