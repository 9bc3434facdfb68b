import Foundation
import MedicalIO
import Testing
@testable import Training
import Vocabulary

/// A NIfTI tumour mask trains only when it lies on its image's grid and is binary, or declares
/// itself a label map; otherwise the error names the mask and shows both geometries.
@Suite struct TrainingMaskCheckTests {
    static func load(_ folder: String, mask: LabelVolume, maskFile: String = "mask.nii") throws -> Result<SegmentationStudy, SegmentationDataError> {
        let (image, _) = try SegmentationStudyLoadTests.phantom()
        try NIfTI.write(image, to: folder + "/t1ce.nii.gz")
        try NIfTI.write(mask, to: folder + "/" + maskFile)
        return try load(folder, maskFile: maskFile)
    }

    static func load(_ folder: String, maskFile: String) throws -> Result<SegmentationStudy, SegmentationDataError> {
        let row = ManifestRow(patientID: "P1", studyID: "S1", modality: "t1ce", path: folder + "/t1ce.nii.gz", label: "lung",
                              contoured: true, rtstructPath: folder + "/" + maskFile, scanner: "x", truthPath: nil, extra: [:])
        do { return .success(try SegmentationStudy.load(row, grid: SegmentationStudyLoadTests.grid, manifestPath: "m", cacheFolder: nil)) }
        catch { return .failure(error) }
    }

    @Test func aMaskOnAnotherGridIsRefusedWithBothGeometries() throws {
        let folder = SegmentationFixture.scratch("mask-grid")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var (_, mask) = try SegmentationStudyLoadTests.phantom()
        mask.geometry.origin.x += 3  // one voxel off
        guard case let .failure(error) = try Self.load(folder, mask: mask), case .maskOffGrid(let path, let m, let i) = error else {
            Issue.record("a shifted mask was accepted"); return
        }
        #expect(path == folder + "/mask.nii" && m.contains("origin (-57") && i.contains("origin (-60"))
        #expect(error.description.contains("40×40×10"))

        var (_, coarse) = try SegmentationStudyLoadTests.phantom()
        coarse.geometry.spacing = Spacing(3, 3, 6)
        guard case .failure(.maskOffGrid) = try Self.load(folder, mask: coarse) else { Issue.record("accepted"); return }
    }

    @Test func aNonBinaryMaskIsRefusedUnlessItDeclaresALabelMap() throws {
        let folder = SegmentationFixture.scratch("mask-binary")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var (_, mask) = try SegmentationStudyLoadTests.phantom()
        for i in mask.voxels.indices where mask.voxels[i] == 1 && i % 2 == 0 { mask.voxels[i] = 2 }
        guard case let .failure(error) = try Self.load(folder, mask: mask), case .maskNotBinary(_, let values) = error else {
            Issue.record("a mask with label 2 was accepted as binary"); return
        }
        #expect(values == ["2.0"] && error.description.contains("1002"))

        // The same voxels with NIFTI_INTENT_LABEL (intent_code, int16 at byte 68) train: every label is tumour.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/mask.nii"))
        bytes[68] = UInt8(1002 & 0xff)
        bytes[69] = UInt8(1002 >> 8)
        try bytes.write(to: URL(fileURLWithPath: folder + "/mask.nii"))
        let study = try Self.load(folder, maskFile: "mask.nii").get()
        #expect(study.mask.reduce(0) { $0 + Int($1) } > 0)
    }

    @Test func aBinaryMaskOnTheImageGridTrains() throws {
        let folder = SegmentationFixture.scratch("mask-ok")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, mask) = try SegmentationStudyLoadTests.phantom()
        _ = try Self.load(folder, mask: mask).get()
    }
}
