import Dispatch
import Foundation

/// Voxel types `NIfTI.write` can store; the datatype is chosen from the Swift type.
public protocol NIfTIStorable: VoxelScalar {
    static var niftiDatatype: NIfTIDatatype { get }
}
extension UInt8: NIfTIStorable { public static var niftiDatatype: NIfTIDatatype { .uint8 } }
extension Int8: NIfTIStorable { public static var niftiDatatype: NIfTIDatatype { .int8 } }
extension UInt32: NIfTIStorable { public static var niftiDatatype: NIfTIDatatype { .uint32 } }
extension Int64: NIfTIStorable { public static var niftiDatatype: NIfTIDatatype { .int64 } }
extension Int16: NIfTIStorable { public static var niftiDatatype: NIfTIDatatype { .int16 } }
extension UInt16: NIfTIStorable { public static var niftiDatatype: NIfTIDatatype { .uint16 } }
extension Int32: NIfTIStorable { public static var niftiDatatype: NIfTIDatatype { .int32 } }
extension Float: NIfTIStorable { public static var niftiDatatype: NIfTIDatatype { .float32 } }
extension Double: NIfTIStorable { public static var niftiDatatype: NIfTIDatatype { .float64 } }

/// How `NIfTI.write` lays out a file.
public struct NIfTIWriteOptions: Sendable {
    public var version: NIfTIHeader.Version = .nifti1
    /// gzip the output; `nil` decides by the `.gz` suffix of the path.
    public var gzip: Bool? = nil
    /// zlib level for `.nii.gz` (1 is fast and compresses MR nearly as well as 6).
    public var compressionLevel: Int32 = 1
    /// Compress runs of equal bytes only (zlib's Z_RLE). On MR volumes this is 2–3× faster
    /// than full deflate at level 1 for files about 20 % larger (the zero background is what
    /// compresses; noisy tissue barely does either way). Set to `false` for smaller files.
    public var runLengthOnly = true
    /// Stored as `scl_slope`/`scl_inter`; readers compute `stored · slope + intercept`.
    public var sclSlope = 1.0
    public var sclInter = 0.0
    /// `pixdim[4]` of a 4-D file, in seconds.
    public var timeStep = 1.0
    /// The header's 80-byte `descrip` (truncated).
    public var description = ""

    public init() {}
}

extension NIfTI {
    /// Atomically writes one volume. The datatype follows `T`; the affine is written as both
    /// sform and qform (codes 1, scanner), converted from LPS to RAS.
    public static func write<T: NIfTIStorable>(_ volume: Volume<T>, to path: String,
                                               options: NIfTIWriteOptions = NIfTIWriteOptions()) throws(NIfTIError) {
        try write([volume], to: path, options: options)
    }

    /// Atomically writes volumes sharing one grid as a 4-D file (3-D when there is one).
    public static func write<T: NIfTIStorable>(_ volumes: [Volume<T>], to path: String,
                                               options: NIfTIWriteOptions = NIfTIWriteOptions()) throws(NIfTIError) {
        let gzip = options.gzip ?? path.lowercased().hasSuffix(".gz")
        let data = try encode(volumes, options: options, gzip: gzip, path: path)
        do { try AtomicFile.write(data, to: path) } catch { throw .writeFailed(path: path, reason: error.reason) }
    }

    /// The bytes of a file holding `volumes`; `path` only labels errors.
    public static func encode<T: NIfTIStorable>(_ volumes: [Volume<T>], options: NIfTIWriteOptions = NIfTIWriteOptions(),
                                                gzip: Bool, path: String = "<memory>") throws(NIfTIError) -> Data {
        guard let first = volumes.first else { throw .writeFailed(path: path, reason: "no volumes to write") }
        let g = first.geometry
        for v in volumes where !v.geometry.isAligned(with: g, tolerance: 0) {
            throw .writeFailed(path: path, reason: "volumes of a 4-D file must share one grid")
        }
        let h = header(for: g, datatype: T.niftiDatatype, volumes: volumes.count, options: options)
        var payload = Data(h.encoded())
        payload.reserveCapacity(h.voxOffset + g.size.count * volumes.count * MemoryLayout<T>.size)
        for v in volumes {
            v.voxels.withUnsafeBytes { raw in
                if hostIsBigEndian {
                    var copy = Array(raw)
                    copy.withUnsafeMutableBytes { NIfTIVoxelData.swapBytes($0, width: MemoryLayout<T>.size) }
                    payload.append(contentsOf: copy)
                } else {
                    payload.append(contentsOf: raw)
                }
            }
        }
        guard gzip else { return payload }
        do throws(GzipFailure) {
            return try payload.withUnsafeBytes { raw in
                Result { () throws(GzipFailure) in try parallelGzip(raw, level: options.compressionLevel, runLengthOnly: options.runLengthOnly) }
            }.get()
        } catch {
            throw .writeFailed(path: path, reason: error.reason)
        }
    }

    /// The header describing `volumes` volumes of grid `g`.
    static func header(for g: ImageGeometry, datatype: NIfTIDatatype, volumes: Int, options: NIfTIWriteOptions) -> NIfTIHeader {
        var h = NIfTIHeader()
        h.version = options.version
        h.dim = [volumes > 1 ? 4 : 3, g.size.x, g.size.y, g.size.z, volumes, 1, 1, 1]
        h.datatype = datatype
        h.bitpix = datatype.byteSize * 8
        let affine = RASAffine(geometry: g)
        let (bcd, qfac) = affine.quaternion()
        h.pixdim = [qfac, g.spacing.x, g.spacing.y, g.spacing.z, volumes > 1 ? options.timeStep : 1, 1, 1, 1]
        h.voxOffset = h.headerSize + 4
        h.sclSlope = options.sclSlope
        h.sclInter = options.sclInter
        h.xyztUnits = 2 | 8  // mm, seconds
        h.qformCode = 1
        h.sformCode = 1
        h.quaternion = bcd
        h.qoffset = affine.translation
        h.srow = affine.srows
        h.descrip = options.description
        return h
    }

    /// gzip in independent members of a few MiB compressed on all cores and concatenated —
    /// a valid gzip file (RFC 1952 §2.2) that gunzip, zlib's gzread and Python read whole.
    static func parallelGzip(_ raw: UnsafeRawBufferPointer, level: Int32, runLengthOnly: Bool) throws(GzipFailure) -> Data {
        let chunk = 4 << 20
        let parts = max(1, (raw.count + chunk - 1) / chunk)
        if parts == 1 { return try GzipCodec.compress(raw, level: level, runLengthOnly: runLengthOnly) }
        let results = UnsafeMutableBufferPointer<Result<Data, GzipFailure>?>.allocate(capacity: parts)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let out = results
        nonisolated(unsafe) let input = raw
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            let lo = p * chunk
            let part = UnsafeRawBufferPointer(rebasing: input[lo..<min(input.count, lo + chunk)])
            do throws(GzipFailure) {
                out[p] = .success(try GzipCodec.compress(part, level: level, runLengthOnly: runLengthOnly))
            } catch {
                out[p] = .failure(error)
            }
        }
        var data = Data()
        for r in results {
            switch r {
            case .success(let d): data.append(d)
            case .failure(let e): throw e
            case nil: throw GzipFailure(reason: "compression worker did not run")
            }
        }
        return data
    }
}

// MARK: - Header encoding

extension NIfTIHeader {
    /// The header followed by a zeroed 4-byte extension flag, little endian.
    func encoded() -> [UInt8] {
        let layout = NIfTIHeaderLayout(version)
        var w = NIfTIFieldWriter(count: headerSize + 4, realSize: layout.realSize)
        if version == .nifti1 {
            w.integer(0, .int32, 348)
            w.integer(38, .uint8, 0x72)  // "regular" = 'r', as nibabel and ITK write
            w.real(layout.voxOffset, Double(voxOffset))
            w.string(344, "n+1", 4)
        } else {
            w.integer(0, .int32, 540)
            for (i, b) in [0x6E, 0x2B, 0x32, 0, 0x0D, 0x0A, 0x1A, 0x0A].enumerated() { w.integer(4 + i, .uint8, b) }
            w.integer(layout.voxOffset, .int64, voxOffset)
        }
        w.integer(layout.datatype, .int16, datatype.rawValue)
        for f in layout.integers { w.integer(f.offset, f.storage, self[keyPath: f.field]) }
        for f in layout.reals { w.real(f.offset, self[keyPath: f.field]) }
        for f in layout.strings { w.string(f.offset, self[keyPath: f.field], f.length) }
        for (i, d) in dim.enumerated() { w.integer(layout.dim.offset + layout.dim.storage.size * i, layout.dim.storage, d) }
        w.reals(layout.pixdim, pixdim)
        w.reals(layout.intentParameters, Array(intentParameters.prefix(3)))
        w.reals(layout.quaternion, [quaternion.x, quaternion.y, quaternion.z])
        w.reals(layout.qoffset, [qoffset.x, qoffset.y, qoffset.z])
        for r in 0..<3 { w.reals(layout.srow + 4 * layout.realSize * r, (0..<4).map { srow[r][$0] }) }
        return w.bytes
    }
}

/// Stores header fields little endian at fixed offsets.
struct NIfTIFieldWriter {
    var bytes: [UInt8]
    /// Bytes of a real value: 4 (float32, NIfTI-1) or 8 (float64, NIfTI-2).
    let realSize: Int
    init(count: Int, realSize: Int) {
        bytes = [UInt8](repeating: 0, count: count)
        self.realSize = realSize
    }

    private mutating func put<U: FixedWidthInteger>(_ o: Int, _ v: U) {
        withUnsafeBytes(of: v.littleEndian) { src in
            for (i, b) in src.enumerated() { bytes[o + i] = b }
        }
    }
    mutating func integer(_ o: Int, _ storage: NIfTIHeaderLayout.IntegerStorage, _ v: Int) {
        switch storage {
        case .uint8: bytes[o] = UInt8(truncatingIfNeeded: v)
        case .int16: put(o, Int16(truncatingIfNeeded: v))
        case .int32: put(o, Int32(truncatingIfNeeded: v))
        case .int64: put(o, Int64(v))
        }
    }
    mutating func real(_ o: Int, _ v: Double) {
        if realSize == 4 { put(o, Float(v).bitPattern) } else { put(o, v.bitPattern) }
    }
    /// `values` stored one after the other from `o`.
    mutating func reals(_ o: Int, _ values: [Double]) {
        for (i, v) in values.enumerated() { real(o + realSize * i, v) }
    }
    /// A NUL-padded string field, cut at `length - 1` bytes so it stays terminated.
    mutating func string(_ o: Int, _ s: String, _ length: Int) {
        for (i, b) in s.utf8.prefix(length - 1).enumerated() { bytes[o + i] = b }
    }
}
