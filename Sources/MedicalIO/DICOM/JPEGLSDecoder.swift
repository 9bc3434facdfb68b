/// JPEG-LS lossless (ITU T.87, LOCO-I) in Swift: one component, NEAR = 0, 2–16 bits, default or
/// LSE-signalled parameters — the "JPEG-LS Lossless" transfer syntax as MR and CT use it.
/// Multi-component and near-lossless streams are rejected with a reason.
enum JPEGLSDecoder {
    typealias Image = JPEGImage<UInt16>

    /// Bit reader for JPEG-LS entropy data: after an 0xFF byte the next byte carries 7 bits.
    struct Bits {
        let data: [UInt8]
        var pos: Int
        var buffer: UInt64 = 0
        var count = 0
        var pastEnd = 0

        mutating func fill() {
            while count <= 56 {
                var byte: UInt64 = 0, width = 8
                if pos < data.count, !(pos > 0 && data[pos - 1] == 0xFF && data[pos] & 0x80 != 0) {
                    let b = data[pos]
                    // After 0xFF the next byte carries a stuffed 0 bit and 7 data bits.
                    if pos > 0 && data[pos - 1] == 0xFF { byte = UInt64(b & 0x7F); width = 7 } else { byte = UInt64(b) }
                    pos += 1
                } else {
                    pastEnd += 8  // marker or end of data: zero bits, counted
                }
                buffer |= byte << (64 - count - width)
                count += width
            }
        }

        /// Whether bits beyond the entropy-coded data were consumed.
        var overran: Bool { pastEnd > count }

        mutating func read(_ n: Int) -> Int {
            if n == 0 { return 0 }
            if count < n { fill() }
            let v = Int(buffer >> (64 - n))
            buffer <<= n; count -= n
            return v
        }

        mutating func bit() -> Int { read(1) }

        /// Zero bits before the next 1 (capped so corrupt data cannot spin).
        mutating func unary(cap: Int) -> Int {
            var z = 0
            while z <= cap {
                if count == 0 { fill() }
                if buffer >> 63 == 1 { buffer <<= 1; count -= 1; return z }
                buffer <<= 1; count -= 1; z += 1
            }
            return z
        }
    }

    struct Context {
        var a: Int, b = 0, c = 0, n = 1
    }

    struct RunContext {
        var a: Int, n = 1, nn = 0
        let riType: Int
    }

    static let j: [Int] = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15]

    static func decode(_ data: [UInt8], maxSamples: Int) throws(JPEGFailure) -> Image {
        guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { throw JPEGFailure(reason: "missing SOI marker") }
        func u16(_ p: Int) -> Int { Int(data[p]) << 8 | Int(data[p + 1]) }
        var pos = 2
        var precision = 0, width = 0, height = 0, components = 0
        var maxVal = 0, t1 = 0, t2 = 0, t3 = 0, reset = 64
        var near = -1, entropy = 0
        while pos + 4 <= data.count {
            guard data[pos] == 0xFF else { pos += 1; continue }
            let marker = data[pos + 1]
            if marker == 0xFF { pos += 1; continue }
            let len = u16(pos + 2), seg = pos + 4, end = pos + 2 + len
            guard len >= 2, end <= data.count else { throw JPEGFailure(reason: "marker segment overruns the data") }
            switch marker {
            case 0xF7:
                guard len >= 11 else { throw JPEGFailure(reason: "short SOF55") }
                precision = Int(data[seg]); height = u16(seg + 1); width = u16(seg + 3); components = Int(data[seg + 5])
            case 0xF8:
                if len >= 13 && data[seg] == 1 {
                    maxVal = u16(seg + 1); t1 = u16(seg + 3); t2 = u16(seg + 5); t3 = u16(seg + 7); reset = u16(seg + 9)
                } else { throw JPEGFailure(reason: "unsupported JPEG-LS preset (LSE id \(data[seg]))") }
            case 0xDA:
                guard len >= 6 + 2 * Int(data[seg]) else { throw JPEGFailure(reason: "short SOS") }
                let ns = Int(data[seg])
                near = Int(data[seg + 1 + 2 * ns])
                let ilv = Int(data[seg + 2 + 2 * ns])
                let pt = Int(data[seg + 3 + 2 * ns] & 0x0F)
                guard ns == 1, components == 1 else { throw JPEGFailure(reason: "\(components)-component JPEG-LS is not supported") }
                guard near == 0 else { throw JPEGFailure(reason: "near-lossless JPEG-LS (NEAR \(near)) is not supported") }
                guard pt == 0, ilv == 0 else { throw JPEGFailure(reason: "point transform/interleave not supported") }
                entropy = end
            default: break
            }
            if entropy > 0 { break }
            pos = end
        }
        guard entropy > 0 else { throw JPEGFailure(reason: "no scan found") }
        guard (2...16).contains(precision), width > 0, height > 0 else { throw JPEGFailure(reason: "invalid frame \(width)×\(height)×\(precision) bits") }
        guard width * height <= maxSamples else { throw JPEGFailure(reason: "\(width)×\(height) exceeds the image size") }
        if maxVal == 0 { maxVal = (1 << precision) - 1 }
        guard maxVal >= 1, maxVal < 65536, reset >= 3 else { throw JPEGFailure(reason: "invalid MAXVAL/RESET") }
        // Default thresholds (T.87 C.2.4.1.1.1), used where the LSE segment gives 0.
        let factor = (min(maxVal, 4095) + 128) / 256
        func clamp(_ v: Int, _ lo: Int, _ hi: Int) -> Int { (v > hi || v < lo) ? lo : v }
        if maxVal >= 128 {
            if t1 == 0 { t1 = clamp(factor * (3 - 2) + 2, 1, maxVal) }
            if t2 == 0 { t2 = clamp(factor * (7 - 3) + 3, t1, maxVal) }
            if t3 == 0 { t3 = clamp(factor * (21 - 4) + 4, t2, maxVal) }
        } else {
            let f = 256 / (maxVal + 1)
            if t1 == 0 { t1 = clamp(max(2, 3 / f), 1, maxVal) }
            if t2 == 0 { t2 = clamp(max(3, 7 / f), t1, maxVal) }
            if t3 == 0 { t3 = clamp(max(4, 21 / f), t2, maxVal) }
        }
        let range = maxVal + 1
        var qbpp = 0; while (1 << qbpp) < range { qbpp += 1 }
        var bpp = 0; while (1 << bpp) < maxVal + 1 { bpp += 1 }
        bpp = max(2, bpp)
        let limit = 2 * (bpp + max(8, bpp))
        let aInit = max(2, (range + 32) / 64)
        var ctx = [Context](repeating: Context(a: aInit), count: 365)
        var run = [RunContext(a: aInit, riType: 0), RunContext(a: aInit, riType: 1)]
        var runIndex = 0
        var bits = Bits(data: data, pos: entropy)

        func quantize(_ d: Int) -> Int {
            if d <= -t3 { return -4 }
            if d <= -t2 { return -3 }
            if d <= -t1 { return -2 }
            if d < 0 { return -1 }
            if d == 0 { return 0 }
            if d < t1 { return 1 }
            if d < t2 { return 2 }
            if d < t3 { return 3 }
            return 4
        }
        func decodeValue(_ k: Int, _ lim: Int) throws(JPEGFailure) -> Int {
            let high = bits.unary(cap: lim)
            if high >= lim - (qbpp + 1) {
                guard high == lim - (qbpp + 1) else { throw JPEGFailure(reason: "Golomb code longer than LIMIT") }
                return bits.read(qbpp) + 1
            }
            return k == 0 ? high : (high << k) + bits.read(k)
        }
        func fix(_ v: Int) -> Int {
            var x = v
            if x < 0 { x += range } else if x > maxVal { x -= range }
            return min(max(x, 0), maxVal)
        }

        var out = [UInt16](repeating: 0, count: width * height)
        // Line buffers with one sample of padding on each side (index 0 ↔ column -1).
        var prev = [Int](repeating: 0, count: width + 2)
        var cur = [Int](repeating: 0, count: width + 2)
        for y in 0..<height {
            prev[width + 1] = prev[width]
            cur[0] = prev[1]
            var x = 0
            var rb = prev[0], rd = prev[1]
            while x < width {
                let ra = cur[x], rc = rb
                rb = rd
                rd = prev[x + 2]
                let d1 = rd - rb, d2 = rb - rc, d3 = rc - ra
                if d1 == 0 && d2 == 0 && d3 == 0 {
                    // Run mode.
                    let remaining = width - x
                    var length = 0
                    while bits.bit() == 1 {
                        let step = min(1 << j[runIndex], remaining - length)
                        length += step
                        if step == 1 << j[runIndex] { runIndex = min(31, runIndex + 1) }
                        if length == remaining { break }
                    }
                    if length != remaining {
                        length += j[runIndex] > 0 ? bits.read(j[runIndex]) : 0
                    }
                    guard length <= remaining else { throw JPEGFailure(reason: "run past the end of the line") }
                    for i in 0..<length { cur[x + 1 + i] = ra }
                    x += length
                    if x < width {
                        let rbx = prev[x + 1]
                        let t = abs(ra - rbx) <= 0 ? 1 : 0
                        var rc2 = run[t]
                        let temp = rc2.a + (rc2.n >> 1) * rc2.riType
                        var k = 0
                        while (rc2.n << k) < temp { k += 1; if k > 24 { throw JPEGFailure(reason: "corrupt run context") } }
                        let em = try decodeValue(k, limit - j[runIndex] - 1)
                        let tv = em + rc2.riType
                        let map = tv & 1
                        let absErr = (tv + map) / 2
                        let err = ((k != 0 || 2 * rc2.nn >= rc2.n) ? 1 : 0) == map ? -absErr : absErr
                        if err < 0 { rc2.nn += 1 }
                        rc2.a += (em + 1 - rc2.riType) >> 1
                        if rc2.n == reset { rc2.a >>= 1; rc2.n >>= 1; rc2.nn >>= 1 }
                        rc2.n += 1
                        run[t] = rc2
                        cur[x + 1] = t == 1 ? fix(ra + err) : fix(rbx + err * (rbx - ra < 0 ? -1 : 1))
                        runIndex = max(0, runIndex - 1)
                        x += 1
                    }
                    rb = prev[x]
                    rd = x <= width ? prev[x + 1] : prev[width]
                    continue
                }
                // Regular mode.
                var q1 = quantize(d1), q2 = quantize(d2), q3 = quantize(d3)
                var sign = 1
                if q1 < 0 || (q1 == 0 && q2 < 0) || (q1 == 0 && q2 == 0 && q3 < 0) {
                    q1 = -q1; q2 = -q2; q3 = -q3; sign = -1
                }
                let q = 81 * q1 + 9 * q2 + q3
                var c = ctx[q]
                var px: Int
                if rc >= max(ra, rb) { px = min(ra, rb) } else if rc <= min(ra, rb) { px = max(ra, rb) } else { px = ra + rb - rc }
                px = min(max(px + sign * c.c, 0), maxVal)
                var k = 0
                while (c.n << k) < c.a { k += 1; if k > 24 { throw JPEGFailure(reason: "corrupt context") } }
                let m = try decodeValue(k, limit)
                var err = (m >> 1) ^ -(m & 1)
                if k == 0 && 2 * c.b + c.n - 1 < 0 { err = ~err }
                c.b += err; c.a += abs(err)
                if c.n == reset { c.a >>= 1; c.b >>= 1; c.n >>= 1 }
                c.n += 1
                if c.b + c.n <= 0 {
                    c.b += c.n; if c.b <= -c.n { c.b = -c.n + 1 }
                    if c.c > -128 { c.c -= 1 }
                } else if c.b > 0 {
                    c.b -= c.n; if c.b > 0 { c.b = 0 }
                    if c.c < 127 { c.c += 1 }
                }
                ctx[q] = c
                cur[x + 1] = fix(px + sign * err)
                x += 1
            }
            for i in 0..<width { out[y * width + i] = UInt16(cur[i + 1]) }
            swap(&prev, &cur)
        }
        if bits.overran { throw JPEGFailure(reason: "entropy-coded data end early") }
        return Image(samples: out, precision: precision, width: width, height: height, components: 1)
    }
}
