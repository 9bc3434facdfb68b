import Foundation
import Testing
@testable import Evaluation
import Vocabulary

/// Probabilities that do not sum to 1 are refused naming the line unless the caller asks for
/// renormalisation; negative and NaN probabilities are refused; a patient held out in two folds
/// is reported as leakage in the report and metrics.json.
@Suite struct PredictionsConsistencyTests {
    let header = "study_id,patient_id,fold,label,prob_lung,prob_breast,prob_melanoma,prob_renal,prob_other\n"

    @Test func rowsNotSummingToOneAreRefusedNamingTheLine() throws {
        let text = header + "S1,P1,0,lung,0.5,0.1,0.1,0.2,0.1\nS2,P2,1,breast,0.5,0.5,0.5,0.5,0.5\n"
        do {
            _ = try Predictions.parse(text, path: "p.csv")
            Issue.record("a row summing to 2.5 was accepted")
        } catch {
            guard case let .probabilitiesDoNotSumToOne(path, line, study, sum, _) = error else { Issue.record("\(error)"); return }
            #expect(path == "p.csv" && line == 3 && study == "S2" && sum == 2.5)
            #expect(error.description.hasPrefix("p.csv:3:") && error.description.contains("--renormalise"))
        }
        // Logits in [0, 1] that happen to be small: a sum of 0.5 is no closer to a distribution.
        #expect(throws: EvaluationError.self) {
            try Predictions.parse(header + "S1,P1,0,lung,0.1,0.1,0.1,0.1,0.1\n", path: "p.csv")
        }
    }

    @Test func renormaliseDividesByTheSum() throws {
        let text = header + "S1,P1,0,lung,0.5,0.5,0.5,0.25,0.25\n"
        let table = try Predictions.parse(text, path: "p.csv", renormalise: true)
        #expect(table.rows[0].probabilities == [0.25, 0.25, 0.25, 0.125, 0.125])
        #expect(throws: EvaluationError.self) {
            try Predictions.parse(header + "S1,P1,0,lung,0,0,0,0,0\n", path: "p.csv", renormalise: true)
        }
    }

    @Test func roundingToFewDecimalsIsAllowedItsError() throws {
        // Five values rounded to 2 decimals may miss 1 by up to 0.025.
        let table = try Predictions.parse(header + "S1,P1,0,lung,0.06,0.06,0.42,0.11,0.36\n", path: "p.csv")
        #expect(table.count == 1)
        #expect(throws: EvaluationError.self) {
            try Predictions.parse(header + "S1,P1,0,lung,0.100,0.100,0.400,0.200,0.230\n", path: "p.csv")
        }
    }

    @Test func negativeAndNaNProbabilitiesAreRefusedEvenWithRenormalise() {
        for bad in ["-0.1", "nan", "inf"] {
            #expect(throws: EvaluationError.self, "\(bad)") {
                try Predictions.parse(header + "S1,P1,0,lung,\(bad),0.3,0.3,0.3,0.2\n", path: "p.csv", renormalise: true)
            }
        }
    }

    @Test func aPatientInTwoFoldsIsReportedAsLeakage() throws {
        var rows: [PredictionRow] = []
        for i in 0..<20 {
            let site = PrimarySite.allCases[i % 5]
            var p = [Double](repeating: 0.1, count: 5)
            p[site.index] = 0.6
            rows.append(PredictionRow(studyID: "S\(i)", patientID: "P\(i / 2)", fold: i % 4, label: site, probabilities: p))
        }
        let table = try Predictions(rows: rows)
        #expect(table.patientsInSeveralFolds.count == 10 && table.patientGroupedFolds == nil)
        var options = EvaluationOptions()
        options.resamples = 0
        let report = try EvaluationReport(predictions: table, options: options)
        #expect(report.design.leakedPatients.count == 10)
        #expect(report.notes.first?.hasPrefix("LEAKAGE: 10 patient(s)") == true)
        #expect(report.textSummary().contains("LEAKAGE"))
        #expect(try report.json().contains("\"leakedPatients\" : [\n      \"P0\""))

        let grouped = try Predictions(rows: rows.map { var r = $0; r.fold = Int(r.patientID.dropFirst())! % 4; return r })
        let clean = try EvaluationReport(predictions: grouped, options: options)
        #expect(clean.design.leakedPatients.isEmpty && !clean.textSummary().contains("LEAKAGE"))
    }
}
