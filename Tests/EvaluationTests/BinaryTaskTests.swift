import Foundation
import Testing
@testable import Evaluation
import Vocabulary

/// Table 6's binary tasks: the merged classes, the six pairs, the per-pair predictions file and
/// its statistics.
@Suite struct BinaryTaskTests {
    @Test func renalIsMergedIntoOther() {
        #expect(MergedSite.of(.renal) == .other)
        #expect(MergedSite.of(.other) == .other)
        #expect(MergedSite.of(.lung) == .lung && MergedSite.of(.breast) == .breast && MergedSite.of(.melanoma) == .melanoma)
        #expect(MergedSite.other.members == [.renal, .other])
        // Every five-class label lands in exactly one merged class.
        for site in PrimarySite.allCases {
            #expect(MergedSite.allCases.filter { $0.members.contains(site) } == [MergedSite.of(site)])
        }
    }

    @Test func theSixPairsInTable6Order() throws {
        #expect(BinaryTask.all.map(\.slug) == ["lung-vs-breast", "lung-vs-melanoma", "lung-vs-other",
                                               "breast-vs-melanoma", "breast-vs-other", "melanoma-vs-other"])
        for task in BinaryTask.all { #expect(BinaryTask(slug: task.slug) == task) }
        #expect(BinaryTask(.other, .lung) == BinaryTask(.lung, .other))
        #expect(BinaryTask(.lung, .lung) == nil)
        #expect(BinaryTask(slug: "other-vs-lung") == nil)
        let lungOther = try #require(BinaryTask(.lung, .other))
        #expect(lungOther.classIndex(of: .lung) == 0)
        #expect(lungOther.classIndex(of: .renal) == 1 && lungOther.classIndex(of: .other) == 1)
        #expect(lungOther.classIndex(of: .breast) == nil)
        #expect(BinaryTask(.lung, .breast)!.classIndex(of: .renal) == nil)
    }

    /// Positives (Lung) score 0.9, 0.8, 0.4; negatives (Breast) 0.7, 0.3, 0.2. AUC = 8/9; the
    /// DeLong placements are (1, 1, 2/3) and (2/3, 1, 1), each with sample variance 1/27, so
    /// Var = 1/27/3 + 1/27/3 = 2/81. At P ≥ 0.5: TP 2, FN 1, TN 2, FP 1.
    static func knownCase() throws -> BinaryPredictions {
        let lung = [0.9, 0.8, 0.4], breast = [0.7, 0.3, 0.2]
        var rows: [BinaryPredictionRow] = []
        for (k, p) in lung.enumerated() {
            rows.append(BinaryPredictionRow(studyID: "L\(k)", patientID: "PL\(k)", fold: k + 1, label: .lung,
                                            probabilities: [p, 1 - p]))
        }
        for (k, p) in breast.enumerated() {
            rows.append(BinaryPredictionRow(studyID: "B\(k)", patientID: "PB\(k)", fold: k + 1, label: .breast,
                                            probabilities: [p, 1 - p]))
        }
        return try BinaryPredictions(task: BinaryTask(.lung, .breast)!, rows: rows)
    }

    @Test func metricsOfAKnownCase() throws {
        let m = BinaryTaskMetrics(try Self.knownCase(), resamples: 200, seed: 3)
        #expect(abs(try #require(m.auc.auc) - 8.0 / 9) < 1e-12)
        #expect(abs(try #require(m.auc.deLongStandardError) - 2.0.squareRoot() / 9) < 1e-12)
        let ci = try #require(m.auc.deLong)
        #expect(abs(ci.lower - (8.0 / 9 - 1.959963984540054 * 2.0.squareRoot() / 9)) < 1e-9)
        #expect(ci.upper == 1)
        #expect((m.truePositives, m.falseNegatives, m.trueNegatives, m.falsePositives) == (2, 1, 2, 1))
        #expect(m.accuracy == 4.0 / 6 && m.sensitivity == 2.0 / 3 && m.specificity == 2.0 / 3)
        #expect(m.auc.positives == 3 && m.auc.negatives == 3 && m.patients == 6 && m.folds == 3)
        // The patient bootstrap is seeded: the same seed gives the same interval.
        let again = BinaryTaskMetrics(try Self.knownCase(), resamples: 200, seed: 3)
        #expect(again.auc.bootstrap == m.auc.bootstrap)
        #expect((m.auc.bootstrap?.validResamples ?? 0) > 100)
    }

    /// A five-class table holding the same P(Lung) and P(Breast) = 1 − P(Lung) gives the same
    /// AUC and DeLong error through the derived pairwise route.
    @Test func agreesWithTheDerivedPairwiseAUC() throws {
        let binary = try Self.knownCase()
        let five = try Predictions(rows: binary.rows.map { r in
            PredictionRow(studyID: r.studyID, patientID: r.patientID, fold: r.fold, label: r.label,
                          probabilities: [r.probabilities[0], r.probabilities[1], 0, 0, 0])
        })
        let derived = try #require(PairwiseAUCs(five, bootstrap: nil).summary(.lung, .breast))
        let trained = BinaryTaskMetrics(binary, resamples: 0, seed: 0).auc
        #expect(derived.auc == trained.auc)
        #expect(abs((derived.deLongStandardError ?? 0) - (trained.deLongStandardError ?? 1)) < 1e-12)
    }

    @Test func csvRoundTripAndTaskFromTheHeader() throws {
        var rows = try Self.knownCase().rows
        rows[0].inputs.scanner = "GE, Signa"
        rows[1].inputs.flairState = .missing
        let table = try BinaryPredictions(task: BinaryTask(.lung, .breast)!, rows: rows)
        let dir = NSTemporaryDirectory() + "binary-csv-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try table.write(to: dir + "/" + BinaryPredictions.fileName(table.task))
        #expect(try BinaryPredictions.read(path: dir + "/predictions-lung-vs-breast.csv") == table)
        let folder = try BinaryPredictions.readFolder(dir)
        #expect(folder.map(\.task) == [table.task])
        // Renal studies belong to the Other task's second class.
        let other = try BinaryPredictions.parse("study_id,patient_id,fold,label,prob_melanoma,prob_other\n"
            + "S1,P1,1,renal,0.3,0.7\nS2,P2,2,melanoma,0.6,0.4\n", path: "m.csv")
        #expect(other.task == BinaryTask(.melanoma, .other) && other.positive == [false, true])
    }

    @Test func badBinaryFilesNameTheProblem() {
        let header = "study_id,patient_id,fold,label,prob_lung,prob_breast\n"
        #expect(throws: EvaluationError.invalidValue(path: "b.csv", line: 3, column: "label", value: "melanoma",
                                                     expected: "a class of the Lung vs Breast task")) {
            try BinaryPredictions.parse(header + "S1,P1,1,lung,0.5,0.5\nS2,P2,1,melanoma,0.5,0.5\n", path: "b.csv")
        }
        #expect(throws: EvaluationError.self) {
            try BinaryPredictions.parse("study_id,patient_id,fold,label,prob_lung,prob_renal\nS1,P1,1,lung,0.5,0.5\n",
                                        path: "r.csv")
        }
        #expect(throws: EvaluationError.self) {
            try BinaryPredictions.parse(header.replacingOccurrences(of: ",prob_breast", with: "") + "S1,P1,1,lung,0.5\n",
                                        path: "one.csv")
        }
        #expect(throws: EvaluationError.invalidValue(path: "p.csv", line: 2, column: "prob_breast", value: "1.5",
                                                     expected: "a probability in [0, 1]")) {
            try BinaryPredictions.parse(header + "S1,P1,1,lung,0.5,1.5\n", path: "p.csv")
        }
    }

    @Test func reportHasTable6LayoutAndAllTasks() throws {
        let report = try BinaryTaskReport([try Self.knownCase()], options: EvaluationOptions(resamples: 50))
        let text = report.textSummary()
        #expect(text.contains("Breast") && text.contains("Melanoma") && text.contains("0.889"))
        #expect(report.notes.contains { $0.hasPrefix("No predictions for Lung vs Melanoma") })
        let html = report.html()
        #expect(html.contains("Table 6") && html.contains("0.889"))
        let decoded = try JSONDecoder().decode(BinaryTaskReport.self, from: Data(try report.json().utf8))
        #expect(decoded.tasks.first?.auc == report.tasks.first?.auc)
        #expect(throws: EvaluationError.self) {
            try BinaryTaskReport([try Self.knownCase(), try Self.knownCase()])
        }
    }
}
