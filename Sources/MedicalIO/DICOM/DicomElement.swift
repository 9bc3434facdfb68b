/// One attribute of a data set: tag, VR and value. Binary values are always stored little endian
/// (big-endian files are swapped on reading), so accessors and the writer see one byte order.
public struct DicomElement: Sendable {
    public var tag: DicomTag
    public var vr: VR
    public var value: DicomValue

    public init(tag: DicomTag, vr: VR, value: DicomValue) {
        self.tag = tag
        self.vr = vr
        self.value = value
    }

    /// Raw value bytes (empty for sequences and encapsulated pixel data).
    public var bytes: [UInt8] {
        if case .bytes(let b) = value { return b }
        return []
    }

    /// Items of a sequence (empty for other values).
    public var items: [DicomDataSet] {
        if case .sequence(let s) = value { return s }
        return []
    }
}

/// What an element holds.
public enum DicomValue: Sendable {
    /// Value bytes, little endian, without trailing padding removed.
    case bytes([UInt8])
    /// Sequence items, in order.
    case sequence([DicomDataSet])
    /// Encapsulated (compressed) pixel data: the Basic Offset Table and the fragments.
    case encapsulated(EncapsulatedPixelData)
}

/// Pixel data in the encapsulated format (PS3.5 §A.4): a Basic Offset Table item followed by
/// fragment items.
public struct EncapsulatedPixelData: Sendable {
    /// Byte offsets of each frame's first fragment, relative to the first fragment's item tag;
    /// empty when the table is empty.
    public var basicOffsetTable: [UInt32]
    /// Fragment payloads in order.
    public var fragments: [[UInt8]]
    /// Each fragment's offset relative to the first fragment's item tag (for matching the table).
    public var fragmentOffsets: [UInt32]

    public init(basicOffsetTable: [UInt32], fragments: [[UInt8]], fragmentOffsets: [UInt32]) {
        self.basicOffsetTable = basicOffsetTable
        self.fragments = fragments
        self.fragmentOffsets = fragmentOffsets
    }
}
