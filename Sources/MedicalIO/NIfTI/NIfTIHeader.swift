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
        let layout = NIfTIHeaderLayout(h.version)
        let r = NIfTIFieldReader(bytes: bytes, swap: h.isBigEndian != hostIsBigEndian, realSize: layout.realSize)
        if h.version == .nifti1 {
            let magic = r.string(344, 4)
            guard magic == "n+1" else {
                throw .notNIfTI(path: path, reason: magic == "ni1"
                    ? "two-file NIfTI (.hdr/.img) is not supported" : "magic is not n+1 (Analyze 7.5?)")
            }
            let off = r.real(layout.voxOffset)
            guard off.isFinite, off >= 0, off < 1e15 else {
                throw .invalidVoxOffset(path: path, offset: off.isFinite ? Int(max(-1e15, min(off, 1e15))) : -1,
                                        reason: "the stored value \(off) is not a byte offset")
            }
            h.voxOffset = Int(off)
        } else {
            guard bytes[4] == 0x6E, bytes[5] == 0x2B, bytes[6] == 0x32, bytes[7] == 0 else {
                throw .notNIfTI(path: path, reason: "magic is not n+2")
            }
            h.voxOffset = r.integer(layout.voxOffset, .int64)
        }
        let code = r.integer(layout.datatype, .int16)
        for f in layout.integers { h[keyPath: f.field] = r.integer(f.offset, f.storage) }
        for f in layout.reals { h[keyPath: f.field] = r.real(f.offset) }
        for f in layout.strings { h[keyPath: f.field] = r.string(f.offset, f.length) }
        h.dim = (0..<8).map { r.integer(layout.dim.offset + layout.dim.storage.size * $0, layout.dim.storage) }
        h.pixdim = r.reals(layout.pixdim, count: 8)
        h.intentParameters = r.reals(layout.intentParameters, count: 3)
        let q = r.reals(layout.quaternion, count: 3), qo = r.reals(layout.qoffset, count: 3)
        h.quaternion = Point3(q[0], q[1], q[2])
        h.qoffset = Point3(qo[0], qo[1], qo[2])
        h.srow = (0..<3).map { row in SIMD4(r.reals(layout.srow + 4 * layout.realSize * row, count: 4)) }
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
            throw .invalidVoxOffset(path: path, offset: h.voxOffset,
                                    reason: "it lies inside the \(h.headerSize)-byte header")
        }
        return (h, voxelBytes)
    }
}

let hostIsBigEndian = 1.bigEndian == 1

/// Reads fixed-offset header fields, swapping bytes when the file's order differs from ours.
struct NIfTIFieldReader {
    let bytes: UnsafeRawBufferPointer
    let swap: Bool
    /// Bytes of a real value: 4 (float32, NIfTI-1) or 8 (float64, NIfTI-2).
    let realSize: Int

    func integer(_ o: Int, _ storage: NIfTIHeaderLayout.IntegerStorage) -> Int {
        switch storage {
        case .uint8: return Int(bytes[o])
        case .int16: return Int(Int16(bitPattern: load(o, as: UInt16.self)))
        case .int32: return Int(Int32(bitPattern: load(o, as: UInt32.self)))
        case .int64: return Int(Int64(bitPattern: load(o, as: UInt64.self)))
        }
    }
    func real(_ o: Int) -> Double {
        realSize == 4 ? Double(Float(bitPattern: load(o, as: UInt32.self))) : Double(bitPattern: load(o, as: UInt64.self))
    }
    /// `count` reals stored one after the other from `o`.
    func reals(_ o: Int, count: Int) -> [Double] { (0..<count).map { real(o + realSize * $0) } }
    private func load<U: FixedWidthInteger>(_ o: Int, as: U.Type) -> U {
        let v = bytes.loadUnaligned(fromByteOffset: o, as: U.self)
        return swap ? v.byteSwapped : v
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
