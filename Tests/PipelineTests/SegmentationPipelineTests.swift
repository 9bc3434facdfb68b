import Foundation
import MedicalIO
import Models
import Pipeline
import Testing
import Torch
import Training
import Vocabulary

/// Segmentation end to end at toy size: a model directory, inference on a DICOM series back on
/// that series' own grid, training from a manifest, and cached probability maps.
@Suite struct SegmentationPipelineTests {
    /// A two-level U-Net: the real network code, small enough for a debug build.
    static let network = SegmentationNetworkConfig(widths: [4, 8], groups: 2, transformerDepth: 1, transformerHeads: 2,
                                                   transformerFeedForward: 8, transformerDropout: 0, sliceSize: 32)
    static let grid = SegmentationGrid(inPlaneSize: 32, inPlaneSpacing: 8)

    /// The demo protocol shrunk to a handful of slices per epoch.
    static func options(slicesPerEpoch: Int, epochs: Int) -> SegmentationTrainingOptions {
        var options = SegmentationTrainingOptions.demo
        options.slicesPerEpoch = slicesPerEpoch
        options.batchSize = 4
        options.maxEpochs = epochs
        return options
    }

    static func scratch(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "metorigin-seg-pipeline/\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// An untrained model directory (random weights are enough to check geometry).
    static func modelFolder(in root: String) throws -> String {
        let net = try makeSegmentationNetwork(.unet, config: network, generator: Generator(seed: 2))
        let info = SegmentationModelInfo(architecture: .unet, network: network, modality: "t1ce", grid: grid)
        try SegmentationModel(info: info, network: net).save(to: root + "/model")
        return root + "/model"
    }

    @Test func inferenceOnAnObliqueDicomSeriesGivesAMapOnThatSeriesGrid() throws {
        let root = Self.scratch("dicom")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // 40 × 36 × 12 at 5 × 5 × 6 mm, rotated 20° about z and tilted 10° about x.
        let (c, s) = (cos(20 * Double.pi / 180), sin(20 * Double.pi / 180))
        let (ct, st) = (cos(10 * Double.pi / 180), sin(10 * Double.pi / 180))
        let rz = Matrix3(columns: Point3(c, s, 0), Point3(-s, c, 0), Point3(0, 0, 1))
        let rx = Matrix3(columns: Point3(1, 0, 0), Point3(0, ct, st), Point3(0, -st, ct))
        let g = ImageGeometry(size: GridSize(40, 36, 12), spacing: Spacing(5, 5, 6), origin: Point3(-90, -80, -30), direction: rz * rx)
        var volume = try ImageVolume(geometry: g, repeating: 0)
        for k in 0..<12 { for j in 0..<36 { for i in 0..<40 {
            let r2 = (i - 20) * (i - 20) + (j - 18) * (j - 18)
            volume.voxels[volume.linearIndex(i, j, k)] = r2 < 200 ? Float(400 + (i * 7 + j * 3 + k) % 50) : 0
        } } }
        _ = try DicomSeriesWriter.write(volume, to: root + "/series")
        let series = try ImageLoader.load(path: root + "/series").geometry

        let model = try Self.modelFolder(in: root)
        let outcome = try SegmentationInferenceJob.run(modelFolder: model, imagePath: root + "/series",
                                                       probabilityOutput: root + "/out/prob.nii.gz", maskOutput: root + "/out/mask.nii.gz")
        #expect(try resultJSONKeys(outcome) == ["size", "spacing", "tumourVoxels", "tumourML", "maxProbability", "seconds"])
        let probability = try NIfTI.readVolume(path: root + "/out/prob.nii.gz")
        let mask = try NIfTI.read(path: root + "/out/mask.nii.gz")
        for written in [probability.geometry, outcome.geometry] {
            #expect(written.size == series.size)
            #expect(written.isAligned(with: series, tolerance: 1e-3), "\(written) vs \(series)")
        }
        #expect(mask.header.dim[1] == 40 && mask.header.dim[2] == 36 && mask.header.dim[3] == 12)
        #expect(probability.voxels.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(probability.voxels.contains { $0 > 0 })

        // The directory reads back into the same predictions.
        let loaded = try SegmentationModel.load(from: model)
        let again = try loaded.predict(ImageLoader.load(path: root + "/series"), path: root + "/series")
        #expect(again.probability.voxels == probability.voxels)
    }

    @Test func missingModelOrImageOrWrongModalityAreTypedErrorsNamingTheFile() throws {
        let root = Self.scratch("bad")
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect {
            try SegmentationInferenceJob.run(modelFolder: root + "/nothing", imagePath: root + "/x.nii.gz", probabilityOutput: root + "/p.nii.gz")
        } throws: { error in
            guard let e = error as? SegmentationJobError, case .model(.unreadable(let path, _)) = e else { return false }
            return path == root + "/nothing/model.json" && e.description.contains(path)
        }
        let model = try Self.modelFolder(in: root)
        #expect {
            try SegmentationInferenceJob.run(modelFolder: model, imagePath: root + "/x.nii.gz", probabilityOutput: root + "/p.nii.gz")
        } throws: { error in
            guard let e = error as? SegmentationJobError, case .source(let inner) = e else { return false }
            return inner.path == root + "/x.nii.gz" && e.description.contains(root + "/x.nii.gz")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/p.nii.gz"))

        // A FLAIR series given to a T1 CE model.
        var flair = try ImageVolume(geometry: ImageGeometry(size: GridSize(8, 8, 4), spacing: Spacing(4, 4, 4)), repeating: 0)
        flair.voxels[0] = 100
        var options = DicomSeriesWriterOptions()
        options.seriesDescription = "AX T2 FLAIR"
        _ = try DicomSeriesWriter.write(flair, to: root + "/flair", options: options)
        #expect {
            try SegmentationInferenceJob.run(modelFolder: model, imagePath: root + "/flair", probabilityOutput: root + "/p.nii.gz")
        } throws: { error in
            guard let e = error as? SegmentationJobError, case .modalityMismatch(let path, "t1ce", "flair", _) = e else { return false }
            return path == root + "/flair" && e.description.contains(path)
        }
        _ = try SegmentationInferenceJob.run(modelFolder: model, imagePath: root + "/flair", probabilityOutput: root + "/p.nii.gz",
                                             anyModality: true)
        #expect(FileManager.default.fileExists(atPath: root + "/p.nii.gz"))
    }

    /// Five patients, one T1 CE study each at 6 mm with a bright blob; four contoured (binary
    /// NIfTI masks), one not. Returns the manifest's path.
    static func manifest(in root: String) throws -> String {
        var csv = "patient_id,study_id,modality,path,label,contoured,rtstruct_path,scanner\n"
        for p in 0..<5 {
            let g = ImageGeometry(size: GridSize(30, 30, 8), spacing: Spacing(6, 6, 6), origin: Point3(-87, -87, -21 + Double(p)))
            var image = try ImageVolume(geometry: g, repeating: 0)
            var mask = try LabelVolume(geometry: g, repeating: 0)
            for k in 0..<8 { for j in 0..<30 { for i in 0..<30 {
                let head = (i - 15) * (i - 15) + (j - 15) * (j - 15) < 150
                let tumour = (10 + p..<14 + p).contains(i) && (12..<16).contains(j) && (3..<6).contains(k)
                image.voxels[image.linearIndex(i, j, k)] = (head ? 100 : 0) + (tumour ? 150 : 0) + Float((i * 13 + j * 7 + k * 3 + p) % 11)
                if tumour { mask.voxels[mask.linearIndex(i, j, k)] = 1 }
            } } }
            try NIfTI.write(image, to: root + "/p\(p).nii.gz")
            try NIfTI.write(mask, to: root + "/p\(p)_mask.nii.gz")
            csv += "P\(p),P\(p)-S1,t1ce,p\(p).nii.gz,lung,\(p < 4 ? 1 : 0),\(p < 4 ? "p\(p)_mask.nii.gz" : ""),x\n"
        }
        try csv.write(toFile: root + "/manifest.csv", atomically: true, encoding: .utf8)
        return root + "/manifest.csv"
    }

    @Test func trainsFromAManifestAndMakesCachedMapsForEveryStudy() throws {
        let root = Self.scratch("train")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manifestPath = try Self.manifest(in: root)
        let manifest = try Manifest.read(path: manifestPath)
        let contoured = manifest.rows.filter { $0.modality == "t1ce" && $0.contoured }

        var request = SegmentationTrainingRequest(manifestPath: manifestPath, modality: "t1ce", architecture: .unet, preset: "demo",
                                                  outputFolder: root + "/model")
        request.network = Self.network
        request.grid = Self.grid
        request.options = Self.options(slicesPerEpoch: 8, epochs: 2)
        request.seed = 3
        var lines: [String] = []
        let trained = try SegmentationTrainingJob.run(request, onEvent: { e in
            if case .epochFinished(let s) = e { lines.append("\(s.epoch) \(s.trainLoss)") }
        })
        #expect(lines.count == 2 && trained.result.epochs == 2)
        #expect(try resultJSONKeys(trained) == ["modelFolder", "result", "trainingStudies", "validationStudies", "trainingSlices",
                                                "lesionSlices", "parameters", "seconds"])
        #expect(trained.trainingStudies + trained.validationStudies == contoured.count)
        for file in ["model.json", "weights.safetensors", "split.json", "history.csv", "checkpoints/last.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: root + "/model/" + file), "missing \(file)")
        }
        let info = try SegmentationModel.load(from: root + "/model").info
        #expect(info.modality == "t1ce" && info.grid == Self.grid && info.training?.result.epochs == 2)
        #expect(info.training?.validationStudies.count == trained.validationStudies)

        let first = try ProbabilityMaps.run(modelFolder: root + "/model", manifestPath: manifestPath, outputFolder: root + "/maps")
        let t1 = manifest.rows.filter { $0.modality == "t1ce" }
        #expect(first.computed == t1.count && first.cached == 0 && first.failures.isEmpty)
        #expect(try resultJSONKeys(first) == ["indexPath", "computed", "cached", "failures", "seconds"])
        let index = try ProbabilityMapIndex.read(path: first.indexPath)
        #expect(Set(index.entries.map(\.studyID)) == Set(t1.map(\.studyID)))
        let row = t1[0]
        let map = try NIfTI.readVolume(path: try #require(index.entry(studyID: row.studyID, modality: "t1ce")).probabilityPath)
        #expect(map.geometry.isAligned(with: try ImageLoader.load(path: row.path).geometry, tolerance: 1e-3))
        let second = try ProbabilityMaps.run(modelFolder: root + "/model", manifestPath: manifestPath, outputFolder: root + "/maps")
        #expect(second.computed == 0 && second.cached == t1.count)
    }
}
