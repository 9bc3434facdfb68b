import Foundation
import MedicalIO

/// libFuzzer target: pixel data decoding (native with BitsStored/HighBit masking, RLE, JPEG
/// Lossless, JPEG, JPEG 2000, multi-frame) after parsing. Any input must decode or give a typed
/// `DicomError`, never a crash or an allocation the input does not justify.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPixels(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? DicomFile.read(data: bytes, name: "fuzz") else { return 0 }
    _ = try? DicomPixelDecoder.storedValues(file)
    return 0
}
