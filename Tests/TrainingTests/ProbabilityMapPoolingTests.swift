import Foundation
import MedicalIO
import Testing
@testable import Training

/// The tumour probability map reaches the classifier grid by max-pooling, so a lesion smaller
/// than one classifier voxel keeps its peak value instead of being averaged away.
@Suite struct ProbabilityMapPoolingTests {
    @Test func blockMaxKeepsTheLargestValueOfEachBlockClamped() {
        // A 4×2×2 volume (x fastest) pooled by (2, 2, 2) into 2×1×1.
        var v = [Float](repeating: 0, count: 16)
        v[1] = 0.3
        v[4 * 2 + 2] = 0.9  // x = 2, y = 0, z = 1 → second output voxel
        v[4 * 3 + 3] = 1.7  // out of range: clamped to 1
        let out = Preprocessor.blockMax(v, fine: GridSize(4, 2, 2), factors: (2, 2, 2))
        #expect(out == [0.3, 1])
    }

    @Test func factorsCoverEverySourceVoxel() {
        let f = Preprocessor.poolingFactors(source: Spacing(2, 2, 4), target: Spacing(5.12, 5.12, 9.6))
        #expect(f.0 == 3 && f.1 == 3 && f.2 == 3)
        let same = Preprocessor.poolingFactors(source: Spacing(5, 5, 5), target: Spacing(5, 5, 5))
        #expect(same.0 == 1 && same.1 == 1 && same.2 == 1)
    }

    @Test func aOneVoxelLesionSurvivesMaxPoolingButNotLinearResampling() throws {
        // A 2 mm map with one lesion voxel; the classifier grid is 8 mm.
        let g = ImageGeometry(size: GridSize(16, 16, 16), spacing: Spacing(2, 2, 2), origin: Point3(0, 0, 0), direction: .identity)
        var voxels = [Float](repeating: 0, count: 16 * 16 * 16)
        voxels[(7 * 16 + 9) * 16 + 5] = 1
        let map = try ImageVolume(geometry: g, voxels: voxels)
        let folder = NSTemporaryDirectory() + "metorigin-maxpool-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/map.nii"
        try NIfTI.write(map, to: path)
        let pre = Preprocessor(size: GridSize(4, 4, 4), spacing: Spacing(8, 8, 8), cacheFolder: nil)
        let centre = Preprocessor.centre(of: g)
        let pooled = try pre.probabilityMap(path: path, centre: centre)
        #expect(pooled.voxels.max() == 1)
        #expect(pooled.voxels.filter { $0 > 0 }.count == 1)
        let linear = try Resampler.resample(map, onto: pre.grid(centredAt: centre), interpolation: .linear)
        #expect((linear.voxels.max() ?? 0) < 0.5)
    }
}
