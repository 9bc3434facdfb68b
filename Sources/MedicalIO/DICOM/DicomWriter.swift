import Foundation

/// Serialises data sets as DICOM Part 10 files in Explicit VR Little Endian: preamble, "DICM",
/// a File Meta Information group built from the data set, then the data set. Sequences and items
/// are written with undefined length and delimiters, which every reader accepts and which avoids
/// a second pass to compute lengths.
public enum DicomWriter {
    /// Our implementation class UID (under the 2.25 UUID-derived root) and version name.
    public static let implementationClassUID = "2.25.301186436734129438412893711950937291833"
    public static let implementationVersionName = "METORIGIN_1"

    /// The complete file bytes for `dataSet`. SOPClassUID and SOPInstanceUID must be present.
    public static func encode(_ dataSet: DicomDataSet, name: String = "<memory>") throws(DicomError) -> [UInt8] {
        guard let sopClass = dataSet.string(.sopClassUID) else { throw .missingAttribute(file: name, tag: .sopClassUID) }
        guard let sopInstance = dataSet.string(.sopInstanceUID) else { throw .missingAttribute(file: name, tag: .sopInstanceUID) }
        var meta = DicomDataSet()
        meta.set(.fileMetaInformationVersion, .OB, bytes: [0x00, 0x01])
        meta.set(.mediaStorageSOPClassUID, .UI, sopClass)
        meta.set(.mediaStorageSOPInstanceUID, .UI, sopInstance)
        meta.set(.transferSyntaxUID, .UI, TransferSyntax.explicitVRLittleEndian.uid)
        meta.set(.implementationClassUID, .UI, implementationClassUID)
        meta.set(.implementationVersionName, .SH, implementationVersionName)
        var metaBytes: [UInt8] = []
        for e in meta.elements { try append(e, to: &metaBytes, file: name) }

        var out = [UInt8](repeating: 0, count: 128)
        out.append(contentsOf: Array("DICM".utf8))
        var groupLength = DicomElement(tag: .fileMetaInformationGroupLength, vr: .UL, value: .bytes(le32(UInt32(metaBytes.count))))
        groupLength.vr = .UL
        try append(groupLength, to: &out, file: name)
        out.append(contentsOf: metaBytes)
        for e in dataSet.elements where e.tag.group != 0x0002 {
            try append(e, to: &out, file: name)
        }
        return out
    }

    /// Writes `dataSet` to `path` atomically (temporary file, fsync, rename).
    public static func write(_ dataSet: DicomDataSet, to path: String) throws(DicomError) {
        let bytes = try encode(dataSet, name: path)
        do { try AtomicFile.write(Data(bytes), to: path) } catch { throw .write(file: path, reason: error.reason) }
    }

    // MARK: encoding

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)] }

    static func appendTag(_ t: DicomTag, to out: inout [UInt8]) {
        out.append(contentsOf: le16(t.group))
        out.append(contentsOf: le16(t.element))
    }

    static func append(_ e: DicomElement, to out: inout [UInt8], file: String) throws(DicomError) {
        appendTag(e.tag, to: &out)
        let vrBytes = e.vr.bytes
        switch e.value {
        case .bytes(let raw):
            var value = raw
            if value.count & 1 == 1 { value.append(e.vr.paddingByte) }
            out.append(vrBytes.0); out.append(vrBytes.1)
            if e.vr.hasLongLength {
                guard value.count < Int(UInt32.max) else {
                    throw .write(file: file, reason: "\(e.tag) value of \(value.count) bytes is too long")
                }
                out.append(0); out.append(0)
                out.append(contentsOf: le32(UInt32(value.count)))
            } else {
                guard value.count <= 0xFFFF else {
                    throw .write(file: file, reason: "\(e.tag) value of \(value.count) bytes exceeds VR \(e.vr.rawValue)'s 64 KiB limit")
                }
                out.append(contentsOf: le16(UInt16(value.count)))
            }
            out.append(contentsOf: value)
        case .sequence(let items):
            out.append(contentsOf: Array("SQ".utf8)); out.append(0); out.append(0)
            out.append(contentsOf: le32(0xFFFF_FFFF))
            for item in items {
                appendTag(.item, to: &out)
                out.append(contentsOf: le32(0xFFFF_FFFF))
                for child in item.elements { try append(child, to: &out, file: file) }
                appendTag(.itemDelimitation, to: &out)
                out.append(contentsOf: le32(0))
            }
            appendTag(.sequenceDelimitation, to: &out)
            out.append(contentsOf: le32(0))
        case .encapsulated(let px):
            out.append(contentsOf: Array("OB".utf8)); out.append(0); out.append(0)
            out.append(contentsOf: le32(0xFFFF_FFFF))
            appendTag(.item, to: &out)
            out.append(contentsOf: le32(UInt32(px.basicOffsetTable.count * 4)))
            for o in px.basicOffsetTable { out.append(contentsOf: le32(o)) }
            for f in px.fragments {
                var frag = f
                if frag.count & 1 == 1 { frag.append(0) }
                appendTag(.item, to: &out)
                out.append(contentsOf: le32(UInt32(frag.count)))
                out.append(contentsOf: frag)
            }
            appendTag(.sequenceDelimitation, to: &out)
            out.append(contentsOf: le32(0))
        }
    }
}
