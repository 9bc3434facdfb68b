import Foundation
import MedicalIO

/// libFuzzer target: DICOM Segmentation parsing, then placing every segment's frames on the grid
/// the seed was written for (the oblique 48 × 40 × 10 series of the SEG tests), so fuzzed frame
/// counts, segment numbers, positions and pixel data reach the bit unpacking. Any input must give
/// a result or a typed error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSegmentation(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? DicomFile.read(data: bytes, name: "fuzz"),
          let seg = try? SegmentationObject(dataSet: file.dataSet, path: "fuzz") else { return 0 }
    let c = 0.96, s = 0.28
    let grid = ImageGeometry(size: GridSize(48, 40, 10), spacing: Spacing(0.64, 0.64, 2.4), origin: Point3(-15.2, -20.1, 31.7),
                             direction: Matrix3(columns: Point3(1, 0, 0), Point3(0, c, s), Point3(0, -s, c)))
    for segment in seg.segments.prefix(8) {
        _ = try? seg.mask(segment: segment.number, on: grid)
    }
    _ = try? seg.labels(on: grid)
    return 0
}
