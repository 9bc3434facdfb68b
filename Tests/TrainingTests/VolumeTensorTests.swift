import MedicalIO
import Testing
import Torch
import Training

@Suite struct VolumeTensorTests {
    @Test func volumeBecomesAZYXTensorWithTheSameValues() throws {
        let g = ImageGeometry(size: GridSize(4, 3, 2), spacing: Spacing(1, 1, 2))
        let volume = try ImageVolume(geometry: g, voxels: (0..<24).map(Float.init))
        let t = try volume.tensor()
        #expect(t.shape == [1, 1, 2, 3, 4])
        #expect(try t.toArray(Float.self) == (0..<24).map(Float.init))
        // Voxel (i=3, j=1, k=1) is element [0, 0, 1, 1, 3].
        #expect(try t[0][0][1][1][3].scalar == Double(3 + 4 * (1 + 3 * 1)))
    }
}
