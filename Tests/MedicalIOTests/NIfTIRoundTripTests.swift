import Foundation
import Statistics
import Testing
@testable import MedicalIO

/// Writing and reading back: every storable type, both versions, raw and gzip, 3-D and 4-D.
@Suite struct NIfTIRoundTripTests {
    static let oblique: ImageGeometry = {
        // A rotation about z by 20° then a reflection-free tilt: an arbitrary proper rotation.
        let c = cos(20.0 * .pi / 180), s = sin(20.0 * .pi / 180)
        let rz = Matrix3(columns: Point3(c, s, 0), Point3(-s, c, 0), Point3(0, 0, 1))
        let cx = cos(10.0 * .pi / 180), sx = sin(10.0 * .pi / 180)
        let rx = Matrix3(columns: Point3(1, 0, 0), Point3(0, cx, sx), Point3(0, -sx, cx))
        return ImageGeometry(size: GridSize(7, 5, 4), spacing: Spacing(0.64, 0.8, 2.4),
                             origin: Point3(-12.5, 33.25, 7), direction: rz * rx)
    }()

    static func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("metorigin-nifti-\(UUID().uuidString)-\(name)").path
    }

    func roundTrip<T: NIfTIStorable>(_ values: [T], version: NIfTIHeader.Version, suffix: String) throws {
        let v = try Volume<T>(geometry: Self.oblique, voxels: values)
        let path = Self.tempPath("rt" + suffix)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = NIfTIWriteOptions()
        options.version = version
        try NIfTI.write(v, to: path, options: options)
        let img = try NIfTI.read(path: path)
        #expect(img.header.version == version)
        #expect(img.header.datatype == T.niftiDatatype)
        #expect(img.geometry.isAligned(with: v.geometry, tolerance: version == .nifti1 ? 1e-5 : 1e-12))
        let back = try #require(img.storedVolume(as: T.self))
        #expect(back.voxels == values)
        // The qform written beside the sform describes the same grid.
        let q = RASAffine.fromQuaternion(img.header.quaternion, qfac: img.header.pixdim[0],
                                         pixdim: Point3(img.header.pixdim[1], img.header.pixdim[2], img.header.pixdim[3]),
                                         offset: img.header.qoffset)
        let gq = try #require(q.geometry(size: v.size))
        #expect(gq.isAligned(with: v.geometry, tolerance: 1e-5))
    }

    @Test(arguments: [NIfTIHeader.Version.nifti1, .nifti2], [".nii", ".nii.gz"])
    func everyStorableType(version: NIfTIHeader.Version, suffix: String) throws {
        let n = Self.oblique.size.count
        try roundTrip((0..<n).map { UInt8(truncatingIfNeeded: $0 * 7) }, version: version, suffix: suffix)
        try roundTrip((0..<n).map { Int16(truncatingIfNeeded: $0 * 1021 - 30000) }, version: version, suffix: suffix)
        try roundTrip((0..<n).map { UInt16(truncatingIfNeeded: $0 * 977) }, version: version, suffix: suffix)
        try roundTrip((0..<n).map { Int32($0 * 100_003 - 7_000_000) }, version: version, suffix: suffix)
        try roundTrip((0..<n).map { Float($0) * 0.37 - 11 }, version: version, suffix: suffix)
        try roundTrip((0..<n).map { Double($0) * 1e-3 + 1e6 }, version: version, suffix: suffix)
    }

    @Test func reflectedGridKeepsItsHandedness() throws {
        var g = Self.oblique
        g.direction = Matrix3(columns: Point3(-1, 0, 0), Point3(0, 1, 0), Point3(0, 0, 1))  // det −1
        let v = try Volume<Float>(geometry: g, repeating: 3)
        let path = Self.tempPath("reflect.nii")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try NIfTI.write(v, to: path)
        let img = try NIfTI.read(path: path)
        #expect(img.header.pixdim[0] == -1)
        #expect(img.geometry.isAligned(with: g, tolerance: 1e-6))
    }

    @Test func fourDimensionalMultiMemberGzip() throws {
        // 2 × 8 MB of float32: more than one 4 MiB gzip member.
        let g = ImageGeometry(size: GridSize(128, 128, 64), spacing: Spacing(1, 1, 1))
        var rng = SplitMix64(seed: 7)
        let a = try Volume<Float>(geometry: g, voxels: (0..<g.size.count).map { _ in Float(rng.next() % 4096) })
        let b = a.map { $0 * 0.5 }
        let path = Self.tempPath("4d.nii.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = NIfTIWriteOptions()
        options.timeStep = 2.5
        try NIfTI.write([a, b], to: path, options: options)
        let img = try NIfTI.read(path: path)
        #expect(img.header.dim[0] == 4 && img.header.dim[4] == 2)
        #expect(img.header.pixdim[4] == 2.5)
        #expect(img.volumeCount == 2)
        #expect(try img.volume(at: 0).voxels == a.voxels)
        #expect(try img.volume(at: 1).voxels == b.voxels)
        #expect(throws: NIfTIError.self) { try img.volume(at: 2) }
    }

    @Test func scalingIsAppliedOnRead() throws {
        let g = ImageGeometry(size: GridSize(3, 2, 1), spacing: Spacing(1, 1, 1))
        let v = try Volume<Int16>(geometry: g, voxels: [0, 1, 2, -3, 100, -32768])
        var options = NIfTIWriteOptions()
        options.sclSlope = 0.5
        options.sclInter = -4
        let img = try NIfTI.decode(NIfTI.encode([v], options: options, gzip: false))
        #expect(try img.volume().voxels == [-4, -3.5, -3, -5.5, 46, -16388])
        #expect(img.storedVolume(as: Int16.self)?.voxels == v.voxels)
        #expect(img.storedVolume(as: Float.self) == nil)
    }
}
