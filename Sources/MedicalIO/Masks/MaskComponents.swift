/// One connected component of a mask (26-connectivity): a lesion, to radiomics and to the
/// lesion-level classifier. Named apart from the synthetic cohort's `Lesion` (its generative model).
public struct MaskComponent: Sendable, Hashable {
    /// 1-based, in the order the components are first met scanning x fastest, then y, then z.
    public var id: Int
    /// Linear indices (x fastest) of its voxels.
    public var voxels: [Int]
    public var voxelCount: Int { voxels.count }
}

/// Splits a binary mask into 26-connected lesions.
public enum MaskComponents {
    /// Components of `inside`, a flag per voxel of a grid of `size`, with at least
    /// `minimumVoxels` voxels (smaller ones are dropped; ids stay consecutive).
    public static func find(_ inside: [Bool], size: GridSize, minimumVoxels: Int = 1) -> [MaskComponent] {
        let nx = size.x, ny = size.y, nz = size.z
        var seen = [Bool](repeating: false, count: inside.count)
        var lesions: [MaskComponent] = []
        var stack: [Int] = []
        for start in inside.indices where inside[start] && !seen[start] {
            seen[start] = true
            stack.append(start)
            var voxels: [Int] = []
            while let i = stack.popLast() {
                voxels.append(i)
                let x = i % nx, y = (i / nx) % ny, z = i / (nx * ny)
                for dz in -1...1 {
                    let zz = z + dz
                    guard zz >= 0, zz < nz else { continue }
                    for dy in -1...1 {
                        let yy = y + dy
                        guard yy >= 0, yy < ny else { continue }
                        for dx in -1...1 {
                            let xx = x + dx
                            guard xx >= 0, xx < nx else { continue }
                            let j = xx + nx * (yy + ny * zz)
                            if inside[j], !seen[j] { seen[j] = true; stack.append(j) }
                        }
                    }
                }
            }
            if voxels.count >= minimumVoxels {
                voxels.sort()
                lesions.append(MaskComponent(id: lesions.count + 1, voxels: voxels))
            }
        }
        return lesions
    }
}
