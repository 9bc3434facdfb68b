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
        let (nx, ny, nz) = (inSize.x, inSize.y, inSize.z)
        let (ox, oy) = (outSize.x, outSize.y)
        return Resampler.fill(count: outSize.count, defaultValue: defaultValue, from: input) { src, dst in
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
                Resampler.forEachVoxel(outSize, map: map, workers: workers, into: dst) { c in
                    guard let x = offset(c.x, n: nx, stride: 1), let y = offset(c.y, n: ny, stride: nx),
                          let z = offset(c.z, n: nz, stride: nx * ny) else { return nil }
                    return src.base[x + y + z]
                }
            }
        }
    }
}
