import Foundation

/// Cubic B-spline interpolation exactly as ITK computes it: `BSplineDecompositionImageFilter`
/// turns samples into spline coefficients (recursive filtering with pole √3 − 2, mirror
/// boundaries, causal initialisation truncated at tolerance 1e-10), and
/// `BSplineInterpolateImageFunction` sums 4×4×4 coefficients with mirrored indices.
enum BSplineKernel {
    static let pole = 3.0.squareRoot() - 2
    /// ITK's default tolerance sets how many terms start the causal recursion.
    static let horizon = Int((log(1e-10) / log(abs(pole))).rounded(.up))

    /// Spline coefficients of `input`, filtered along x, then y, then z.
    static func coefficients(_ input: [Float], size: GridSize, workers: Int) -> [Float] {
        var c = input
        let (nx, ny, nz) = (size.x, size.y, size.z)
        c.withUnsafeMutableBufferPointer { buf in
            let data = SliceWriter(base: buf.baseAddress!)
            // Each pass filters independent lines; the partition keeps lines disjoint.
            if nx > 1 {
                Resampler.forEachSlice(nz, workers: workers) { k in
                    var scratch = [Double](repeating: 0, count: nx)
                    for j in 0..<ny { filterLine(data.base + nx * (j + ny * k), count: nx, stride: 1, &scratch) }
                }
            }
            if ny > 1 {
                Resampler.forEachSlice(nz, workers: workers) { k in
                    var scratch = [Double](repeating: 0, count: ny)
                    for i in 0..<nx { filterLine(data.base + i + nx * ny * k, count: ny, stride: nx, &scratch) }
                }
            }
            if nz > 1 {
                Resampler.forEachSlice(ny, workers: workers) { j in
                    var scratch = [Double](repeating: 0, count: nz)
                    for i in 0..<nx { filterLine(data.base + i + nx * j, count: nz, stride: nx * ny, &scratch) }
                }
            }
        }
        return c
    }

    /// ITK's `DataToCoefficients1D` for one line (in double precision, like ITK).
    static func filterLine(_ p: UnsafeMutablePointer<Float>, count n: Int, stride: Int, _ s: inout [Double]) {
        let z = pole
        let gain = (1 - z) * (1 - 1 / z)
        for i in 0..<n { s[i] = Double(p[i * stride]) * gain }
        // Causal initial coefficient (mirror boundaries).
        if horizon < n {
            var sum = s[0], zn = z
            for i in 1..<horizon { sum += zn * s[i]; zn *= z }
            s[0] = sum
        } else {
            let iz = 1 / z
            var zn = z
            var z2n = pow(z, Double(n - 1))
            var sum = s[0] + z2n * s[n - 1]
            z2n *= z2n * iz
            if n >= 3 {
                for i in 1...(n - 2) {
                    sum += (zn + z2n) * s[i]
                    zn *= z
                    z2n *= iz
                }
            }
            s[0] = sum / (1 - zn * zn)
        }
        for i in 1..<n { s[i] += z * s[i - 1] }
        s[n - 1] = (z / (z * z - 1)) * (z * s[n - 2] + s[n - 1])
        for i in Swift.stride(from: n - 2, through: 0, by: -1) { s[i] = z * (s[i + 1] - s[i]) }
        for i in 0..<n { p[i * stride] = Float(s[i]) }
    }

    /// The four coefficient offsets (mirrored into the grid, times stride) and weights for
    /// continuous index `c` on an axis of `n` voxels.
    @inline(__always)
    static func support(_ c: Double, n: Int, stride: Int) -> (offsets: SIMD4<Int>, weights: SIMD4<Double>) {
        let base = Int(c.rounded(.down)) - 1
        let w = c - Double(base + 1)
        let w3 = w * w * w / 6
        let w0 = 1.0 / 6 + 0.5 * w * (w - 1) - w3
        let w2 = w + w0 - 2 * w3
        let w1 = 1 - w0 - w2 - w3
        var o = SIMD4<Int>(repeating: 0)
        if n > 1 {
            let last = n - 1
            for k in 0..<4 {
                var i = base + k
                if i < 0 { i = -i }
                if i > last { i = last - (i - last) }
                // Indices can only leave [0, n) by less than 2 voxels (|c| ≤ n − 0.5), but a
                // 2-voxel axis can mirror twice; clamp as a last resort.
                o[k] = Swift.min(Swift.max(i, 0), last) * stride
            }
        }
        return (o, SIMD4(w0, w1, w2, w3))
    }

    @inline(__always)
    static func inside(_ c: Double, _ n: Int) -> Bool { c >= -0.5 && c < Double(n) - 0.5 }

    static func run(_ coef: [Float], input inSize: GridSize, output outSize: GridSize, map: IndexMap,
                    defaultValue: Float, workers: Int) -> [Float] {
        let (nx, ny, nz) = (inSize.x, inSize.y, inSize.z)
        return Resampler.fill(count: outSize.count, defaultValue: defaultValue, from: coef) { src, dst in
            if map.isSeparable {
                separable(src, dst, inSize, outSize, map, workers)
                return
            }
            Resampler.forEachVoxel(outSize, map: map, workers: workers, into: dst) { c in
                guard inside(c.x, nx), inside(c.y, ny), inside(c.z, nz) else { return nil }
                let sx = support(c.x, n: nx, stride: 1)
                let sy = support(c.y, n: ny, stride: nx)
                let sz = support(c.z, n: nz, stride: nx * ny)
                var value = 0.0
                for r in 0..<4 {
                    var plane = 0.0
                    for q in 0..<4 {
                        let line = src.base + (sz.offsets[r] + sy.offsets[q])
                        var acc = 0.0
                        for p in 0..<4 { acc += sx.weights[p] * Double(line[sx.offsets[p]]) }
                        plane += sy.weights[q] * acc
                    }
                    value += sz.weights[r] * plane
                }
                return Float(value)
            }
        }
    }

    /// Axis-aligned grids: supports and weights per output column, row and slice are computed
    /// once; each voxel then sums 16 coefficient lines of 4 with precomputed row weights.
    private static func separable(_ src: SliceReader<Float>, _ dst: SliceWriter<Float>, _ inSize: GridSize,
                                  _ outSize: GridSize, _ map: IndexMap, _ workers: Int) {
        let (nx, ny, nz) = (inSize.x, inSize.y, inSize.z)
        let (ox, oy) = (outSize.x, outSize.y)
        typealias Support = (offsets: SIMD4<Int>, weights: SIMD4<Double>)
        func axis(_ a: Int, _ count: Int, _ n: Int, _ stride: Int) -> [Support?] {
            (0..<count).map { i in
                let c = map.axisIndex(a, i)
                return inside(c, n) ? support(c, n: n, stride: stride) : nil
            }
        }
        let xs = axis(0, ox, nx, 1), ys = axis(1, oy, ny, nx), zs = axis(2, outSize.z, nz, nx * ny)
        Resampler.forEachSlice(outSize.z, workers: workers) { k in
            guard let sz = zs[k] else { return }
            var lines = [Int](repeating: 0, count: 16)
            var weights = [Double](repeating: 0, count: 16)
            for j in 0..<oy {
                guard let sy = ys[j] else { continue }
                for r in 0..<4 {
                    for q in 0..<4 {
                        lines[4 * r + q] = sz.offsets[r] + sy.offsets[q]
                        weights[4 * r + q] = sz.weights[r] * sy.weights[q]
                    }
                }
                let row = dst.base + ox * (j + oy * k)
                for i in 0..<ox {
                    guard let sx = xs[i] else { continue }
                    var value = 0.0
                    for l in 0..<16 {
                        let line = src.base + lines[l]
                        let acc = sx.weights[0] * Double(line[sx.offsets[0]]) + sx.weights[1] * Double(line[sx.offsets[1]])
                            + sx.weights[2] * Double(line[sx.offsets[2]]) + sx.weights[3] * Double(line[sx.offsets[3]])
                        value += weights[l] * acc
                    }
                    row[i] = Float(value)
                }
            }
        }
    }
}
