import Foundation
import Testing
@testable import MedicalIO

/// Part 10 parsing: encodings, sequences, private tags, character sets and the writer round trip.
struct DicomParserTests {
    @Test func allEncodingsOfMRSmallAgree() throws {
        guard DicomTestData.available else { return }
        let names = ["MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm", "MR_small_RLE.dcm"]
        let sets = try names.compactMap { DicomTestData.path($0) }.map { try DicomFile.read(path: $0).dataSet }
        #expect(sets.count == names.count)
        for ds in sets {
            #expect(ds.string(.patientName) == "CompressedSamples^MR1")
            #expect(ds.doubles(.imagePositionPatient) == [-83.9063, -91.2, 6.6406])
            #expect(ds.int(.rows) == 64 && ds.int(.bitsAllocated) == 16)
            #expect(ds.double(.sliceThickness) == 0.8)
        }
        let syntaxes = try names.compactMap { DicomTestData.path($0) }.map { try DicomFile.read(path: $0).transferSyntax }
        #expect(syntaxes[1] == .implicitVRLittleEndian && syntaxes[2] == .explicitVRBigEndian)
    }

    @Test func filesWithoutMetaOrPreambleAndDeflated() throws {
        guard DicomTestData.available else { return }
        let be = try DicomFile.read(path: #require(DicomTestData.path("ExplVR_BigEndNoMeta.dcm")))
        let le = try DicomFile.read(path: #require(DicomTestData.path("ExplVR_LitEndNoMeta.dcm")))
        #expect(!be.hasPreamble && be.transferSyntax.bigEndian && be.meta.elements.isEmpty)
        #expect(be.dataSet.string(.modality) == "RTPLAN" && le.dataSet.string(.modality) == "RTPLAN")
        #expect(be.dataSet.elements.map(\.tag) == le.dataSet.elements.map(\.tag))
        let dfl = try DicomFile.read(path: #require(DicomTestData.path("image_dfl.dcm")))
        #expect(dfl.transferSyntax == .deflatedExplicitVRLittleEndian && dfl.dataSet.int(.rows) == 512)
    }

    @Test func nestedAndPrivateSequences() throws {
        guard DicomTestData.available else { return }
        let nested = try DicomFile.read(path: #require(DicomTestData.path("nested_priv_SQ.dcm"))).dataSet
        // Odd group 0001 (outside the standard) holding an undefined-length SQ inside an SQ.
        let outer = try #require(nested[DicomTag(0x0001, 0x0001)])
        let inner = try #require(outer.items.first?[DicomTag(0x0001, 0x0001)])
        #expect(outer.vr == .SQ && inner.vr == .SQ)
        #expect(inner.items.first?.bytes(DicomTag(0x0001, 0x0001)) == Array("Double Nested SQ".utf8))
        #expect(outer.items.first?.bytes(DicomTag(0x0001, 0x0002)).map { String(decoding: $0, as: UTF8.self) }?.hasPrefix("Nested SQ") == true)
        let priv = try DicomFile.read(path: #require(DicomTestData.path("priv_SQ.dcm"))).dataSet
        #expect(priv.elements.contains { $0.vr == .SQ })
        let un = try DicomFile.read(path: #require(DicomTestData.path("UN_sequence.dcm"))).dataSet
        #expect(un.elements.contains { $0.vr == .SQ && !$0.items.isEmpty })
        let rt = try DicomFile.read(path: #require(DicomTestData.path("rtstruct.dcm"))).dataSet
        let rois = try #require(rt.sequence(.structureSetROISequence))
        #expect(rois.count >= 1 && rois[0].string(.roiName) != nil)
        let contours = try #require(rt.sequence(.roiContourSequence)?.first?.sequence(.contourSequence))
        #expect((contours.first?.doubles(.contourData)?.count ?? 0) % 3 == 0)
    }

    @Test func characterSetsRoundTrip() throws {
        for (term, set) in [("ISO_IR 100", DicomCharacterSet.latin1), ("ISO_IR 192", .utf8)] {
            var ds = DicomDataSet()
            ds.characterSet = set
            ds.set(.specificCharacterSet, .CS, term)
            ds.set(.sopClassUID, .UI, DicomSeriesWriter.mrImageStorage)
            ds.set(.sopInstanceUID, .UI, "1.2.3.4")
            ds.set(.patientName, .PN, "Müller^Zoë")
            ds.set(.seriesDescription, .LO, "Séquence T1 é")
            let bytes = try DicomWriter.encode(ds)
            // Latin-1 stores ü as one byte, UTF-8 as two.
            let raw = try #require(ds.bytes(.patientName))
            #expect(raw.count == (set == .latin1 ? 10 : 12))
            let back = try DicomFile.read(data: bytes, name: "mem").dataSet
            #expect(back.characterSet == set)
            #expect(back.string(.patientName) == "Müller^Zoë")
            #expect(back.string(.seriesDescription) == "Séquence T1 é")
        }
    }

    @Test func writerRoundTripPreservesRealFile() throws {
        guard let path = DicomTestData.path("MR_small_bigendian.dcm") else { return }
        let original = try DicomFile.read(path: path)
        let dir = DicomTestData.temporaryFolder("rt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DicomWriter.write(original.dataSet, to: dir + "/copy.dcm")
        let copy = try DicomFile.read(path: dir + "/copy.dcm")
        #expect(copy.transferSyntax == .explicitVRLittleEndian)
        #expect(copy.meta.string(.transferSyntaxUID) == "1.2.840.10008.1.2.1")
        #expect(copy.dataSet.elements.map(\.tag) == original.dataSet.elements.map(\.tag))
        #expect(try DicomPixelDecoder.storedValues(copy).1 == DicomPixelDecoder.storedValues(original).1)
    }

    @Test func typedAccessorsAndDictionary() {
        var ds = DicomDataSet()
        ds.set(.pixelSpacing, decimals: [0.5, 0.25])
        ds.set(.imageType, .CS, strings: ["ORIGINAL", "PRIMARY"])
        ds.set(.rows, uint16: [512])
        ds.set(.instanceNumber, .IS, " 7 ")
        #expect(ds.doubles(.pixelSpacing) == [0.5, 0.25])
        #expect(ds.strings(.imageType) == ["ORIGINAL", "PRIMARY"])
        #expect(ds.int(.rows) == 512 && ds.int(.instanceNumber) == 7)
        #expect(ds.string(.patientName) == nil && ds.sequence(.rows) == nil)
        #expect(DicomDictionary.tag(forKeyword: "SeriesInstanceUID") == .seriesInstanceUID)
        #expect(DicomDictionary.vr(for: DicomTag(0x0029, 0x0010)) == .LO)  // private creator
        #expect(DicomTag.pixelData.description == "(7FE0,0010) PixelData")
        #expect(DicomDataSet.formatDS(1.0 / 3.0).count <= 16)
        #expect(DicomUID.make(seed: 1, "a") == DicomUID.make(seed: 1, "a"))
    }
}
