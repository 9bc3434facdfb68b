import Evaluation
import Foundation
import Statistics
import Testing
import Training
@testable import Pipeline
import Vocabulary

/// Table 6 inside the cross-validation: the pair's studies and labels, its folds (the five-class
/// folds restricted to the pair, patients still grouped), and a tiny end-to-end run.
@Suite struct BinaryCrossValidationTests {
    /// 40 patients over the five classes, every third with two studies.
    static func samples() -> [ClassificationSample] {
        var out: [ClassificationSample] = []
        for p in 0..<40 {
            let label = [0, 0, 1, 2, 3, 4, 0, 2][p % 8]
            for s in 0..<(p % 3 == 0 ? 2 : 1) {
                out.append(ClassificationSample(studyID: "s\(p)-\(s)", patientID: "p\(p)", site: PrimarySite.allCases[label], scanner: "A",
                                                t1ce: [0], flair: nil, probability: nil, t1ceState: .real,
                                                flairState: .missing))
            }
        }
        return out
    }

    @Test func pairSelectionMergesRenalIntoOther() throws {
        let all = Self.samples()
        let task = try #require(BinaryTask(.lung, .other))
        let (samples, inPair) = BinaryCrossValidation.relabelled(all, for: task)
        for i in all.indices {
            switch all[i].label {
            case 0: #expect(inPair[i] && samples[i].label == 0)
            case 3, 4: #expect(inPair[i] && samples[i].label == 1)   // Renal and Other
            default: #expect(!inPair[i])
            }
        }
    }

    @Test func foldsRestrictedToAPairKeepPatientsGrouped() throws {
        let all = Self.samples()
        let items = all.map { FoldItem(studyID: $0.studyID, patientID: $0.patientID, label: $0.label) }
        let plan = try FoldPlan(items: items, folds: 4, seed: 2)
        for task in BinaryTask.all {
            let (_, inPair) = BinaryCrossValidation.relabelled(all, for: task)
            var foldOfPatient: [String: Int] = [:]
            var tested = Set<Int>()
            for f in 0..<plan.foldCount {
                let test = plan.test(fold: f).filter { inPair[$0] }
                let train = Set(plan.training(fold: f).filter { inPair[$0] })
                let validation = Set(plan.validation(fold: f).filter { inPair[$0] })
                let testPatients = Set(test.map { all[$0].patientID })
                #expect(train.allSatisfy { !testPatients.contains(all[$0].patientID) }, "\(task) fold \(f)")
                #expect(validation.allSatisfy { !testPatients.contains(all[$0].patientID) && !train.contains($0) })
                for i in test {
                    if let g = foldOfPatient[all[i].patientID] { #expect(g == f, "\(task): patient in two folds") }
                    foldOfPatient[all[i].patientID] = f
                    tested.insert(i)
                }
            }
            // Every study of the pair is tested exactly once, and nothing else is.
            #expect(tested == Set(all.indices.filter { inPair[$0] }), "\(task)")
        }
    }

    /// The 30-patient phantom cohort of the five-class end-to-end test, one epoch, no ablations,
    /// with the binary tasks; two folds keep it to 7 × 2 one-epoch trainings.
    @Test func tinyBinaryCrossValidation() throws {
        let root = NSTemporaryDirectory() + "metorigin-binary-cv-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try CrossValidationEndToEndTests.makeCohort(at: root + "/cohort", seed: 6)
        var options = CrossValidationEndToEndTests.tinyOptions()
        options.folds = 2
        options.ablations = false
        options.binary = true
        let out = root + "/cv"
        let result = try CrossValidation.run(manifestPath: root + "/cohort/manifest.csv", outputFolder: out,
                                             options: options, log: { _ in })
        let five = try Predictions.read(path: out + "/predictions.csv")
        let tables = try BinaryPredictions.readFolder(out + "/binary")
        #expect(!tables.isEmpty)
        for table in tables {
            // Exactly the pair's studies, each in the fold the five-class model tested it in.
            let expected = five.rows.filter { table.task.classIndex(of: $0.label) != nil }
            #expect(Set(table.rows.map(\.studyID)) == Set(expected.map(\.studyID)), "\(table.task)")
            let foldOf = Dictionary(uniqueKeysWithValues: five.rows.map { ($0.studyID, $0.fold) })
            for row in table.rows {
                #expect(foldOf[row.studyID] == row.fold)
                #expect(abs(row.probabilities.reduce(0, +) - 1) < 1e-4)
            }
        }
        // metrics.json is what `metorigin evaluate --binary` recomputes from the files.
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity",
                                                                        negativeInfinity: "-Infinity", nan: "NaN")
        let written = try decoder.decode(BinaryTaskReport.self,
                                         from: try Data(contentsOf: URL(fileURLWithPath: out + "/binary/metrics.json")))
        let recomputed = try BinaryTaskReport(tables, options: EvaluationOptions(seed: options.training.seed))
        #expect(written.tasks.map(\.auc) == recomputed.tasks.map(\.auc))
        #expect(written.tasks.map(\.accuracy) == recomputed.tasks.map(\.accuracy))
        for file in ["binary/report.html", "binary/roc.svg", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "missing \(file)")
        }
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("Table 6 — binary classifiers"))
        #expect(result.summary.contains("Table 6 — binary classifiers"))
    }
}
