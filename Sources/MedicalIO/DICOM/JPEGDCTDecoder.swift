import Foundation

/// Sequential DCT JPEG (T.81 baseline and extended, processes 1, 2 and 4: Huffman coded,
/// 8- or 12-bit samples) in Swift, for what Debian's libjpeg-turbo 2.1 cannot decode: 12-bit
/// images (DICOM "JPEG Extended"). Components must not be subsampled and must share one scan
/// (always true for the grey-scale images MR and CT use). The inverse DCT is the accurate
/// integer Loeffler–Ligtenberg–Moschytz factorisation with IJG's ("islow") scaling and rounding,
/// so results agree with libjpeg/GDCM rather than with a floating-point IDCT.
enum JPEGDCTDecoder {
    typealias Image = JPEGImage<Int32>

    /// Natural (row-major) position of each zig-zag index.
    static let zigzag: [Int] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63,
    ]

    static func decode(_ data: [UInt8], maxSamples: Int) throws(JPEGFailure) -> Image {
        let hdr = try JPEGHeaders.parse(data)
        guard hdr.sofMarker == 0xC0 || hdr.sofMarker == 0xC1 else {
            throw JPEGFailure(reason: "only sequential Huffman DCT is supported here (SOF 0x\(String(hdr.sofMarker, radix: 16)))")
        }
        guard hdr.precision == 8 || hdr.precision == 12 else { throw JPEGFailure(reason: "precision \(hdr.precision)") }
        guard hdr.components.allSatisfy({ $0.h == 1 && $0.v == 1 }) else {
            throw JPEGFailure(reason: "subsampled components are not supported by the Swift DCT decoder")
        }
        let h = hdr.scanHeader
        let n = Int(data[h])
        guard n == hdr.components.count, hdr.width > 0, hdr.height > 0, h + 1 + 2 * n + 3 <= data.count else {
            throw JPEGFailure(reason: "components in separate scans are not supported")
        }
        let w = hdr.width, height = hdr.height
        let (count, o) = (w * height).multipliedReportingOverflow(by: n)
        guard !o, count <= maxSamples else { throw JPEGFailure(reason: "\(w)×\(height)×\(n) exceeds the image size") }
        var dc: [JPEGHuffmanTable] = [], ac: [JPEGHuffmanTable] = [], quant: [[Int]] = []
        for i in 0..<n {
            let sel = data[h + 2 + 2 * i]
            guard let cid = hdr.components.firstIndex(where: { $0.id == Int(data[h + 1 + 2 * i]) }),
                  let d = hdr.dcTables[Int(sel >> 4) & 3], let a = hdr.acTables[Int(sel & 0x0F) & 3],
                  let q = hdr.quantTables[hdr.components[cid].quantTable] else {
                throw JPEGFailure(reason: "scan refers to a missing table or component")
            }
            dc.append(d); ac.append(a); quant.append(q)
        }
        let blocksX = (w + 7) / 8, blocksY = (height + 7) / 8
        var out = [Int32](repeating: 0, count: count)
        var reader = JPEGBitReader(data, at: hdr.entropyStart)
        var pred = [Int](repeating: 0, count: n)
        var coef = [Int](repeating: 0, count: 64)
        var block = [Int](repeating: 0, count: 64)
        let idct = IntegerIDCT(precision: hdr.precision)
        var mcu = 0
        for by in 0..<blocksY {
            for bx in 0..<blocksX {
                if hdr.restartInterval > 0 && mcu > 0 && mcu % hdr.restartInterval == 0 {
                    try reader.restart()
                    for c in 0..<n { pred[c] = 0 }
                }
                mcu += 1
                for c in 0..<n {
                    for i in 0..<64 { coef[i] = 0 }
                    let s = try reader.decodeSymbol(dc[c])
                    guard s <= 16 else { throw JPEGFailure(reason: "DC category \(s)") }
                    pred[c] += reader.receiveExtend(s)
                    coef[0] = pred[c] * quant[c][0]
                    var k = 1
                    while k < 64 {
                        let rs = try reader.decodeSymbol(ac[c])
                        let r = rs >> 4, size = rs & 15
                        if size == 0 {
                            if r == 15 { k += 16; continue }
                            break
                        }
                        k += r
                        guard k < 64 else { throw JPEGFailure(reason: "AC coefficient index past 63") }
                        coef[zigzag[k]] = reader.receiveExtend(size) * quant[c][k]
                        k += 1
                    }
                    idct.transform(coef, into: &block)
                    for y in 0..<8 {
                        let py = by * 8 + y
                        guard py < height else { break }
                        for x in 0..<8 {
                            let px = bx * 8 + x
                            guard px < w else { break }
                            out[(py * w + px) * n + c] = Int32(block[y * 8 + x])
                        }
                    }
                }
            }
        }
        if reader.overran { throw JPEGFailure(reason: "entropy-coded data end before the last block") }
        return Image(samples: out, precision: hdr.precision, width: w, height: height, components: n)
    }
}

/// IJG's accurate integer inverse DCT (jidctint): 13-bit fixed-point constants, PASS1_BITS of
/// extra precision between the column and row passes, results level-shifted and clamped.
struct IntegerIDCT {
    let pass1Bits: Int
    let center: Int
    let maxValue: Int
    static let constBits = 13

    init(precision: Int) {
        pass1Bits = precision == 8 ? 2 : 1
        center = 1 << (precision - 1)
        maxValue = (1 << precision) - 1
    }

    @inline(__always) static func descale(_ x: Int, _ n: Int) -> Int { (x + (1 << (n - 1))) >> n }

    /// One 1-D 8-point IDCT of `v` (stride-free), results before descaling.
    @inline(__always) static func butterfly(_ v: (Int, Int, Int, Int, Int, Int, Int, Int)) -> [Int] {
        // Even part.
        var z2 = v.2, z3 = v.6
        var z1 = (z2 + z3) * 4433                         // FIX(0.541196100)
        let t2 = z1 + z3 * -15137                         // FIX(1.847759065)
        let t3 = z1 + z2 * 6270                           // FIX(0.765366865)
        let e0 = (v.0 + v.4) << constBits, e1 = (v.0 - v.4) << constBits
        let t10 = e0 + t3, t13 = e0 - t3, t11 = e1 + t2, t12 = e1 - t2
        // Odd part.
        var o0 = v.7, o1 = v.5, o2 = v.3, o3 = v.1
        z1 = o0 + o3; z2 = o1 + o2; z3 = o0 + o2
        var z4 = o1 + o3
        let z5 = (z3 + z4) * 9633                         // FIX(1.175875602)
        o0 *= 2446; o1 *= 16819; o2 *= 25172; o3 *= 12299 // FIX(0.298631336), (2.053119869), (3.072711026), (1.501321110)
        z1 *= -7373; z2 *= -20995; z3 *= -16069; z4 *= -3196  // FIX(0.899976223), (2.562915447), (1.961570560), (0.390180644)
        z3 += z5; z4 += z5
        o0 += z1 + z3; o1 += z2 + z4; o2 += z2 + z3; o3 += z1 + z4
        return [t10 + o3, t11 + o2, t12 + o1, t13 + o0, t13 - o0, t12 - o1, t11 - o2, t10 - o3]
    }

    /// Dequantised coefficients (natural order) to level-shifted, clamped samples.
    func transform(_ c: [Int], into out: inout [Int]) {
        var ws = [Int](repeating: 0, count: 64)
        let s1 = Self.constBits - pass1Bits
        for col in 0..<8 {
            let r = Self.butterfly((c[col], c[8 + col], c[16 + col], c[24 + col], c[32 + col], c[40 + col], c[48 + col], c[56 + col]))
            for y in 0..<8 { ws[y * 8 + col] = Self.descale(r[y], s1) }
        }
        let s2 = Self.constBits + pass1Bits + 3
        for row in 0..<8 {
            let b = row * 8
            let r = Self.butterfly((ws[b], ws[b + 1], ws[b + 2], ws[b + 3], ws[b + 4], ws[b + 5], ws[b + 6], ws[b + 7]))
            for x in 0..<8 { out[b + x] = min(max(Self.descale(r[x], s2) + center, 0), maxValue) }
        }
    }
}
