/// Turns closed planar polygons (LPS world millimetres, as RTSTRUCT's ContourData holds them)
/// into a mask on an image grid.
///
/// How a contour reaches a slice:
/// - Its points are mapped into continuous index space with the grid's inverse affine, so any
///   orientation works as long as the contour plane is parallel to the grid's slices.
/// - It belongs to the nearest slice k = round(mean k) when that slice exists and the plane is
///   within `sliceTolerance` (in slices) of it. Planes that fall between two slices therefore go
///   to the nearer one.
/// - When contours were drawn on several planes that round to the same slice (contours finer
///   than the image), only the plane nearest that slice's centre is used; unioning or XOR-ing
///   neighbouring planes would thicken or cancel the structure.
/// - Slices without a contour stay empty even between contoured slices: RTSTRUCT says nothing
///   about them and interpolating would invent anatomy.
///
/// Inside a slice the even-odd rule applies to all of that slice's polygons together, so holes
/// (a contour inside another) and several islands need no orientation or nesting information.
/// Each voxel is sampled on `subsamples × subsamples` points and is set when at least half of
/// them are inside, which keeps sub-voxel accuracy for small structures.
public struct ContourRasterizer: Sendable {
    /// Sub-samples per voxel along i and along j (1…16).
    public var subsamples: Int
    /// Largest distance, in slices, between a contour's plane and the slice it is assigned to.
    public var sliceTolerance: Double
    /// Largest spread of a contour's points along k, in slices, before it counts as not parallel
    /// to the image slices and is skipped.
    public var planarityTolerance: Double

    public init(subsamples: Int = 4, sliceTolerance: Double = 0.5, planarityTolerance: Double = 0.5) {
        self.subsamples = subsamples
        self.sliceTolerance = sliceTolerance
        self.planarityTolerance = planarityTolerance
    }

    /// The mask plus what happened to contours that did not make it in.
    public struct Result: Sendable {
        /// `value` inside, 0 outside, on the requested grid.
        public var mask: LabelVolume
        /// Slices that received at least one contour, ascending.
        public var contouredSlices: [Int]
        /// Number of contours that were drawn into the mask.
        public var usedContours: Int
        /// One line per skipped contour (outside the grid, not planar, too few points, …).
        public var notes: [String]
    }

    /// Rasterises `contours` (each a closed polygon given by its vertices; the closing edge is
    /// implicit) onto `geometry`, writing `value` inside.
    public func rasterize(_ contours: [[Point3]], onto geometry: ImageGeometry,
                          value: UInt8 = 1) throws(RTStructError) -> Result {
        guard (1...16).contains(subsamples) else {
            throw .invalidArgument("subsamples must be 1…16, got \(subsamples)")
        }
        guard let voxelCount = geometry.size.checkedCount, geometry.size.x > 0, geometry.size.y > 0 else {
            throw .invalidArgument("cannot rasterise onto an empty or invalid grid \(geometry.size)")
        }
        guard let inverse = geometry.indexToWorldMatrix.inverse else {
            throw .invalidArgument("image geometry has a singular direction/spacing matrix")
        }
        // The sub-sample grid must stay addressable with Int32-sized counters per row.
        guard geometry.size.x <= 1 << 20, geometry.size.y <= 1 << 20 else {
            throw .invalidArgument("grid \(geometry.size) is too large to rasterise")
        }
        var notes: [String] = []
        var planes = assignPlanes(contours, geometry: geometry, inverse: inverse, notes: &notes)
        planes.sort { $0.slice < $1.slice }

        var voxels = [UInt8](repeating: 0, count: voxelCount)
        var used = 0
        var contoured: [Int] = []
        let plane = geometry.size.x * geometry.size.y
        var scratch = SliceScratch(nx: geometry.size.x, ny: geometry.size.y, subsamples: subsamples)
        for p in planes {
            contoured.append(p.slice)
            used += p.polygons.count
            let offset = p.slice * plane
            guard let crossings = scratch.prepare(polygons: p.polygons), crossings <= Self.crossingBudget else {
                throw .contoursTooComplex(slice: p.slice, points: p.polygons.reduce(0) { $0 + $1.count })
            }
            voxels.withUnsafeMutableBufferPointer { buf in
                scratch.fill(polygons: p.polygons, into: UnsafeMutableBufferPointer(rebasing: buf[offset..<(offset + plane)]),
                             value: value)
            }
        }
        // Geometry was validated above, so the count matches.
        guard let mask = try? LabelVolume(geometry: geometry, voxels: voxels) else {
            throw .invalidArgument("cannot build mask on grid \(geometry.size)")
        }
        return Result(mask: mask, contouredSlices: contoured, usedContours: used, notes: notes)
    }

    /// Most edge/sub-row crossings one slice may have (8 bytes each). Real contours have a few
    /// dozen per sub-row; a file whose polygons zigzag across the whole grid is refused before
    /// the crossings are allocated rather than exhausting memory.
    static let crossingBudget = 1 << 22

    /// The polygons (in continuous (i, j) index space) that one slice receives.
    struct SlicePlane {
        var slice: Int
        var polygons: [[SIMD2<Double>]]
    }

    /// Maps contours to index space and picks, per slice, the plane nearest its centre.
    func assignPlanes(_ contours: [[Point3]], geometry: ImageGeometry, inverse: Matrix3,
                      notes: inout [String]) -> [SlicePlane] {
        struct Candidate { var k: Double; var slice: Int; var polygon: [SIMD2<Double>] }
        var candidates: [Candidate] = []
        let nz = geometry.size.z
        for (n, contour) in contours.enumerated() {
            guard contour.count >= 3 else {
                notes.append("contour \(n + 1): \(contour.count) point(s), a closed polygon needs 3; skipped")
                continue
            }
            var polygon: [SIMD2<Double>] = []
            polygon.reserveCapacity(contour.count)
            var kMin = Double.infinity, kMax = -Double.infinity, kSum = 0.0
            var finite = true
            for point in contour {
                let idx = inverse * (point - geometry.origin)
                guard idx.x.isFinite, idx.y.isFinite, idx.z.isFinite else { finite = false; break }
                polygon.append(SIMD2(idx.x, idx.y))
                kMin = min(kMin, idx.z); kMax = max(kMax, idx.z); kSum += idx.z
            }
            guard finite else {
                notes.append("contour \(n + 1): non-finite coordinates; skipped")
                continue
            }
            guard kMax - kMin <= planarityTolerance else {
                notes.append("contour \(n + 1): spans \(fmt(kMax - kMin)) slices along k, not parallel to the image slices; skipped")
                continue
            }
            let k = kSum / Double(contour.count)
            let nearest = k.rounded()
            guard abs(k - nearest) <= sliceTolerance, nearest >= 0, nearest < Double(nz) else {
                notes.append("contour \(n + 1): plane at slice \(fmt(k)) is outside the image (slices 0…\(nz - 1)); skipped")
                continue
            }
            candidates.append(Candidate(k: k, slice: Int(nearest), polygon: polygon))
        }
        // Cluster contours into planes (k values within 0.01 slice), then keep the nearest plane
        // per slice.
        candidates.sort { $0.k < $1.k }
        struct Plane { var distance: Double; var k: Double; var polygons: [[SIMD2<Double>]] }
        var result: [Int: Plane] = [:]
        var start = 0
        while start < candidates.count {
            var end = start + 1
            while end < candidates.count, candidates[end].k - candidates[end - 1].k <= 0.01 { end += 1 }
            let group = candidates[start..<end]
            let k = group.reduce(0.0) { $0 + $1.k } / Double(group.count)
            let slice = Int(k.rounded())
            let plane = Plane(distance: abs(k - Double(slice)), k: k, polygons: group.map(\.polygon))
            if let existing = result[slice] {
                let keep = plane.distance < existing.distance ? plane : existing
                let drop = plane.distance < existing.distance ? existing : plane
                notes.append("\(drop.polygons.count) contour(s) on plane k=\(fmt(drop.k)) skipped: slice \(slice) uses the nearer plane k=\(fmt(keep.k))")
                result[slice] = keep
            } else {
                result[slice] = plane
            }
            start = end
        }
        return result.map { SlicePlane(slice: $0.key, polygons: $0.value.polygons) }
    }
}

private func fmt(_ x: Double) -> String {
    let r = (x * 1000).rounded() / 1000
    return "\(r)"
}

/// Reusable per-slice buffers for the scanline fill.
private struct SliceScratch {
    let nx: Int, ny: Int, s: Int
    /// Inside sub-sample count per voxel of the current slice.
    var counts: [UInt16]
    /// Crossings per sub-row (CSR layout: `rowStart[r]..<rowStart[r+1]` index into `xs`).
    var rowStart: [Int]
    var xs: [Double] = []
    /// Sub-rows `rowMin..<rowMax` hold crossings (set by `prepare`).
    var rowMin = 0, rowMax = 0

    init(nx: Int, ny: Int, subsamples: Int) {
        self.nx = nx; self.ny = ny; self.s = subsamples
        counts = [UInt16](repeating: 0, count: nx * ny)
        rowStart = [Int](repeating: 0, count: ny * subsamples + 1)
    }

    /// Sub-row range `lo..<hi` whose sample y (`(r + 0.5)/s - 0.5`) lies in `[y0, y1)`.
    @inline(__always) static func subRange(_ y0: Double, _ y1: Double, subsamples: Int, limit: Int) -> (Int, Int) {
        let s = Double(subsamples)
        let a = ((y0 + 0.5) * s - 0.5).rounded(.up)
        let b = ((y1 + 0.5) * s - 0.5).rounded(.up)
        // Clamp in floating point first: coordinates can be huge.
        let lo = Int(max(0, min(Double(limit), a)))
        let hi = Int(max(0, min(Double(limit), b)))
        return (lo, hi)
    }

    /// Calls `body(a, b, lo, hi)` for every non-horizontal polygon edge (closing edges included)
    /// that crosses sub-rows `lo..<hi`.
    /// Static, so the body may mutate the scratch buffers.
    @inline(__always)
    static func forEachEdge(_ polygons: [[SIMD2<Double>]], subsamples s: Int, rows: Int,
                            _ body: (SIMD2<Double>, SIMD2<Double>, Int, Int) -> Void) {
        for poly in polygons {
            var prev = poly[poly.count - 1]
            for cur in poly {
                defer { prev = cur }
                if prev.y == cur.y { continue }
                let (lo, hi) = subRange(min(prev.y, cur.y), max(prev.y, cur.y), subsamples: s, limit: rows)
                if lo < hi { body(prev, cur, lo, hi) }
            }
        }
    }

    /// Pass 1: count crossings per sub-row into `rowStart` (CSR offsets) in O(edges + rows),
    /// without touching every crossing. Edge (a, b) crosses sub-row y when
    /// min(ya, yb) <= y < max(ya, yb) (half-open, so shared vertices count once).
    /// Returns the total, or nil when it overflows.
    mutating func prepare(polygons: [[SIMD2<Double>]]) -> Int? {
        let rows = ny * s
        for r in 0...rows { rowStart[r] = 0 }
        rowMin = rows; rowMax = 0
        Self.forEachEdge(polygons, subsamples: s, rows: rows) { _, _, lo, hi in
            rowMin = min(rowMin, lo); rowMax = max(rowMax, hi)
            rowStart[lo] += 1
            rowStart[hi] -= 1
        }
        // Difference array → per-row counts → offsets, in place.
        var running = 0, active = 0
        for r in 0..<rows {
            active += rowStart[r]
            rowStart[r] = running
            let (sum, overflow) = running.addingReportingOverflow(active)
            if overflow { return nil }
            running = sum
        }
        rowStart[rows] = running
        return running
    }

    /// Passes 2 and 3, after `prepare`.
    mutating func fill(polygons: [[SIMD2<Double>]], into out: UnsafeMutableBufferPointer<UInt8>, value: UInt8) {
        let rows = ny * s
        guard rowMin < rowMax else { return }
        let total = rowStart[rows]
        if xs.count < total { xs = [Double](repeating: 0, count: total) }
        // Pass 2: x of each crossing, written at one cursor per sub-row.
        var cursor = Array(rowStart[rowMin..<rowMax])
        let sD = Double(s)
        Self.forEachEdge(polygons, subsamples: s, rows: rows) { prev, cur, lo, hi in
            let slope = (cur.x - prev.x) / (cur.y - prev.y)
            for r in lo..<hi {
                let y = (Double(r) + 0.5) / sD - 0.5
                xs[cursor[r - rowMin]] = prev.x + (y - prev.y) * slope
                cursor[r - rowMin] += 1
            }
        }
        // Pass 3: sort each sub-row's crossings and count sub-samples inside each span.
        let jMin = rowMin / s, jMax = (rowMax - 1) / s
        for j in jMin...jMax { for i in 0..<nx { counts[j * nx + i] = 0 } }
        let columns = nx * s
        for r in rowMin..<rowMax {
            let a = rowStart[r], b = rowStart[r + 1]
            if b - a < 2 { continue }
            xs[a..<b].sort()
            let rowBase = (r / s) * nx
            var p = a
            while p + 1 < b {
                let (c0, c1) = Self.subRange(xs[p], xs[p + 1], subsamples: s, limit: columns)
                p += 2
                if c0 >= c1 { continue }
                var c = c0
                while c < c1 {
                    let voxel = c / s
                    let end = min(c1, (voxel + 1) * s)
                    counts[rowBase + voxel] &+= UInt16(end - c)
                    c = end
                }
            }
        }
        // A voxel is inside when at least half its sub-samples are.
        let need = UInt16((s * s + 1) / 2)
        for j in jMin...jMax {
            for i in 0..<nx where counts[j * nx + i] >= need { out[j * nx + i] = value }
        }
    }
}
