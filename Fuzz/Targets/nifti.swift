import Foundation
import MedicalIO

/// libFuzzer target: the NIfTI-1/-2 reader (.nii and .nii.gz, both endians, every datatype,
/// sform/qform) and the conversion to a float volume. Any input must give an image or a typed
/// `NIfTIError`, never a crash, a hang or a gzip bomb's allocation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNIfTI(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    guard let image = try? NIfTI.decode(bytes, path: "fuzz") else { return 0 }
    _ = try? image.volume(at: 0)
    return 0
}
