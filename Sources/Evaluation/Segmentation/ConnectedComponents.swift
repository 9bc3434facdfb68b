import MedicalIO

/// The connected components of a binary mask under **26-connectivity** (voxels touching by a
/// face, an edge or a corner belong together), the convention of lesion-wise BraTS-METS scoring
/// (`cc3d` with connectivity 26): a metastasis whose voxels touch only diagonally is one lesion.
public struct ConnectedComponents: Sendable {
    public let size: GridSize
    /// Per voxel: 0 for background, else the component number 1…count.
    public let labels: [Int32]
    /// Linear voxel indices of each component (component c at `members[c - 1]`), in
    /// increasing order of their first voxel.
    public let members: [[Int]]

    public var count: Int { members.count }

    /// Components of the non-zero voxels of `mask`.
    public init(_ mask: LabelVolume) {
        // A Volume's voxel count always matches its grid.
        try! self.init(foreground: mask.voxels.map { $0 != 0 }, size: mask.size)
    }

    /// Components of the `true` voxels of a grid of `size` (i fastest, then j, then k).
    public init(foreground: [Bool], size: GridSize) throws(EvaluationError) {
        guard foreground.count == size.count else {
            throw .invalidInput("a mask of \(foreground.count) voxels cannot lie on a \(size) grid")
        }
        let (nx, ny, nz) = (size.x, size.y, size.z)
        var labels = [Int32](repeating: 0, count: foreground.count)
        var members: [[Int]] = []
        var stack: [Int] = []
        for seed in foreground.indices where foreground[seed] && labels[seed] == 0 {
            let id = Int32(members.count + 1)
            var component: [Int] = []
            labels[seed] = id
            stack.append(seed)
            while let p = stack.popLast() {
                component.append(p)
                let i = p % nx, j = (p / nx) % ny, k = p / (nx * ny)
                for dk in -1...1 where k + dk >= 0 && k + dk < nz {
                    for dj in -1...1 where j + dj >= 0 && j + dj < ny {
                        for di in -1...1 where i + di >= 0 && i + di < nx {
                            let q = (i + di) + nx * ((j + dj) + ny * (k + dk))
                            if foreground[q] && labels[q] == 0 { labels[q] = id; stack.append(q) }
                        }
                    }
                }
            }
            members.append(component.sorted())
        }
        self.size = size
        self.labels = labels
        self.members = members
    }
}
