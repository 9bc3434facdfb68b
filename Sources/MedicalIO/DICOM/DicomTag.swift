/// A DICOM attribute tag `(group, element)`, ordered as the standard orders data sets.
public struct DicomTag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var group: UInt16
    public var element: UInt16

    public init(_ group: UInt16, _ element: UInt16) { self.group = group; self.element = element }

    /// The tag as one 32-bit number `gggg eeee`.
    public var combined: UInt32 { UInt32(group) << 16 | UInt32(element) }
    public init(combined: UInt32) { self.init(UInt16(combined >> 16), UInt16(combined & 0xFFFF)) }

    public static func < (a: DicomTag, b: DicomTag) -> Bool { a.combined < b.combined }

    /// Odd groups (other than 1, 3, 5, 7 and 0xFFFF) hold vendor-defined attributes.
    public var isPrivate: Bool { group & 1 == 1 && group > 7 && group != 0xFFFF }
    /// `(gggg,0010)`…`(gggg,00FF)` in a private group: names the block's owner.
    public var isPrivateCreator: Bool { isPrivate && element >= 0x10 && element <= 0xFF }
    /// `(gggg,0000)`: a group length.
    public var isGroupLength: Bool { element == 0 }

    /// Item, item delimitation and sequence delimitation tags (PS3.5 §7.5).
    public static let item = DicomTag(0xFFFE, 0xE000)
    public static let itemDelimitation = DicomTag(0xFFFE, 0xE00D)
    public static let sequenceDelimitation = DicomTag(0xFFFE, 0xE0DD)

    /// `(gggg,eeee)` followed by the keyword when the dictionary knows it.
    public var description: String {
        let hex = "(\(Self.hex4(group)),\(Self.hex4(element)))"
        if let k = DicomDictionary.keyword(for: self) { return hex + " " + k }
        return hex
    }

    static func hex4(_ v: UInt16) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - s.count) + s
    }
}
