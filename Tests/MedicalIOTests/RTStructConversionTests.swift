import Foundation
import Testing
@testable import MedicalIO

/// End to end: a DICOM image series written by `DicomSeriesWriter`, an RTSTRUCT built on it by
/// `RTStructBuilder`, and `RTStructConversion` (behind `metorigin rtstruct`) back to NIfTI.
@Suite struct RTStructConversionTests {
    static let geometry: ImageGeometry = {
        let c = 0.8, s = 0.6
        return ImageGeometry(size: GridSize(24, 20, 6), spacing: Spacing(0.9, 0.9, 3),
                             origin: Point3(-10, 12, -30),
                             direction: Matrix3(columns: Point3(c, 0, -s), Point3(0, 1, 0), Point3(s, 0, c)))
    }()

    static func folder(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("metorigin-rtconv-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        return dir
    }

    /// Image series, two ROIs (a box with a hole, a blob) and the structure set file.
    static func fixture(_ name: String) throws -> (dir: String, rt: String, a: LabelVolume, b: LabelVolume) {
        let dir = folder(name)
        let g = geometry
        var image = try ImageVolume(geometry: g, repeating: 0)
        for idx in image.voxels.indices { image.voxels[idx] = Float(idx % 97) }
        try DicomSeriesWriter.write(image, to: dir + "/images", options: DicomSeriesWriterOptions(seed: 9))
        var a = try LabelVolume(geometry: g, repeating: 0)
        var b = a
        for k in 1..<5 { for j in 3..<15 { for i in 2..<12 where !(k == 2 && (6..<8).contains(i) && (7..<9).contains(j)) {
            a[i, j, k] = 1
        } } }
        for k in 0..<6 { for j in 0..<20 { for i in 0..<24 {
            let d = Point3(Double(i) - 17, Double(j) - 10, (Double(k) - 3) * 3.3)
            if (d * d).sum() <= 16 { b[i, j, k] = 1 }
        } } }
        let info = try RTStructConversion.imageSeries(in: dir + "/images", for: nil)
        let series = try RTStructBuilder.ImageSeries(info)
        let builder = RTStructBuilder(series: series, structures: [.init(name: "Box", mask: a), .init(name: "Blob", mask: b)],
                                      date: Date(timeIntervalSince1970: 0))
        // The structure set sits beside the images, as exported folders often have it.
        let rt = dir + "/images/RS.dcm"
        try builder.write(to: rt)
        return (dir, rt, a, b)
    }

    @Test func labelMapAndSingleROIRoundTrip() throws {
        let (dir, rt, a, b) = try Self.fixture("labels")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/labels.nii.gz"
        let report = try RTStructConversion.convert(rtstruct: rt, imageFolder: dir + "/images", output: out)
        #expect(report.rois.map(\.name) == ["Box", "Blob"])
        #expect(report.rois.map(\.label) == [1, 2])
        #expect(report.rois[0].contouredSlices == [1, 2, 3, 4])
        #expect(report.notes.isEmpty, "\(report.notes)")
        let nifti = try NIfTI.read(path: out)
        #expect(nifti.geometry.isAligned(with: Self.geometry, tolerance: 1e-4))
        let labels = try #require(nifti.storedVolume(as: UInt8.self))
        var expected = [UInt8](repeating: 0, count: labels.voxels.count)
        for idx in expected.indices {
            if a.voxels[idx] != 0 { expected[idx] = 1 }
            if b.voxels[idx] != 0 { expected[idx] = 2 }
        }
        let same = labels.voxels == expected
        #expect(same)
        #expect(report.rois[1].voxels == b.voxels.filter { $0 != 0 }.count)

        let single = try RTStructConversion.convert(rtstruct: rt, imageFolder: dir + "/images", roi: "blob", output: dir + "/blob.nii")
        #expect(single.rois.map(\.label) == [1])
        let blob = try #require(try NIfTI.read(path: dir + "/blob.nii").storedVolume(as: UInt8.self))
        let sameBlob = blob.voxels == b.voxels
        #expect(sameBlob)
        #expect(throws: RTStructError.self) {
            try RTStructConversion.convert(rtstruct: rt, imageFolder: dir + "/images", roi: "Liver", output: dir + "/x.nii")
        }
    }

    @Test func contoursOnSlicesMissingFromTheFolderAreSkippedWithANote() throws {
        let (dir, rt, a, _) = try Self.fixture("partial")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Keep slices 0…2 only: the box's contours on slices 3 and 4 have no image left.
        for n in 4...6 { try FileManager.default.removeItem(atPath: dir + String(format: "/images/IM%06d.dcm", n)) }
        let report = try RTStructConversion.convert(rtstruct: rt, imageFolder: dir + "/images", roi: "Box", output: dir + "/box.nii")
        #expect(report.size == [24, 20, 3])
        #expect(report.rois[0].contouredSlices == [1, 2])
        #expect(report.notes.contains { $0.contains("outside the image") })
        #expect(report.notes.contains { $0.contains("not in") })
        let box = try #require(try NIfTI.read(path: dir + "/box.nii").storedVolume(as: UInt8.self))
        let plane = 24 * 20
        let same = Array(box.voxels[0..<(3 * plane)]) == Array(a.voxels[0..<(3 * plane)])
        #expect(same)
    }

    @Test func aForeignFrameOfReferenceIsRefused() throws {
        let (dir, rt, _, _) = try Self.fixture("foreign")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let other = dir + "/other"
        let image = try ImageVolume(geometry: Self.geometry, repeating: 1)
        try DicomSeriesWriter.write(image, to: other, options: DicomSeriesWriterOptions(seed: 77))
        #expect(throws: RTStructError.self) {
            try RTStructConversion.convert(rtstruct: rt, imageFolder: other, output: dir + "/o.nii")
        }
        let forced = try RTStructConversion.convert(rtstruct: rt, imageFolder: other, output: dir + "/o.nii",
                                                    allowFrameOfReferenceMismatch: true)
        #expect(forced.notes.contains { $0.contains("frame of reference") })
    }
}
