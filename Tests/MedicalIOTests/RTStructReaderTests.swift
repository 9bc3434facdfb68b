import Foundation
import Testing
@testable import MedicalIO

/// Reading pydicom's `rtstruct.dcm` and comparing with the values pydicom reports
/// (`scripts/reference_rtstruct.py` → `Fixtures/rtstruct_reference.json`).
@Suite struct RTStructReaderTests {
    static let path = ReferenceData.installed("pydicom/data/test_files/rtstruct.dcm")

    @Test(.enabled(if: path != nil, "pydicom test files absent: run scripts/setup.sh"))
    func matchesPydicom() throws {
        let rt = try RTStructureSet.read(path: try #require(Self.path))
        let ref = try #require(try ReferenceData.json("rtstruct_reference.json") as? [String: Any])
        #expect(rt.sopInstanceUID == ref["sopInstanceUID"] as? String)
        #expect(rt.label == ref["structureSetLabel"] as? String)
        let frames = try #require(ref["referencedFrames"] as? [[String: Any]])
        #expect(rt.referencedFrames.map(\.frameOfReferenceUID) == frames.map { $0["frameOfReferenceUID"] as? String ?? "" })
        #expect(rt.referencedFrames.map(\.seriesInstanceUIDs) == frames.map { $0["seriesInstanceUIDs"] as? [String] ?? [] })
        let rois = try #require(ref["rois"] as? [[String: Any]])
        #expect(rt.rois.count == rois.count)
        for (roi, expected) in zip(rt.rois, rois) {
            #expect(roi.number == expected["number"] as? Int)
            #expect(roi.name == expected["name"] as? String)
            #expect(roi.frameOfReferenceUID == expected["frameOfReferenceUID"] as? String)
            #expect(roi.interpretedType == expected["interpretedType"] as? String)
            #expect(roi.color ?? [] == expected["color"] as? [Int] ?? [])
            let contours = try #require(expected["contours"] as? [[String: Any]])
            let closed = contours.filter { $0["geometricType"] as? String == "CLOSED_PLANAR" }
            #expect(roi.contours.map(\.points.count) == closed.map { $0["pointCount"] as? Int ?? -1 })
            for (c, e) in zip(roi.contours, closed) {
                let first = try #require(e["firstPoint"] as? [Double])
                #expect(c.points[0] == Point3(first[0], first[1], first[2]))
                let sum = c.points.reduce(0.0) { $0 + $1.sum() }
                #expect(abs(sum - (e["pointSum"] as? Double ?? .nan)) < 1e-9)
            }
            let ignored = contours.count - closed.count
            #expect(roi.ignoredContours.values.reduce(0, +) == ignored)
        }
        // POINT contours of the two isocentres are noted, not rasterised.
        #expect(rt.notes.filter { $0.contains("POINT") }.count == 2)
        #expect(try rt.roi("isocenter 1").number == 2)
        #expect(try rt.roi("3").name == "Isocenter 2")
        #expect(throws: RTStructError.self) { try rt.roi("brain") }
    }

    @Test(.enabled(if: path != nil, "pydicom test files absent: run scripts/setup.sh"))
    func rasterisesThePatientOutline() throws {
        let rt = try RTStructureSet.read(path: try #require(Self.path))
        // The "patient" ROI: a 400 × 300 mm rectangle at z = −200 and two hexagons at −190, −180.
        let g = ImageGeometry(size: GridSize(110, 90, 4), spacing: Spacing(4, 4, 10),
                              origin: Point3(-218, -180, -210))
        let frame = rt.referencedFrames[0].frameOfReferenceUID
        let warnings = try rt.checkReferences(frameOfReferenceUID: frame,
                                              seriesInstanceUID: rt.referencedFrames[0].seriesInstanceUIDs[0])
        #expect(warnings.isEmpty)
        let r = try rt.mask(for: try rt.roi("patient"), on: g)
        #expect(r.contouredSlices == [1, 2, 3])
        let rectangle = r.mask.slice(1).reduce(0) { $0 + Int($1) }
        #expect(rectangle == 100 * 75)  // 400/4 × 300/4 voxels
        #expect(r.mask.slice(0).allSatisfy { $0 == 0 })
        let (labels, _) = try rt.labelMap(on: g)
        #expect(labels.voxels.max() == 1)  // the isocentres are points: nothing to fill
    }

    @Test(.enabled(if: path != nil, "pydicom test files absent: run scripts/setup.sh"))
    func referenceMismatchesAreReported() throws {
        let rt = try RTStructureSet.read(path: try #require(Self.path))
        #expect(throws: RTStructError.self) {
            try rt.checkReferences(frameOfReferenceUID: "1.2.3", seriesInstanceUID: nil)
        }
        let relaxed = try rt.checkReferences(frameOfReferenceUID: "1.2.3", seriesInstanceUID: "1.2.4",
                                             allowFrameOfReferenceMismatch: true)
        #expect(relaxed.count == 2)
        let otherSeries = try rt.checkReferences(frameOfReferenceUID: rt.referencedFrames[0].frameOfReferenceUID,
                                                 seriesInstanceUID: "1.2.4")
        #expect(otherSeries.count == 1)
    }

    @Test func rejectsOtherObjectsAndMalformedContours() throws {
        var ds = DicomDataSet()
        ds.set(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.4")
        #expect(throws: RTStructError.self) { try RTStructureSet(dataSet: ds, path: "mr.dcm") }
        ds.set(.sopClassUID, .UI, RTStructureSet.sopClassUID)
        #expect(throws: RTStructError.self) { try RTStructureSet(dataSet: ds, path: "empty.dcm") }

        var roi = DicomDataSet()
        roi.set(.roiNumber, .IS, "7")
        roi.set(.roiName, .LO, "GTV")
        ds.set(.structureSetROISequence, sequence: [roi])
        func contour(_ values: [Double], declared: Int) -> DicomDataSet {
            var c = DicomDataSet()
            c.set(.contourGeometricType, .CS, "CLOSED_PLANAR")
            c.set(.numberOfContourPoints, .IS, String(declared))
            c.set(.contourData, decimals: values)
            return c
        }
        var rc = DicomDataSet()
        rc.set(.referencedROINumber, .IS, "7")
        rc.set(.contourSequence, sequence: [
            contour([0, 0, 0, 1, 0, 0, 1, 1, 0], declared: 4),  // count disagrees: data wins
            contour([0, 0, 0, 1, 0], declared: 2),              // not triplets: skipped
        ])
        var orphan = DicomDataSet()
        orphan.set(.referencedROINumber, .IS, "8")
        ds.set(.roiContourSequence, sequence: [rc, orphan])
        let rt = try RTStructureSet(dataSet: ds, path: "hand.dcm")
        #expect(rt.rois.count == 1)
        #expect(rt.rois[0].contours.count == 1)
        #expect(rt.rois[0].contours[0].points.count == 3)
        #expect(rt.notes.count == 3)
        let warnings = try rt.checkReferences(frameOfReferenceUID: "1.2", seriesInstanceUID: "1.3")
        #expect(warnings.count == 1)  // no frame of reference to check
    }
}
