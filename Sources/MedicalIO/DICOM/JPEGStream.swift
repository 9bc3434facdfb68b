/// Shared pieces of the Swift JPEG decoders (ITU T.81): header parsing up to the first scan,
/// canonical Huffman tables, and an entropy-coded-data bit reader with byte unstuffing.
struct JPEGFailure: Error { let reason: String }

/// A decoded frame: samples row by row, interleaved per pixel, with the frame's size, sample
/// precision in bits and number of components.
struct JPEGImage<Sample> {
    var samples: [Sample]
    var precision: Int
    var width: Int
    var height: Int
    var components: Int
}

/// Canonical Huffman table with the T.81 F.2.2.3 decoding arrays plus a 9-bit fast lookup.
struct JPEGHuffmanTable {
    var maxCode = [Int](repeating: -1, count: 18)
    var valPtr = [Int](repeating: 0, count: 17)
    var minCode = [Int](repeating: 0, count: 17)
    var values: [UInt8] = []
    /// For 9-bit prefixes: (length << 8 | value), 0 when the code is longer.
    var fast = [UInt16](repeating: 0, count: 512)

    init(counts: [Int], values: [UInt8]) {
        self.values = values
        var code = 0, k = 0
        for len in 1...16 {
            valPtr[len] = k
            minCode[len] = code
            code += counts[len - 1]
            k += counts[len - 1]
            maxCode[len] = counts[len - 1] > 0 ? code - 1 : -1
            if counts[len - 1] > 0 && len <= 9 {
                for c in minCode[len]...maxCode[len] where c < (1 << len) {
                    let v = values[valPtr[len] + c - minCode[len]]
                    let shift = 9 - len
                    for fill in 0..<(1 << shift) { fast[(c << shift) | fill] = UInt16(len << 8) | UInt16(v) }
                }
            }
            code <<= 1
        }
        maxCode[17] = Int.max
    }
}

/// Frame and table information read before the first scan.
struct JPEGHeaders {
    struct Component {
        var id: Int
        var h: Int
        var v: Int
        var quantTable: Int
    }

    var sofMarker: UInt8 = 0
    var precision = 0
    var height = 0
    var width = 0
    var components: [Component] = []
    var dcTables = [JPEGHuffmanTable?](repeating: nil, count: 4)
    var acTables = [JPEGHuffmanTable?](repeating: nil, count: 4)
    var quantTables = [[Int]?](repeating: nil, count: 4)
    var restartInterval = 0
    /// Offset of the SOS segment's payload (after the length field).
    var scanHeader = 0
    /// Offset of the first entropy-coded byte.
    var entropyStart = 0

    /// Parses markers from SOI up to and including the first SOS.
    static func parse(_ data: [UInt8]) throws(JPEGFailure) -> JPEGHeaders {
        guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { throw JPEGFailure(reason: "missing SOI marker") }
        var h = JPEGHeaders()
        var pos = 2
        func u16(_ p: Int) -> Int { Int(data[p]) << 8 | Int(data[p + 1]) }
        while pos + 4 <= data.count {
            guard data[pos] == 0xFF else { pos += 1; continue }
            let marker = data[pos + 1]
            if marker == 0xFF || marker == 0x00 || (0xD0...0xD8).contains(marker) || marker == 0x01 { pos += 1; continue }
            if marker == 0xD9 { break }
            let len = u16(pos + 2)
            let seg = pos + 4
            let end = seg + len - 2
            guard len >= 2, end <= data.count else {
                throw JPEGFailure(reason: "marker segment 0x\(String(marker, radix: 16)) overruns the data")
            }
            switch marker {
            case 0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF:
                guard len >= 8 else { throw JPEGFailure(reason: "short SOF") }
                h.sofMarker = marker
                h.precision = Int(data[seg]); h.height = u16(seg + 1); h.width = u16(seg + 3)
                let n = Int(data[seg + 5])
                guard n >= 1, n <= 4, len >= 8 + 3 * n else { throw JPEGFailure(reason: "bad component count \(n)") }
                h.components = (0..<n).map { i in
                    let s = data[seg + 7 + 3 * i]
                    return Component(id: Int(data[seg + 6 + 3 * i]), h: Int(s >> 4), v: Int(s & 0x0F), quantTable: Int(data[seg + 8 + 3 * i] & 3))
                }
            case 0xC4:
                var p = seg
                while p < end {
                    guard p + 17 <= end else { throw JPEGFailure(reason: "short DHT") }
                    let tc = Int(data[p] >> 4), id = Int(data[p] & 0x03)
                    let counts = (0..<16).map { Int(data[p + 1 + $0]) }
                    let total = counts.reduce(0, +)
                    guard p + 17 + total <= end, total <= 256 else { throw JPEGFailure(reason: "DHT overruns its segment") }
                    let table = JPEGHuffmanTable(counts: counts, values: Array(data[(p + 17)..<(p + 17 + total)]))
                    if tc == 0 { h.dcTables[id] = table } else { h.acTables[id] = table }
                    p += 17 + total
                }
            case 0xDB:
                var p = seg
                while p < end {
                    let pq = Int(data[p] >> 4), id = Int(data[p] & 0x03)
                    let size = pq == 0 ? 64 : 128
                    guard p + 1 + size <= end else { throw JPEGFailure(reason: "DQT overruns its segment") }
                    h.quantTables[id] = (0..<64).map { pq == 0 ? Int(data[p + 1 + $0]) : u16(p + 1 + 2 * $0) }
                    p += 1 + size
                }
            case 0xDD:
                guard len >= 4 else { throw JPEGFailure(reason: "short DRI") }
                h.restartInterval = u16(seg)
            case 0xDA:
                guard len >= 6 else { throw JPEGFailure(reason: "short SOS") }
                h.scanHeader = seg
                h.entropyStart = end
                return h
            default: break
            }
            pos = end
        }
        throw JPEGFailure(reason: "no scan found")
    }
}

/// Reads bits from entropy-coded data, removing stuffed zero bytes; bits past a marker read as
/// zeros and are counted, so a decoder can tell the data ended early.
struct JPEGBitReader {
    let data: [UInt8]
    var pos: Int
    var bitBuffer: UInt64 = 0
    var bitCount = 0
    var hitMarker = false
    /// Zero bits supplied after a marker or the end of data.
    var virtualBits = 0

    init(_ data: [UInt8], at pos: Int) { self.data = data; self.pos = pos }

    mutating func fill() {
        while bitCount <= 56 {
            var byte: UInt8 = 0
            if !hitMarker && pos < data.count {
                byte = data[pos]
                if byte == 0xFF {
                    let next = pos + 1 < data.count ? data[pos + 1] : 0
                    if next == 0x00 { pos += 2 } else { hitMarker = true; byte = 0; virtualBits += 8 }
                } else { pos += 1 }
            } else {
                virtualBits += 8
            }
            bitBuffer |= UInt64(byte) << (56 - bitCount)
            bitCount += 8
        }
    }

    mutating func bits(_ n: Int) -> Int {
        if n == 0 { return 0 }
        if bitCount < n { fill() }
        let v = Int(bitBuffer >> (64 - n))
        bitBuffer <<= n
        bitCount -= n
        return v
    }

    /// `bits(n)` as a signed difference (T.81 F.12 EXTEND).
    mutating func receiveExtend(_ s: Int) -> Int {
        if s == 0 { return 0 }
        let v = bits(s)
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v
    }

    mutating func decodeSymbol(_ h: JPEGHuffmanTable) throws(JPEGFailure) -> Int {
        if bitCount < 16 { fill() }
        let f = h.fast[Int(bitBuffer >> 55)]
        if f != 0 {
            let len = Int(f >> 8)
            bitBuffer <<= len; bitCount -= len
            return Int(f & 0xFF)
        }
        var code = 0
        for len in 1...16 {
            code = (code << 1) | bits(1)
            if h.maxCode[len] >= 0 && code <= h.maxCode[len] {
                return Int(h.values[h.valPtr[len] + code - h.minCode[len]])
            }
        }
        throw JPEGFailure(reason: "invalid Huffman code")
    }

    /// Whether bits past the end of the entropy-coded segment were consumed.
    var overran: Bool { virtualBits > bitCount }

    /// Moves past the next RSTn marker at the end of a restart interval.
    mutating func restart() throws(JPEGFailure) {
        if overran { throw JPEGFailure(reason: "entropy-coded data end before the restart interval does") }
        bitBuffer = 0; bitCount = 0; hitMarker = false; virtualBits = 0
        while pos + 1 < data.count {
            if data[pos] == 0xFF && (0xD0...0xD7).contains(data[pos + 1]) { pos += 2; return }
            pos += 1
        }
    }
}
