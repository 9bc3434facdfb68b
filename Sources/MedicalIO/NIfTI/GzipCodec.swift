import CZlib
import Foundation

/// gzip compression for `.nii.gz`, through the system zlib.
///
/// Reading is incremental (`GzipInflater`) so that a NIfTI reader can inflate the header first,
/// learn from it how many bytes the voxels need, and then inflate exactly that many: a gzip bomb
/// whose header declares a small image can never make us produce more than the header promised.
enum GzipCodec {
    /// Whether `bytes` starts with the gzip magic number 1f 8b.
    static func isGzip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The most a deflate stream can expand (zlib's documented worst-case ratio is 1032:1), plus
    /// slack for tiny inputs. A header that declares more than this for its compressed size is
    /// rejected before anything is allocated.
    static func maximumInflatedSize(compressedSize: Int) -> Int {
        let (m, o) = compressedSize.multipliedReportingOverflow(by: 1032)
        return o ? Int.max : m &+ 4096
    }

    /// gzip-compresses `input` as a single member at `level` (0…9); `runLengthOnly` selects
    /// zlib's Z_RLE strategy (matches only runs of one byte).
    static func compress(_ input: UnsafeRawBufferPointer, level: Int32, runLengthOnly: Bool = false) throws(GzipFailure) -> Data {
        let strm = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        strm.initialize(to: z_stream())
        defer { strm.deinitialize(count: 1); strm.deallocate() }
        // windowBits 15 + 16 asks zlib for a gzip wrapper rather than a zlib one.
        let rc = deflateInit2_(strm, level, Z_DEFLATED, 15 + 16, 8, runLengthOnly ? Z_RLE : Z_DEFAULT_STRATEGY,
                               zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw GzipFailure(reason: "deflateInit2 failed (\(rc))") }
        defer { deflateEnd(strm) }
        let bound = Int(deflateBound(strm, uLong(input.count))) + 64
        var out = Data(count: bound)
        var produced = 0
        let status: Int32 = out.withUnsafeMutableBytes { (dst: UnsafeMutableRawBufferPointer) -> Int32 in
            strm.pointee.next_in = UnsafeMutablePointer(
                mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            strm.pointee.avail_in = uInt(input.count)
            strm.pointee.next_out = dst.baseAddress!.assumingMemoryBound(to: Bytef.self)
            strm.pointee.avail_out = uInt(dst.count)
            let r = deflate(strm, Z_FINISH)
            produced = dst.count - Int(strm.pointee.avail_out)
            return r
        }
        guard status == Z_STREAM_END else { throw GzipFailure(reason: "deflate failed (\(status))") }
        out.count = produced
        return out
    }
}

/// A zlib failure, without a path; callers wrap it in their own typed error.
struct GzipFailure: Error {
    let reason: String
}

/// Inflates a gzip (or zlib) stream held in memory, a requested number of bytes at a time.
/// Concatenated gzip members are read as one stream, as gunzip does.
final class GzipInflater {
    private let input: Data
    private var consumed = 0
    private let strm: UnsafeMutablePointer<z_stream>
    private var finished = false

    init(_ input: Data) throws(GzipFailure) {
        self.input = input
        // zlib keeps a pointer back to the z_stream, so it must never move: heap-allocate it.
        strm = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        strm.initialize(to: z_stream())
        // 15 + 32: maximum window, detect gzip or zlib header automatically.
        let rc = inflateInit2_(strm, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            strm.deinitialize(count: 1); strm.deallocate()
            throw GzipFailure(reason: "inflateInit2 failed (\(rc))")
        }
    }

    deinit {
        inflateEnd(strm)
        strm.deinitialize(count: 1)
        strm.deallocate()
    }

    /// Fills `out` as far as the stream allows; returns the number of bytes written, which is
    /// less than `out.count` only when the stream ended.
    func read(into out: UnsafeMutableRawBufferPointer) throws(GzipFailure) -> Int {
        var written = 0
        while written < out.count && !finished {
            let before = written
            let (rc, used) = input.withUnsafeBytes { (src: UnsafeRawBufferPointer) -> (Int32, Int) in
                let remaining = src.count - consumed
                strm.pointee.next_in = UnsafeMutablePointer(
                    mutating: src.baseAddress.map { $0.advanced(by: consumed).assumingMemoryBound(to: Bytef.self) })
                // avail_in is 32-bit; large inputs are fed in chunks.
                strm.pointee.avail_in = uInt(min(remaining, Int(UInt32.max / 2)))
                let fed = Int(strm.pointee.avail_in)
                let space = min(out.count - written, Int(UInt32.max / 2))
                strm.pointee.next_out = out.baseAddress!.advanced(by: written).assumingMemoryBound(to: Bytef.self)
                strm.pointee.avail_out = uInt(space)
                let r = inflate(strm, Z_NO_FLUSH)
                written += space - Int(strm.pointee.avail_out)
                return (r, fed - Int(strm.pointee.avail_in))
            }
            consumed += used
            switch rc {
            case Z_OK:
                if used == 0 && written == before {
                    // zlib always progresses while it has input and room; guard against a loop anyway.
                    throw GzipFailure(reason: consumed >= input.count ? "compressed stream ends early" : "inflate made no progress")
                }
            case Z_STREAM_END:
                // Another gzip member may follow; anything else (e.g. zero padding) is ignored.
                if consumed + 2 <= input.count,
                   input[input.startIndex + consumed] == 0x1F, input[input.startIndex + consumed + 1] == 0x8B {
                    inflateReset(strm)
                } else {
                    finished = true
                }
            case Z_BUF_ERROR:
                // No progress was possible: either the input ran out or the stream is stuck.
                if consumed >= input.count || (used == 0 && written == before) {
                    throw GzipFailure(reason: "compressed stream ends early")
                }
            case Z_DATA_ERROR:
                let msg = strm.pointee.msg.map { String(cString: $0) } ?? "corrupt data"
                throw GzipFailure(reason: msg)
            case Z_MEM_ERROR:
                throw GzipFailure(reason: "zlib out of memory")
            default:
                throw GzipFailure(reason: "inflate failed (\(rc))")
            }
        }
        return written
    }
}
