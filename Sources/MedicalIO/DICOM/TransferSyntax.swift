/// A transfer syntax: how the data set after the meta group is encoded, and how pixel data are
/// compressed.
public struct TransferSyntax: Sendable, Hashable, CustomStringConvertible {
    /// How pixel data are stored.
    public enum PixelEncoding: Sendable, Hashable {
        case native, rle, jpegLossless, jpegBaseline, jpegExtended, jpeg2000, jpegLS, other
    }

    public let uid: String
    public let name: String
    public let explicitVR: Bool
    public let bigEndian: Bool
    public let deflated: Bool
    public let pixelEncoding: PixelEncoding

    public var isEncapsulated: Bool { pixelEncoding != .native }
    public var description: String { "\(name) (\(uid))" }

    public static let implicitVRLittleEndian = TransferSyntax(uid: "1.2.840.10008.1.2", name: "Implicit VR Little Endian", explicitVR: false, bigEndian: false, deflated: false, pixelEncoding: .native)
    public static let explicitVRLittleEndian = TransferSyntax(uid: "1.2.840.10008.1.2.1", name: "Explicit VR Little Endian", explicitVR: true, bigEndian: false, deflated: false, pixelEncoding: .native)
    public static let deflatedExplicitVRLittleEndian = TransferSyntax(uid: "1.2.840.10008.1.2.1.99", name: "Deflated Explicit VR Little Endian", explicitVR: true, bigEndian: false, deflated: true, pixelEncoding: .native)
    public static let explicitVRBigEndian = TransferSyntax(uid: "1.2.840.10008.1.2.2", name: "Explicit VR Big Endian", explicitVR: true, bigEndian: true, deflated: false, pixelEncoding: .native)

    private static func compressed(_ uid: String, _ name: String, _ enc: PixelEncoding) -> TransferSyntax {
        TransferSyntax(uid: uid, name: name, explicitVR: true, bigEndian: false, deflated: false, pixelEncoding: enc)
    }

    /// Every transfer syntax we recognise by UID (decodable or not).
    public static let known: [TransferSyntax] = [
        implicitVRLittleEndian, explicitVRLittleEndian, deflatedExplicitVRLittleEndian, explicitVRBigEndian,
        compressed("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", .jpegBaseline),
        compressed("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", .jpegExtended),
        compressed("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", .jpegLossless),
        compressed("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 SV1)", .jpegLossless),
        compressed("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", .jpegLS),
        compressed("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)", .jpegLS),
        compressed("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", .jpeg2000),
        compressed("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", .jpeg2000),
        compressed("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)", .other),
        compressed("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000", .other),
        compressed("1.2.840.10008.1.2.5", "RLE Lossless", .rle),
        compressed("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", .other),
        compressed("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile", .other),
        compressed("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile", .other),
    ]

    /// Looks up a UID; an unknown UID is assumed to be an encapsulated explicit VR LE syntax
    /// (PS3.5 §10 requires that of all new ones), whose pixel data we cannot decode.
    public static func from(uid raw: String) -> TransferSyntax {
        let uid = raw.dicomTrimmed()
        if let t = known.first(where: { $0.uid == uid }) { return t }
        return compressed(uid, "Unknown transfer syntax", .other)
    }
}

extension String {
    /// Without leading and trailing spaces and NULs (DICOM padding).
    func dicomTrimmed() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\0" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\0" { s.removeLast() }
        return String(s)
    }
}
