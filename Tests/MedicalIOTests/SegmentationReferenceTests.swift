import Foundation
import Testing
@testable import MedicalIO

/// Our SEG as highdicom and pydicom read it (`scripts/reference_seg.py` →
/// `Fixtures/seg_reference.json`), against what the writer was given and what our reader reads.
@Suite struct SegmentationReferenceTests {
    struct Reference: Decodable {
        struct Code: Decodable { var value: String; var scheme: String; var meaning: String }
        struct Segment: Decodable {
            var number: Int
            var label: String
            var category: Code
            var type: Code
            var voxels: [Int]
        }
        var rows: Int
        var columns: Int
        var number_of_frames: Int
        var source_sop_instance_uids: [String]
        var segments: [Segment]
    }

    static let segPath = ReferenceData.fixture("seg/metorigin_seg.dcm")

    /// The SEG the fixture holds: `SegmentationWriterTests`' two segments on the RTSTRUCT tests'
    /// oblique series, with a fixed date.
    static func builder() -> SegmentationBuilder {
        SegmentationWriterTests.builder(RTStructWriterTests.series())
    }

    static func reference() throws -> Reference {
        let data = try Data(contentsOf: URL(fileURLWithPath: ReferenceData.fixture("seg_reference.json")))
        return try JSONDecoder().decode(Reference.self, from: data)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["METORIGIN_WRITE_SEG_FIXTURE"] == "1", "set METORIGIN_WRITE_SEG_FIXTURE=1 to rewrite the fixture"))
    func writesTheFixture() throws {
        try FileManager.default.createDirectory(atPath: (Self.segPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Self.builder().write(to: Self.segPath)
    }

    @Test func theWriterStillWritesTheFixture() throws {
        let committed = Array(try Data(contentsOf: URL(fileURLWithPath: Self.segPath)))
        let now = try DicomWriter.encode(try Self.builder().dataSet())
        #expect(now == committed, "the SEG writer's output changed: rewrite the fixture (METORIGIN_WRITE_SEG_FIXTURE=1) and rerun scripts/reference_seg.py")
    }

    @Test func highdicomReadsWhatWeWroteAndWeReadWhatItReads() throws {
        let ref = try Self.reference()
        let series = RTStructWriterTests.series()
        let g = series.geometry
        #expect(ref.rows == g.size.y && ref.columns == g.size.x)
        #expect(ref.source_sop_instance_uids == series.sopInstanceUIDs)
        let seg = try SegmentationObject.read(path: Self.segPath)
        #expect(seg.frames.count == ref.number_of_frames)
        let (big, small) = RTStructWriterTests.masks(g)
        #expect(ref.segments.map(\.number) == [1, 2])
        for (r, original) in zip(ref.segments, [big, small]) {
            let ours = try #require(seg.segments.first { $0.number == r.number })
            #expect(ours.label == r.label)
            #expect(ours.category == CodedConcept(value: r.category.value, scheme: r.category.scheme, meaning: r.category.meaning))
            #expect(ours.type == CodedConcept(value: r.type.value, scheme: r.type.scheme, meaning: r.type.meaning))
            #expect(r.category.scheme == "SCT" && r.type.scheme == "SCT")
            // Voxel-exact three ways: highdicom = what the writer was given = what we read.
            #expect(r.voxels == RTStructWriterTests.voxelIndices(original), "segment \(r.number): highdicom differs from the written mask")
            #expect(r.voxels == RTStructWriterTests.voxelIndices(try seg.mask(segment: r.number, on: g)), "segment \(r.number): our reader differs from highdicom")
        }
    }
}
