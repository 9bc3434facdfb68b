/// A DICOM value representation (PS3.5 §6.2): how an element's bytes are to be read.
public enum VR: String, CaseIterable, Sendable, Hashable {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS,
         ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV

    /// Parses the two ASCII bytes of an explicit VR; `nil` for anything not in the standard.
    public init?(byte0: UInt8, byte1: UInt8) {
        guard (0x41...0x5A).contains(byte0), (0x41...0x5A).contains(byte1) else { return nil }
        let s = String(decoding: [byte0, byte1], as: UTF8.self)
        self.init(rawValue: s)
    }

    /// The two ASCII bytes written in explicit VR encodings.
    public var bytes: (UInt8, UInt8) {
        let u = Array(rawValue.utf8)
        return (u[0], u[1])
    }

    /// VRs whose explicit encoding has 2 reserved bytes and a 4-byte length (PS3.5 Table 7.1-1).
    public var hasLongLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .UC, .UN, .UR, .UT, .SV, .UV: return true
        default: return false
        }
    }

    /// VRs holding character data (decoded with the data set's character set where it applies).
    public var isString: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT: return true
        default: return false
        }
    }

    /// Text VRs affected by SpecificCharacterSet; the others are always ASCII.
    public var usesCharacterSet: Bool {
        switch self {
        case .LO, .LT, .PN, .SH, .ST, .UC, .UT: return true
        default: return false
        }
    }

    /// Text VRs that may hold several values separated by backslash.
    public var isMultiValuedText: Bool {
        switch self {
        case .LT, .ST, .UT, .UR: return false
        default: return isString
        }
    }

    /// Size in bytes of one binary value, used for byte swapping big-endian data; 0 for VRs that
    /// are not swapped (text, OB, UN, SQ).
    public var swapUnit: Int {
        switch self {
        case .US, .SS, .OW, .AT: return 2
        case .UL, .SL, .FL, .OF, .OL: return 4
        case .FD, .OD, .SV, .UV, .OV: return 8
        default: return 0
        }
    }

    /// Byte used to pad odd-length values: space for text, NUL for UI and binary data.
    public var paddingByte: UInt8 { (isString && self != .UI) ? 0x20 : 0x00 }
}
