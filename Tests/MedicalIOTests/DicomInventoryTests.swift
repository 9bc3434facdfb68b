import Foundation
import Testing
@testable import MedicalIO

/// `DicomInventory` (behind `metorigin info`) and `DicomConversion` (behind `metorigin convert`).
struct DicomInventoryTests {
    @Test func inventoryDescribesSeriesWithoutDecodingPixels() throws {
        let dir = DicomTestData.temporaryFolder("inventory")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let v = try DicomSeriesTests.sampleVolume()
        try DicomSeriesWriter.write(v, to: dir + "/flair", options: DicomSeriesWriterOptions(seed: 1, seriesDescription: "AX FLAIR", seriesNumber: 2))
        try DicomSeriesWriter.write(v, to: dir + "/t1", options: DicomSeriesWriterOptions(seed: 1, seriesDescription: "T1 MPRAGE POST GAD", seriesNumber: 3))
        try "x".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let inv = try DicomInventory.make(path: dir)
        #expect(inv.series.count == 2)
        #expect(inv.notes.count == 1)
        let byNumber = Dictionary(uniqueKeysWithValues: inv.series.map { ($0.seriesNumber ?? 0, $0) })
        let flair = try #require(byNumber[2]), t1 = try #require(byNumber[3])
        #expect(flair.kind == "flair" && t1.kind == "t1ce")
        #expect(flair.size == [16, 12, 6] && flair.files == 6)
        #expect(flair.transferSyntaxUID == TransferSyntax.explicitVRLittleEndian.uid)
        #expect(flair.plane == "oblique" || flair.plane == "axial")
        #expect(zip(flair.spacing ?? [], [0.9, 0.8, 2.5]).allSatisfy { abs($0 - $1) < 1e-9 })
        let json = try inv.jsonString()
        #expect(json.contains("\"kind\" : \"flair\""))
        // The picks are the readers' picks, and the user's choice wins over the classifier.
        #expect(inv.picks.map(\.seriesNumber) == [3, 2])
        let swapped = try DicomInventory.make(path: dir, selection: SeriesSelection(t1ce: SeriesChoice("AX FLAIR"),
                                                                                    flair: SeriesChoice(t1.seriesInstanceUID)))
        #expect(swapped.picks.map(\.seriesNumber) == [2, 3])
        // A choice that matches nothing: no pick, and the reason names the choice.
        let none = try DicomInventory.make(path: dir, selection: SeriesSelection(t1ce: SeriesChoice("NO SUCH SERIES")))
        #expect(none.picks[0].seriesInstanceUID == nil && none.picks[0].error?.contains("NO SUCH SERIES") == true)
        #expect(none.text.contains("T1 CE:  none"))
        #expect(inv.text.contains("AX FLAIR"))
    }

    @Test func orientationCodes() {
        #expect(DicomInventory.orientationCode(.identity) == "LPS")
        #expect(DicomInventory.orientationCode(Matrix3(columns: Point3(-1, 0, 0), Point3(0, 0, -1), Point3(0, 1, 0))) == "RIP")
        #expect(DicomInventory.plane(normal: Point3(0, 0, 1)) == "axial")
        #expect(DicomInventory.plane(normal: Point3(1, 0, 0)) == "sagittal")
    }

    @Test func convertFolderToNIfTIKeepsGeometryAndValues() throws {
        let dir = DicomTestData.temporaryFolder("convert")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var v = try DicomSeriesTests.sampleVolume()
        let paths = try DicomSeriesWriter.write(v, to: dir + "/float")
        #expect(paths.count == 6)
        let report = try DicomConversion.convert(input: dir + "/float", output: dir + "/out.nii.gz")
        #expect(report.datatype == "float32" && report.size == [16, 12, 6])
        let back = try NIfTI.readVolume(path: dir + "/out.nii.gz")
        #expect(back.geometry.isAligned(with: v.geometry, tolerance: 1e-4))
        for i in 0..<v.voxels.count { v.voxels[i] = Float(i % 200) - 100 }
        // A different seed: the same seed and series number would give the same UIDs.
        try DicomSeriesWriter.write(v, to: dir + "/int", options: DicomSeriesWriterOptions(seed: 2))
        let ints = try DicomConversion.convert(input: dir + "/int", output: dir + "/int.nii")
        #expect(ints.datatype == "int16")
        #expect(try NIfTI.readVolume(path: dir + "/int.nii").voxels == v.voxels)
        // Two series need --series.
        #expect(throws: DicomConversion.Failure.self) { try DicomConversion.convert(input: dir, output: dir + "/x.nii") }
        let pick = try DicomConversion.convert(input: dir, output: dir + "/pick.nii", series: report.seriesInstanceUID.map(SeriesChoice.init))
        #expect(pick.size == [16, 12, 6])
    }
}
