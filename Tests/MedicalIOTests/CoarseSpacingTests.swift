import Foundation
import MedicalIO
import Testing

/// A target spacing coarser than the whole image along an axis (1e300 mm, or 6400 for 0.64) is
/// refused naming the axis and the extent, and nothing is written.
@Suite struct CoarseSpacingTests {
    @Test func aSpacingBeyondTheImagesExtentIsRefused() throws {
        let (dir, path) = try InputHardeningTests.write(try InputHardeningTests.nifti(size: GridSize(16, 16, 8), spacing: Spacing(2, 2, 3)),
                                                        "in.nii")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for spacing in [Spacing(1e300, 1, 1), Spacing(2, 2, 30)] {
            do {
                _ = try NIfTIResampling.resampleFile(input: path, output: dir + "/out.nii.gz", spacing: spacing, interpolation: .linear)
                Issue.record("spacing \(spacing) was accepted")
            } catch {
                guard case .volume(_, .geometryMismatch(let why)) = error else { Issue.record("wrong error \(error)"); continue }
                #expect(why.contains("whole extent"), "\(why)")
                #expect(error.description.contains(path))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.nii.gz"))
        // The whole extent as one voxel is still a (coarse) grid.
        _ = try NIfTIResampling.resampleFile(input: path, output: dir + "/out.nii.gz", spacing: Spacing(32, 32, 24), interpolation: .linear)
    }
}
