import Foundation
import Testing
@testable import MedicalIO

/// Masks → DICOM SEG → file → `SegmentationObject` → masks, on a DICOM series written to disk and
/// read back; the file checked by dciodvfy.
@Suite struct SegmentationWriterTests {
    static let geometry = RTStructWriterTests.geometry

    static func temporaryFolder(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("metorigin-seg-tests-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// An MR series on disk and its identity as read back from the files.
    static func writtenSeries(in dir: String) throws -> SourceImageSeries {
        var image = try ImageVolume(geometry: geometry, repeating: 0)
        for idx in image.voxels.indices { image.voxels[idx] = Float(idx % 89) }
        try DicomSeriesWriter.write(image, to: dir + "/images", options: DicomSeriesWriterOptions(seed: 5, patientID: "SEG01"))
        return try SourceImageSeries(RTStructConversion.imageSeries(in: dir + "/images", for: nil))
    }

    /// Two segments, as `predict` writes them: the metastases on T1 CE and an oedema-like label.
    static func builder(_ series: SourceImageSeries) -> SegmentationBuilder {
        let (big, small) = RTStructWriterTests.masks(series.geometry)
        return SegmentationBuilder(
            series: series,
            segments: [SegmentationBuilder.Segment(label: "Metastases – T1 CE", mask: big),
                       SegmentationBuilder.Segment(label: "Oedema", mask: small, type: .edema, algorithmName: "MetOrigin U-Net")],
            date: Date(timeIntervalSince1970: 1_700_000_000), uidSeed: 7)
    }

    static func slicesWithVoxels(_ m: LabelVolume) -> [Int] {
        let plane = m.size.x * m.size.y
        return (0..<m.size.z).filter { k in m.voxels[(k * plane)..<((k + 1) * plane)].contains { $0 != 0 } }
    }

    @Test func roundTripsVoxelExactOnTheSourceSeries() throws {
        let dir = Self.temporaryFolder("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let series = try Self.writtenSeries(in: dir)
        #expect(series.geometry.isAligned(with: Self.geometry, tolerance: 1e-4))
        let b = Self.builder(series)
        let path = dir + "/seg.dcm"
        try b.write(to: path)
        let seg = try SegmentationObject.read(path: path)
        #expect(seg.segments.map(\.label) == ["Metastases – T1 CE", "Oedema"])
        #expect(seg.segments.map(\.number) == [1, 2])
        #expect(seg.segments[0].category == .morphologicallyAbnormalStructure)
        #expect(seg.segments[0].type?.scheme == "SCT")
        #expect(seg.segments[1].type == .edema)
        #expect(seg.segments[1].algorithmName == "MetOrigin U-Net")
        #expect(seg.referencedSeriesInstanceUIDs == [series.seriesInstanceUID])
        #expect(seg.frameOfReferenceUID == series.frameOfReferenceUID)
        #expect(seg.sopInstanceUID == b.sopInstanceUID)

        let (big, small) = RTStructWriterTests.masks(series.geometry)
        // One frame per slice holding the segment, each naming its source slice.
        let expectedFrames = Self.slicesWithVoxels(big).map { (1, $0) } + Self.slicesWithVoxels(small).map { (2, $0) }
        #expect(seg.frames.count == expectedFrames.count)
        for (frame, (segment, k)) in zip(seg.frames, expectedFrames) {
            #expect(frame.segment == segment)
            #expect(frame.sourceSOPInstanceUIDs == [series.sopInstanceUIDs[k]])
        }
        // Read back on the series' own geometry, from the files rather than the builder's input.
        let reread = try SourceImageSeries(RTStructConversion.imageSeries(in: dir + "/images", for: nil))
        #expect(try seg.mask(segment: 1, on: reread.geometry).voxels == big.voxels)
        #expect(try seg.mask(segment: 2, on: reread.geometry).voxels == small.voxels)
        let labels = try seg.labels(on: reread.geometry)
        for i in labels.voxels.indices {
            let expected: UInt8 = small.voxels[i] != 0 ? 2 : (big.voxels[i] != 0 ? 1 : 0)
            if labels.voxels[i] != expected { Issue.record("voxel \(i): \(labels.voxels[i]) != \(expected)"); break }
        }
        // The same inputs give the same bytes.
        #expect(try DicomWriter.encode(try b.dataSet()) == Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test func packsBitsAcrossFrameBoundaries() throws {
        // 3 × 3 frames are 9 bits: the second frame starts inside the first byte's successor.
        let g = ImageGeometry(size: GridSize(3, 3, 2), spacing: Spacing(1, 1, 1))
        var m = try LabelVolume(geometry: g, repeating: 0)
        m[0, 0, 0] = 1; m[2, 2, 0] = 1; m[0, 0, 1] = 1; m[1, 0, 1] = 1
        let series = SourceImageSeries(geometry: g, studyInstanceUID: "1.2.3", seriesInstanceUID: "1.2.3.4",
                                       frameOfReferenceUID: "1.2.3.5", sopInstanceUIDs: ["1.2.3.6", "1.2.3.7"])
        let b = SegmentationBuilder(series: series, segments: [.init(label: "A", mask: m)], date: Date(timeIntervalSince1970: 0))
        // Bits 0, 8 (frame 1); 9, 10 (frame 2): bytes 0b0000_0001, 0b0000_0111, then padding.
        #expect(b.pixelData(b.frames()) == [0x01, 0x07, 0x00, 0x00])
        let seg = try SegmentationObject(dataSet: try b.dataSet(), path: "memory")
        #expect(try seg.mask(segment: 1, on: g).voxels == m.voxels)
    }

    @Test func anEmptySegmentationStillHasOneFrame() throws {
        let g = Self.geometry
        let series = RTStructWriterTests.series(g)
        let b = SegmentationBuilder(series: series, segments: [.init(label: "None", mask: try LabelVolume(geometry: g, repeating: 0))],
                                    date: Date(timeIntervalSince1970: 0))
        let ds = try b.dataSet()
        #expect(ds.int(.numberOfFrames) == 1)
        let seg = try SegmentationObject(dataSet: ds, path: "memory")
        #expect(try seg.mask(segment: 1, on: g).voxels.allSatisfy { $0 == 0 })
    }

    @Test func rejectsInconsistentInputAndForeignGrids() throws {
        let series = RTStructWriterTests.series()
        var b = Self.builder(series)
        b.series.sopInstanceUIDs.removeLast()
        #expect(throws: SegmentationError.self) { try b.dataSet() }
        b = Self.builder(series)
        b.segments[1].label = b.segments[0].label
        #expect(throws: SegmentationError.self) { try b.dataSet() }
        b = Self.builder(series)
        b.segments[0].mask.geometry.origin.x += 1
        #expect(throws: SegmentationError.self) { try b.dataSet() }
        b = Self.builder(series)
        b.segments[0].algorithmName = ""
        #expect(throws: SegmentationError.self) { try b.dataSet() }
        b.segments = []
        #expect(throws: SegmentationError.self) { try b.dataSet() }

        let seg = try SegmentationObject(dataSet: try Self.builder(series).dataSet(), path: "memory")
        var shifted = Self.geometry
        shifted.origin.z += 0.5 * Self.geometry.spacing.z
        #expect(throws: SegmentationError.self) { try seg.mask(segment: 1, on: shifted) }
        var finer = Self.geometry
        finer.spacing.x /= 2
        #expect(throws: SegmentationError.self) { try seg.mask(segment: 1, on: finer) }
        #expect(throws: SegmentationError.self) { try seg.mask(segment: 3, on: Self.geometry) }
        // Not a SEG at all.
        #expect(throws: SegmentationError.self) {
            try SegmentationObject(dataSet: try RTStructWriterTests.builder().dataSet(), path: "rtstruct")
        }
    }

    @Test func contentLabelIsAValidCodeString() {
        #expect(SegmentationBuilder.contentLabelText("MetOrigin seg-1 (T1ce)") == "METORIGIN SEG_1 ")
        #expect(SegmentationBuilder.contentLabelText("") == "SEGMENTATION")
    }

    @Test(.enabled(if: Dciodvfy.path != nil, "dciodvfy absent: install dicom3tools (scripts/setup.sh)"))
    func passesDciodvfy() throws {
        let dir = Self.temporaryFolder("dciodvfy")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/seg.dcm"
        try Self.builder(try Self.writtenSeries(in: dir)).write(to: path)
        let out = try Dciodvfy.run(path)
        #expect(Dciodvfy.errors(in: out).isEmpty, "dciodvfy:\n\(out)")
        #expect(out.contains("Segmentation"), "dciodvfy did not recognise the IOD:\n\(out)")
    }
}

/// Damaged or unsupported SEGs end in a `SegmentationError`, never a trap.
@Suite struct SegmentationBadInputTests {
    static func valid() throws -> DicomDataSet {
        try SegmentationWriterTests.builder(RTStructWriterTests.series()).dataSet()
    }

    static func expectMalformed(_ ds: DicomDataSet, _ what: Comment) {
        #expect(throws: SegmentationError.self, what) {
            let seg = try SegmentationObject(dataSet: ds, path: "damaged")
            _ = try seg.labels(on: RTStructWriterTests.geometry)
        }
    }

    @Test func refusesDamagedObjects() throws {
        var ds = try Self.valid()
        ds.set(.pixelData, .OB, bytes: Array((ds.bytes(.pixelData) ?? []).prefix(100)))
        Self.expectMalformed(ds, "short pixel data")

        ds = try Self.valid()
        ds.set(.numberOfFrames, .IS, "99999999999999")
        Self.expectMalformed(ds, "NumberOfFrames beyond the per-frame items")

        ds = try Self.valid()
        ds.set(.segmentationType, .CS, "FRACTIONAL")
        Self.expectMalformed(ds, "fractional")

        ds = try Self.valid()
        ds.set(DicomElement(tag: .pixelData, vr: .OB, value: .encapsulated(EncapsulatedPixelData(basicOffsetTable: [], fragments: [[1, 2]], fragmentOffsets: [0]))))
        Self.expectMalformed(ds, "compressed pixel data")

        ds = try Self.valid()
        var frames = try #require(ds.sequence(.perFrameFunctionalGroupsSequence))
        var identification = DicomDataSet()
        identification.set(.referencedSegmentNumber, uint16: [300])
        frames[0].set(.segmentIdentificationSequence, sequence: [identification])
        ds.set(.perFrameFunctionalGroupsSequence, sequence: frames)
        Self.expectMalformed(ds, "a frame of an undefined segment")

        ds = try Self.valid()
        frames = try #require(ds.sequence(.perFrameFunctionalGroupsSequence))
        frames[1].remove(.segmentIdentificationSequence)
        ds.set(.perFrameFunctionalGroupsSequence, sequence: frames)
        Self.expectMalformed(ds, "a frame without segment")

        ds = try Self.valid()
        frames = try #require(ds.sequence(.perFrameFunctionalGroupsSequence))
        frames[2].remove(.planePositionSequence)
        ds.set(.perFrameFunctionalGroupsSequence, sequence: frames)
        Self.expectMalformed(ds, "a frame without position")

        ds = try Self.valid()
        ds.set(.bitsAllocated, uint16: [8])
        Self.expectMalformed(ds, "8-bit binary")

        ds = try Self.valid()
        ds.remove(.segmentSequence)
        Self.expectMalformed(ds, "no segments")
    }
}
