/// A box of voxel indices: `lower` (may be negative or beyond the grid when padding) and extent.
public struct VoxelRegion: Hashable, Sendable, CustomStringConvertible {
    public var lower: SIMD3<Int>
    public var size: GridSize

    public init(lower: SIMD3<Int>, size: GridSize) {
        self.lower = lower
        self.size = size
    }

    /// Exclusive upper corner.
    public var upper: SIMD3<Int> { lower &+ SIMD3(size.x, size.y, size.z) }

    public var description: String { "[\(lower.x)..<\(upper.x), \(lower.y)..<\(upper.y), \(lower.z)..<\(upper.z)]" }

    /// The part of this region inside a grid of `grid` voxels, or `nil` when they do not overlap.
    public func clamped(to grid: GridSize) -> VoxelRegion? {
        let lo = SIMD3(max(lower.x, 0), max(lower.y, 0), max(lower.z, 0))
        let hi = SIMD3(min(upper.x, grid.x), min(upper.y, grid.y), min(upper.z, grid.z))
        guard hi.x > lo.x, hi.y > lo.y, hi.z > lo.z else { return nil }
        return VoxelRegion(lower: lo, size: GridSize(hi.x - lo.x, hi.y - lo.y, hi.z - lo.z))
    }

    /// This region grown by `margin` voxels on every side.
    public func expanded(by margin: Int) -> VoxelRegion {
        VoxelRegion(lower: lower &- SIMD3(repeating: margin),
                    size: GridSize(size.x + 2 * margin, size.y + 2 * margin, size.z + 2 * margin))
    }
}

extension Volume {
    /// The voxels of `region` on a grid that keeps every voxel's world position; parts of the
    /// region outside this volume are filled with `fill`. Covers cropping (a region inside the
    /// grid), padding (a region reaching outside) and both at once. A region whose voxels would
    /// exceed `budget` is refused before allocation.
    public func extracted(_ region: VoxelRegion, fill: Scalar = .zero, budget: MemoryBudget = .current) throws(VolumeError) -> Volume {
        guard let count = region.size.checkedCount, count > 0 else { throw .invalidSize(region.size) }
        do {
            try budget.check(MemoryBudget.bytes(count, stride: MemoryLayout<Scalar>.stride),
                             for: "the \(region.size) region \(region) of a \(size) volume")
        } catch { throw .memoryBudget(error) }
        var g = geometry
        g.size = region.size
        g.origin = geometry.world(atIndex: Point3(Double(region.lower.x), Double(region.lower.y), Double(region.lower.z)))
        var out = try Volume(geometry: g, repeating: fill)
        guard let inside = region.clamped(to: size) else { return out }
        let (nx, ny) = (size.x, size.y)
        let (ox, oy) = (region.size.x, region.size.y)
        let rowLength = inside.size.x
        voxels.withUnsafeBufferPointer { src in
            out.voxels.withUnsafeMutableBufferPointer { dst in
                for k in inside.lower.z..<inside.upper.z {
                    for j in inside.lower.y..<inside.upper.y {
                        let s = inside.lower.x + nx * (j + ny * k)
                        let d = (inside.lower.x - region.lower.x)
                            + ox * ((j - region.lower.y) + oy * (k - region.lower.z))
                        // Contiguous rows: one copy per row.
                        dst.baseAddress!.advanced(by: d).update(from: src.baseAddress!.advanced(by: s), count: rowLength)
                    }
                }
            }
        }
        return out
    }

    /// Crops to `region`, which must lie inside the grid.
    public func cropped(to region: VoxelRegion) throws(VolumeError) -> Volume {
        guard region.clamped(to: size) == region else {
            throw .geometryMismatch("crop region \(region) is not inside the \(size) grid")
        }
        return try extracted(region)
    }

    /// Pads by `lower` voxels before and `upper` voxels after each axis with `fill`.
    public func padded(lower: SIMD3<Int>, upper: SIMD3<Int>, fill: Scalar = .zero) throws(VolumeError) -> Volume {
        guard lower.x >= 0, lower.y >= 0, lower.z >= 0, upper.x >= 0, upper.y >= 0, upper.z >= 0 else {
            throw .geometryMismatch("padding must not be negative")
        }
        let s = GridSize(size.x + lower.x + upper.x, size.y + lower.y + upper.y, size.z + lower.z + upper.z)
        return try extracted(VoxelRegion(lower: SIMD3.zero &- lower, size: s), fill: fill)
    }

    /// The smallest region holding every voxel for which `isForeground` holds; `nil` if none does.
    public func boundingBox(where isForeground: (Scalar) -> Bool) -> VoxelRegion? {
        var lo = SIMD3(Int.max, Int.max, Int.max), hi = SIMD3(-1, -1, -1)
        let (nx, ny, nz) = (size.x, size.y, size.z)
        voxels.withUnsafeBufferPointer { v in
            var o = 0
            for k in 0..<nz {
                for j in 0..<ny {
                    for i in 0..<nx {
                        if isForeground(v[o]) {
                            lo = SIMD3(Swift.min(lo.x, i), Swift.min(lo.y, j), Swift.min(lo.z, k))
                            hi = SIMD3(Swift.max(hi.x, i), Swift.max(hi.y, j), Swift.max(hi.z, k))
                        }
                        o += 1
                    }
                }
            }
        }
        guard hi.x >= 0 else { return nil }
        return VoxelRegion(lower: lo, size: GridSize(hi.x - lo.x + 1, hi.y - lo.y + 1, hi.z - lo.z + 1))
    }
}
