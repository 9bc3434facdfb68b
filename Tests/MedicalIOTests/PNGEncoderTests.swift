import Foundation
import MedicalIO
import Testing

@Suite struct PNGEncoderTests {
    @Test func pngEncoderWritesAValidSignatureAndChunks() throws {
        let png = try PNGEncoder.encode(width: 2, height: 1, channels: 1, pixels: [0, 255])
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: png[12..<16], as: UTF8.self) == "IHDR")
        #expect(String(decoding: png.suffix(8).prefix(4), as: UTF8.self) == "IEND")
        #expect(throws: PNGError.self) { try PNGEncoder.encode(width: 2, height: 2, channels: 1, pixels: [0]) }
    }
}
