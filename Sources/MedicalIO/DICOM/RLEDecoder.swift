/// DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits
/// segment per byte plane, most significant byte first, sample by sample.
enum RLEDecoder {
    /// Decodes one frame into native little-endian bytes, planar by sample (planar configuration 1).
    static func decode(_ frame: [UInt8], description d: PixelDescription, file: String) throws(DicomError) -> [UInt8] {
        guard frame.count >= 64 else { throw .codec(file: file, codec: "RLE", reason: "frame shorter than the 64-byte header") }
        func u32(_ p: Int) -> Int { Int(frame[p]) | Int(frame[p + 1]) << 8 | Int(frame[p + 2]) << 16 | Int(frame[p + 3]) << 24 }
        let segments = u32(0)
        let bytesPerSample = d.bitsAllocated / 8
        guard d.bitsAllocated >= 8, segments == bytesPerSample * d.samplesPerPixel, segments <= 15 else {
            throw .codec(file: file, codec: "RLE", reason: "\(segments) segments for \(d.samplesPerPixel) samples of \(d.bitsAllocated) bits")
        }
        let pixels = d.rows * d.columns
        var out = [UInt8](repeating: 0, count: d.bytesPerFrame)
        for s in 0..<segments {
            let start = u32(4 + 4 * s)
            let end = s + 1 < segments ? u32(8 + 4 * s) : frame.count
            guard start >= 64, start <= end, end <= frame.count else {
                throw .codec(file: file, codec: "RLE", reason: "segment \(s) offsets \(start)..<\(end) outside the frame")
            }
            let sample = s / bytesPerSample
            let byteInSample = bytesPerSample - 1 - (s % bytesPerSample)  // MSB segment first
            // Planar output: sample plane `sample`, little-endian bytes within each value.
            let planeBase = sample * pixels * bytesPerSample
            var written = 0
            var p = start
            out.withUnsafeMutableBufferPointer { o in
                frame.withUnsafeBufferPointer { f in
                    while p < end && written < pixels {
                        let n = Int(Int8(bitPattern: f[p])); p += 1
                        if n >= 0 {
                            let count = min(n + 1, pixels - written, end - p)
                            for k in 0..<count { o[planeBase + (written + k) * bytesPerSample + byteInSample] = f[p + k] }
                            written += count; p += n + 1
                        } else if n != -128 {
                            guard p < end else { break }
                            let count = min(-n + 1, pixels - written)
                            let v = f[p]; p += 1
                            for k in 0..<count { o[planeBase + (written + k) * bytesPerSample + byteInSample] = v }
                            written += count
                        }
                    }
                }
            }
            guard written == pixels else {
                throw .codec(file: file, codec: "RLE", reason: "segment \(s) decodes to \(written) of \(pixels) bytes")
            }
        }
        return out
    }
}
