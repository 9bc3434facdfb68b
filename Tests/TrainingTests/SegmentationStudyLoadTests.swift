import Foundation
import MedicalIO
import Statistics
import Testing
@testable import Training
import Vocabulary

/// Contoured studies read from files: NIfTI image + NIfTI mask through a manifest, the cache,
/// and the typed errors for bad inputs.
@Suite struct SegmentationStudyLoadTests {
    /// A 40 × 40 × 10 image at 3 mm with a bright 4-voxel cube, and the cube's mask.
    static func phantom() throws -> (ImageVolume, LabelVolume) {
        let g = ImageGeometry(size: GridSize(40, 40, 10), spacing: Spacing(3, 3, 3), origin: Point3(-60, -60, -15))
        var image = try ImageVolume(geometry: g, repeating: 0)
        var mask = try LabelVolume(geometry: g, repeating: 0)
        var rng = SplitMix64(seed: 4)
        for k in 0..<10 {
            for j in 0..<40 {
                for i in 0..<40 {
                    let inHead = (i - 20) * (i - 20) + (j - 20) * (j - 20) < 300
                    let tumour = (18..<22).contains(i) && (18..<22).contains(j) && (4..<8).contains(k)
                    image.voxels[image.linearIndex(i, j, k)] = (inHead ? 100 : 0) + (tumour ? 200 : 0) + Float.random(in: 0...5, using: &rng)
                    if tumour { mask.voxels[mask.linearIndex(i, j, k)] = 1 }
                }
            }
        }
        return (image, mask)
    }

    /// The phantom as a NIfTI study with a NIfTI mask; returns the manifest path.
    static func cohort(in folder: String, maskFile: String? = "mask.nii.gz") throws -> String {
        let (image, mask) = try phantom()
        try NIfTI.write(image, to: folder + "/t1ce.nii.gz")
        if let maskFile { try NIfTI.write(mask, to: folder + "/" + maskFile) }
        let csv = """
        patient_id,study_id,modality,path,label,contoured,rtstruct_path,scanner
        P1,P1-S1,t1ce,t1ce.nii.gz,lung,1,\(maskFile ?? "mask.nii.gz"),x
        P1,P1-S2,t1ce,t1ce.nii.gz,lung,0,,x

        """
        try csv.write(toFile: folder + "/manifest.csv", atomically: true, encoding: .utf8)
        return folder + "/manifest.csv"
    }

    static let grid = SegmentationGrid(inPlaneSize: 32, inPlaneSpacing: 4)

    @Test func loadsTheContouredStudyOntoTheGridAndCachesIt() throws {
        let folder = SegmentationFixture.scratch("load")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let manifest = try Manifest.read(path: Self.cohort(in: folder))
        let data = try SegmentationDataSet.load(manifest: manifest, modality: "t1ce", grid: Self.grid, cacheFolder: folder + "/cache")
        #expect(data.studies.map(\.studyID) == ["P1-S1"])
        let study = data.studies[0]
        #expect(study.geometry.size == GridSize(32, 32, 10))
        #expect(study.geometry.spacing == Spacing(4, 4, 3))
        // 12 mm × 12 mm × 4 slices of tumour: 3 × 3 voxels at 4 mm on each of 4 slices, ± partial edges.
        let lesionSlices = (0..<10).filter { study.lesionVoxels(slice: $0) > 0 }
        #expect(lesionSlices == [4, 5, 6, 7])
        let voxels = study.mask.reduce(0) { $0 + Int($1) }
        #expect(voxels >= 4 * 9 && voxels <= 4 * 16)
        // The image was normalised in the head, and the tumour is its brightest part.
        let tumourMean = zip(study.image, study.mask).filter { $0.1 == 1 }.map(\.0).reduce(0, +) / Float(voxels)
        #expect(tumourMean > 1)
        let cached = try FileManager.default.contentsOfDirectory(atPath: folder + "/cache")
        #expect(cached.count == 2)
        let again = try SegmentationDataSet.load(manifest: manifest, modality: "t1ce", grid: Self.grid, cacheFolder: folder + "/cache")
        #expect(again.studies[0].image == study.image && again.studies[0].mask == study.mask)
        #expect(again.studies[0].geometry.isAligned(with: study.geometry))
    }

    @Test func anRTStructOnADicomSeriesGivesTheSameMask() throws {
        let folder = SegmentationFixture.scratch("rtstruct")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (image, mask) = try Self.phantom()
        _ = try DicomSeriesWriter.write(image, to: folder + "/series")
        let series = try RTStructBuilder.ImageSeries(RTStructConversion.imageSeries(in: folder + "/series", for: nil))
        try RTStructBuilder(series: series, structures: [RTStructBuilder.Structure(name: "GTV", mask: mask)],
                            date: Date(timeIntervalSince1970: 0)).write(to: folder + "/rs.dcm")
        try NIfTI.write(image, to: folder + "/t1ce.nii.gz")
        try NIfTI.write(mask, to: folder + "/mask.nii.gz")
        let row = ManifestRow(patientID: "P1", studyID: "S1", modality: "t1ce", path: folder + "/series", label: "lung",
                              contoured: true, rtstructPath: folder + "/rs.dcm", scanner: "x", truthPath: nil, extra: [:])
        let fromRTStruct = try SegmentationStudy.load(row, grid: Self.grid, manifestPath: "m", cacheFolder: nil)
        var niftiRow = row
        niftiRow.path = folder + "/t1ce.nii.gz"
        niftiRow.rtstructPath = folder + "/mask.nii.gz"
        let fromNIfTI = try SegmentationStudy.load(niftiRow, grid: Self.grid, manifestPath: "m", cacheFolder: nil)
        #expect(fromRTStruct.geometry.isAligned(with: fromNIfTI.geometry, tolerance: 1e-3))
        let differing = zip(fromRTStruct.mask, fromNIfTI.mask).filter { $0 != $1 }.count
        #expect(fromRTStruct.mask.reduce(0) { $0 + Int($1) } > 0)
        // Contours traced on voxel edges rasterise back to the same voxels, up to a few on the border.
        #expect(differing <= 8, "\(differing) voxels differ")
    }

    @Test func aMissingMaskFileIsATypedErrorNamingTheFile() throws {
        let folder = SegmentationFixture.scratch("missing")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let manifest = try Manifest.read(path: Self.cohort(in: folder, maskFile: nil))
        #expect {
            try SegmentationDataSet.load(manifest: manifest, modality: "t1ce", grid: Self.grid, cacheFolder: nil)
        } throws: { error in
            guard let e = error as? SegmentationDataError, case .maskMissing(let study, let path) = e else { return false }
            return study == "P1-S1" && path == folder + "/mask.nii.gz" && e.description.contains(path)
        }
    }

    @Test func aMaskThatIsNotAnImageIsATypedErrorNamingTheFile() throws {
        let folder = SegmentationFixture.scratch("garbage")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let manifest = try Manifest.read(path: Self.cohort(in: folder, maskFile: "mask.dcm"))
        try Data("not DICOM".utf8).write(to: URL(fileURLWithPath: folder + "/mask.dcm"))
        #expect {
            try SegmentationDataSet.load(manifest: manifest, modality: "t1ce", grid: Self.grid, cacheFolder: nil)
        } throws: { error in
            guard let e = error as? SegmentationDataError, case .maskUnreadable(let path, _) = e else { return false }
            return path == folder + "/mask.dcm"
        }
    }

    @Test func aModalityWithoutContoursOrUnknownIsATypedError() throws {
        let folder = SegmentationFixture.scratch("modality")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.cohort(in: folder)
        let manifest = try Manifest.read(path: path)
        #expect {
            try SegmentationDataSet.load(manifest: manifest, modality: "flair", grid: Self.grid, cacheFolder: nil)
        } throws: { error in
            guard let e = error as? SegmentationDataError, case .noContouredStudies(let m, "flair") = e else { return false }
            return m == path && e.description.contains(path)
        }
        #expect {
            try SegmentationDataSet.load(manifest: manifest, modality: "t2", grid: Self.grid, cacheFolder: nil)
        } throws: { error in
            guard let e = error as? SegmentationDataError, case .unknownModality("t2") = e else { return false }
            return true
        }
    }
}
