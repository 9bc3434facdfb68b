import MedicalIO
import Statistics

/// Surface-to-surface distances between two voxel sets in millimetres, with anisotropic spacing.
///
/// The surface of a set is its voxels with at least one face neighbour (6-connectivity) outside
/// the set or outside the grid. Distances run between voxel centres in physical units (spacing
/// applied per axis; the direction matrix is a rotation and changes no distance). Each surface
/// voxel's distance to the other surface is found by **brute force** over the other surface's
/// voxels — exact, and cheap at lesion scale (a 20 mm lesion on a 1 mm grid has a few thousand
/// surface voxels); it is not meant for whole-brain masks.
public enum SurfaceDistance {
    /// The 95th-percentile Hausdorff distance as in DeepMind's `surface-distance`
    /// (`compute_robust_hausdorff(…, 95)`) but with every surface voxel weighted equally:
    /// max(P95 of the distances from A's surface to B's, P95 from B's surface to A's), the
    /// percentiles with NumPy's linear interpolation. `nil` when either set is empty.
    public static func hausdorff95(_ a: [Int], _ b: [Int], size: GridSize, spacing: Spacing) -> Double? {
        let sa = surface(of: a, size: size), sb = surface(of: b, size: size)
        guard !sa.isEmpty, !sb.isEmpty else { return nil }
        let pa = sa.map { point($0, size, spacing) }, pb = sb.map { point($0, size, spacing) }
        return max(Percentile.linear(sorted: directed(pa, pb).sorted(), 0.95),
                   Percentile.linear(sorted: directed(pb, pa).sorted(), 0.95))
    }

    /// The surface voxels (linear indices) of a voxel set.
    public static func surface(of voxels: [Int], size: GridSize) -> [Int] {
        let inside = Set(voxels)
        let (nx, ny, nz) = (size.x, size.y, size.z)
        var out: [Int] = []
        for p in voxels {
            let i = p % nx, j = (p / nx) % ny, k = p / (nx * ny)
            let border = i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 || k == nz - 1
            if border || !inside.contains(p - 1) || !inside.contains(p + 1) || !inside.contains(p - nx)
                || !inside.contains(p + nx) || !inside.contains(p - nx * ny) || !inside.contains(p + nx * ny) {
                out.append(p)
            }
        }
        return out
    }

    static func point(_ p: Int, _ size: GridSize, _ spacing: Spacing) -> SIMD3<Double> {
        let i = p % size.x, j = (p / size.x) % size.y, k = p / (size.x * size.y)
        return SIMD3(Double(i) * spacing.x, Double(j) * spacing.y, Double(k) * spacing.z)
    }

    /// For every point of `from`, the distance to the nearest point of `to`.
    static func directed(_ from: [SIMD3<Double>], _ to: [SIMD3<Double>]) -> [Double] {
        from.map { p in
            var best = Double.infinity
            for q in to {
                let d = p - q
                best = min(best, (d * d).sum())
            }
            return best.squareRoot()
        }
    }
}
