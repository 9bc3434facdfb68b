import Foundation
import Testing
@testable import Evaluation
import Vocabulary

@Suite struct ReportTests {
    /// Built once: a report with bootstrap and audit takes a moment in an unoptimised test build.
    static let shared = Result { try makeReport(ablate: true) }

    func report() throws -> EvaluationReport { try Self.shared.get() }

    static func makeReport(ablate: Bool) throws -> EvaluationReport {
        let a = try Fixture.predictions("reference_a.csv")
        let b = try Fixture.predictions("reference_b.csv")
        let options = EvaluationOptions(seed: 3, resamples: 200,
                                        crossValidationDesign: "5-fold, grouped by patient (test fixture)",
                                        referenceName: "With Prob", ablations: ablate ? [("Without Prob", b)] : [],
                                        source: "reference_a.csv")
        return try EvaluationReport(predictions: a, options: options)
    }

    @Test func jsonIsCompleteAndDeterministic() throws {
        let r = try report()
        let json = try r.json()
        #expect(json == (try Self.makeReport(ablate: true).json()))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in ["design", "methods", "perClassAUC", "macroAUC", "confusionMatrix", "topK", "calibration",
                    "pairwise", "ablations", "shortcutAudit", "rocCurves", "notes"] {
            #expect(object[key] != nil, "metrics.json lacks \(key)")
        }
        // Every interval names its method.
        #expect(json.contains(ConfidenceInterval.Method.deLong.rawValue))
        #expect(json.contains(ConfidenceInterval.Method.patientBootstrap.rawValue))
        let reference = try Fixture.reference().object("a", "macro")
        #expect(close(r.macroAUC.auc, reference.double("auc")))
    }

    @Test func htmlIsSelfContainedWithTheTables() throws {
        let html = try report().html()
        for needle in ["Table 4", "Table 5", "Table 6", "Shortcut audit", "<svg", "grouped by patient (test fixture)",
                       "95 % CI (DeLong)", "95 % CI (patient bootstrap)", "Without Prob", "Renal merged into Other"] {
            #expect(html.contains(needle), "report.html lacks \(needle)")
        }
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        #expect(!html.contains("https://"))
        // Five figures: confusion, ROC, top-k, ablation ROC, reliability.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 5)
    }

    @Test func flaggedAuditShowsAWarning() throws {
        // Acquisition encodes the class; the model is uninformative.
        let rows = (0..<60).map { i -> PredictionRow in
            let site = PrimarySite(index: i % 5) ?? .lung
            return PredictionRow(studyID: "s\(i)", patientID: "p\(i)", fold: i % 3, label: site,
                                 probabilities: [0.2, 0.2, 0.2, 0.2, 0.2], scanner: "scanner-\(site.rawValue)")
        }
        let r = try EvaluationReport(predictions: try Predictions(rows: rows), options: EvaluationOptions(resamples: 20))
        #expect(r.shortcutAudit.flagged)
        #expect(r.html().contains("class=\"warning\""))
        #expect(r.textSummary().contains("WARNING"))
    }

    @Test func textSummaryHasTable4Rows() throws {
        let text = try Self.makeReport(ablate: false).textSummary()
        for name in ["Lung", "Breast", "Melanoma", "Renal", "Other", "Overall (macro)", "CI (DeLong)", "CI (bootstrap)"] {
            #expect(text.contains(name))
        }
        #expect(!text.contains("Configuration"))
    }

    @Test func writesAllFilesAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("eval-report-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let written = try report().write(to: dir + "/nested")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir + "/nested"))
        #expect(names == Set(written.map { URL(fileURLWithPath: $0).lastPathComponent }))
        #expect(names.isSuperset(of: ["metrics.json", "report.html", "fig7a_confusion.svg", "fig7b_roc.svg",
                                      "fig7c_topk.svg", "fig7d_ablation_roc.svg", "reliability.svg"]))
    }

    @Test func svgTextIsEscaped() {
        var svg = SVGDocument(width: 10, height: 10)
        svg.text("a < b & \"c\"", x: 0, y: 0)
        #expect(svg.text.contains("a &lt; b &amp; &quot;c&quot;"))
    }
}

@Suite struct ReportEdgeCaseTests {
    @Test func missingClassesAndTinyTables() throws {
        // Three studies, no Renal or Other: AUCs of absent classes and the macro are undefined,
        // and every output still renders.
        let rows = [
            PredictionRow(studyID: "a", patientID: "1", fold: 0, label: .lung, probabilities: [0.6, 0.1, 0.1, 0.1, 0.1]),
            PredictionRow(studyID: "b", patientID: "1", fold: 0, label: .breast, probabilities: [0.2, 0.5, 0.1, 0.1, 0.1]),
            PredictionRow(studyID: "c", patientID: "2", fold: 1, label: .melanoma, probabilities: [0.2, 0.2, 0.4, 0.1, 0.1]),
        ]
        let report = try EvaluationReport(predictions: try Predictions(rows: rows), options: EvaluationOptions(resamples: 50))
        #expect(report.perClassAUC[0].auc == 1)
        #expect(report.perClassAUC[3].auc == nil && report.macroAUC.auc == nil)
        #expect(report.perClassAUC[0].deLong == nil)  // one positive: DeLong undefined
        #expect(report.notes.contains { $0.contains("Renal, Other") })
        #expect(!report.html().isEmpty && !report.textSummary().isEmpty)
        _ = try report.json()
    }

    @Test func metricsJSONDecodesBack() throws {
        let predictions = try Fixture.predictions("reference_a.csv")
        let report = try EvaluationReport(predictions: predictions, options: EvaluationOptions(resamples: 20))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity",
                                                                        negativeInfinity: "-Infinity", nan: "NaN")
        let back = try decoder.decode(EvaluationReport.self, from: Data(try report.json().utf8))
        #expect(try back.json() == (try report.json()))
    }

    /// Supplied ceilings sit beside the model's macro AUC in every output; absent ones leave no trace.
    @Test func ceilingsAppearInTextHTMLAndJSON() throws {
        let predictions = try Fixture.predictions("reference_a.csv")
        var options = EvaluationOptions(resamples: 0)
        options.ceilings = [ReferenceCeiling(name: "Oracle, test", macroAUC: 0.8765, method: "constructed")]
        let report = try EvaluationReport(predictions: predictions, options: options)
        #expect(report.textSummary().contains("Ceiling — Oracle, test: macro AUC 0.877 (model "))
        #expect(report.html().contains("Ceilings — what this cohort allows"))
        #expect(report.html().contains("0.877"))
        let back = try JSONDecoder().decode(EvaluationReport.self, from: Data(try report.json().utf8))
        #expect(back.ceilings == options.ceilings)
        let plain = try EvaluationReport(predictions: predictions, options: EvaluationOptions(resamples: 0))
        #expect(plain.ceilings == nil)
        #expect(!plain.textSummary().contains("Ceiling") && !plain.html().contains("Ceilings"))
    }
}

@Suite struct ReportNotesTests {
    @Test func unnormalisedProbabilitiesAreNoted() throws {
        let rows = (0..<10).map { i in
            PredictionRow(studyID: "s\(i)", patientID: "p\(i)", fold: i % 2, label: i % 2 == 0 ? .lung : .breast,
                          probabilities: i == 3 ? [0.9, 0.9, 0, 0, 0] : [0.5, 0.5, 0, 0, 0])
        }
        let report = try EvaluationReport(predictions: try Predictions(rows: rows), options: EvaluationOptions(resamples: 0))
        #expect(report.notes.contains { $0.hasPrefix("For 1 study the five probabilities do not sum to 1") })
    }
}
