import Foundation

/// Nearest-neighbour resampling: ITK rounds the continuous index half up (`floor(c + 0.5)`)
/// and uses the same inside test as linear. Values are copied, never converted, so labels and
/// masks keep their exact values.
enum NearestKernel {
    /// Input offset (index · stride) for continuous index `c`, or `nil` outside.
    @inline(__always)
    static func offset(_ c: Double, n: Int, stride: Int) -> Int? {
        guard c >= -0.5, c < Double(n) - 0.5 else { return nil }
        return Swift.min(Int((c + 0.5).rounded(.down)), n - 1) * stride
    }

    static func run<T: VoxelScalar>(_ input: [T], input inSize: GridSize, output outSize: GridSize, map: IndexMap,
                                    defaultValue: T, workers: Int) -> [T] {
        var out = [T](repeating: defaultValue, count: outSize.count)
        let (nx, ny, nz) = (inSize.x, inSize.y, inSize.z)
        let (ox, oy) = (outSize.x, outSize.y)
        input.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { d in
                let src = SliceReader(base: s.baseAddress!)
                let dst = SliceWriter(base: d.baseAddress!)
                if map.isSeparable {
                    func table(_ axis: Int, _ count: Int, _ n: Int, _ stride: Int) -> [Int] {
                        (0..<count).map { offset(map.axisIndex(axis, $0), n: n, stride: stride) ?? -1 }
                    }
                    let xs = table(0, ox, nx, 1), ys = table(1, oy, ny, nx), zs = table(2, outSize.z, nz, nx * ny)
                    Resampler.forEachSlice(outSize.z, workers: workers) { k in
                        let z = zs[k]
                        guard z >= 0 else { return }
                        for j in 0..<oy where ys[j] >= 0 {
                            let inRow = src.base + (z + ys[j])
                            let row = dst.base + ox * (j + oy * k)
                            for i in 0..<ox where xs[i] >= 0 { row[i] = inRow[xs[i]] }
                        }
                    }
                } else {
                    let step = map.rowStep
                    Resampler.forEachSlice(outSize.z, workers: workers) { k in
                        for j in 0..<oy {
                            let start = map.rowStart(j, k)
                            let row = dst.base + ox * (j + oy * k)
                            for i in 0..<ox {
                                let c = start + step * Double(i)
                                guard let x = offset(c.x, n: nx, stride: 1), let y = offset(c.y, n: ny, stride: nx),
                                      let z = offset(c.z, n: nz, stride: nx * ny) else { continue }
                                row[i] = src.base[x + y + z]
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
