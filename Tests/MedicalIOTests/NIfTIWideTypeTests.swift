import Foundation
import MedicalIO
import Testing

/// int8, uint32 and int64 are written with their own NIfTI datatype codes and read back exactly.
@Suite struct NIfTIWideTypeTests {
    func roundTrip<T: NIfTIStorable & Equatable>(_ values: [T], code: NIfTIDatatype) throws {
        let g = ImageGeometry(size: GridSize(3, 2, 2), spacing: Spacing(1, 1, 1.5))
        let volume = try Volume<T>(geometry: g, voxels: values)
        let path = NSTemporaryDirectory() + "wide-\(code)-\(getpid()).nii"
        defer { unlink(path) }
        try NIfTI.write(volume, to: path)
        let image = try NIfTI.read(path: path)
        #expect(image.header.datatype == code)
        #expect(image.storedVolume(as: T.self)?.voxels == values)
    }

    @Test func int8() throws { try roundTrip((0..<12).map { Int8($0 * 20 - 120) }, code: .int8) }
    @Test func uint32() throws { try roundTrip((0..<12).map { UInt32($0) * 390_000_000 }, code: .uint32) }
    @Test func int64() throws { try roundTrip((0..<12).map { Int64($0) * -1_000_000_000_007 }, code: .int64) }
}
