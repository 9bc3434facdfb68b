/// Turns a mask into closed planar polygons, slice by slice: the reverse of `ContourRasterizer`.
///
/// The polygons follow the voxel boundaries (the "crack" between a set and an unset voxel), so
/// their vertices lie on the half-voxel grid. Rasterising them back with `ContourRasterizer`
/// reproduces the mask exactly, whatever its shape or size, which a smoothed iso-line (marching
/// squares through voxel centres) cannot promise for one- or two-voxel structures. Collinear
/// vertices are dropped, so a straight run of voxel edges costs two points.
///
/// Holes come out as separate polygons (inside the outer one), which is what the even-odd rule
/// of RTSTRUCT readers, ours included, expects. Where two set voxels touch only at a corner,
/// the boundary is split there, so every polygon is simple.
public enum ContourExtractor {
    /// One closed polygon on one slice.
    public struct SliceContour: Sendable, Equatable {
        /// The slice index k the polygon lies on.
        public var slice: Int
        /// Vertices in world coordinates (LPS, mm); the closing edge is implicit.
        public var points: [Point3]
    }

    /// Polygons of every slice of `mask` where the voxel is non-zero (or equals `label` when
    /// given), ordered by slice.
    public static func contours(of mask: LabelVolume, label: UInt8? = nil) -> [SliceContour] {
        let g = mask.geometry
        let nx = g.size.x, ny = g.size.y
        guard nx > 0, ny > 0 else { return [] }
        var result: [SliceContour] = []
        let plane = nx * ny
        var tracer = CrackTracer(nx: nx, ny: ny)
        let predicate: (UInt8) -> Bool = label.map { l in { $0 == l } } ?? { $0 != 0 }
        for k in 0..<g.size.z {
            let loops = mask.voxels.withUnsafeBufferPointer { all in
                tracer.trace(UnsafeBufferPointer(rebasing: all[(k * plane)..<((k + 1) * plane)]), inside: predicate)
            }
            for loop in loops {
                let points = loop.map { c in
                    g.world(atIndex: Point3(Double(c.x) - 0.5, Double(c.y) - 0.5, Double(k)))
                }
                result.append(SliceContour(slice: k, points: points))
            }
        }
        return result
    }
}

/// Follows voxel-boundary edges on one slice. Corner (x, y), 0 ≤ x ≤ nx, 0 ≤ y ≤ ny, is the
/// corner at continuous index (x − ½, y − ½). Edges are directed with the set voxels on their
/// left (in a frame where +y is "up"), so every corner has as many edges leaving as arriving.
private struct CrackTracer {
    let nx: Int, ny: Int
    /// Bit d set: an untraced edge leaves this corner in direction d (0 +x, 1 +y, 2 −x, 3 −y).
    var out: [UInt8]

    init(nx: Int, ny: Int) {
        self.nx = nx; self.ny = ny
        out = [UInt8](repeating: 0, count: (nx + 1) * (ny + 1))
    }

    static let step: [(Int, Int)] = [(1, 0), (0, 1), (-1, 0), (0, -1)]

    /// Prefer turning towards the set voxels (left), then straight, then right: at a corner
    /// shared by two diagonal voxels this keeps them apart, so every polygon is simple.
    @inline(__always) static func choose(arriving d: Int, options: UInt8) -> Int {
        let left = (d + 1) & 3, right = (d + 3) & 3
        if options & (1 << UInt8(left)) != 0 { return left }
        if options & (1 << UInt8(d)) != 0 { return d }
        return right
    }

    /// The slice's membership with a one-voxel empty border, so neighbours need no bounds checks.
    var padded: [Bool] = []

    mutating func trace(_ m: UnsafeBufferPointer<UInt8>, inside: (UInt8) -> Bool) -> [[SIMD2<Int>]] {
        let w = nx + 1, pw = nx + 2
        if padded.count != pw * (ny + 2) { padded = [Bool](repeating: false, count: pw * (ny + 2)) }
        var any = false
        for j in 0..<ny {
            for i in 0..<nx {
                let v = inside(m[j * nx + i])
                padded[(j + 1) * pw + i + 1] = v
                any = any || v
            }
        }
        guard any else { return [] }
        for idx in out.indices { out[idx] = 0 }
        // at(i, j) for −1 ≤ i ≤ nx, −1 ≤ j ≤ ny.
        @inline(__always) func at(_ i: Int, _ j: Int) -> Bool { padded[(j + 1) * pw + i + 1] }
        // Horizontal edges on line y between rows y−1 and y; vertical ones on line x.
        for y in 0...ny {
            for x in 0..<nx {
                let above = at(x, y - 1), below = at(x, y)
                if above == below { continue }
                if below { out[y * w + x] |= 1 << 0 } else { out[y * w + x + 1] |= 1 << 2 }
            }
        }
        for y in 0..<ny {
            for x in 0...nx {
                let left = at(x - 1, y), right = at(x, y)
                if left == right { continue }
                if left { out[y * w + x] |= 1 << 1 } else { out[(y + 1) * w + x] |= 1 << 3 }
            }
        }
        let edges = out
        var loops: [[SIMD2<Int>]] = []
        for start in out.indices where out[start] != 0 {
            while out[start] != 0 {
                let startDir = out[start].trailingZeroBitCount
                var v = start, d = startDir, previousDir = -1
                var corners: [SIMD2<Int>] = []
                while true {
                    guard out[v] & (1 << UInt8(d)) != 0 else { break }  // cannot happen: pairing is a bijection
                    out[v] &= ~(1 << UInt8(d))
                    if d != previousDir { corners.append(SIMD2(v % w, v / w)) }
                    previousDir = d
                    let (dx, dy) = Self.step[d]
                    v += dx + dy * w
                    // The choice uses all of the corner's edges, traced or not, so each arriving
                    // edge is paired with one leaving edge and the loops partition the edges.
                    d = Self.choose(arriving: d, options: edges[v])
                    if v == start && d == startDir { break }
                }
                // The first corner is not a corner when the loop arrives in the direction it began.
                if previousDir == startDir, corners.count > 1 { corners.removeFirst() }
                if corners.count >= 3 { loops.append(corners) }
            }
        }
        return loops
    }
}
