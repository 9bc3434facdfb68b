import CZlib
import Foundation

/// Why an image cannot be encoded as PNG.
public struct PNGError: Error, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { "PNG: " + reason }
}

/// A minimal PNG writer (8-bit greyscale or RGB, no interlace, filter 0) for the documentation
/// and training-sample figures: signature, IHDR, one zlib-compressed IDAT, IEND, each chunk with
/// its CRC-32.
public enum PNGEncoder {
    /// Encodes `pixels` (row-major, `channels` bytes per pixel: 1 grey or 3 RGB).
    public static func encode(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws(PNGError) -> Data {
        guard width > 0, height > 0, channels == 1 || channels == 3, pixels.count == width * height * channels else {
            throw PNGError(reason: "\(width)×\(height)×\(channels) does not match \(pixels.count) bytes")
        }
        var raw = [UInt8]()
        raw.reserveCapacity((width * channels + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter type None
            raw.append(contentsOf: pixels[(y * width * channels)..<((y + 1) * width * channels)])
        }
        var bound = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(bound))
        let rc = compressed.withUnsafeMutableBufferPointer { dst in
            raw.withUnsafeBufferPointer { src in compress2(dst.baseAddress, &bound, src.baseAddress, uLong(src.count), 9) }
        }
        guard rc == Z_OK else { throw PNGError(reason: "zlib compress2 failed (\(rc))") }
        compressed.removeSubrange(Int(bound)...)
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = [UInt8]()
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, channels == 1 ? 0 : 2, 0, 0, 0]
        chunk("IHDR", header, into: &png)
        chunk("IDAT", compressed, into: &png)
        chunk("IEND", [], into: &png)
        return png
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    private static func chunk(_ type: String, _ body: [UInt8], into png: inout Data) {
        let typeBytes = Array(type.utf8)
        png.append(contentsOf: bigEndian(UInt32(body.count)))
        png.append(contentsOf: typeBytes)
        png.append(contentsOf: body)
        let all = typeBytes + body
        let c = all.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        png.append(contentsOf: bigEndian(UInt32(c)))
    }
}
