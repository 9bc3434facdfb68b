import Foundation

/// pyradiomics' 3D shape class: a marching-cubes mesh of the region (surface at the voxel
/// boundaries' midpoints) gives volume, surface area and diameters; the voxel coordinates'
/// principal components give the axis lengths.
enum ShapeFeatures {
    static func compute(_ r: Region) -> [(String, Double)] {
        // The region's box padded by one empty voxel on every side, in (z, y, x) order.
        let sx = r.nx + 2, sy = r.ny + 2, sz = r.nz + 2
        var padded = [Bool](repeating: false, count: sx * sy * sz)
        for z in 0..<r.nz { for y in 0..<r.ny { for x in 0..<r.nx where r.mask[r.index(x, y, z)] {
            padded[(x + 1) + sx * ((y + 1) + sy * (z + 1))] = true
        } } }
        let spacing = SIMD3<Double>(r.spacing.z, r.spacing.y, r.spacing.x)
        let (surface, volume, diameters) = mesh(padded, sx: sx, sy: sy, sz: sz, spacing: spacing)

        // Principal axes from the covariance of the physical voxel coordinates.
        var coords: [SIMD3<Double>] = []
        for z in 0..<r.nz { for y in 0..<r.ny { for x in 0..<r.nx where r.mask[r.index(x, y, z)] {
            coords.append(SIMD3(Double(z + 1), Double(y + 1), Double(x + 1)) * spacing)
        } } }
        let np = Double(coords.count)
        let mean = coords.reduce(SIMD3<Double>.zero, +) / np
        var cov = [Double](repeating: 0, count: 9)
        for c in coords {
            let d = (c - mean) / np.squareRoot()
            for a in 0..<3 { for b in 0..<3 { cov[a * 3 + b] += d[a] * d[b] } }
        }
        var eigen = SymmetricEigen.eigenvalues(cov, size: 3).map { ($0 < 0 && $0 > -1e-10) ? 0 : $0 }
        eigen.sort()
        let axis: (Double) -> Double = { $0 < 0 ? .nan : $0.squareRoot() * 4 }
        let ratio: (Double, Double) -> Double = { ($0 < 0 || $1 < 0) ? .nan : ($0 / $1).squareRoot() }
        let voxelVolume = np * r.spacing.x * r.spacing.y * r.spacing.z

        return [
            ("Elongation", ratio(eigen[1], eigen[2])),
            ("Flatness", ratio(eigen[0], eigen[2])),
            ("LeastAxisLength", axis(eigen[0])),
            ("MajorAxisLength", axis(eigen[2])),
            ("Maximum2DDiameterColumn", diameters[1]),
            ("Maximum2DDiameterRow", diameters[2]),
            ("Maximum2DDiameterSlice", diameters[0]),
            ("Maximum3DDiameter", diameters[3]),
            ("MeshVolume", volume),
            ("MinorAxisLength", axis(eigen[1])),
            ("Sphericity", pow(36 * Double.pi * volume * volume, 1.0 / 3.0) / surface),
            ("SurfaceArea", surface),
            ("SurfaceVolumeRatio", surface / volume),
            ("VoxelVolume", voxelVolume),
        ]
    }

    /// Surface area, volume and the maximum diameters (in-slice, in-column, in-row, 3D) of the
    /// marching-cubes mesh of a padded mask.
    static func mesh(_ m: [Bool], sx: Int, sy: Int, sz: Int, spacing: SIMD3<Double>)
        -> (surface: Double, volume: Double, diameters: [Double]) {
        var surface = 0.0, volume = 0.0
        var vertices: [SIMD3<Double>] = []
        let corners = MarchingCubesTables.corners
        let mid = MarchingCubesTables.edgeMidpoints
        // Corners 6, 4 and 3 own the vertices on edges 6, 7 and 11, so each vertex is kept once.
        let owned: [(corner: Int, edge: Int)] = [(6, 6), (4, 7), (3, 11)]
        for iz in 0..<(sz - 1) {
            for iy in 0..<(sy - 1) {
                for ix in 0..<(sx - 1) {
                    var cube = 0
                    for (a, c) in corners.enumerated() where m[(ix + c.2) + sx * ((iy + c.1) + sy * (iz + c.0))] {
                        cube |= 1 << a
                    }
                    var sign = 1.0
                    if cube & 0x80 != 0 { cube ^= 0xFF; sign = -1 }
                    let origin = SIMD3<Double>(Double(iz), Double(iy), Double(ix))
                    for o in owned where cube & (1 << o.corner) != 0 {
                        vertices.append((origin + mid[o.edge]) * spacing)
                    }
                    guard cube != 0 else { continue }
                    let tri = MarchingCubesTables.triangles[cube]
                    var t = 0
                    while t + 2 < tri.count {
                        let a = (origin + mid[Int(tri[t])]) * spacing
                        let b = (origin + mid[Int(tri[t + 1])]) * spacing
                        let c = (origin + mid[Int(tri[t + 2])]) * spacing
                        volume += sign * dot(cross(a, b), c)
                        surface += 0.5 * length(cross(a - c, b - c))
                        t += 3
                    }
                }
            }
        }
        volume /= 6

        var d = [0.0, 0.0, 0.0, 0.0]
        for p in stride(from: vertices.count - 1, through: 0, by: -1) {
            let a = vertices[p]
            for q in 0..<p {
                let b = vertices[q]
                let e = a - b
                let dist = e.x * e.x + e.y * e.y + e.z * e.z
                if a.x == b.x, dist > d[0] { d[0] = dist }
                if a.y == b.y, dist > d[1] { d[1] = dist }
                if a.z == b.z, dist > d[2] { d[2] = dist }
                if dist > d[3] { d[3] = dist }
            }
        }
        return (surface, volume, d.map { $0.squareRoot() })
    }

    private static func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - b.y * a.z, a.z * b.x - b.z * a.x, a.x * b.y - b.x * a.y)
    }
    private static func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { a.x * b.x + a.y * b.y + a.z * b.z }
    private static func length(_ a: SIMD3<Double>) -> Double { (a.x * a.x + a.y * a.y + a.z * a.z).squareRoot() }
}
