import Foundation
import Testing
@testable import MedicalIO

/// Masks → RTSTRUCT → file → read → rasterise, and the file checked by dicom3tools' dciodvfy.
@Suite struct RTStructWriterTests {
    static let geometry: ImageGeometry = {
        // Oblique and anisotropic, like a tilted MR acquisition.
        let c = 0.96, s = 0.28
        return ImageGeometry(size: GridSize(48, 40, 10), spacing: Spacing(0.64, 0.64, 2.4),
                             origin: Point3(-15.2, -20.1, 31.7),
                             direction: Matrix3(columns: Point3(1, 0, 0), Point3(0, c, s), Point3(0, -s, c)))
    }()

    static func series(_ g: ImageGeometry = geometry) -> RTStructBuilder.ImageSeries {
        RTStructBuilder.ImageSeries(
            geometry: g, studyInstanceUID: DicomUID.make(seed: 1, "study"),
            seriesInstanceUID: DicomUID.make(seed: 1, "series"), frameOfReferenceUID: DicomUID.make(seed: 1, "frame"),
            sopInstanceUIDs: (0..<g.size.z).map { DicomUID.make(seed: 1, "slice", String($0)) },
            patientName: "Test^Müller", patientID: "P001", patientBirthDate: "19700101", patientSex: "F",
            studyDate: "20240102", studyTime: "101500", studyID: "S1", accessionNumber: "A1")
    }

    /// Two metastases (one with a necrotic hole) and a tiny one-voxel lesion.
    static func masks(_ g: ImageGeometry = geometry) -> (LabelVolume, LabelVolume) {
        var big = try! LabelVolume(geometry: g, repeating: 0)
        var small = big
        for k in 0..<g.size.z { for j in 0..<g.size.y { for i in 0..<g.size.x {
            let d = Point3(Double(i) - 20.3, Double(j) - 18.6, (Double(k) - 4.7) * 3.75)
            let r = (d * d).sum().squareRoot()
            if r <= 11 && !(r < 4 && k == 5) { big[i, j, k] = 1 }
            let e = Point3(Double(i) - 40, Double(j) - 8, Double(k) - 2)
            if (e * e).sum() <= 2.5 { small[i, j, k] = 1 }
        } } }
        small[44, 34, 8] = 1
        return (big, small)
    }

    static func dice(_ a: LabelVolume, _ b: LabelVolume) -> Double {
        var both = 0, n = 0
        for (x, y) in zip(a.voxels, b.voxels) {
            n += (x != 0 ? 1 : 0) + (y != 0 ? 1 : 0)
            if x != 0 && y != 0 { both += 1 }
        }
        return n == 0 ? 1 : 2 * Double(both) / Double(n)
    }

    static func voxelIndices(_ m: LabelVolume) -> [Int] { m.voxels.indices.filter { m.voxels[$0] != 0 } }

    static func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("metorigin-rtstruct-tests")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("\(name)-\(getpid()).dcm").path
    }

    static func builder() -> RTStructBuilder {
        let (big, small) = masks()
        return RTStructBuilder(series: series(),
                               structures: [RTStructBuilder.Structure(name: "GTV lesion 1 – Ø22", mask: big, interpretedType: "GTV"),
                                            RTStructBuilder.Structure(name: "GTV 2", mask: small, color: [1, 2, 3])],
                               date: Date(timeIntervalSince1970: 1_700_000_000), uidSeed: 42)
    }

    @Test func roundTripsThroughAFile() throws {
        let path = Self.temporaryPath("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let b = Self.builder()
        try b.write(to: path)
        let rt = try RTStructureSet.read(path: path)
        #expect(rt.rois.map(\.name) == ["GTV lesion 1 – Ø22", "GTV 2"])
        #expect(rt.rois.map(\.number) == [1, 2])
        #expect(rt.rois[0].interpretedType == "GTV")
        #expect(rt.rois[1].color == [1, 2, 3])
        #expect(rt.sopInstanceUID == b.sopInstanceUID)
        let s = Self.series()
        #expect(try rt.checkReferences(frameOfReferenceUID: s.frameOfReferenceUID, seriesInstanceUID: s.seriesInstanceUID).isEmpty)
        // Every contour references the SOP instance of its own slice.
        for roi in rt.rois {
            for c in roi.contours {
                let k = Int(Self.geometry.index(atWorld: c.points[0]).z.rounded())
                #expect(c.referencedSOPInstanceUIDs == [s.sopInstanceUIDs[k]])
            }
        }
        let (big, small) = Self.masks()
        for (roi, original) in zip(rt.rois, [big, small]) {
            let r = try rt.mask(for: roi, on: Self.geometry)
            #expect(r.notes.isEmpty)
            let d = Self.dice(r.mask, original)
            #expect(d >= 0.95, "ROI \(roi.name): Dice \(d)")
            let identical = r.mask.voxels == original.voxels
            #expect(identical)
        }
        // The same inputs give the same bytes.
        let again = try DicomWriter.encode(try b.dataSet())
        #expect(again == Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test func rejectsInconsistentInput() throws {
        var b = Self.builder()
        b.series.sopInstanceUIDs.removeLast()
        #expect(throws: RTStructError.self) { try b.dataSet() }
        b = Self.builder()
        b.structures[1].name = b.structures[0].name
        #expect(throws: RTStructError.self) { try b.dataSet() }
        b = Self.builder()
        b.structures[0].mask.geometry.origin.x += 1
        #expect(throws: RTStructError.self) { try b.dataSet() }
        b.structures = []
        #expect(throws: RTStructError.self) { try b.dataSet() }
    }

    @Test func anEmptyMaskGivesAnROIWithoutContours() throws {
        var b = Self.builder()
        b.structures.append(RTStructBuilder.Structure(name: "Nothing", mask: try LabelVolume(geometry: Self.geometry, repeating: 0)))
        let ds = try b.dataSet()
        let items = try #require(ds.sequence(.roiContourSequence))
        #expect(items.count == 3)
        #expect(items[2].sequence(.contourSequence) == nil)
        let rt = try RTStructureSet(dataSet: ds, path: "memory")
        #expect(rt.rois.map(\.contours.count).last == 0)
    }

    @Test func decimalStringsStayShort() {
        #expect(RTStructBuilder.formatDS(-12.345678) == "-12.3457")
        #expect(RTStructBuilder.formatDS(100) == "100")
        #expect(RTStructBuilder.formatDS(-0.00001) == "0")
        #expect(RTStructBuilder.formatDS(1e300).count <= 16)
    }

    @Test(.enabled(if: Dciodvfy.path != nil, "dciodvfy absent: install dicom3tools (scripts/setup.sh)"))
    func passesDciodvfy() throws {
        let path = Self.temporaryPath("dciodvfy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.builder().write(to: path)
        let out = try Dciodvfy.run(path)
        let errors = Dciodvfy.errors(in: out)
        #expect(errors.isEmpty, "dciodvfy:\n\(out)")
        #expect(out.contains("RTStructureSet"), "dciodvfy did not recognise the IOD:\n\(out)")
    }
}

/// One ROI per lesion, as `predict` exports them.
@Suite struct RTStructLesionTests {
    @Test func everyLesionIsItsOwnROIAndTheyRasteriseBackToTheMask() throws {
        let g = RTStructWriterTests.geometry
        let (big, small) = RTStructWriterTests.masks(g)
        var union = big
        for i in union.voxels.indices where small.voxels[i] != 0 { union.voxels[i] = 1 }
        let structures = try RTStructBuilder.Structure.lesions(of: union, namePrefix: "Metastasis")
        let inside = union.voxels.map { $0 != 0 }
        let components = MaskComponents.find(inside, size: g.size)
        #expect(components.count >= 3)  // the big lesion, the small sphere and the single voxel
        #expect(structures.map(\.name) == components.map { "Metastasis \($0.id)" })
        let b = RTStructBuilder(series: RTStructWriterTests.series(), structures: structures,
                                date: Date(timeIntervalSince1970: 0), uidSeed: 3)
        let rt = try RTStructureSet(dataSet: try b.dataSet(), path: "memory")
        #expect(rt.rois.count == components.count)
        var rebuilt = try LabelVolume(geometry: g, repeating: 0)
        for (roi, component) in zip(rt.rois, components) {
            let m = try rt.mask(for: roi, on: g).mask
            #expect(RTStructWriterTests.voxelIndices(m) == component.voxels, "ROI \(roi.name)")
            for i in m.voxels.indices where m.voxels[i] != 0 { rebuilt.voxels[i] = 1 }
        }
        #expect(rebuilt.voxels == union.voxels)
    }

    @Test func anEmptyMaskHasNoLesions() throws {
        let empty = try LabelVolume(geometry: RTStructWriterTests.geometry, repeating: 0)
        #expect(try RTStructBuilder.Structure.lesions(of: empty).isEmpty)
    }
}
