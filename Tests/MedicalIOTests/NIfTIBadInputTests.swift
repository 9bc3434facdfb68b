import Foundation
import Statistics
import Testing
@testable import MedicalIO

/// Malformed NIfTI input gives a typed error, quickly, without allocating what the header claims.
@Suite struct NIfTIBadInputTests {
    /// A valid 6×5×4 int16 NIfTI-1 file.
    static func good(version: NIfTIHeader.Version = .nifti1) throws -> Data {
        let g = ImageGeometry(size: GridSize(6, 5, 4), spacing: Spacing(1, 1, 2))
        let v = try Volume<Int16>(geometry: g, voxels: (0..<120).map { Int16($0) })
        var o = NIfTIWriteOptions()
        o.version = version
        return try NIfTI.encode([v], options: o, gzip: false)
    }

    static func patch(_ data: Data, at offset: Int, _ bytes: [UInt8]) -> Data {
        var d = data
        for (i, b) in bytes.enumerated() { d[offset + i] = b }
        return d
    }
    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func lef(_ v: Float) -> [UInt8] { le(v.bitPattern) }

    static func gzip(_ data: Data) throws -> Data {
        try data.withUnsafeBytes { raw in Result { () throws(GzipFailure) in try GzipCodec.compress(raw, level: 6) } }.get()
    }

    /// Decodes `data`, expecting a typed error matching `matches`, within a second.
    func expectError(_ data: Data, _ label: String, _ matches: (NIfTIError) -> Bool) {
        let start = ContinuousClock.now
        do {
            _ = try NIfTI.decode(data, path: "bad-\(label).nii")
            Issue.record("\(label): decoded without error")
        } catch {
            #expect(matches(error), "\(label): unexpected \(error)")
            #expect("\(error)".contains("bad-\(label).nii"), "\(label): message does not name the file")
        }
        #expect(ContinuousClock.now - start < .seconds(1), "\(label) took too long")
    }

    @Test func truncations() throws {
        for version in [NIfTIHeader.Version.nifti1, .nifti2] {
            let good = try Self.good(version: version)
            for cut in [0, 2, 100, 347, 539, good.count - 1] where cut < good.count {
                expectError(good.prefix(cut), "cut\(cut)") {
                    switch $0 {
                    case .truncated, .notNIfTI: return true
                    default: return false
                    }
                }
            }
            // A gzip stream that ends early.
            let gz = try Self.gzip(good)
            expectError(gz.prefix(gz.count / 2), "gzcut") {
                if case .truncated = $0 { return true }
                if case .compression = $0 { return true }
                return false
            }
        }
    }

    @Test func dimensions() throws {
        let good = try Self.good()
        let negative = Self.patch(good, at: 42, Self.le(Int16(-5)))
        expectError(negative, "negative") { if case .invalidDimensions = $0 { return true }; return false }
        for d0 in [Int16(0), 8, -1] {
            expectError(Self.patch(good, at: 40, Self.le(d0)), "dim0-\(d0)") {
                if case .invalidDimensions = $0 { return true }; return false
            }
        }
        // 32767^7 voxels overflow Int.
        var huge = Self.patch(good, at: 40, Self.le(Int16(7)))
        for i in 1...7 { huge = Self.patch(huge, at: 40 + 2 * i, Self.le(Int16(32767))) }
        expectError(huge, "overflow") { if case .invalidDimensions = $0 { return true }; return false }
        // 32767^3 int16 voxels (70 TB) do not overflow but cannot be in the file: refused before allocation.
        var big = good
        for i in 1...3 { big = Self.patch(big, at: 40 + 2 * i, Self.le(Int16(32767))) }
        expectError(big, "huge") { if case .truncated = $0 { return true }; return false }
        expectError(try Self.gzip(big), "hugegz") { if case .implausibleSize = $0 { return true }; return false }
        // NIfTI-2: a 64-bit extent of Int64.max.
        let n2 = try Self.good(version: .nifti2)
        expectError(Self.patch(n2, at: 24, Self.le(Int64.max)), "n2huge") {
            if case .invalidDimensions = $0 { return true }; return false
        }
    }

    @Test func voxOffsets() throws {
        let good = try Self.good()
        for (label, off) in [("beyond", Float(1e6)), ("inheader", 100), ("negative", -352), ("nan", .nan), ("inf", .infinity)] {
            expectError(Self.patch(good, at: 108, Self.lef(off)), "voxoff-\(label)") {
                if case .invalidVoxOffset = $0 { return true }
                return false
            }
        }
        // Past the end of a gzip stream.
        expectError(try Self.gzip(Self.patch(good, at: 108, Self.lef(4000))), "voxoffgz") {
            if case .invalidVoxOffset = $0 { return true }; return false
        }
    }

    @Test func otherHeaderFaults() throws {
        let good = try Self.good()
        expectError(Self.patch(good, at: 70, Self.le(Int16(0))), "dtype0") {
            if case .unsupportedDatatype(_, 0) = $0 { return true }; return false
        }
        expectError(Self.patch(good, at: 70, Self.le(Int16(128))), "rgb") {
            if case .unsupportedDatatype(_, 128) = $0 { return true }; return false
        }
        expectError(Self.patch(good, at: 344, Array("ni1\0".utf8)), "pair") { if case .notNIfTI = $0 { return true }; return false }
        expectError(Self.patch(good, at: 0, Self.le(Int32(349))), "sizeof") { if case .notNIfTI = $0 { return true }; return false }
        var corrupt = try Self.gzip(good)
        for i in 20..<40 { corrupt[i] ^= 0x5A }
        expectError(corrupt, "corruptgz") {
            switch $0 {
            case .compression, .notNIfTI, .truncated, .invalidDimensions, .unsupportedDatatype, .invalidVoxOffset: return true
            default: return false
            }
        }
        // Zero voxel spacing everywhere with no usable form: falls back, never divides by zero.
        var flat = Self.patch(good, at: 254, Self.le(Int16(0)))
        flat = Self.patch(flat, at: 252, Self.le(Int16(0)))
        for i in 1...3 { flat = Self.patch(flat, at: 76 + 4 * i, Self.lef(0)) }
        let img = try NIfTI.decode(flat)
        #expect(img.geometry.spacing == Spacing(1, 1, 1))
    }

    @Test func gzipBombStopsAtTheDeclaredSize() throws {
        // A valid header and image followed by 64 MiB of zeros: only the 240 voxel bytes are inflated.
        var payload = try Self.good()
        payload.append(Data(count: 64 << 20))
        let bomb = try Self.gzip(payload)
        #expect(bomb.count < 200_000)
        let start = ContinuousClock.now
        let img = try NIfTI.decode(bomb, path: "bomb.nii.gz")
        #expect(ContinuousClock.now - start < .milliseconds(200))
        #expect(img.storedVolume(as: Int16.self)?.voxels == (0..<120).map { Int16($0) })
    }

    @Test func seededMutationsNeverCrash() throws {
        let plain = try Self.good()
        let n2 = try Self.good(version: .nifti2)
        let gz = try Self.gzip(plain)
        var rng = SplitMix64(seed: 20_260_001)
        var failures = 0
        let start = ContinuousClock.now
        for round in 0..<1500 {
            var d = [plain, n2, gz][round % 3]
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(min(d.count, 560)))
                d[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            if rng.next() % 5 == 0 { d = d.prefix(Int(rng.next() % UInt64(d.count))) }
            do { _ = try NIfTI.decode(d) } catch { failures += 1 }
        }
        #expect(failures > 100)  // most mutations of header bytes are caught
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}
