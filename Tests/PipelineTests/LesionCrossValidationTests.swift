import Evaluation
import Foundation
import MedicalIO
import Pipeline
import Testing
import Training
import Vocabulary

/// The lesion-level model's cross-validation end to end on a tiny phantom cohort: lesions from a
/// probability-map index and from the truth label maps, three folds, one epoch.
@Suite struct LesionCrossValidationTests {
    static func tinyOptions(_ instances: LesionCrossValidationOptions.Instances) -> LesionCrossValidationOptions {
        var o = LesionCrossValidationOptions(instances: instances)
        o.folds = 3
        o.training.maxEpochs = 1
        o.training.seed = 5
        o.training.crop.size = 8
        o.training.crop.spacingMM = 3
        o.training.crop.maxLesions = 4
        o.training.network.stemWidth = 4
        o.training.network.blockWidths = [8]
        o.training.network.groups = 2
        o.training.network.embeddingWidth = 8
        o.training.network.attentionWidth = 4
        o.training.network.hiddenWidth = 8
        o.threads = 2
        return o
    }

    @Test func mapsAndTruthInstancesGiveGroupedPredictionsAndALesionTable() throws {
        let root = NSTemporaryDirectory() + "metorigin-lesion-cv-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try CrossValidationEndToEndTests.makeCohort(at: root + "/cohort", seed: 8, patients: 24)
        let manifestPath = root + "/cohort/manifest.csv"
        let manifest = try Manifest.read(path: manifestPath)
        // Probability maps for all studies but the first: its truth tumour mask, T1 CE where acquired.
        try CrossValidationEndToEndTests.writeTruthMaps(
            for: manifest.studies.dropFirst().map { ($0, $0.realRow("t1ce") ?? $0.realRows[0]) }, to: root + "/maps")

        let out = root + "/cv-maps"
        let result = try LesionCrossValidation.run(manifestPath: manifestPath, outputFolder: out,
                                                   options: Self.tinyOptions(.probabilityMaps(folder: root + "/maps")), log: { _ in })
        let predictions = try Predictions.read(path: out + "/predictions.csv")
        // The study without a map is not tested; every other study is, once.
        #expect(predictions.rows.count == manifest.studies.count - 1)
        #expect(!predictions.rows.contains { $0.studyID == manifest.studies[0].studyID })
        #expect(predictions.patientGroupedFolds != nil)
        #expect(Set(predictions.rows.map(\.fold)) == [1, 2, 3])
        for row in predictions.rows { #expect(abs(row.probabilities.reduce(0, +) - 1) < 1e-4) }
        for file in ["metrics.json", "report.html", "lesions.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "missing \(file)")
        }
        #expect(result.notes.contains { $0.contains("Studies without an instance map (not tested): 1") })
        // lesions.csv: each tested study's attention weights over its cropped lesions sum to one.
        let table = try CSVTable.parse(try String(contentsOfFile: out + "/lesions.csv", encoding: .utf8), path: "lesions.csv")
        let study = table.header.firstIndex(of: "study_id")!, attention = table.header.firstIndex(of: "attention")!
        var sums: [String: Double] = [:]
        for r in table.records { sums[r.fields[study], default: 0] += Double(r.fields[attention]) ?? 0 }
        #expect(Set(sums.keys) == Set(predictions.rows.map(\.studyID)))
        let withLesions = Set(table.records.filter { $0.fields[table.header.firstIndex(of: "lesion")!] != "0" }.map { $0.fields[study] })
        #expect(!withLesions.isEmpty)
        for s in withLesions { #expect(abs(sums[s]! - 1) < 1e-3) }

        // The truth-instance reference tests every study on the same folds.
        let truthOut = root + "/cv-truth"
        _ = try LesionCrossValidation.run(manifestPath: manifestPath, outputFolder: truthOut, options: Self.tinyOptions(.truth),
                                          log: { _ in })
        let truth = try Predictions.read(path: truthOut + "/predictions.csv")
        #expect(truth.rows.count == manifest.studies.count)
        let foldOf = Dictionary(uniqueKeysWithValues: predictions.rows.map { ($0.studyID, $0.fold) })
        for row in truth.rows where foldOf[row.studyID] != nil { #expect(foldOf[row.studyID] == row.fold) }
    }
}
