import CJPEG
import COpenJPEG

/// Turns Pixel Data into numbers: native data and the encapsulated syntaxes we support (RLE
/// and JPEG lossless process 14 in Swift, JPEG baseline/extended 8-bit through
/// libjpeg-turbo, JPEG 2000 through OpenJPEG). Output samples are interleaved per pixel, frames
/// one after another.
public enum DicomPixelDecoder {
    /// Stored values of every frame after BitsStored/HighBit masking and sign extension.
    public static func storedValues(_ file: DicomFile) throws(DicomError) -> (PixelDescription, [Int32]) {
        let d = try PixelDescription(dataSet: file.dataSet, file: file.name)
        guard let total = d.totalSamplesChecked else { throw .sizeOverflow(file: file.name, reason: "too many samples") }
        guard let element = file.dataSet[.pixelData] else {
            throw .missingAttribute(file: file.name, tag: .pixelData)
        }
        var out = [Int32]()
        switch element.value {
        case .bytes(let raw):
            guard !file.transferSyntax.isEncapsulated || file.transferSyntax.pixelEncoding == .native else {
                throw .pixelData(file: file.name, reason: "native pixel data in an encapsulated transfer syntax")
            }
            let (need, o) = d.bytesPerFrame.multipliedReportingOverflow(by: d.frames)
            guard !o else { throw .sizeOverflow(file: file.name, reason: "frame bytes × \(d.frames) frames") }
            guard raw.count >= need else {
                throw .pixelData(file: file.name, reason: "\(d.rows)×\(d.columns)×\(d.frames) needs \(need) bytes, Pixel Data has \(raw.count)")
            }
            out.reserveCapacity(total)
            for f in 0..<d.frames {
                appendNative(raw, offset: f * d.bytesPerFrame, d, planar: d.planarConfiguration == 1, to: &out)
            }
        case .encapsulated(let px):
            try checkExpansion(outputBytes: total * 4, inputBytes: px.fragments.reduce(0) { $0 + $1.count }, file: file.name)
            let frames = try splitFrames(px, frames: d.frames, syntax: file.transferSyntax, file: file.name)
            out.reserveCapacity(total)
            for frame in frames {
                try decodeCompressed(frame, d, syntax: file.transferSyntax, file: file.name, to: &out)
            }
        case .sequence:
            throw .pixelData(file: file.name, reason: "Pixel Data is a sequence")
        }
        guard out.count == total else {
            throw .pixelData(file: file.name, reason: "decoded \(out.count) samples, expected \(total)")
        }
        return (d, out)
    }

    /// Decoded output may exceed the compressed input by at most this factor (beyond a 256 MiB
    /// floor), so a few hostile header bytes cannot make us allocate gigabytes. Real images stay
    /// far below it (even blank JPEG 2000 frames of a few hundred bytes fit under the floor).
    static let maxExpansion = 1000

    static func checkExpansion(outputBytes: Int, inputBytes: Int, file: String) throws(DicomError) {
        let (allowed, o) = inputBytes.multipliedReportingOverflow(by: maxExpansion)
        guard o || outputBytes <= max(256 << 20, allowed) else {
            throw .sizeOverflow(file: file, reason: "\(outputBytes) decoded bytes from \(inputBytes) bytes of pixel data")
        }
    }

    // MARK: native

    /// Appends one native frame's samples (interleaved) starting at `offset` in `raw`.
    static func appendNative(_ raw: [UInt8], offset: Int, _ d: PixelDescription, planar: Bool, to out: inout [Int32]) {
        let n = d.samplesPerFrame
        let spp = d.samplesPerPixel
        let shift = d.bitsAllocated == 1 ? 0 : d.highBit + 1 - d.bitsStored
        let bits = d.bitsStored
        let mask: UInt32 = bits >= 32 ? .max : (1 << UInt32(bits)) - 1
        let signBit: UInt32 = bits >= 32 ? 0x8000_0000 : 1 << UInt32(bits - 1)
        let signed = d.isSigned
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: n))
        raw.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let pixels = d.rows * d.columns
                for i in 0..<n {
                    // Source index: planar data store sample planes one after another.
                    let s = planar && spp > 1 ? (i % spp) * pixels + i / spp : i
                    var v: UInt32
                    switch d.bitsAllocated {
                    case 1: v = UInt32((src[offset + s >> 3] >> UInt8(s & 7)) & 1)
                    case 8: v = UInt32(src[offset + s])
                    case 16:
                        let p = offset + 2 * s
                        v = UInt32(src[p]) | UInt32(src[p + 1]) << 8
                    default:
                        let p = offset + 4 * s
                        v = UInt32(src[p]) | UInt32(src[p + 1]) << 8 | UInt32(src[p + 2]) << 16 | UInt32(src[p + 3]) << 24
                    }
                    v = (v >> UInt32(shift)) & mask
                    if signed && v & signBit != 0 { v |= ~mask }
                    dst[start + i] = Int32(bitPattern: v)
                }
            }
        }
    }

    /// Masks and sign-extends right-aligned decoded samples the way native data are.
    static func appendSamples<S: Sequence>(_ samples: S, _ d: PixelDescription, to out: inout [Int32]) where S.Element == Int32 {
        let bits = d.bitsStored
        let mask: UInt32 = bits >= 32 ? .max : (1 << UInt32(bits)) - 1
        let signBit: UInt32 = bits >= 32 ? 0x8000_0000 : 1 << UInt32(bits - 1)
        for s in samples {
            var v = UInt32(bitPattern: s) & mask
            if d.isSigned && v & signBit != 0 { v |= ~mask }
            out.append(Int32(bitPattern: v))
        }
    }

    // MARK: encapsulated

    /// Groups fragments into frames: by the Basic Offset Table when present, one fragment per
    /// frame when the counts match, else by each codec's start-of-image marker.
    static func splitFrames(_ px: EncapsulatedPixelData, frames: Int, syntax: TransferSyntax, file: String) throws(DicomError) -> [[UInt8]] {
        guard !px.fragments.isEmpty else { throw .pixelData(file: file, reason: "encapsulated Pixel Data has no fragments") }
        if frames == 1 {
            return [px.fragments.count == 1 ? px.fragments[0] : Array(px.fragments.joined())]
        }
        if px.basicOffsetTable.count == frames {
            var out: [[UInt8]] = []
            for f in 0..<frames {
                let start = px.basicOffsetTable[f]
                let end = f + 1 < frames ? px.basicOffsetTable[f + 1] : UInt32.max
                let parts = zip(px.fragmentOffsets, px.fragments).filter { $0.0 >= start && $0.0 < end }.map { $0.1 }
                guard !parts.isEmpty else { throw .pixelData(file: file, reason: "Basic Offset Table entry \(f) points at no fragment") }
                out.append(parts.count == 1 ? parts[0] : Array(parts.joined()))
            }
            return out
        }
        if px.fragments.count == frames { return px.fragments }
        // Fragments of one frame continue until the next fragment that starts a new image.
        func startsImage(_ f: [UInt8]) -> Bool {
            switch syntax.pixelEncoding {
            case .jpegBaseline, .jpegExtended, .jpegLossless, .jpegLS: return f.count >= 2 && f[0] == 0xFF && f[1] == 0xD8
            case .jpeg2000: return (f.count >= 2 && f[0] == 0xFF && f[1] == 0x4F) || (f.count >= 5 && f[3] == 0x0C && f[4] == 0x6A)
            default: return false
            }
        }
        var out: [[UInt8]] = []
        for f in px.fragments {
            if startsImage(f) || out.isEmpty { out.append(f) } else { out[out.count - 1].append(contentsOf: f) }
        }
        guard out.count == frames else {
            throw .pixelData(file: file, reason: "cannot split \(px.fragments.count) fragments into \(frames) frames")
        }
        return out
    }

    static func decodeCompressed(_ frame: [UInt8], _ d: PixelDescription, syntax: TransferSyntax, file: String,
                                 to out: inout [Int32]) throws(DicomError) {
        switch syntax.pixelEncoding {
        case .rle:
            let bytes = try RLEDecoder.decode(frame, description: d, file: file)
            var dd = d
            dd.highBit = d.bitsStored - 1  // RLE output is right-aligned like other codecs
            appendNative(bytes, offset: 0, dd, planar: true, to: &out)
        case .jpegLossless:
            let r: JPEGLosslessDecoder.Image
            do { r = try JPEGLosslessDecoder.decode(frame, maxSamples: d.samplesPerFrame) } catch {
                throw .codec(file: file, codec: "JPEG lossless", reason: error.reason)
            }
            guard r.width == d.columns, r.height == d.rows, r.components == d.samplesPerPixel else {
                throw .pixelData(file: file, reason: "JPEG frame is \(r.width)×\(r.height)×\(r.components), header says \(d.columns)×\(d.rows)×\(d.samplesPerPixel)")
            }
            appendSamples(r.samples.lazy.map { Int32($0) }, d, to: &out)
        case .jpegBaseline, .jpegExtended:
            try decodeLibJPEG(frame, d, file: file, to: &out)
        case .jpeg2000:
            try decodeOpenJPEG(frame, d, file: file, to: &out)
        case .native:
            throw .pixelData(file: file, reason: "encapsulated Pixel Data in a native transfer syntax \(syntax)")
        case .jpegLS where syntax.uid == "1.2.840.10008.1.2.4.80":
            let r: JPEGLSDecoder.Image
            do { r = try JPEGLSDecoder.decode(frame, maxSamples: d.samplesPerFrame) } catch {
                throw .codec(file: file, codec: "JPEG-LS", reason: error.reason)
            }
            guard r.width == d.columns, r.height == d.rows, d.samplesPerPixel == 1 else {
                throw .pixelData(file: file, reason: "JPEG-LS frame is \(r.width)×\(r.height), header says \(d.columns)×\(d.rows)×\(d.samplesPerPixel)")
            }
            appendSamples(r.samples.lazy.map { Int32($0) }, d, to: &out)
        case .jpegLS, .other:
            throw .unsupportedTransferSyntax(file: file, name: syntax.name, uid: syntax.uid)
        }
    }

    /// `keepYCbCr` skips libjpeg's YCbCr → RGB conversion (used by tests to compare codecs).
    static func decodeLibJPEG(_ frame: [UInt8], _ d: PixelDescription, file: String, keepYCbCr: Bool = false,
                              to out: inout [Int32]) throws(DicomError) {
        if let header = try? JPEGHeaders.parse(frame), header.precision != 8 {
            // Debian's libjpeg-turbo 2.1 is built for 8-bit samples only; 12-bit goes to Swift.
            let r: JPEGDCTDecoder.Image
            do { r = try JPEGDCTDecoder.decode(frame, maxSamples: d.samplesPerFrame) } catch {
                throw .codec(file: file, codec: "JPEG \(header.precision)-bit DCT", reason: error.reason)
            }
            guard r.width == d.columns, r.height == d.rows, r.components == d.samplesPerPixel else {
                throw .pixelData(file: file, reason: "JPEG frame is \(r.width)×\(r.height)×\(r.components), header says \(d.columns)×\(d.rows)×\(d.samplesPerPixel)")
            }
            appendSamples(r.samples, d, to: &out)
            return
        }
        var message = [CChar](repeating: 0, count: 256)
        var w: Int32 = 0, h: Int32 = 0, c: Int32 = 0
        var pixels = [UInt8](repeating: 0, count: d.samplesPerFrame)
        let keep: Int32 = keepYCbCr ? 1 : 0
        let rc = frame.withUnsafeBufferPointer { f in
            pixels.withUnsafeMutableBufferPointer { o in
                metorigin_jpeg_decode8(f.baseAddress, f.count, o.baseAddress, o.count, keep, &w, &h, &c, &message, 256)
            }
        }
        guard rc == 0 else { throw .codec(file: file, codec: "libjpeg", reason: Self.text(message)) }
        guard Int(w) == d.columns, Int(h) == d.rows, Int(c) == d.samplesPerPixel else {
            throw .pixelData(file: file, reason: "JPEG frame is \(w)×\(h)×\(c), header says \(d.columns)×\(d.rows)×\(d.samplesPerPixel)")
        }
        out.append(contentsOf: pixels.lazy.map { Int32($0) })
    }

    static func decodeOpenJPEG(_ frame: [UInt8], _ d: PixelDescription, file: String, to out: inout [Int32]) throws(DicomError) {
        var message = [CChar](repeating: 0, count: 256)
        var samples = [Int32](repeating: 0, count: d.samplesPerFrame)
        var w: Int32 = 0, h: Int32 = 0, c: Int32 = 0, p: Int32 = 0, sgn: Int32 = 0
        let rc = frame.withUnsafeBufferPointer { f in
            samples.withUnsafeMutableBufferPointer { o in
                metorigin_j2k_decode(f.baseAddress, f.count, o.baseAddress, o.count, &w, &h, &c, &p, &sgn, &message)
            }
        }
        guard rc == 0 else { throw .codec(file: file, codec: "OpenJPEG", reason: Self.text(message)) }
        guard Int(w) == d.columns, Int(h) == d.rows, Int(c) == d.samplesPerPixel else {
            throw .pixelData(file: file, reason: "JPEG 2000 frame is \(w)×\(h)×\(c), header says \(d.columns)×\(d.rows)×\(d.samplesPerPixel)")
        }
        appendSamples(samples, d, to: &out)
    }

    /// A codec's NUL-terminated message buffer as text (invalid UTF-8 repaired).
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
