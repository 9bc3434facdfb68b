/// JPEG lossless (ITU T.81 process 14, Huffman coded) in Swift: any predictor 1–7, point
/// transform, restart intervals, 1–4 components interleaved in one scan, precision 2–16 bits.
/// Output samples are interleaved per pixel.
struct JPEGLosslessDecoder {
    struct Failure: Error { let reason: String }

    /// Canonical Huffman table with the T.81 F.2.2.3 decoding arrays plus a 9-bit fast lookup.
    struct Huffman {
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
                    for c in minCode[len]...maxCode[len] {
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

    let data: [UInt8]
    var pos = 0
    var bitBuffer: UInt64 = 0
    var bitCount = 0
    /// Set when a marker is met inside entropy-coded data; bits after it read as zeros.
    var hitMarker = false
    /// Zero bytes supplied after a marker; consuming any of them means the data ended early.
    var virtualBits = 0

    init(_ data: [UInt8]) { self.data = data }

    // MARK: bit reader with byte-unstuffing

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

    mutating func decodeSymbol(_ h: Huffman) throws(Failure) -> Int {
        if bitCount < 16 { fill() }
        let peek = Int(bitBuffer >> 55)
        let f = h.fast[peek]
        if f != 0 {
            let len = Int(f >> 8)
            bitBuffer <<= len; bitCount -= len
            return Int(f & 0xFF)
        }
        var code = 0
        for len in 1...16 {
            code = (code << 1) | bits(1)
            if code <= h.maxCode[len] && h.maxCode[len] >= 0 {
                return Int(h.values[h.valPtr[len] + code - h.minCode[len]])
            }
        }
        throw Failure(reason: "invalid Huffman code")
    }

    /// Skips to the next RSTn marker after a restart interval.
    /// Whether bits past the end of the entropy-coded segment were used.
    var overran: Bool { virtualBits > bitCount }

    mutating func restart() throws(Failure) {
        if overran { throw Failure(reason: "entropy-coded data end before the restart interval does") }
        bitBuffer = 0; bitCount = 0; hitMarker = false; virtualBits = 0
        while pos + 1 < data.count {
            if data[pos] == 0xFF && (0xD0...0xD7).contains(data[pos + 1]) { pos += 2; return }
            pos += 1
        }
    }

    // MARK: markers

    struct Frame {
        var precision = 0, height = 0, width = 0
        var componentIDs: [Int] = []
    }

    /// Decodes the stream; returns samples (interleaved) and the frame header.
    mutating func decode(maxSamples: Int) throws(Failure) -> (samples: [UInt16], precision: Int, width: Int, height: Int, components: Int) {
        guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { throw Failure(reason: "missing SOI marker") }
        pos = 2
        var tables = [Int: Huffman]()
        var frame = Frame()
        var restartInterval = 0
        func u16(_ p: Int) -> Int { Int(data[p]) << 8 | Int(data[p + 1]) }
        while pos + 4 <= data.count {
            guard data[pos] == 0xFF else { pos += 1; continue }
            let marker = data[pos + 1]
            if marker == 0xFF || marker == 0x00 || (0xD0...0xD8).contains(marker) || marker == 0x01 { pos += 1; continue }
            if marker == 0xD9 { break }
            let len = u16(pos + 2)
            let seg = pos + 4
            guard len >= 2, seg + len - 2 <= data.count else { throw Failure(reason: "marker segment 0x\(String(marker, radix: 16)) overruns the data") }
            switch marker {
            case 0xC3:
                guard len >= 8 else { throw Failure(reason: "short SOF3") }
                frame.precision = Int(data[seg]); frame.height = u16(seg + 1); frame.width = u16(seg + 3)
                let n = Int(data[seg + 5])
                guard n >= 1, n <= 4, len >= 8 + 3 * n else { throw Failure(reason: "bad component count \(n)") }
                frame.componentIDs = (0..<n).map { Int(data[seg + 6 + 3 * $0]) }
                for i in 0..<n where data[seg + 7 + 3 * i] != 0x11 {
                    throw Failure(reason: "subsampled lossless components are not supported")
                }
            case 0xC0, 0xC1, 0xC2, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF:
                throw Failure(reason: "not a lossless Huffman JPEG (SOF 0x\(String(marker, radix: 16)))")
            case 0xC4:
                var p = seg
                while p < seg + len - 2 {
                    guard p + 17 <= seg + len - 2 else { throw Failure(reason: "short DHT") }
                    let id = Int(data[p] & 0x0F)
                    let counts = (0..<16).map { Int(data[p + 1 + $0]) }
                    let total = counts.reduce(0, +)
                    guard p + 17 + total <= seg + len - 2 else { throw Failure(reason: "DHT overruns its segment") }
                    tables[id] = Huffman(counts: counts, values: Array(data[(p + 17)..<(p + 17 + total)]))
                    p += 17 + total
                }
            case 0xDD:
                restartInterval = u16(seg)
            case 0xDA:
                pos = seg + len - 2
                return try decodeScan(header: seg, frame: frame, tables: tables, restartInterval: restartInterval, maxSamples: maxSamples)
            default: break
            }
            pos = seg + len - 2
        }
        throw Failure(reason: "no scan found")
    }

    mutating func decodeScan(header h: Int, frame: Frame, tables: [Int: Huffman], restartInterval: Int,
                             maxSamples: Int) throws(Failure) -> (samples: [UInt16], precision: Int, width: Int, height: Int, components: Int) {
        let n = Int(data[h])
        guard frame.width > 0, frame.height > 0, n == frame.componentIDs.count, h + 1 + 2 * n + 3 <= data.count else {
            throw Failure(reason: "scan does not match the frame header")
        }
        guard frame.precision >= 2, frame.precision <= 16 else { throw Failure(reason: "precision \(frame.precision)") }
        var comps: [Huffman] = []
        for i in 0..<n {
            guard let t = tables[Int(data[h + 2 + 2 * i] >> 4)] else { throw Failure(reason: "missing Huffman table") }
            comps.append(t)
        }
        let predictor = Int(data[h + 1 + 2 * n])
        let pointTransform = Int(data[h + 3 + 2 * n] & 0x0F)
        guard (1...7).contains(predictor) || n == 0 else { throw Failure(reason: "predictor \(predictor)") }
        let w = frame.width, height = frame.height
        let (count, o) = (w * height).multipliedReportingOverflow(by: n)
        guard !o, count <= maxSamples else { throw Failure(reason: "\(w)×\(height)×\(n) exceeds the image size") }
        var out = [UInt16](repeating: 0, count: count)
        let mask = (1 << frame.precision) - 1
        let initial = 1 << (frame.precision - pointTransform - 1)
        var mcus = 0
        // T.81 H.1.2.1: prediction restarts at each restart interval as at the image start.
        var resetRow = 0, resetX = 0
        for y in 0..<height {
            for x in 0..<w {
                if restartInterval > 0 && mcus > 0 && mcus % restartInterval == 0 {
                    try restart()
                    resetRow = y; resetX = x
                }
                mcus += 1
                for c in 0..<n {
                    let s = try decodeSymbol(comps[c])
                    var diff: Int
                    if s == 0 { diff = 0 } else if s >= 16 { diff = 32768 } else {
                        let v = bits(s)
                        diff = v < (1 << (s - 1)) ? v - (1 << s) + 1 : v
                    }
                    let i = (y * w + x) * n + c
                    var pred: Int
                    if y == resetRow && x == resetX {
                        pred = initial
                    } else if y == resetRow {
                        pred = Int(out[i - n])
                    } else if x == 0 {
                        pred = Int(out[i - w * n])
                    } else {
                        let ra = Int(out[i - n]), rb = Int(out[i - w * n]), rc = Int(out[i - w * n - n])
                        switch predictor {
                        case 1: pred = ra
                        case 2: pred = rb
                        case 3: pred = rc
                        case 4: pred = ra + rb - rc
                        case 5: pred = ra + ((rb - rc) >> 1)
                        case 6: pred = rb + ((ra - rc) >> 1)
                        default: pred = (ra + rb) >> 1
                        }
                    }
                    out[i] = UInt16((pred + diff) & mask)
                }
            }
        }
        if overran { throw Failure(reason: "entropy-coded data end before the last sample") }
        if pointTransform > 0 { for i in 0..<out.count { out[i] = UInt16((Int(out[i]) << pointTransform) & 0xFFFF) } }
        return (out, frame.precision, w, height, n)
    }
}
