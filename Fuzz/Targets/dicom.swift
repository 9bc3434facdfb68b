import Foundation
import MedicalIO

/// libFuzzer target: the DICOM Part 10 parser (preamble, meta group, every transfer syntax's
/// element encoding, sequences, encapsulated pixel data). Any input must give a data set or a
/// typed `DicomError`, never a crash. Typed accessors are exercised on whatever parsed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDicom(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? DicomFile.read(data: bytes, name: "fuzz") else { return 0 }
    for element in file.dataSet.elements.prefix(64) {
        _ = file.dataSet.strings(element.tag)
        _ = file.dataSet.doubles(element.tag)
        _ = file.dataSet.ints(element.tag)
        _ = file.dataSet.tags(element.tag)
        _ = element.tag.description
    }
    _ = DicomFrameGeometry.frames(of: file.dataSet, count: 1)
    return 0
}
