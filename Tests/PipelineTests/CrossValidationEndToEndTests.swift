import Cohort
import Evaluation
import Foundation
import MedicalIO
import Models
import Pipeline
import Testing
import Training
import Vocabulary

/// A tiny but complete cross-validation: a 30-patient synthetic cohort (phantom anatomy, coarse
/// grid), three folds, one epoch of a small classifier, and the full report.
@Suite struct CrossValidationEndToEndTests {
    /// A phantom cohort (30 patients unless told) on a 6 mm grid, balanced modality mix.
    static func makeCohort(at folder: String, seed: UInt64, patients: Int = 30) throws {
        var cohort = CohortOptions(patients: patients, seed: seed, output: folder)
        cohort.resolution = .custom(Spacing(6, 6, 6))
        cohort.mix = .balanced
        _ = try CohortGenerator.generate(cohort, atlas: TissueAtlas.phantom(spacing: 6))
    }

    /// Writes each (study, row)'s truth tumour mask (labels 1 + 2) as its probability map into
    /// `folder`, with the index `metorigin segment maps` would write: maps for wiring tests.
    static func writeTruthMaps(for rows: [(Study, ManifestRow)], to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var index = ProbabilityMapIndex()
        for (study, row) in rows {
            let truth = try NIfTI.readVolume(path: row.truthPath!)
            let map = try ImageVolume(geometry: truth.geometry, voxels: truth.voxels.map { $0 == 1 || $0 == 2 ? 1 : 0 })
            let path = folder + "/\(study.studyID)-\(row.modality).nii"
            try NIfTI.write(map, to: path)
            index.entries.append(ProbabilityMapEntry(patientID: study.patientID, studyID: study.studyID, modality: row.modality,
                                                     probabilityPath: path, imagePath: row.path, model: "truth", inputDigest: "",
                                                     tumourML: 0, maxProbability: 1))
        }
        try index.write(to: folder + "/" + ProbabilityMapIndex.fileName)
    }

    /// Three folds, one epoch of a small classifier on a coarse grid.
    static func tinyOptions() -> CrossValidationOptions {
        var options = CrossValidationOptions()
        options.folds = 3
        options.classifier = ClassifierConfig(inputSize: [12, 16, 16], spacing: [12, 12, 14], stemWidth: 4,
                                              blockWidths: [4, 4, 8, 8, 8], groups: 2, hiddenWidth: 8, dropout: 0)
        options.training.maxEpochs = 1
        options.training.seed = 5
        return options
    }

    @Test func tinyCohortCrossValidationWritesAGroupedReport() throws {
        let root = NSTemporaryDirectory() + "metorigin-cv-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.makeCohort(at: root + "/cohort", seed: 3)
        let options = Self.tinyOptions()
        let out = root + "/cv"
        let result = try CrossValidation.run(manifestPath: root + "/cohort/manifest.csv", outputFolder: out, options: options,
                                             log: { _ in })
        #expect(try resultJSONKeys(result) == ["outputFolder", "files", "summary", "notes", "seconds"])

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
        // A generated cohort's folder has latent.csv, but 30 patients are too few for its ceiling: said, not faked.
        #expect(result.notes.contains { $0.hasPrefix("Cohort ceiling not computed") && $0.contains("too few sessions") })
        #expect(!result.summary.contains("Ceiling —"))
        // The single-modality ablations ran on the same folds.
        #expect(FileManager.default.fileExists(atPath: out + "/predictions-t1ce-only.csv"))
    }

    /// With `probabilityMaps`, the full model reads each study's map through the index and the
    /// "Without probability map" ablation runs on the same folds. The maps here are the cohort's
    /// truth tumour masks (labels 1 + 2) — a wiring test, not a result.
    @Test func probabilityMapsFromAnIndexReachTheFullModel() throws {
        let root = NSTemporaryDirectory() + "metorigin-cv-maps-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.makeCohort(at: root + "/cohort", seed: 4)
        let manifest = try Manifest.read(path: root + "/cohort/manifest.csv")
        // One map per study (its first modality) is enough; the loader falls back to it.
        try Self.writeTruthMaps(for: manifest.studies.map { ($0, $0.rows[0]) }, to: root + "/maps")

        var options = Self.tinyOptions()
        options.probabilityMaps = root + "/maps"
        let out = root + "/cv"
        _ = try CrossValidation.run(manifestPath: root + "/cohort/manifest.csv", outputFolder: out, options: options, log: { _ in })

        let full = try Predictions.read(path: out + "/predictions.csv")
        #expect(full.rows.count == manifest.studies.count)
        #expect(full.rows.allSatisfy { $0.probabilityMapUsed })
        let without = try Predictions.read(path: out + "/predictions-no-prob.csv")
        #expect(without.rows.count == manifest.studies.count)
        #expect(without.rows.allSatisfy { !$0.probabilityMapUsed })
    }
}
