/// Options for reading a DICOM file.
public struct DicomReadOptions: Sendable {
    /// Stop at the first top-level element at or after Pixel Data (for fast header scans).
    public var stopBeforePixelData: Bool
    /// Deepest allowed sequence nesting; deeper input is rejected rather than recursed into.
    public var maxDepth: Int
    /// Largest size a deflated data set may inflate to, as a multiple of its compressed size
    /// (guards against zip bombs); at least 64 MiB is always allowed.
    public var maxInflateRatio: Int

    public init(stopBeforePixelData: Bool = false, maxDepth: Int = 64, maxInflateRatio: Int = 200) {
        self.stopBeforePixelData = stopBeforePixelData
        self.maxDepth = maxDepth
        self.maxInflateRatio = maxInflateRatio
    }
}

/// A bounds-checked reader of one encoded data set. Every length is compared with the bytes left
/// before anything is copied, and nesting is capped, so hostile input fails with a typed error.
struct DicomParser {
    let b: [UInt8]
    let file: String
    let explicitVR: Bool
    let bigEndian: Bool
    let options: DicomReadOptions
    /// Set when a top-level scan stopped at Pixel Data.
    private(set) var stoppedAtPixelData = false
    /// Byte offset of the element header where a top-level scan stopped.
    private(set) var stopOffset = 0

    static let undefinedLength: UInt32 = 0xFFFF_FFFF

    init(bytes: [UInt8], file: String, explicitVR: Bool, bigEndian: Bool, options: DicomReadOptions) {
        self.b = bytes
        self.file = file
        self.explicitVR = explicitVR
        self.bigEndian = bigEndian
        self.options = options
    }

    // MARK: primitive reads (callers check bounds first)

    @inline(__always) func u16(_ p: Int) -> UInt16 {
        let v = UInt16(b[p]) | UInt16(b[p + 1]) << 8
        return bigEndian ? v.byteSwapped : v
    }

    @inline(__always) func u32(_ p: Int) -> UInt32 {
        let v = UInt32(b[p]) | UInt32(b[p + 1]) << 8 | UInt32(b[p + 2]) << 16 | UInt32(b[p + 3]) << 24
        return bigEndian ? v.byteSwapped : v
    }

    func need(_ n: Int, at pos: Int, end: Int) throws(DicomError) {
        if end - pos < n { throw .truncated(file: file, offset: pos, needed: n, available: max(0, end - pos)) }
    }

    // MARK: element headers

    struct Header {
        var tag: DicomTag
        var vr: VR
        var length: UInt32
        /// The VR came from the file (explicit) rather than the dictionary.
        var explicit: Bool
        var offset: Int
    }

    /// Reads a tag, VR and length. Item and delimiter tags never carry a VR.
    func readHeader(_ pos: inout Int, end: Int) throws(DicomError) -> Header {
        try need(8, at: pos, end: end)
        let start = pos
        let tag = DicomTag(u16(pos), u16(pos + 2))
        if tag.group == 0xFFFE {
            let len = u32(pos + 4)
            pos += 8
            return Header(tag: tag, vr: .UN, length: len, explicit: false, offset: start)
        }
        if explicitVR {
            let c0 = b[pos + 4], c1 = b[pos + 5]
            if let vr = VR(byte0: c0, byte1: c1) {
                if vr.hasLongLength {
                    try need(12, at: pos, end: end)
                    let len = u32(pos + 8)
                    pos += 12
                    return Header(tag: tag, vr: vr, length: len, explicit: true, offset: start)
                }
                let len = UInt32(u16(pos + 6))
                pos += 8
                return Header(tag: tag, vr: vr, length: len, explicit: true, offset: start)
            }
            // Unknown but well-formed VRs must use the long form (PS3.5 §6.2, since 2019).
            if (0x41...0x5A).contains(c0), (0x41...0x5A).contains(c1) {
                try need(12, at: pos, end: end)
                let len = u32(pos + 8)
                pos += 12
                return Header(tag: tag, vr: .UN, length: len, explicit: true, offset: start)
            }
            throw .invalidValue(file: file, tag: tag, offset: start,
                                reason: "invalid VR bytes 0x\(String(c0, radix: 16)) 0x\(String(c1, radix: 16))")
        }
        let len = u32(pos + 4)
        pos += 8
        let vr: VR = tag == .pixelData ? .OW : (DicomDictionary.vr(for: tag) ?? .UN)
        return Header(tag: tag, vr: vr, length: len, explicit: false, offset: start)
    }

    // MARK: data sets

    /// Parses elements from `pos` up to `end`, or up to an item delimiter when `delimited`.
    mutating func parseDataSet(_ pos: inout Int, end: Int, delimited: Bool, depth: Int,
                               characterSet: DicomCharacterSet) throws(DicomError) -> DicomDataSet {
        var ds = DicomDataSet()
        ds.characterSet = characterSet
        while pos < end {
            if depth == 0, end - pos < 8, b[pos..<end].allSatisfy({ $0 == 0 }) {
                pos = end  // zero padding after the last element is harmless
                break
            }
            let h = try readHeader(&pos, end: end)
            if h.tag == .itemDelimitation {
                if delimited { return ds }
                throw .invalidValue(file: file, tag: h.tag, offset: h.offset, reason: "item delimiter outside an item")
            }
            if h.tag.group == 0xFFFE {
                throw .invalidValue(file: file, tag: h.tag, offset: h.offset, reason: "unexpected item tag in a data set")
            }
            if depth == 0, options.stopBeforePixelData, h.tag >= .pixelData {
                pos = h.offset
                stoppedAtPixelData = true
                stopOffset = h.offset
                return ds
            }
            let element = try parseValue(h, &pos, end: end, depth: depth, characterSet: ds.characterSet)
            if element.tag == .specificCharacterSet {
                var probe = DicomDataSet()
                probe.set(element)
                ds.characterSet = DicomCharacterSet(specificCharacterSet: probe.strings(.specificCharacterSet) ?? [])
            }
            ds.set(element)
        }
        if delimited {
            throw .truncated(file: file, offset: pos, needed: 8, available: 0)
        }
        return ds
    }

    /// Reads the value that follows header `h`.
    mutating func parseValue(_ h: Header, _ pos: inout Int, end: Int, depth: Int,
                             characterSet: DicomCharacterSet) throws(DicomError) -> DicomElement {
        let undefined = h.length == Self.undefinedLength
        if h.tag == .pixelData && undefined {
            return DicomElement(tag: h.tag, vr: h.vr == .OW ? .OB : h.vr, value: .encapsulated(try parseEncapsulated(&pos, end: end, tag: h.tag)))
        }
        let dictVR = DicomDictionary.vr(for: h.tag)
        if h.vr == .SQ || (undefined && (h.vr == .UN || !h.explicit)) {
            // UN with undefined length is a sequence in implicit VR little endian (PS3.5 §6.2.2).
            if h.vr == .UN && h.explicit && (explicitVR || bigEndian) {
                var sub = DicomParser(bytes: b, file: file, explicitVR: false, bigEndian: false, options: options)
                let items = try sub.parseSequence(&pos, end: end, length: h.length, depth: depth, tag: h.tag, characterSet: characterSet)
                return DicomElement(tag: h.tag, vr: .SQ, value: .sequence(items))
            }
            let items = try parseSequence(&pos, end: end, length: h.length, depth: depth, tag: h.tag, characterSet: characterSet)
            return DicomElement(tag: h.tag, vr: .SQ, value: .sequence(items))
        }
        if undefined {
            throw .invalidValue(file: file, tag: h.tag, offset: h.offset, reason: "undefined length on VR \(h.vr.rawValue)")
        }
        let len = Int(h.length)
        if len > end - pos {
            throw .invalidLength(file: file, tag: h.tag, offset: h.offset, length: UInt64(h.length), available: end - pos)
        }
        var value = Array(b[pos..<(pos + len)])
        pos += len
        let vr = h.vr
        if vr == .UN && !h.explicit && dictVR == nil && len >= 8 && value[0] == 0xFE && value[1] == 0xFF
            && value[2] == 0x00 && value[3] == 0xE0 {
            // Unknown (typically private) implicit VR element that starts with an item tag: a sequence.
            var sub = DicomParser(bytes: value, file: file, explicitVR: false, bigEndian: bigEndian, options: options)
            var p = 0
            if let items = try? sub.parseSequence(&p, end: value.count, length: UInt32(value.count), depth: depth, tag: h.tag, characterSet: characterSet) {
                return DicomElement(tag: h.tag, vr: .SQ, value: .sequence(items))
            }
        }
        if vr == .UN, let known = dictVR {
            // UN always holds implicit little endian bytes: a known sequence can be recovered.
            if known == .SQ {
                var sub = DicomParser(bytes: value, file: file, explicitVR: false, bigEndian: false, options: options)
                var p = 0
                if let items = try? sub.parseSequence(&p, end: value.count, length: UInt32(value.count), depth: depth, tag: h.tag, characterSet: characterSet) {
                    return DicomElement(tag: h.tag, vr: .SQ, value: .sequence(items))
                }
            } else {
                return DicomElement(tag: h.tag, vr: known, value: .bytes(value))
            }
        }
        if bigEndian && h.tag != .pixelData {
            // Pixel Data are swapped by BitsAllocated once the whole data set is known.
            Self.swapInPlace(&value, unit: vr.swapUnit)
        }
        return DicomElement(tag: h.tag, vr: vr, value: .bytes(value))
    }

    /// Reverses each `unit`-byte group (big endian → little endian).
    static func swapInPlace(_ v: inout [UInt8], unit: Int) {
        guard unit > 1 else { return }
        let n = v.count / unit
        v.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                var lo = i * unit, hi = lo + unit - 1
                while lo < hi { p.swapAt(lo, hi); lo += 1; hi -= 1 }
            }
        }
    }

    /// Parses the items of a sequence of defined or undefined length.
    mutating func parseSequence(_ pos: inout Int, end: Int, length: UInt32, depth: Int, tag: DicomTag,
                                characterSet: DicomCharacterSet) throws(DicomError) -> [DicomDataSet] {
        if depth + 1 > options.maxDepth {
            throw .nestingTooDeep(file: file, offset: pos, limit: options.maxDepth)
        }
        let undefined = length == Self.undefinedLength
        var seqEnd = end
        if !undefined {
            guard Int(length) <= end - pos else {
                throw .invalidLength(file: file, tag: tag, offset: pos, length: UInt64(length), available: end - pos)
            }
            seqEnd = pos + Int(length)
        }
        var items: [DicomDataSet] = []
        while pos < seqEnd {
            let h = try readHeader(&pos, end: seqEnd)
            if h.tag == .sequenceDelimitation {
                if undefined { return items }
                continue  // tolerated inside a defined-length sequence
            }
            guard h.tag == .item else {
                throw .invalidValue(file: file, tag: tag, offset: h.offset, reason: "expected an item tag, found \(h.tag)")
            }
            if h.length == Self.undefinedLength {
                items.append(try parseDataSet(&pos, end: seqEnd, delimited: true, depth: depth + 1, characterSet: characterSet))
            } else {
                let len = Int(h.length)
                guard len <= seqEnd - pos else {
                    throw .invalidLength(file: file, tag: .item, offset: h.offset, length: UInt64(h.length), available: seqEnd - pos)
                }
                var p = pos
                items.append(try parseDataSet(&p, end: pos + len, delimited: false, depth: depth + 1, characterSet: characterSet))
                pos += len
            }
        }
        if undefined { throw .truncated(file: file, offset: pos, needed: 8, available: 0) }
        return items
    }

    /// Parses encapsulated pixel data: the Basic Offset Table item, fragment items, delimiter.
    func parseEncapsulated(_ pos: inout Int, end: Int, tag: DicomTag) throws(DicomError) -> EncapsulatedPixelData {
        var table: [UInt32] = []
        var fragments: [[UInt8]] = []
        var offsets: [UInt32] = []
        var first = true
        var firstFragmentStart = 0
        while true {
            let h = try readHeader(&pos, end: end)
            if h.tag == .sequenceDelimitation { break }
            guard h.tag == .item else {
                throw .invalidValue(file: file, tag: tag, offset: h.offset, reason: "expected a fragment item, found \(h.tag)")
            }
            guard h.length != Self.undefinedLength, Int(h.length) <= end - pos else {
                throw .invalidLength(file: file, tag: .item, offset: h.offset, length: UInt64(h.length), available: end - pos)
            }
            let len = Int(h.length)
            if first {
                // Offsets are little endian like the rest of an encapsulated data set.
                var i = pos
                while i + 4 <= pos + len {
                    table.append(UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24)
                    i += 4
                }
                first = false
                firstFragmentStart = pos + len
            } else {
                offsets.append(UInt32(truncatingIfNeeded: h.offset - firstFragmentStart))
                fragments.append(Array(b[pos..<(pos + len)]))
            }
            pos += len
        }
        return EncapsulatedPixelData(basicOffsetTable: table, fragments: fragments, fragmentOffsets: offsets)
    }
}
