import Foundation
import Testing
@testable import MedicalIO

/// Decoded pixels versus pydicom's decoding of the uncompressed original, bit for bit, for every
/// transfer syntax in `Fixtures/dicom_reference.json` (written by `scripts/reference_dicom.py`).
struct DicomPixelTests {
    struct Entry {
        let file: String
        let reference: String?
        let count: Int
        let sum: Int
        let hash: String
        let rows: Int, columns: Int, frames: Int
        let geometry: [String: [Double]]
    }

    static func entries() throws -> [Entry] {
        let root = try #require(try ReferenceData.json("dicom_reference.json") as? [String: Any])
        let files = try #require(root["files"] as? [[String: Any]])
        return files.map { f in
            Entry(file: f["file"] as? String ?? "", reference: f["reference"] as? String,
                  count: f["count"] as? Int ?? -1, sum: f["sum"] as? Int ?? 0, hash: f["fnv1a64"] as? String ?? "",
                  rows: f["rows"] as? Int ?? 0, columns: f["columns"] as? Int ?? 0, frames: f["frames"] as? Int ?? 0,
                  geometry: (f["geometry"] as? [String: [Double]]) ?? [:])
        }
    }

    @Test func pixelsMatchPydicomAcrossTransferSyntaxes() throws {
        guard DicomTestData.available else {
            print("skipping: pydicom test files not installed (run scripts/setup.sh)")
            return
        }
        let entries = try Self.entries()
        #expect(entries.count >= 25)
        var checked = 0
        for e in entries where e.reference != nil {
            guard let path = DicomTestData.path(e.file) else { continue }
            let file = try DicomFile.read(path: path)
            let (d, values) = try DicomPixelDecoder.storedValues(file)
            #expect(d.rows == e.rows && d.columns == e.columns && d.frames == e.frames, "\(e.file) size")
            #expect(values.count == e.count, "\(e.file): \(values.count) samples, expected \(e.count)")
            #expect(values.reduce(0) { $0 + Int($1) } == e.sum, "\(e.file): sum differs from \(e.reference ?? "")")
            #expect(DicomTestData.fnv1a64(values) == e.hash, "\(e.file): values differ from pydicom's \(e.reference ?? "")")
            checked += 1
        }
        #expect(checked >= 25)
    }

    @Test func geometryMatchesDeclaredAttributes() throws {
        guard DicomTestData.available else { return }
        for e in try Self.entries() {
            guard let path = DicomTestData.path(e.file) else { continue }
            let ds = try DicomFile.read(path: path, options: DicomReadOptions(stopBeforePixelData: true)).dataSet
            for (key, expected) in e.geometry {
                let tag = try #require(DicomDictionary.tag(forKeyword: key))
                #expect(ds.doubles(tag) == expected, "\(e.file) \(key)")
            }
        }
    }

    @Test func lossyJPEGBaselineCloseToDcmtkDecompression() throws {
        guard DicomTestData.available else { return }
        let root = try #require(try ReferenceData.json("dicom_reference.json") as? [String: Any])
        let lossy = try #require(root["lossy"] as? [[String: Any]])
        #expect(!lossy.isEmpty)
        for l in lossy {
            guard let path = DicomTestData.path(l["file"] as? String ?? ""),
                  let refPath = DicomTestData.path(l["reference"] as? String ?? "") else { continue }
            let (_, ours) = try DicomPixelDecoder.storedValues(try DicomFile.read(path: path))
            let (_, ref) = try DicomPixelDecoder.storedValues(try DicomFile.read(path: refPath))
            #expect(ours.count == ref.count)
            let worst = zip(ours, ref).map { abs(Int($0) - Int($1)) }.max() ?? 0
            #expect(worst <= 2, "\(path): max abs difference \(worst) against dcmtk's decompression")
        }
    }
}

/// Files whose uncompressed original is not shipped: spot values published in pydicom's pixel
/// reference tests (decoded there with pylibjpeg).
struct DicomPixelSpotTests {
    func row(_ name: String, _ r: Int, _ cols: Range<Int>) throws -> [Int32]? {
        guard let path = DicomTestData.path(name) else { return nil }
        let (d, v) = try DicomPixelDecoder.storedValues(try DicomFile.read(path: path))
        return Array(v[(r * d.columns + cols.lowerBound)..<(r * d.columns + cols.upperBound)])
    }

    @Test func jpegLosslessSixteenBitSigned() throws {
        guard let a = try row("JPEG-LL.dcm", 400, 124..<132), let b = try row("JPEG-LL.dcm", 600, 124..<132) else { return }
        #expect(a == [60, 58, 61, 68, 59, 65, 64, 67])
        #expect(b == [3, 1, 2, 0, 2, 1, 2, 0])
    }

    @Test func jpegLosslessEightBit() throws {
        guard let a = try row("JPGLosslessP14SV1_1s_1f_8b.dcm", 300, 512..<520),
              let b = try row("JPGLosslessP14SV1_1s_1f_8b.dcm", 600, 512..<520) else { return }
        #expect(a == [26, 26, 25, 22, 19, 16, 14, 15])
        #expect(b == [45, 43, 41, 38, 33, 30, 26, 21])
    }

    @Test func unsupportedTransferSyntaxIsNamed() throws {
        guard let path = DicomTestData.path("JPEGLSNearLossless_08.dcm") else { return }
        let file = try DicomFile.read(path: path)
        #expect(throws: DicomError.unsupportedTransferSyntax(file: path, name: "JPEG-LS Lossy (Near-Lossless)", uid: "1.2.840.10008.1.2.4.81")) {
            _ = try DicomPixelDecoder.storedValues(file)
        }
    }
}

/// The Swift sequential-DCT decoder (used for 12-bit JPEG Extended, which Debian's libjpeg-turbo
/// cannot decode) against pydicom's published values and, for 8-bit, against libjpeg itself.
struct JPEGDCTDecoderTests {
    @Test func twelveBitExtendedMatchesReferenceValues() throws {
        // pydicom's pixel reference for JPGExtended.dcm (decoded there by pylibjpeg and GDCM).
        guard let path = DicomTestData.path("JPGExtended.dcm") else { return }
        let (d, v) = try DicomPixelDecoder.storedValues(try DicomFile.read(path: path))
        #expect(d.rows == 1024 && d.columns == 256)
        #expect(v[420 * 256 + 140] == 244)
        #expect(v[230 * 256 + 120] == 95)
    }

    @Test func eightBitMatchesLibjpegExactly() throws {
        // Files without chroma subsampling; libjpeg asked not to convert colours.
        for name in ["SC_rgb_dcmtk_+eb+cr.dcm", "SC_rgb_dcmtk_+eb+cy+s4.dcm", "SC_rgb_small_odd_jpeg.dcm", "SC_rgb_jpeg_dcmtk.dcm"] {
            guard let path = DicomTestData.path(name) else { continue }
            let file = try DicomFile.read(path: path)
            let d = try PixelDescription(dataSet: file.dataSet, file: path)
            guard case .encapsulated(let px) = file.dataSet[.pixelData]?.value else { Issue.record("\(name) not encapsulated"); continue }
            let frame = try DicomPixelDecoder.splitFrames(px, frames: 1, syntax: file.transferSyntax, file: path)[0]
            var libjpeg: [Int32] = []
            try DicomPixelDecoder.decodeLibJPEG(frame, d, file: path, keepYCbCr: true, to: &libjpeg)
            let swift = try JPEGDCTDecoder.decode(frame, maxSamples: d.samplesPerFrame)
            #expect(swift.samples == libjpeg, "\(name)")
        }
    }
}
