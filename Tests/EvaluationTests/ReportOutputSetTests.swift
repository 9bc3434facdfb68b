import Foundation
import Testing
@testable import Evaluation

/// A report's files appear together or not at all.
@Suite struct ReportOutputSetTests {
    @Test func aFailedFileLeavesNoneOfTheSetBehind() throws {
        let dir = NSTemporaryDirectory() + "metorigin-output-set-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: EvaluationError.self) {
            try OutputFile.write([("metrics.json", "{}"), ("report.html", "<html>"), ("missing/fig.svg", "<svg/>")], into: dir)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [])

        try FileManager.default.createDirectory(atPath: dir + "/report.html", withIntermediateDirectories: true)
        #expect(throws: EvaluationError.self) {
            try OutputFile.write([("metrics.json", "{}"), ("report.html", "<html>")], into: dir)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report.html"])

        try FileManager.default.removeItem(atPath: dir + "/report.html")
        let written = try OutputFile.write([("metrics.json", "{}"), ("report.html", "<html>")], into: dir)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(written.count == 2 && names == ["metrics.json", "report.html"])
    }
}
