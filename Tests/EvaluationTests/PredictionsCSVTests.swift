import Foundation
import Testing
@testable import Evaluation

@Suite struct PredictionsCSVTests {
    let header = "study_id,patient_id,fold,label,prob_lung,prob_breast,prob_melanoma,prob_renal,prob_other"

    @Test func roundTripThroughAtomicWrite() throws {
        let rows = [
            PredictionRow(studyID: "S,1", patientID: "P \"A\"", fold: 0, label: .breast,
                          probabilities: [0.1, 0.6, 0.1, 0.1, 0.1], t1ceState: .real, flairState: .synthetic,
                          probabilityMapUsed: true, scanner: "GE, Signa", sliceThickness: 1.25),
            PredictionRow(studyID: "S2", patientID: "P2", fold: 3, label: .other,
                          probabilities: [0.2, 0.2, 0.2, 0.2, 0.2], t1ceState: .missing, flairState: .real),
            PredictionRow(studyID: "S3", patientID: "P2", fold: 3, label: .lung,
                          probabilities: [1.0 / 3, 1.0 / 3, 1.0 / 3, 0, 0]),
        ]
        let table = try Predictions(rows: rows)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("eval-csv-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("predictions.csv").path
        try table.write(to: path)
        #expect(try Predictions.read(path: path) == table)
        // No temporary left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["predictions.csv"])
    }

    @Test func quotedFieldsCRLFAndExtraColumns() throws {
        let text = "\u{FEFF}" + header + ",note\r\n"
            + "\"S1\",P1,0,Lung,0.5,0.1,0.1,0.2,0.1,\"multi\nline, with \"\"quotes\"\"\"\r\n"
            + "S2,P2,1,melanoma,0.1,0.1,0.6,0.1,0.1,\r\n\r\n"
        let table = try Predictions.parse(text, path: "mem.csv")
        #expect(table.count == 2)
        #expect(table.rows[0].label == .lung && table.rows[1].label == .melanoma)
        #expect(table.rows[0].t1ceState == .real && table.rows[0].probabilityMapUsed == false)
    }

    @Test func errorsNameFileLineAndColumn() {
        let bad = header + "\nS1,P1,0,lung,0.5,0.1,0.1,0.2,0.1\nS2,P2,x,lung,0.5,0.1,0.1,0.2,0.1\n"
        #expect(throws: EvaluationError.invalidValue(path: "f.csv", line: 3, column: "fold", value: "x",
                                                      expected: "an integer")) {
            try Predictions.parse(bad, path: "f.csv")
        }
        let label = header + "\nS1,P1,0,liver,0.5,0.1,0.1,0.2,0.1\n"
        #expect(throws: EvaluationError.self) { try Predictions.parse(label, path: "f.csv") }
        let prob = header + "\nS1,P1,0,lung,1.5,0.1,0.1,0.2,0.1\n"
        do {
            _ = try Predictions.parse(prob, path: "f.csv")
            Issue.record("accepted a probability of 1.5")
        } catch {
            #expect(error.description == "f.csv:2: column 'prob_lung' holds '1.5', expected a probability in [0, 1]")
        }
        let nan = header + "\nS1,P1,0,lung,nan,0.1,0.1,0.2,0.1\n"
        #expect(throws: EvaluationError.self) { try Predictions.parse(nan, path: "f.csv") }
    }

    @Test func structuralErrors() {
        #expect(throws: EvaluationError.missingColumn(path: "f.csv", column: "prob_other")) {
            try Predictions.parse("study_id,patient_id,fold,label,prob_lung,prob_breast,prob_melanoma,prob_renal\n",
                                  path: "f.csv")
        }
        #expect(throws: EvaluationError.emptyTable(path: "f.csv")) { try Predictions.parse(header + "\n", path: "f.csv") }
        #expect(throws: EvaluationError.emptyTable(path: "f.csv")) { try Predictions.parse("", path: "f.csv") }
        #expect(throws: EvaluationError.wrongFieldCount(path: "f.csv", line: 2, expected: 9, found: 8)) {
            try Predictions.parse(header + "\nS1,P1,0,lung,0.5,0.1,0.1,0.2\n", path: "f.csv")
        }
        #expect(throws: EvaluationError.malformedCSV(path: "f.csv", line: 2, column: 1,
                                                      problem: "unterminated quoted field")) {
            try Predictions.parse(header + "\n\"S1,P1,0,lung,0.5,0.1,0.1,0.2,0.1\n", path: "f.csv")
        }
        #expect(throws: EvaluationError.malformedCSV(path: "f.csv", line: 2, column: 5,
                                                      problem: "text after a closing quote")) {
            try Predictions.parse(header + "\n\"S1\"x,P1,0,lung,0.5,0.1,0.1,0.2,0.1\n", path: "f.csv")
        }
        #expect(throws: EvaluationError.duplicateStudy(path: "f.csv", line: 3, studyID: "S1")) {
            try Predictions.parse(header + "\nS1,P1,0,lung,0.5,0.1,0.1,0.2,0.1\nS1,P1,0,lung,0.5,0.1,0.1,0.2,0.1\n",
                                  path: "f.csv")
        }
        #expect(throws: EvaluationError.self) { try Predictions.read(path: "/nonexistent/predictions.csv") }
    }
}
