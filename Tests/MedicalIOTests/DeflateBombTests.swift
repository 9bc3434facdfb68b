import Foundation
import Testing
@testable import MedicalIO

/// A small deflated data set that would inflate far beyond its limit is refused with a typed
/// error as soon as the limit is crossed, without inflating the rest.
@Suite struct DeflateBombTests {
    @Test func inflationStopsAtTheLimit() throws {
        // 64 MiB of zeros deflate to about 64 KB; strip the gzip wrapper to get raw DEFLATE.
        let zeros = [UInt8](repeating: 0, count: 64 << 20)
        let gz = try zeros.withUnsafeBytes { try GzipCodec.compress($0, level: 9) }
        let raw = Array(gz.dropFirst(10).dropLast(8))
        #expect(raw.count < 200_000)
        let started = Date()
        #expect(throws: DicomError.self) {
            _ = try Inflate.raw(raw[...], limit: 1 << 20, file: "bomb.dcm")
        }
        #expect(Date().timeIntervalSince(started) < 1)
        // The same stream under a sufficient limit inflates completely.
        #expect(try Inflate.raw(raw[...], limit: 64 << 20, file: "bomb.dcm").count == 64 << 20)
    }
}
