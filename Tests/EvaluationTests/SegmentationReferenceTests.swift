import Foundation
import MedicalIO
import Testing
@testable import Evaluation

/// Components, surfaces, HD95 and Dice of irregular blobs on an anisotropic grid against SciPy's
/// `label` (26-connectivity) and exact Euclidean distance transform
/// (`scripts/reference_segmentation.py`).
@Suite struct SegmentationReferenceTests {
    @Test func matchesSciPy() throws {
        let reference = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: try Fixture.path("segmentation_reference.json")))) as? [String: Any])
        let cases = try #require(reference["cases"] as? [[String: Any]])
        #expect(cases.count == 3)
        for c in cases {
            let name = c["name"] as? String ?? "?"
            let n = try #require(c["size"] as? [Int]), s = try #require(c["spacing"] as? [Double])
            let geometry = ImageGeometry(size: GridSize(n[0], n[1], n[2]), spacing: Spacing(s[0], s[1], s[2]))
            let truthIndices = try #require(c["truth"] as? [Int]), predictedIndices = try #require(c["prediction"] as? [Int])
            var truth = try LabelVolume(geometry: geometry, repeating: 0), prediction = truth
            for p in truthIndices { truth.voxels[p] = 1 }
            for p in predictedIndices { prediction.voxels[p] = 1 }

            #expect(ConnectedComponents(truth).count == c["truth_components"] as? Int, "\(name) truth components")
            #expect(ConnectedComponents(prediction).count == c["prediction_components"] as? Int, "\(name) predicted components")
            #expect(SurfaceDistance.surface(of: truthIndices, size: geometry.size).count == c["truth_surface_voxels"] as? Int)
            let hd95 = try #require(SurfaceDistance.hausdorff95(truthIndices, predictedIndices, size: geometry.size,
                                                                spacing: geometry.spacing))
            let want = try #require(c["hd95"] as? Double)
            #expect(abs(hd95 - want) < 1e-9, "\(name) HD95 \(hd95) vs SciPy \(want)")
            let study = try StudySegmentationMetrics(studyID: name, truth: truth, prediction: prediction)
            #expect(abs(study.caseDice - (c["dice"] as? Double ?? .nan)) < 1e-12, "\(name) Dice")
        }
    }
}
