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
    // Covers the seed structure sets (−220…220 mm in x and y, −250…50 mm in z).
    let grid = ImageGeometry(size: GridSize(48, 48, 16), spacing: Spacing(9.5, 9.5, 20),
                             origin: Point3(-223, -223, -250))
    for roi in rt.rois.prefix(8) {
        guard let r = try? rt.mask(for: roi, on: grid) else { continue }
        _ = ContourExtractor.contours(of: r.mask)
    }
    _ = try? rt.labelMap(on: grid)
    return 0
}
