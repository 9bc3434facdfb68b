import Foundation
import MedicalIO
import Models
import Pipeline
import Testing
import Torch
import Training
import Vocabulary

/// The modality-transfer jobs on a tiny in-process cohort (a spherical head with a lesion per
/// patient, T1 CE axial at 6 mm, FLAIR oblique at 6 × 6 × 12 mm): training
/// writes a usable model folder, `run` returns a volume on exactly the input's grid, and bad
/// inputs fail with errors naming the file.
@Suite struct TransferPipelineTests {
    static func tinySetup() -> TransferTrainingSetup {
        var training = CycleGANTrainingOptions()
        training.maxEpochs = 1
        training.pairsPerPatient = 2
        training.sampleEvery = 1
        training.seed = 2
        return TransferTrainingSetup(network: TransferNetworkConfig(generatorWidth: 4, residualBlocks: 1, discriminatorWidth: 4, sliceSize: 32),
                                     grid: TransferGrid(sliceSize: 32, slices: 20, pixelSpacing: 8, sliceSpacing: 8),
                                     training: training, pairing: TransferDataset.sameIndex, pairingName: "same-index")
    }

    /// Writes `patients` patients with both modalities and their manifest; returns its path.
    static func writeCohort(_ root: String, patients: Int) throws -> String {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var lines = ["patient_id,study_id,modality,path,label,contoured,rtstruct_path,scanner,truth_path"]
        let angle = 0.17  // about 10°: FLAIR is acquired obliquely
        let oblique = Matrix3(columns: Point3(cos(angle), sin(angle), 0), Point3(-sin(angle), cos(angle), 0), Point3(0, 0, 1))
        for p in 0..<patients {
            let lesion = Point3(20 + Double(p) * 8, -10, 6)
            for (modality, spacing, direction, tissue, bright) in [("t1ce", Spacing(6, 6, 6), Matrix3.identity, Float(300), Float(900)),
                                                                   ("flair", Spacing(6, 6, 12), oblique, Float(500), Float(1000))] {
                let size = GridSize(32, 32, spacing.z == 6 ? 26 : 13)
                let half = Point3(Double(size.x - 1) * spacing.x, Double(size.y - 1) * spacing.y, Double(size.z - 1) * spacing.z) / 2
                var g = ImageGeometry(size: size, spacing: spacing, origin: .zero, direction: direction)
                g.origin = -(g.indexToWorldMatrix * (half / Point3(spacing.x, spacing.y, spacing.z)))
                var voxels: [Float] = [], truth: [Float] = []
                for k in 0..<size.z { for j in 0..<size.y { for i in 0..<size.x {
                    let w = g.world(atIndex: Point3(Double(i), Double(j), Double(k)))
                    let r = (w * w).sum().squareRoot(), l = ((w - lesion) * (w - lesion)).sum().squareRoot()
                    voxels.append(r > 75 ? 0 : (l < 12 ? bright : tissue))
                    truth.append(r <= 75 && l < 12 ? 1 : 0)   // an enhancing lesion, bright on both
                } } }
                let path = "\(root)/P\(p)-\(modality).nii.gz", truthPath = "\(root)/P\(p)-\(modality)-labels.nii.gz"
                try NIfTI.write(try ImageVolume(geometry: g, voxels: voxels), to: path)
                try NIfTI.write(try ImageVolume(geometry: g, voxels: truth), to: truthPath)
                lines.append("P\(p),P\(p)-S1,\(modality),\(path),lung,0,,s,\(truthPath)")
            }
        }
        let manifest = root + "/manifest.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        return manifest
    }

    @Test func trainThenRunGivesAVolumeOnTheInputGrid() throws {
        let root = NSTemporaryDirectory() + "metorigin-transfer-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manifestPath = try Self.writeCohort(root, patients: 3)
        let model = root + "/model"
        let result = try TransferTraining.run(manifestPath: manifestPath, outputFolder: model, setup: Self.tinySetup(), resume: false)
        #expect(result.trainingPatients >= 1 && result.validationPatients >= 1)
        #expect(result.epochs.count == 1)
        #expect(try resultJSONKeys(result) == ["trainingPatients", "validationPatients", "pairs", "epochs", "seconds"])

        let bundle = try TransferModelBundle(folder: model)
        #expect(bundle.info.split.validation.count == result.validationPatients)
        let manifest = try Manifest.read(path: manifestPath)
        let row = try #require(manifest.rows.first { $0.modality == "flair" })
        let source = try ImageLoader.load(path: row.path)
        let synthetic = try ModalityTransfer.synthesise(source, to: .t1ce, bundle: bundle, path: row.path)
        #expect(synthetic.geometry == source.geometry)
        #expect(synthetic.voxels.allSatisfy { $0.isFinite })
        #expect(synthetic.voxels.contains { $0 > 0 })
        // The same through the command's entry point, which writes the image.
        let run = try TransferRun.run(modelFolder: model, imagePath: row.path, target: .t1ce, output: root + "/synthetic.nii.gz")
        #expect(try NIfTI.readVolume(path: run.output).geometry.isAligned(with: source.geometry, tolerance: 1e-3))
        #expect(try resultJSONKeys(run) == ["output", "target", "size", "spacing", "seconds"])

        // Bench on the held-out patient: metrics.json in its documented layout, and the figure.
        let bench = try TransferBench.run(manifestPath: manifestPath, modelFolder: model, outputFolder: root + "/bench")
        #expect(bench.patients == bundle.info.split.validation)
        #expect(try resultJSONKeys(bench) == ["metrics", "lesionDice", "lesionDiceAnyLabel", "lesionPatients", "lesionReferences",
                                              "patients", "seconds"])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/bench/metrics.json"))) as? [String: [String: [String: Double]]]
        #expect(Set(json?.keys ?? [:].keys) == ["cyclegan", "baseline"])
        #expect(Set(json?["baseline"]?.keys ?? [:].keys) == ["t1ce_to_flair", "flair_to_t1ce"])
        #expect(Set(json?["cyclegan"]?["t1ce_to_flair"]?.keys ?? [:].keys) == ["mae", "psnr", "ssim", "nmi"])
        #expect(FileManager.default.fileExists(atPath: root + "/bench/figure5.png"))
        // The lesion check and its references, on the truth labels: the truth reference (T1 CE
        // targets only) finds the enhancing lesion.
        #expect(Set(bench.lesionDice.keys) == ["cyclegan", "baseline"])
        #expect(Set(bench.lesionReferences.keys) == Set(LesionAgreement.Reference.allCases.map(\.rawValue)))
        #expect((bench.lesionReferences["truth"]?["flair_to_t1ce"] ?? 0) > 0.5)
        #expect(bench.lesionReferences["truth"]?["t1ce_to_flair"] == nil)
        for direction in ["t1ce_to_flair", "flair_to_t1ce"] {
            #expect((0...1).contains(bench.lesionReferences["source"]?[direction] ?? -1))
        }
        let lesions = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/bench/lesions.json"))) as? [String: Any]
        #expect(lesions?["references"] != nil && lesions?["referenceDefinitions"] != nil)

        // External validation: every patient with both modalities, in manifest order; the
        // baseline needs the model's training patients in the training manifest.
        let paired = TransferDataset.pairedStudies(manifest).map(\.patientID)
        #expect(paired.count > bundle.info.split.validation.count)
        let external = try TransferBench.run(manifestPath: manifestPath, modelFolder: model, outputFolder: root + "/external",
                                             trainingManifestPath: manifestPath, maxPatients: 2)
        #expect(external.patients == Array(paired.prefix(2)))
        #expect(throws: TransferJobError.self) {
            try TransferBench.run(manifestPath: manifestPath, modelFolder: model, outputFolder: root + "/external", maxPatients: 0)
        }
        let validationOnly = root + "/validation-only.csv"
        let kept = try String(contentsOfFile: manifestPath, encoding: .utf8).split(separator: "\n").enumerated()
            .filter { $0.offset == 0 || bundle.info.split.validation.contains(String($0.element.prefix { $0 != "," })) }
        try (kept.map(\.element).joined(separator: "\n") + "\n").write(toFile: validationOnly, atomically: true, encoding: .utf8)
        #expect(throws: TransferJobError.self) {
            try TransferBench.run(manifestPath: manifestPath, modelFolder: model, outputFolder: root + "/external",
                                  trainingManifestPath: validationOnly)
        }

        // Fill: a single-modality study gains a synthetic row; a second run reads the cache.
        var lines = try String(contentsOfFile: manifestPath, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.removeAll { $0.hasPrefix("P0,P0-S1,flair") }
        try (lines.joined(separator: "\n") + "\n").write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let fill = try TransferFill.run(manifestPath: manifestPath, modelFolder: model, outputFolder: root + "/fill")
        #expect(fill.synthesised == 1 && fill.cached == 0)
        #expect(try resultJSONKeys(fill) == ["synthesised", "cached", "manifestPath", "seconds"])
        let filled = try Manifest.read(path: fill.manifestPath)
        let syntheticRow = try #require(filled.rows.first { $0.studyID == "P0-S1" && $0.modality == "flair" })
        #expect(syntheticRow.synthetic && syntheticRow.extra["synthetic"] == nil)
        #expect(filled.rows.filter { !$0.synthetic }.count == lines.count - 1)
        let written = try ImageLoader.load(path: syntheticRow.path)
        let t1 = try ImageLoader.load(path: try #require(filled.rows.first { $0.studyID == "P0-S1" && $0.modality == "t1ce" }).path)
        #expect(written.geometry.isAligned(with: t1.geometry))
        #expect(try TransferFill.run(manifestPath: manifestPath, modelFolder: model, outputFolder: root + "/fill").cached == 1)

        // Filling the filled manifest into a new folder: nothing is missing, the copy keeps the
        // synthetic row and the header's columns in order.
        let again = try TransferFill.run(manifestPath: fill.manifestPath, modelFolder: model, outputFolder: root + "/refill")
        #expect(again.synthesised == 0 && again.cached == 0)
        let refilled = try Manifest.read(path: again.manifestPath)
        #expect(refilled.rows.filter(\.synthetic).map(\.studyID) == ["P0-S1"])
        #expect(refilled.columns == filled.columns)
    }

    @Test func badInputsNameTheFile() throws {
        let root = NSTemporaryDirectory() + "metorigin-transfer-bad-\(getpid())"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A folder that is not a model.
        let noModel = #expect(throws: TransferDataError.self) { try TransferModelBundle(folder: root) }
        #expect(noModel?.description.contains(root + "/transfer.json") == true)
        // A manifest without patients having both modalities.
        let manifest = root + "/manifest.csv"
        try """
        patient_id,study_id,modality,path,label,contoured,rtstruct_path,scanner
        P1,P1-S1,t1ce,p1.nii.gz,lung,0,,s
        """.write(toFile: manifest, atomically: true, encoding: .utf8)
        let few = #expect(throws: TransferJobError.self) {
            try TransferTraining.run(manifestPath: manifest, outputFolder: root + "/out", setup: Self.tinySetup(), resume: false)
        }
        #expect(few?.description.contains(manifest) == true)
        // A study whose image is missing.
        try """
        patient_id,study_id,modality,path,label,contoured,rtstruct_path,scanner
        P1,P1-S1,t1ce,missing-t1.nii.gz,lung,0,,s
        P1,P1-S1,flair,missing-fl.nii.gz,lung,0,,s
        P2,P2-S1,t1ce,missing-t1b.nii.gz,lung,0,,s
        P2,P2-S1,flair,missing-flb.nii.gz,lung,0,,s
        """.write(toFile: manifest, atomically: true, encoding: .utf8)
        let missing = #expect(throws: TransferJobError.self) {
            try TransferTraining.run(manifestPath: manifest, outputFolder: root + "/out", setup: Self.tinySetup(), resume: false)
        }
        #expect(missing?.description.contains("missing-t1") == true, "\(String(describing: missing))")
    }
}
