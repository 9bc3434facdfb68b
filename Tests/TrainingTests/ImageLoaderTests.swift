import Foundation
import MedicalIO
import Testing
@testable import Training

/// A manifest row names a NIfTI file or a DICOM folder with its modality; when the folder holds
/// both contrasts, the row's modality picks the series, and the preprocessing cache keeps them apart.
@Suite struct ImageLoaderTests {
    static func studyFolder() throws -> (folder: String, t1ce: ImageVolume, flair: ImageVolume) {
        let folder = NSTemporaryDirectory() + "metorigin-loader-\(UUID().uuidString)"
        let g = ImageGeometry(size: GridSize(12, 10, 6), spacing: Spacing(2, 2, 3))
        var t1 = try ImageVolume(geometry: g, repeating: 0), flair = t1
        for i in t1.voxels.indices { t1.voxels[i] = Float(i % 40); flair.voxels[i] = Float(i % 25) + 200 }
        try DicomSeriesWriter.write(t1, to: folder + "/a", options: DicomSeriesWriterOptions(seed: 1, seriesDescription: "AX T1 POST GD", seriesNumber: 3))
        try DicomSeriesWriter.write(flair, to: folder + "/b", options: DicomSeriesWriterOptions(seed: 2, seriesDescription: "AX T2 FLAIR", seriesNumber: 5))
        return (folder, t1, flair)
    }

    @Test func theRowsModalityPicksTheSeries() throws {
        let study = try Self.studyFolder()
        defer { try? FileManager.default.removeItem(atPath: study.folder) }
        #expect(try ImageLoader.load(path: study.folder, modality: .t1ce).voxels == study.t1ce.voxels)
        #expect(try ImageLoader.load(path: study.folder, modality: .flair).voxels == study.flair.voxels)
        // Without a modality nothing says which: the error lists both and points at the manifest.
        #expect {
            try ImageLoader.load(path: study.folder)
        } throws: { error in
            guard let e = error as? ImageLoadError else { return false }
            return e.path == study.folder && e.reason.contains("AX T1 POST GD") && e.reason.contains("AX T2 FLAIR")
                && e.reason.contains("manifest row")
        }
    }

    @Test func preprocessingCachesEachContrastOfAFolderApart() throws {
        let study = try Self.studyFolder()
        let cache = study.folder + "-cache"
        defer { for f in [study.folder, cache] { try? FileManager.default.removeItem(atPath: f) } }
        let pre = Preprocessor(size: GridSize(8, 8, 4), spacing: Spacing(3, 3, 4), cacheFolder: cache)
        let first = try [MRSeriesKind.t1ce, .flair].map { try pre.image(path: study.folder, modality: $0).voxels }
        let cached = try [MRSeriesKind.t1ce, .flair].map { try pre.image(path: study.folder, modality: $0).voxels }
        #expect(first[0] != first[1])
        #expect(cached == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).count == 2)
    }
}
