import Foundation

/// An ordered collection of DICOM elements (ascending tags) with typed accessors. Items of
/// sequences are data sets themselves and inherit the parent's character set.
public struct DicomDataSet: Sendable {
    /// Elements ascending by tag.
    public private(set) var elements: [DicomElement] = []
    /// How SH/LO/PN/… bytes are decoded; set from SpecificCharacterSet while reading.
    public var characterSet: DicomCharacterSet = .ascii

    public init() {}
    public init(elements: [DicomElement], characterSet: DicomCharacterSet = .ascii) {
        self.characterSet = characterSet
        for e in elements { set(e) }
    }

    // MARK: element access

    /// Index of `tag` by binary search.
    private func index(of tag: DicomTag) -> (found: Bool, at: Int) {
        var lo = 0, hi = elements.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let t = elements[mid].tag
            if t == tag { return (true, mid) }
            if t < tag { lo = mid + 1 } else { hi = mid }
        }
        return (false, lo)
    }

    /// The element with `tag`, if present.
    public subscript(tag: DicomTag) -> DicomElement? {
        let (found, i) = index(of: tag)
        return found ? elements[i] : nil
    }

    public func contains(_ tag: DicomTag) -> Bool { index(of: tag).found }

    /// Inserts or replaces an element, keeping tag order. Appending in order is O(1).
    public mutating func set(_ element: DicomElement) {
        if let last = elements.last, last.tag < element.tag { elements.append(element); return }
        let (found, i) = index(of: element.tag)
        if found { elements[i] = element } else { elements.insert(element, at: i) }
    }

    /// Removes `tag` if present.
    public mutating func remove(_ tag: DicomTag) {
        let (found, i) = index(of: tag)
        if found { elements.remove(at: i) }
    }

    // MARK: typed getters

    /// Raw value bytes of a non-sequence element.
    public func bytes(_ tag: DicomTag) -> [UInt8]? {
        guard let e = self[tag], case .bytes(let b) = e.value else { return nil }
        return b
    }

    /// All text values (split on backslash where the VR allows several), trailing spaces and
    /// NULs removed. Binary numeric VRs are rendered as numbers.
    public func strings(_ tag: DicomTag) -> [String]? {
        guard let e = self[tag], case .bytes(let b) = e.value else { return nil }
        if e.vr.isString || e.vr == .UN {
            if b.isEmpty { return [] }
            let text = e.vr.usesCharacterSet || e.vr == .UN ? characterSet.decode(b[...]) : String(decoding: b, as: UTF8.self)
            let parts = e.vr.isMultiValuedText ? text.split(separator: "\\", omittingEmptySubsequences: false).map(String.init) : [text]
            return parts.map { Self.trim($0, leading: e.vr != .LT && e.vr != .ST && e.vr != .UT) }
        }
        if let d = doubles(tag) { return d.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : String($0) } }
        return nil
    }

    /// The first text value; `nil` when absent or empty.
    public func string(_ tag: DicomTag) -> String? {
        guard let s = strings(tag)?.first, !s.isEmpty else { return nil }
        return s
    }

    /// Numeric values of DS/IS text or binary US/SS/UL/SL/FL/FD/SV/UV (and OF/OD/OL/OW arrays).
    public func doubles(_ tag: DicomTag) -> [Double]? {
        guard let e = self[tag], case .bytes(let b) = e.value else { return nil }
        switch e.vr {
        case .DS, .IS:
            let text = String(decoding: b, as: UTF8.self)
            var out: [Double] = []
            for part in text.split(separator: "\\", omittingEmptySubsequences: false) {
                let t = Self.trim(String(part), leading: true)
                if t.isEmpty { continue }
                // DS/IS are finite decimals; "nan"/"inf" that Double(_:) accepts are invalid here.
                guard let v = Double(t), v.isFinite else { return nil }
                out.append(v)
            }
            return out
        case .US, .OW: return Self.decode(b, UInt16.self).map(Double.init)
        case .SS: return Self.decode(b, Int16.self).map(Double.init)
        case .UL, .OL: return Self.decode(b, UInt32.self).map(Double.init)
        case .SL: return Self.decode(b, Int32.self).map(Double.init)
        case .SV: return Self.decode(b, Int64.self).map(Double.init)
        case .UV, .OV: return Self.decode(b, UInt64.self).map(Double.init)
        case .FL, .OF: return Self.decode(b, UInt32.self).map { Double(Float(bitPattern: $0)) }
        case .FD, .OD: return Self.decode(b, UInt64.self).map { Double(bitPattern: $0) }
        default: return nil
        }
    }

    /// The first numeric value.
    public func double(_ tag: DicomTag) -> Double? { doubles(tag)?.first }

    /// Integer values (DS values must be integral).
    public func ints(_ tag: DicomTag) -> [Int]? {
        guard let d = doubles(tag) else { return nil }
        var out: [Int] = []
        for v in d {
            guard v.isFinite, v == v.rounded(), abs(v) < 9e15 else { return nil }
            out.append(Int(v))
        }
        return out
    }

    /// The first integer value.
    public func int(_ tag: DicomTag) -> Int? { ints(tag)?.first }

    /// Items of a sequence; `nil` when absent or not a sequence.
    public func sequence(_ tag: DicomTag) -> [DicomDataSet]? {
        guard let e = self[tag], case .sequence(let items) = e.value else { return nil }
        return items
    }

    /// Tags of an AT element.
    public func tags(_ tag: DicomTag) -> [DicomTag]? {
        guard let e = self[tag], e.vr == .AT, case .bytes(let b) = e.value else { return nil }
        let v = Self.decode(b, UInt16.self)
        return stride(from: 0, to: v.count - 1, by: 2).map { DicomTag(v[$0], v[$0 + 1]) }
    }

    // MARK: typed setters (used by writers)

    /// Sets a text element; values are joined with backslash and encoded with the character set.
    public mutating func set(_ tag: DicomTag, _ vr: VR, strings values: [String]) {
        let text = values.joined(separator: "\\")
        let b = (vr.usesCharacterSet ? characterSet.encode(text) : nil) ?? Array(text.utf8)
        set(DicomElement(tag: tag, vr: vr, value: .bytes(b)))
    }

    /// Sets a single-valued text element.
    public mutating func set(_ tag: DicomTag, _ vr: VR, _ value: String) { set(tag, vr, strings: [value]) }

    /// Sets a DS element, formatting each number in at most 16 characters as the VR requires.
    public mutating func set(_ tag: DicomTag, decimals values: [Double]) {
        set(tag, .DS, strings: values.map(Self.formatDS))
    }

    /// Sets a US element.
    public mutating func set(_ tag: DicomTag, uint16 values: [UInt16]) {
        var b: [UInt8] = []
        for v in values { b.append(UInt8(v & 0xFF)); b.append(UInt8(v >> 8)) }
        set(DicomElement(tag: tag, vr: .US, value: .bytes(b)))
    }

    /// Sets a sequence.
    public mutating func set(_ tag: DicomTag, sequence items: [DicomDataSet]) {
        set(DicomElement(tag: tag, vr: .SQ, value: .sequence(items)))
    }

    /// Sets raw bytes with the given VR (OB, OW, UN, …).
    public mutating func set(_ tag: DicomTag, _ vr: VR, bytes: [UInt8]) {
        set(DicomElement(tag: tag, vr: vr, value: .bytes(bytes)))
    }

    // MARK: helpers

    /// DS allows 16 characters: use the shortest representation that round-trips when it fits,
    /// else fewer significant digits.
    static func formatDS(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        var s = "\(v)"
        if s.count <= 16 && !s.contains("e") { return s }
        for digits in stride(from: 15, through: 1, by: -1) {
            s = String(format: "%.\(digits)g", v)
            if s.count <= 16 { return s }
        }
        return String(format: "%.6g", v)
    }

    static func trim(_ s: String, leading: Bool) -> String {
        var scalars = Substring(s).unicodeScalars
        while let l = scalars.last, l == " " || l == "\0" { scalars.removeLast() }
        if leading { while let f = scalars.first, f == " " { scalars.removeFirst() } }
        return String(scalars)
    }

    static func decode<T: FixedWidthInteger>(_ b: [UInt8], _: T.Type) -> [T] {
        let n = b.count / MemoryLayout<T>.size
        var out = [T](repeating: 0, count: n)
        out.withUnsafeMutableBytes { dst in
            b.withUnsafeBytes { src in dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[0..<(n * MemoryLayout<T>.size)])) }
        }
        return out.map { T(littleEndian: $0) }
    }
}
