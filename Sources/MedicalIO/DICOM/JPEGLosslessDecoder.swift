/// JPEG lossless (ITU T.81 process 14, Huffman coded) in Swift: any predictor 1–7, point
/// transform, restart intervals, 1–4 components interleaved in one scan, precision 2–16 bits.
/// Output samples are interleaved per pixel.
enum JPEGLosslessDecoder {
    typealias Image = JPEGImage<UInt16>

    /// Decodes `data`; `maxSamples` bounds the output to what the DICOM header allows.
    static func decode(_ data: [UInt8], maxSamples: Int) throws(JPEGFailure) -> Image {
        let hdr = try JPEGHeaders.parse(data)
        guard hdr.sofMarker == 0xC3 else {
            throw JPEGFailure(reason: "not a lossless Huffman JPEG (SOF 0x\(String(hdr.sofMarker, radix: 16)))")
        }
        guard hdr.components.allSatisfy({ $0.h == 1 && $0.v == 1 }) else {
            throw JPEGFailure(reason: "subsampled lossless components are not supported")
        }
        let h = hdr.scanHeader
        let n = Int(data[h])
        guard hdr.width > 0, hdr.height > 0, n == hdr.components.count, h + 1 + 2 * n + 3 <= data.count else {
            throw JPEGFailure(reason: "scan does not match the frame header")
        }
        guard hdr.precision >= 2, hdr.precision <= 16 else { throw JPEGFailure(reason: "precision \(hdr.precision)") }
        var tables: [JPEGHuffmanTable] = []
        for i in 0..<n {
            guard let t = hdr.dcTables[Int(data[h + 2 + 2 * i] >> 4) & 3] else { throw JPEGFailure(reason: "missing Huffman table") }
            tables.append(t)
        }
        let predictor = Int(data[h + 1 + 2 * n])
        let pointTransform = Int(data[h + 3 + 2 * n] & 0x0F)
        guard (1...7).contains(predictor) else { throw JPEGFailure(reason: "predictor \(predictor)") }
        guard pointTransform < hdr.precision else { throw JPEGFailure(reason: "point transform \(pointTransform)") }
        let w = hdr.width, height = hdr.height
        let (count, o) = (w * height).multipliedReportingOverflow(by: n)
        guard !o, count <= maxSamples else { throw JPEGFailure(reason: "\(w)×\(height)×\(n) exceeds the image size") }
        var reader = JPEGBitReader(data, at: hdr.entropyStart)
        var out = [UInt16](repeating: 0, count: count)
        let mask = (1 << hdr.precision) - 1
        let initial = 1 << (hdr.precision - pointTransform - 1)
        let restartInterval = hdr.restartInterval
        var mcus = 0
        // T.81 H.1.2.1: prediction restarts at each restart interval as at the image start.
        var resetRow = 0, resetX = 0
        for y in 0..<height {
            for x in 0..<w {
                if restartInterval > 0 && mcus > 0 && mcus % restartInterval == 0 {
                    try reader.restart()
                    resetRow = y; resetX = x
                }
                mcus += 1
                for c in 0..<n {
                    let s = try reader.decodeSymbol(tables[c])
                    let diff = s >= 16 ? 32768 : reader.receiveExtend(s)
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
        if reader.overran { throw JPEGFailure(reason: "entropy-coded data end before the last sample") }
        if pointTransform > 0 { for i in 0..<out.count { out[i] = UInt16((Int(out[i]) << pointTransform) & 0xFFFF) } }
        return Image(samples: out, precision: hdr.precision, width: w, height: height, components: n)
    }
}
