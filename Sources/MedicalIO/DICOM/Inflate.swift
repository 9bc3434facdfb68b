import CZlib

/// Raw DEFLATE (RFC 1951, no zlib header) as used by the Deflated Explicit VR Little Endian
/// transfer syntax, with a hard cap on the output size so a small hostile file cannot make us
/// allocate gigabytes.
enum Inflate {
    /// Inflates `input`; throws when the stream is corrupt or would exceed `limit` bytes.
    static func raw(_ input: ArraySlice<UInt8>, limit: Int, file: String) throws(DicomError) -> [UInt8] {
        var stream = z_stream()
        var status = inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw .codec(file: file, codec: "deflate", reason: "inflateInit2 failed (\(status))") }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        out.reserveCapacity(min(limit, max(4096, input.count * 4)))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var failure: DicomError?
        input.withUnsafeBufferPointer { inp in
            stream.next_in = UnsafeMutablePointer(mutating: inp.baseAddress)
            stream.avail_in = UInt32(inp.count)
            chunk.withUnsafeMutableBufferPointer { c in
                repeat {
                    stream.next_out = c.baseAddress
                    stream.avail_out = UInt32(c.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                        failure = .codec(file: file, codec: "deflate", reason: "corrupt stream (zlib status \(status))")
                        return
                    }
                    let produced = c.count - Int(stream.avail_out)
                    if out.count + produced > limit {
                        failure = .sizeOverflow(file: file, reason: "deflated data set inflates beyond \(limit) bytes")
                        return
                    }
                    out.append(contentsOf: c[0..<produced])
                    if status == Z_BUF_ERROR && produced == 0 { break }  // input exhausted
                } while status != Z_STREAM_END
            }
        }
        if let failure { throw failure }
        return out
    }
}
