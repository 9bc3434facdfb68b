/// Trilinear resampling with ITK's boundary rules: a continuous index c is inside on an axis of
/// n voxels when −0.5 ≤ c < n − 0.5; inside points are clamped to [0, n − 1] before
/// interpolating, which is what ITK's `LinearInterpolateImageFunction` does at the edges.
enum LinearKernel {
    /// One output position along one axis: the two input neighbours (already multiplied by the
    /// axis stride) and the weight of the second.
    struct Tap {
        var lower: Int
        var upper: Int
        var weight: Float
    }

    /// The tap for continuous index `c` on an axis of `n` voxels with `stride`, or `nil` outside.
    @inline(__always)
    static func tap(_ c: Double, n: Int, stride: Int) -> Tap? {
        guard c >= -0.5, c < Double(n) - 0.5 else { return nil }  // also rejects NaN
        let clamped = Swift.min(Swift.max(c, 0), Double(n - 1))
        let i0 = Int(clamped)
        if i0 >= n - 1 { return Tap(lower: i0 * stride, upper: i0 * stride, weight: 0) }
        return Tap(lower: i0 * stride, upper: (i0 + 1) * stride, weight: Float(clamped - Double(i0)))
    }

    /// Taps for every output index along one axis (separable maps only); the valid outputs form
    /// one contiguous range because the map is monotonic.
    static func axisTaps(_ map: IndexMap, axis: Int, outCount: Int, inCount: Int, stride: Int) -> (range: Range<Int>, taps: [Tap]) {
        var taps: [Tap] = []
        var lo = outCount, hi = 0
        taps.reserveCapacity(outCount)
        for n in 0..<outCount {
            if let t = tap(map.axisIndex(axis, n), n: inCount, stride: stride) {
                lo = Swift.min(lo, n); hi = Swift.max(hi, n + 1)
                taps.append(t)
            } else {
                taps.append(Tap(lower: 0, upper: 0, weight: 0))
            }
        }
        return lo < hi ? (lo..<hi, taps) : (0..<0, taps)
    }

    static func run(_ input: [Float], input inSize: GridSize, output outSize: GridSize, map: IndexMap,
                    defaultValue: Float, workers: Int) -> [Float] {
        Resampler.fill(count: outSize.count, defaultValue: defaultValue, from: input) { src, dst in
            if map.isSeparable {
                separable(src, dst, inSize, outSize, map, workers)
            } else {
                general(src, dst, inSize, outSize, map, workers)
            }
        }
    }

    /// Axis-aligned grids (same direction, any spacing and origin): x, y and z taps are
    /// computed once per axis and the inner loop is seven lerps over contiguous input rows.
    private static func separable(_ src: SliceReader<Float>, _ dst: SliceWriter<Float>, _ inSize: GridSize,
                                  _ outSize: GridSize, _ map: IndexMap, _ workers: Int) {
        let (nx, ny) = (inSize.x, inSize.y)
        let xs = axisTaps(map, axis: 0, outCount: outSize.x, inCount: inSize.x, stride: 1)
        let ys = axisTaps(map, axis: 1, outCount: outSize.y, inCount: inSize.y, stride: nx)
        let zs = axisTaps(map, axis: 2, outCount: outSize.z, inCount: inSize.z, stride: nx * ny)
        let (ox, oy) = (outSize.x, outSize.y)
        Resampler.forEachSlice(outSize.z, workers: workers) { k in
            guard zs.range.contains(k) else { return }
            let tz = zs.taps[k]
            let wz = tz.weight
            xs.taps.withUnsafeBufferPointer { xt in
                for j in ys.range {
                    let ty = ys.taps[j]
                    let wy = ty.weight
                    let r00 = src.base + (tz.lower + ty.lower), r01 = src.base + (tz.lower + ty.upper)
                    let r10 = src.base + (tz.upper + ty.lower), r11 = src.base + (tz.upper + ty.upper)
                    let row = dst.base + ox * (j + oy * k)
                    for i in xs.range {
                        let t = xt[i]
                        let w = t.weight
                        let a0 = r00[t.lower] + w * (r00[t.upper] - r00[t.lower])
                        let a1 = r01[t.lower] + w * (r01[t.upper] - r01[t.lower])
                        let a2 = r10[t.lower] + w * (r10[t.upper] - r10[t.lower])
                        let a3 = r11[t.lower] + w * (r11[t.upper] - r11[t.lower])
                        let b0 = a0 + wy * (a1 - a0)
                        let b1 = a2 + wy * (a3 - a2)
                        row[i] = b0 + wz * (b1 - b0)
                    }
                }
            }
        }
    }

    /// Rotated or permuted grids: the continuous index moves by a constant step along each
    /// output row; each voxel finds its own eight neighbours.
    private static func general(_ src: SliceReader<Float>, _ dst: SliceWriter<Float>, _ inSize: GridSize,
                                _ outSize: GridSize, _ map: IndexMap, _ workers: Int) {
        let (nx, ny, nz) = (inSize.x, inSize.y, inSize.z)
        let sz = nx * ny
        Resampler.forEachVoxel(outSize, map: map, workers: workers, into: dst) { c in
            guard let tx = tap(c.x, n: nx, stride: 1), let ty = tap(c.y, n: ny, stride: nx),
                  let tz = tap(c.z, n: nz, stride: sz) else { return nil }
            let p = src.base
            let w = tx.weight
            let a0 = p[tz.lower + ty.lower + tx.lower] + w * (p[tz.lower + ty.lower + tx.upper] - p[tz.lower + ty.lower + tx.lower])
            let a1 = p[tz.lower + ty.upper + tx.lower] + w * (p[tz.lower + ty.upper + tx.upper] - p[tz.lower + ty.upper + tx.lower])
            let a2 = p[tz.upper + ty.lower + tx.lower] + w * (p[tz.upper + ty.lower + tx.upper] - p[tz.upper + ty.lower + tx.lower])
            let a3 = p[tz.upper + ty.upper + tx.lower] + w * (p[tz.upper + ty.upper + tx.upper] - p[tz.upper + ty.upper + tx.lower])
            let b0 = a0 + ty.weight * (a1 - a0)
            let b1 = a2 + ty.weight * (a3 - a2)
            return b0 + tz.weight * (b1 - b0)
        }
    }
}
