import Foundation
import MedicalIO

/// libFuzzer target: RTSTRUCT parsing, then rasterising every ROI on a small fixed grid and
/// extracting contours from the result, so fuzzed ContourData reaches the scanline fill and the
/// boundary tracer. Any input must give a result or a typed error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRTStruct(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? DicomFile.read(data: bytes, name: "fuzz"),
          let rt = try? RTStructureSet(dataSet: file.dataSet, path: "fuzz") else { return 0 }
    _ = try? rt.checkReferences(frameOfReferenceUID: "1.2.3", seriesInstanceUID: "1.2.3.4",
                                allowFrameOfReferenceMismatch: true)
    // A coarse grid over pydicom's seeds (−220…220 mm in x and y, −250…50 mm in z) and a fine,
    // oblique one over the seeds our writer made (−25…25 mm, −10…17 mm).
    let grids = [
        ImageGeometry(size: GridSize(48, 48, 16), spacing: Spacing(9.5, 9.5, 20), origin: Point3(-223, -223, -250)),
        ImageGeometry(size: GridSize(40, 36, 12), spacing: Spacing(1.3, 1.5, 2.4), origin: Point3(-27, -26, -11),
                      direction: Matrix3(columns: Point3(0.8, 0.6, 0), Point3(-0.6, 0.8, 0), Point3(0, 0, 1))),
    ]
    for grid in grids {
        for roi in rt.rois.prefix(8) {
            guard let r = try? rt.mask(for: roi, on: grid) else { continue }
            _ = ContourExtractor.contours(of: r.mask)
        }
    }
    _ = try? rt.labelMap(on: grids[1])
    return 0
}
