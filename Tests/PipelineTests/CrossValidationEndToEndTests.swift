import Cohort
import Evaluation
import Foundation
import MedicalIO
import Models
import Pipeline
import Testing
import Training

/// A tiny but complete cross-validation: a 30-patient synthetic cohort (phantom anatomy, coarse
/// grid), three folds, one epoch of a small classifier, and the full report.
@Suite struct CrossValidationEndToEndTests {
    @Test func tinyCohortCrossValidationWritesAGroupedReport() throws {
        let root = NSTemporaryDirectory() + "metorigin-cv-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        var cohort = CohortOptions(patients: 30, seed: 3, output: root + "/cohort")
        cohort.resolution = .custom(Spacing(6, 6, 6))
        cohort.mix = .balanced
        _ = try CohortGenerator.generate(cohort, atlas: TissueAtlas.phantom(spacing: 6))

        var options = CrossValidationOptions()
        options.folds = 3
        options.classifier = ClassifierConfig(inputSize: [12, 16, 16], spacing: [12, 12, 14], stemWidth: 4,
                                              blockWidths: [4, 4, 8, 8, 8], groups: 2, hiddenWidth: 8, dropout: 0)
        options.training.maxEpochs = 1
        options.training.seed = 5
        let out = root + "/cv"
        let result = try CrossValidation.run(manifestPath: root + "/cohort/manifest.csv", outputFolder: out, options: options,
                                             log: { _ in })

        let predictions = try Predictions.read(path: out + "/predictions.csv")
        let manifest = try Manifest.read(path: root + "/cohort/manifest.csv")
        #expect(predictions.rows.count == manifest.studies.count)
        // No patient is tested in two folds.
        var foldOfPatient: [String: Int] = [:]
        for row in predictions.rows {
            if let f = foldOfPatient[row.patientID] { #expect(f == row.fold) }
            foldOfPatient[row.patientID] = row.fold
            #expect(abs(row.probabilities.reduce(0, +) - 1) < 1e-4)
        }
        #expect(Set(predictions.rows.map(\.fold)) == [1, 2, 3])
        for file in ["metrics.json", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "missing \(file)")
        }
        #expect(result.summary.contains("Lung"))
        // The single-modality ablations ran on the same folds.
        #expect(FileManager.default.fileExists(atPath: out + "/predictions-t1ce-only.csv"))
    }
}
