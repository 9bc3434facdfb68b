import Evaluation
import Foundation
import MedicalIO
import Models
import Testing
import Training
@testable import Pipeline
import Vocabulary

/// `segment evaluate` and the bench's controls: lesion-free studies are judged by their
/// false-positive volume, a model is not scored on the studies it was trained on, and controls
/// must be other patients.
@Suite struct SegmentationEvaluationTests {
    /// `count` lesion-free studies (a head, no tumour, empty masks), label none, patients C0…
    static func controls(in root: String, count: Int = 3) throws -> String {
        var csv = "patient_id,study_id,modality,path,label,contoured,rtstruct_path,scanner\n"
        for p in 0..<count {
            let g = ImageGeometry(size: GridSize(30, 30, 8), spacing: Spacing(6, 6, 6), origin: Point3(-87, -87, -21))
            var image = try ImageVolume(geometry: g, repeating: 0)
            for k in 0..<8 { for j in 0..<30 { for i in 0..<30 where (i - 15) * (i - 15) + (j - 15) * (j - 15) < 150 {
                image.voxels[image.linearIndex(i, j, k)] = 100 + Float((i * 5 + j * 3 + k + p) % 13)
            } } }
            try NIfTI.write(image, to: root + "/c\(p).nii.gz")
            try NIfTI.write(try LabelVolume(geometry: g, repeating: 0), to: root + "/c\(p)_mask.nii.gz")
            csv += "C\(p),C\(p)-S1,t1ce,c\(p).nii.gz,none,1,c\(p)_mask.nii.gz,x\n"
        }
        try csv.write(toFile: root + "/controls.csv", atomically: true, encoding: .utf8)
        return root + "/controls.csv"
    }

    @Test func lesionFreeStudiesCountOnlyTowardsTheFalsePositiveVolume() throws {
        let root = SegmentationPipelineTests.scratch("evaluate-controls")
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = SegmentationEvaluationRequest(modelFolder: try SegmentationPipelineTests.modelFolder(in: root),
                                                    manifestPath: try Self.controls(in: root))
        request.outputFolder = root + "/eval"
        let outcome = try SegmentationEvaluation.run(request)
        #expect(outcome.modality == "t1ce" && outcome.skippedTrainingStudies == 0)
        #expect(outcome.summary.studiesWithoutLesions == 3 && outcome.summary.studiesWithLesions == 0)
        #expect(outcome.summary.dice.count == 0)
        for study in outcome.studies {
            #expect(study.truthIsEmpty && study.truthVolumeML == 0)
            #expect(abs(study.falsePositiveVolumeML - study.predictedVolumeML) < 1e-9)
        }
        let fp = outcome.studies.map(\.falsePositiveVolumeML)
        let mean = try #require(outcome.summary.emptyStudyFalsePositiveVolumeML.mean)
        #expect(abs(mean - fp.reduce(0, +) / 3) < 1e-9)
        #expect(outcome.summary.emptyStudiesWithFalsePositives == outcome.studies.filter { $0.falsePositives > 0 }.count)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: try #require(outcome.metricsPath))))
        #expect(((json as? [String: Any])?["studies"] as? [Any])?.count == 3)
    }

    @Test func theTrainingStudiesOfTheModelAreLeftOutOfItsOwnManifest() throws {
        let root = SegmentationPipelineTests.scratch("evaluate-split")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manifestPath = try SegmentationPipelineTests.manifest(in: root)
        var train = SegmentationTrainingRequest(manifestPath: manifestPath, modality: "t1ce", architecture: .unet, preset: "demo",
                                                outputFolder: root + "/model")
        train.network = SegmentationPipelineTests.network
        train.grid = SegmentationPipelineTests.grid
        train.options = SegmentationPipelineTests.options(slicesPerEpoch: 4, epochs: 1)
        let trained = try SegmentationTrainingJob.run(train)

        var request = SegmentationEvaluationRequest(modelFolder: root + "/model", manifestPath: manifestPath)
        let held = try SegmentationEvaluation.run(request)
        #expect(held.skippedTrainingStudies == trained.trainingStudies)
        #expect(held.studies.count == trained.validationStudies)
        #expect(held.metricsPath == nil)
        request.includeTrainingStudies = true
        #expect(try SegmentationEvaluation.run(request).studies.count == trained.trainingStudies + trained.validationStudies)
    }

    @Test func benchControlsMustBeOtherPatientsAndContoured() throws {
        let root = SegmentationPipelineTests.scratch("bench-controls")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manifest = try Manifest.read(path: try SegmentationPipelineTests.manifest(in: root))
        #expect(throws: SegmentationJobError.self) { try SegmentationBench.readControls(manifest.path, beside: manifest) }
        let controls = try #require(try SegmentationBench.readControls(try Self.controls(in: root), beside: manifest))
        #expect(controls.rows.allSatisfy { $0.isLesionFree })
        #expect(try SegmentationBench.readControls(nil, beside: manifest) == nil)
    }
}
