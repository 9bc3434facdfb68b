/// The character repertoire named by SpecificCharacterSet (0008,0005), used to decode the text
/// VRs that allow non-ASCII characters (SH, LO, ST, LT, UT, UC, PN).
public enum DicomCharacterSet: Sendable, Hashable {
    /// Default repertoire (ISO-IR 6). Bytes above 0x7F are decoded as Latin-1 to stay lossless.
    case ascii
    /// ISO_IR 100 (ISO 8859-1).
    case latin1
    /// ISO_IR 192 (UTF-8).
    case utf8
    /// Any other defined term; decoded as UTF-8 with replacement characters.
    case other(String)

    /// Interprets the (possibly multi-valued) SpecificCharacterSet value. Only the first value
    /// matters for the single-byte sets we support; ISO 2022 code extensions are not interpreted.
    public init(specificCharacterSet values: [String]) {
        let first = values.first { !$0.isEmpty } ?? ""
        switch first.uppercased() {
        case "", "ISO_IR 6", "ISO 2022 IR 6": self = .ascii
        case "ISO_IR 100", "ISO 2022 IR 100": self = .latin1
        case "ISO_IR 192": self = .utf8
        default: self = .other(first)
        }
    }

    /// Decodes raw value bytes.
    public func decode(_ bytes: ArraySlice<UInt8>) -> String {
        switch self {
        case .utf8, .other: return String(decoding: bytes, as: UTF8.self)
        case .ascii, .latin1:
            if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            var s = String.UnicodeScalarView()
            for b in bytes { s.append(Unicode.Scalar(b)) }
            return String(s)
        }
    }

    /// Encodes text for writing; `nil` when a character is not representable.
    public func encode(_ text: String) -> [UInt8]? {
        switch self {
        case .utf8, .other: return Array(text.utf8)
        case .ascii, .latin1:
            var out: [UInt8] = []
            out.reserveCapacity(text.unicodeScalars.count)
            for u in text.unicodeScalars {
                let limit: UInt32 = self == .ascii ? 0x7F : 0xFF
                guard u.value <= limit else { return nil }
                out.append(UInt8(u.value))
            }
            return out
        }
    }
}
