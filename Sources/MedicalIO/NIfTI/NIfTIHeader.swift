/// Voxel storage types that MetOrigin reads and writes. Codes are NIfTI's `datatype` values.
public enum NIfTIDatatype: Int, Sendable, CaseIterable, CustomStringConvertible {
    case uint8 = 2
    case int16 = 4
    case int32 = 8
    case float32 = 16
    case float64 = 64
    case int8 = 256
    case uint16 = 512
    case uint32 = 768
    case int64 = 1024

    /// Bytes per voxel.
    public var byteSize: Int {
        switch self {
        case .uint8, .int8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .float64: return 8
        }
    }

    /// Whether values are integers (so scaling with an integral slope/intercept stays integral).
    public var isInteger: Bool { self != .float32 && self != .float64 }

    public var description: String {
        switch self {
        case .uint8: return "uint8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .float32: return "float32"
        case .float64: return "float64"
        case .int8: return "int8"
        case .uint16: return "uint16"
        case .uint32: return "uint32"
        case .int64: return "int64"
        }
    }
}

/// The fields of a NIfTI-1 or NIfTI-2 header, widened to `Int`/`Double` so both versions share
/// one type. Values are as stored: no RAS→LPS conversion happens here (see `RASAffine`).
public struct NIfTIHeader: Sendable, Equatable {
    public enum Version: Int, Sendable { case nifti1 = 1, nifti2 = 2 }

    public var version: Version = .nifti1
    /// Byte order of the file the header came from (writing always uses little endian).
    public var isBigEndian = false
    /// `dim[0]` is the number of dimensions, `dim[1...dim[0]]` the extents.
    public var dim: [Int] = [3, 1, 1, 1, 1, 1, 1, 1]
    public var datatype: NIfTIDatatype = .float32
    public var bitpix = 32
    /// `pixdim[0]` is qfac (±1); `pixdim[1...3]` voxel sizes; `pixdim[4]` the time step.
    public var pixdim: [Double] = [1, 1, 1, 1, 1, 1, 1, 1]
    public var voxOffset = 352
    public var sclSlope = 1.0
    public var sclInter = 0.0
    public var calMax = 0.0
    public var calMin = 0.0
    public var sliceDuration = 0.0
    public var toffset = 0.0
    public var sliceStart = 0
    public var sliceEnd = 0
    public var sliceCode = 0
    public var dimInfo = 0
    public var xyztUnits = 2 | 8
    public var intentCode = 0
    public var intentParameters: [Double] = [0, 0, 0]
    public var intentName = ""
    public var descrip = ""
    public var auxFile = ""
    public var qformCode = 0
    public var sformCode = 0
    /// Quaternion parameters b, c, d (a is implied).
    public var quaternion = Point3(0, 0, 0)
    public var qoffset = Point3(0, 0, 0)
    /// The three rows of the sform, each (x, y, z, offset).
    public var srow: [SIMD4<Double>] = [SIMD4(1, 0, 0, 0), SIMD4(0, 1, 0, 0), SIMD4(0, 0, 1, 0)]

    public init() {}

    /// Bytes of the fixed header (348 or 540), without the 4-byte extension flag.
    public var headerSize: Int { version == .nifti1 ? 348 : 540 }

    /// Extents of the dimensions in use, `dim[1...dim[0]]`.
    public var shape: [Int] { Array(dim[1...max(1, min(7, dim[0]))]) }

    /// The (validated) grid of one 3-D volume: dims beyond `dim[0]` count as 1.
    public var gridSize: GridSize {
        let n = dim[0]
        return GridSize(n >= 1 ? dim[1] : 1, n >= 2 ? dim[2] : 1, n >= 3 ? dim[3] : 1)
    }

    /// Number of 3-D volumes: the product of `dim[4...dim[0]]`.
    public var volumeCount: Int {
        dim[0] <= 3 ? 1 : dim[4...dim[0]].reduce(1, *)
    }

    /// The scaling nibabel applies: none when `scl_slope` is 0 or not finite.
    public var effectiveScaling: (slope: Double, intercept: Double)? {
        guard sclSlope != 0, sclSlope.isFinite else { return nil }
        let inter = sclInter.isFinite ? sclInter : 0
        if sclSlope == 1 && inter == 0 { return nil }
        return (sclSlope, inter)
    }
}

// MARK: - Parsing

extension NIfTIHeader {
    /// Parses and validates a header from the first bytes of a file (at least 348 or 540), and
    /// returns it with the total voxel byte count, computed with overflow checks.
    static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws(NIfTIError) -> (NIfTIHeader, voxelBytes: Int) {
        guard bytes.count >= 4 else { throw .truncated(path: path, expected: 348, actual: bytes.count) }
        let raw = bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
        var h = NIfTIHeader()
        switch raw {
        case UInt32(348).littleEndian: h.version = .nifti1; h.isBigEndian = false
        case UInt32(348).bigEndian: h.version = .nifti1; h.isBigEndian = true
        case UInt32(540).littleEndian: h.version = .nifti2; h.isBigEndian = false
        case UInt32(540).bigEndian: h.version = .nifti2; h.isBigEndian = true
        default: throw .notNIfTI(path: path, reason: "sizeof_hdr is neither 348 nor 540")
        }
        guard bytes.count >= h.headerSize else {
            throw .truncated(path: path, expected: h.headerSize, actual: bytes.count)
        }
        let r = NIfTIFieldReader(bytes: bytes, swap: h.isBigEndian != hostIsBigEndian)
        let code: Int
        if h.version == .nifti1 {
            let magic = r.string(344, 4)
            guard magic == "n+1" else {
                throw .notNIfTI(path: path, reason: magic == "ni1"
                    ? "two-file NIfTI (.hdr/.img) is not supported" : "magic is not n+1 (Analyze 7.5?)")
            }
            h.dimInfo = Int(bytes[39])
            h.dim = (0..<8).map { r.int16(40 + 2 * $0) }
            h.intentParameters = [r.float32(56), r.float32(60), r.float32(64)]
            h.intentCode = r.int16(68)
            code = r.int16(70)
            h.bitpix = r.int16(72)
            h.sliceStart = r.int16(74)
            h.pixdim = (0..<8).map { r.float32(76 + 4 * $0) }
            let off = r.float32(108)
            guard off.isFinite, off >= 0, off < 1e15 else {
                throw .invalidVoxOffset(path: path, offset: off.isFinite ? Int(max(-1e15, min(off, 1e15))) : -1,
                                        fileSize: bytes.count)
            }
            h.voxOffset = Int(off)
            h.sclSlope = r.float32(112)
            h.sclInter = r.float32(116)
            h.sliceEnd = r.int16(120)
            h.sliceCode = Int(bytes[122])
            h.xyztUnits = Int(bytes[123])
            h.calMax = r.float32(124)
            h.calMin = r.float32(128)
            h.sliceDuration = r.float32(132)
            h.toffset = r.float32(136)
            h.descrip = r.string(148, 80)
            h.auxFile = r.string(228, 24)
            h.qformCode = r.int16(252)
            h.sformCode = r.int16(254)
            h.quaternion = Point3(r.float32(256), r.float32(260), r.float32(264))
            h.qoffset = Point3(r.float32(268), r.float32(272), r.float32(276))
            h.srow = (0..<3).map { row in
                SIMD4((0..<4).map { r.float32(280 + 16 * row + 4 * $0) })
            }
            h.intentName = r.string(328, 16)
        } else {
            guard bytes[4] == 0x6E, bytes[5] == 0x2B, bytes[6] == 0x32, bytes[7] == 0 else {
                throw .notNIfTI(path: path, reason: "magic is not n+2")
            }
            code = r.int16(12)
            h.bitpix = r.int16(14)
            h.dim = (0..<8).map { r.int64(16 + 8 * $0) }
            h.intentParameters = [r.float64(80), r.float64(88), r.float64(96)]
            h.pixdim = (0..<8).map { r.float64(104 + 8 * $0) }
            h.voxOffset = r.int64(168)
            h.sclSlope = r.float64(176)
            h.sclInter = r.float64(184)
            h.calMax = r.float64(192)
            h.calMin = r.float64(200)
            h.sliceDuration = r.float64(208)
            h.toffset = r.float64(216)
            h.sliceStart = r.int64(224)
            h.sliceEnd = r.int64(232)
            h.descrip = r.string(240, 80)
            h.auxFile = r.string(320, 24)
            h.qformCode = r.int32(344)
            h.sformCode = r.int32(348)
            h.quaternion = Point3(r.float64(352), r.float64(360), r.float64(368))
            h.qoffset = Point3(r.float64(376), r.float64(384), r.float64(392))
            h.srow = (0..<3).map { row in
                SIMD4((0..<4).map { r.float64(400 + 32 * row + 8 * $0) })
            }
            h.sliceCode = r.int32(496)
            h.xyztUnits = r.int32(500)
            h.intentCode = r.int32(504)
            h.intentName = r.string(508, 16)
            h.dimInfo = Int(bytes[524])
        }
        guard let dt = NIfTIDatatype(rawValue: code) else { throw .unsupportedDatatype(path: path, code: code) }
        h.datatype = dt
        guard (1...7).contains(h.dim[0]) else {
            throw .invalidDimensions(path: path, dims: h.dim, reason: "dim[0] must be 1…7")
        }
        var count = 1
        for d in h.dim[1...h.dim[0]] {
            guard d >= 1 else { throw .invalidDimensions(path: path, dims: h.dim, reason: "extent \(d) < 1") }
            let (m, o) = count.multipliedReportingOverflow(by: d)
            guard !o else { throw .invalidDimensions(path: path, dims: h.dim, reason: "voxel count overflows") }
            count = m
        }
        let (voxelBytes, o) = count.multipliedReportingOverflow(by: dt.byteSize)
        guard !o else { throw .invalidDimensions(path: path, dims: h.dim, reason: "byte size overflows") }
        // A single-file NIfTI keeps its voxels after the header and the 4-byte extension flag;
        // nibabel repairs vox_offset = 0 to that minimum, and so do we.
        if h.voxOffset == 0 { h.voxOffset = h.headerSize + 4 }
        guard h.voxOffset >= h.headerSize else {
            throw .invalidVoxOffset(path: path, offset: h.voxOffset, fileSize: bytes.count)
        }
        return (h, voxelBytes)
    }
}

let hostIsBigEndian = 1.bigEndian == 1

/// Reads fixed-offset header fields, swapping bytes when the file's order differs from ours.
struct NIfTIFieldReader {
    let bytes: UnsafeRawBufferPointer
    let swap: Bool

    func int16(_ o: Int) -> Int {
        let v = bytes.loadUnaligned(fromByteOffset: o, as: UInt16.self)
        return Int(Int16(bitPattern: swap ? v.byteSwapped : v))
    }
    func int32(_ o: Int) -> Int {
        let v = bytes.loadUnaligned(fromByteOffset: o, as: UInt32.self)
        return Int(Int32(bitPattern: swap ? v.byteSwapped : v))
    }
    func int64(_ o: Int) -> Int {
        let v = bytes.loadUnaligned(fromByteOffset: o, as: UInt64.self)
        return Int(Int64(bitPattern: swap ? v.byteSwapped : v))
    }
    func float32(_ o: Int) -> Double {
        let v = bytes.loadUnaligned(fromByteOffset: o, as: UInt32.self)
        return Double(Float(bitPattern: swap ? v.byteSwapped : v))
    }
    func float64(_ o: Int) -> Double {
        let v = bytes.loadUnaligned(fromByteOffset: o, as: UInt64.self)
        return Double(bitPattern: swap ? v.byteSwapped : v)
    }
    /// A NUL-terminated string field of at most `length` bytes (Latin-1 safe).
    func string(_ o: Int, _ length: Int) -> String {
        var chars: [UInt8] = []
        for i in o..<(o + length) {
            let b = bytes[i]
            if b == 0 { break }
            chars.append(b)
        }
        return String(decoding: chars, as: UTF8.self)
    }
}
