import Foundation
import Statistics
import Testing
@testable import MedicalIO

/// A mutation corpus: every malformed input must give a typed `DicomError`, quickly, without
/// crashing or allocating what the input cannot justify.
struct DicomBadInputTests {
    /// Explicit VR little-endian element bytes.
    static func element(_ tag: DicomTag, _ vr: String, _ value: [UInt8], length: UInt32? = nil) -> [UInt8] {
        var b = DicomWriter.le16(tag.group) + DicomWriter.le16(tag.element) + Array(vr.utf8)
        let len = length ?? UInt32(value.count)
        if VR(rawValue: vr)?.hasLongLength ?? true { b += [0, 0] + DicomWriter.le32(len) } else { b += DicomWriter.le16(UInt16(truncatingIfNeeded: len)) }
        return b + value
    }

    static func part10(_ body: [UInt8], syntax: String = "1.2.840.10008.1.2.1") -> [UInt8] {
        var uid = Array(syntax.utf8); if uid.count % 2 == 1 { uid.append(0) }
        let meta = element(.transferSyntaxUID, "UI", uid)
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
            + element(.fileMetaInformationGroupLength, "UL", DicomWriter.le32(UInt32(meta.count))) + meta + body
    }

    /// Reads and decodes pixels (an image without them is an error too); returns the error, nil
    /// if the input was accepted.
    static func outcome(_ bytes: [UInt8]) -> DicomError? {
        do {
            let f = try DicomFile.read(data: bytes, name: "mutant")
            _ = try DicomPixelDecoder.storedValues(f)
            return nil
        } catch { return error }
    }

    func timed(_ body: () -> Void) -> Double {
        let t = Date(); body(); return Date().timeIntervalSince(t)
    }

    @Test func undefinedAndHugeLengths() {
        let name = Array("A^B".utf8) + [0x20]
        for length: UInt32 in [0xFFFF_FFFF, 0xFFFF_FFF0, 1 << 30] {
            let bytes = Self.part10(Self.element(.patientName, "UT", name, length: length))
            #expect(Self.outcome(bytes) != nil, "length \(length)")
        }
        // A pixel element that claims 4 GB.
        #expect(Self.outcome(Self.part10(Self.element(.pixelData, "OW", [1, 2, 3, 4], length: 0xFFFF_FFFE))) != nil)
        // Undefined-length item inside a defined-length sequence that ends too soon.
        let item = DicomWriter.le16(0xFFFE) + DicomWriter.le16(0xE000) + DicomWriter.le32(0xFFFF_FFFF)
        #expect(Self.outcome(Self.part10(Self.element(.referencedImageSequence, "SQ", item))) != nil)
    }

    @Test func deepNestingIsCapped() {
        let depth = 10_000
        let open = DicomWriter.le16(0x0008) + DicomWriter.le16(0x1140) + Array("SQ".utf8) + [0, 0] + DicomWriter.le32(0xFFFF_FFFF)
            + DicomWriter.le16(0xFFFE) + DicomWriter.le16(0xE000) + DicomWriter.le32(0xFFFF_FFFF)
        var body: [UInt8] = []
        body.reserveCapacity(open.count * depth)
        for _ in 0..<depth { body += open }
        var result: DicomError?
        let seconds = timed { result = Self.outcome(Self.part10(body)) }
        guard case .nestingTooDeep(_, _, let limit) = result else { Issue.record("got \(String(describing: result))"); return }
        #expect(limit == 64)
        #expect(seconds < 1)
        // The same nesting in implicit VR with defined lengths.
        var nested: [UInt8] = []
        for _ in 0..<depth {
            let item = DicomWriter.le16(0xFFFE) + DicomWriter.le16(0xE000) + DicomWriter.le32(UInt32(nested.count)) + nested
            nested = DicomWriter.le16(0x0008) + DicomWriter.le16(0x1140) + DicomWriter.le32(UInt32(item.count)) + item
            if nested.count > 400_000 { break }
        }
        #expect(Self.outcome(Self.part10(nested, syntax: "1.2.840.10008.1.2")) != nil)
    }

    @Test func imageSizeOverflowAndDisagreement() {
        func image(rows: UInt16, cols: UInt16, frames: String, pixels: Int) -> [UInt8] {
            var ds = DicomDataSet()
            ds.set(.samplesPerPixel, uint16: [1])
            ds.set(.numberOfFrames, .IS, frames)
            ds.set(.rows, uint16: [rows]); ds.set(.columns, uint16: [cols])
            ds.set(.bitsAllocated, uint16: [16]); ds.set(.bitsStored, uint16: [16]); ds.set(.highBit, uint16: [15])
            ds.set(.pixelRepresentation, uint16: [0])
            ds.set(.pixelData, .OW, bytes: [UInt8](repeating: 7, count: pixels))
            var body: [UInt8] = []
            for e in ds.elements { try? DicomWriter.append(e, to: &body, file: "t") }
            return Self.part10(body)
        }
        let overflow = Self.outcome(image(rows: 65535, cols: 65535, frames: "9223372036854775807", pixels: 16))
        guard case .sizeOverflow = overflow else { Issue.record("overflow gave \(String(describing: overflow))"); return }
        let short = Self.outcome(image(rows: 512, cols: 512, frames: "176", pixels: 1024))
        guard case .pixelData(_, let why) = short else { Issue.record("short gave \(String(describing: short))"); return }
        #expect(why.contains("needs"))
        #expect(Self.outcome(image(rows: 0, cols: 4, frames: "1", pixels: 16)) != nil)
        #expect(Self.outcome(image(rows: 2, cols: 4, frames: "-3", pixels: 16)) != nil)
        #expect(Self.outcome(image(rows: 2, cols: 4, frames: "1", pixels: 16)) == nil)
    }

    @Test func truncationsAndByteFlipsOfARealFile() throws {
        guard let path = DicomTestData.path("MR_small.dcm"), let rle = DicomTestData.path("MR_small_RLE.dcm") else { return }
        let seconds = timed {
            for source in [path, rle] {
                guard let original = try? DicomFile.readBytes(path: source) else { return }
                // Every truncation point that cuts the file: must fail (pixels are at the end).
                for cut in stride(from: 0, to: original.count - 1, by: 61) {
                    #expect(Self.outcome(Array(original[0..<cut])) != nil, "\(source) cut at \(cut)")
                }
                // Seeded byte flips: any outcome but a crash; errors must be DicomError (typed).
                var rng = SplitMix64(seed: 2026)
                for _ in 0..<300 {
                    var m = original
                    for _ in 0..<4 {
                        let i = Int(rng.next() % UInt64(min(m.count, 2000)))
                        m[i] = UInt8(truncatingIfNeeded: rng.next())
                    }
                    _ = Self.outcome(m)
                }
            }
        }
        #expect(seconds < 20)
        if let truncated = DicomTestData.path("MR_truncated.dcm") {
            let e = Self.outcome(try DicomFile.readBytes(path: truncated))
            guard case .invalidLength(let file, let tag, _, _, _) = e else { Issue.record("MR_truncated gave \(String(describing: e))"); return }
            #expect(file == "mutant" && tag == .pixelData)
        }
        #expect(Self.outcome(Array("hello, not dicom at all".utf8)) != nil)
        #expect(Self.outcome([]) != nil)
    }

    @Test func corruptCompressedFrames() throws {
        for name in ["MR_small_RLE.dcm", "MR_small_jp2klossless.dcm", "JPEG-LL.dcm", "SC_rgb_dcmtk_+eb+cr.dcm", "MR_small_jpeg_ls_lossless.dcm", "JPGExtended.dcm"] {
            guard let path = DicomTestData.path(name) else { continue }
            var file = try DicomFile.read(path: path)
            guard case .encapsulated(var px) = file.dataSet[.pixelData]?.value else { continue }
            px.fragments[0] = Array(px.fragments[0].prefix(px.fragments[0].count / 3)) + [0xFF, 0xD9]
            file.dataSet.set(DicomElement(tag: .pixelData, vr: .OB, value: .encapsulated(px)))
            #expect(throws: DicomError.self, "\(name)") { _ = try DicomPixelDecoder.storedValues(file) }
        }
    }

    @Test func hostileHeaderValuesInSeriesAssembly() throws {
        var ds = DicomDataSet()
        ds.set(.sopClassUID, .UI, DicomSeriesWriter.mrImageStorage)
        ds.set(.sopInstanceUID, .UI, "1.2.3.4")
        ds.set(.seriesInstanceUID, .UI, "1.2.3")
        ds.set(.modality, .CS, "MR")
        ds.set(.rows, uint16: [512]); ds.set(.columns, uint16: [512])
        ds.set(.numberOfFrames, .IS, "2147483647")
        ds.set(.imagePositionPatient, .DS, "nan\\inf\\1e308")
        ds.set(.repetitionTime, .DS, "-inf")
        ds.set(.inversionTime, .DS, "1e300")
        ds.set(.scanningSequence, .CS, "IR")
        #expect(ds.doubles(.imagePositionPatient) == nil)
        let dir = DicomTestData.temporaryFolder("hostile")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DicomWriter.write(ds, to: dir + "/h.dcm")
        let series = try DicomScanner.scan(path: dir).series[0]
        var result: DicomError?
        let seconds = timed { do throws(DicomError) { _ = try DicomVolumeBuilder.plan(series) } catch { result = error } }
        guard case .sizeOverflow = result else { Issue.record("got \(String(describing: result))"); return }
        #expect(seconds < 1)
        _ = MRSeriesClassifier.classify(ds)  // must not trap on odd numbers
        let inventory = try DicomInventory.make(path: dir)
        #expect(inventory.series.first?.error != nil)
    }

    @Test func headerSizesNeedPixelBytesToJustifyThem() throws {
        // 46000 × 46000 samples claimed by a few bytes: refused before any large allocation.
        var ds = DicomDataSet()
        ds.set(.sopClassUID, .UI, DicomSeriesWriter.mrImageStorage)
        ds.set(.sopInstanceUID, .UI, "1.2.3.4")
        ds.set(.seriesInstanceUID, .UI, "1.2.3")
        ds.set(.rows, uint16: [46000]); ds.set(.columns, uint16: [46000])
        ds.set(.samplesPerPixel, uint16: [1])
        ds.set(.bitsAllocated, uint16: [16]); ds.set(.bitsStored, uint16: [16]); ds.set(.highBit, uint16: [15])
        ds.set(.pixelRepresentation, uint16: [0])
        var encapsulated = ds
        encapsulated.set(DicomElement(tag: .pixelData, vr: .OB, value: .encapsulated(
            EncapsulatedPixelData(basicOffsetTable: [], fragments: [[0xFF, 0xD8, 0xFF, 0xD9]], fragmentOffsets: [0]))))
        let file = DicomFile(name: "tiny", meta: DicomDataSet(), dataSet: encapsulated,
                             transferSyntax: TransferSyntax.from(uid: "1.2.840.10008.1.2.4.70"))
        var result: DicomError?
        var seconds = timed { do throws(DicomError) { _ = try DicomPixelDecoder.storedValues(file) } catch { result = error } }
        guard case .sizeOverflow = result else { Issue.record("encapsulated gave \(String(describing: result))"); return }
        #expect(seconds < 1)
        ds.set(.pixelData, .OW, bytes: [0, 0, 0, 0])
        let dir = DicomTestData.temporaryFolder("huge")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DicomWriter.write(ds, to: dir + "/h.dcm")
        let series = try DicomScanner.scan(path: dir).series[0]
        result = nil
        seconds = timed { do throws(DicomError) { _ = try DicomVolumeBuilder.build(series) } catch { result = error } }
        guard case .sizeOverflow(let file, _) = result else { Issue.record("native gave \(String(describing: result))"); return }
        #expect(file == dir + "/h.dcm", "the error names the folder, not the file")
        #expect(seconds < 1)
    }
}
