/// One region of interest cropped to its bounding box, in the memory order pyradiomics uses
/// (x fastest, then y, then z; numpy's `[z, y, x]`), with its intensities in double precision.
struct Region: Sendable {
    /// Bounding-box extent along x, y, z.
    let nx: Int, ny: Int, nz: Int
    /// Voxel spacing along x, y, z (mm).
    let spacing: SIMD3<Double>
    /// Whether each box voxel belongs to the region.
    let mask: [Bool]
    /// Intensities of every box voxel (also outside the region).
    let intensities: [Double]

    var count: Int { nx * ny * nz }
    @inline(__always) func index(_ x: Int, _ y: Int, _ z: Int) -> Int { x + nx * (y + ny * z) }

    /// Intensities inside the region, in memory order.
    var regionIntensities: [Double] {
        var out: [Double] = []
        out.reserveCapacity(count)
        for i in 0..<count where mask[i] { out.append(intensities[i]) }
        return out
    }

    /// The 13 unique neighbour offsets (dz, dy, dx) at distance 1 (infinity norm), one per
    /// direction pair, in the order pyradiomics' C extension generates them.
    static let angles: [(Int, Int, Int)] = {
        var out: [(Int, Int, Int)] = []
        for dz in [1, 0, -1] {
            for dy in [1, 0, -1] {
                for dx in [1, 0, -1] where !(dz == 0 && dy == 0 && dx == 0) {
                    out.append((dz, dy, dx))
                }
            }
        }
        return Array(out.prefix(13))
    }()

    /// All 26 neighbour offsets.
    static let neighbours: [(Int, Int, Int)] = angles + angles.map { (-$0.0, -$0.1, -$0.2) }
}

/// Gray levels after fixed-bin-width discretisation (pyradiomics' `binImage`).
struct DiscretisedRegion: Sendable {
    let region: Region
    /// Bin index (1-based) of every region voxel, 0 outside the region.
    let levels: [Int32]
    /// The distinct bin indices present in the region, ascending.
    let grayLevels: [Int]
    /// The largest bin index (pyradiomics' `Ng`).
    var maxLevel: Int { grayLevels.last ?? 0 }

    /// Bins the region's intensities with edges `lowBound + k · binWidth`, where `lowBound` is
    /// the minimum rounded down to a multiple of the width, and bins are half-open like
    /// `numpy.digitize`.
    init(_ region: Region, binWidth: Double) {
        self.region = region
        var lo = Double.infinity, hi = -Double.infinity
        for i in 0..<region.count where region.mask[i] {
            lo = min(lo, region.intensities[i]); hi = max(hi, region.intensities[i])
        }
        // Python's float modulo takes the sign of the divisor.
        var remainder = lo.truncatingRemainder(dividingBy: binWidth)
        if remainder != 0, (remainder < 0) != (binWidth < 0) { remainder += binWidth }
        let lowBound = lo - remainder
        let highBound = hi + 2 * binWidth
        var edges: [Double] = []
        let n = Int(((highBound - lowBound) / binWidth).rounded(.up))
        for k in 0..<max(n, 0) { edges.append(lowBound + Double(k) * binWidth) }
        if edges.count == 1 { edges = [edges[0] - 0.5, edges[0] + 0.5] }
        var levels = [Int32](repeating: 0, count: region.count)
        var present = Set<Int>()
        for i in 0..<region.count where region.mask[i] {
            let v = region.intensities[i]
            // Number of edges <= v (numpy.digitize with increasing bins, right=False).
            var a = 0, b = edges.count
            while a < b {
                let m = (a + b) / 2
                if edges[m] <= v { a = m + 1 } else { b = m }
            }
            levels[i] = Int32(a)
            present.insert(a)
        }
        self.levels = levels
        self.grayLevels = present.sorted()
    }
}
