import Foundation

/// pyradiomics' gray level dependence matrix class: for each voxel, the number of its 26
/// neighbours inside the region whose gray level differs by at most `gldm_a` (0), plus one.
enum GLDMFeatures {
    static func compute(_ d: DiscretisedRegion) -> [(String, Double)] {
        let r = d.region
        var matrix = LevelSizeMatrix()
        for z in 0..<r.nz {
            for y in 0..<r.ny {
                for x in 0..<r.nx {
                    let i = r.index(x, y, z)
                    guard r.mask[i] else { continue }
                    var dependent = 0
                    for (dz, dy, dx) in Region.neighbours {
                        let xx = x + dx, yy = y + dy, zz = z + dz
                        guard xx >= 0, xx < r.nx, yy >= 0, yy < r.ny, zz >= 0, zz < r.nz else { continue }
                        let j = r.index(xx, yy, zz)
                        if r.mask[j], d.levels[j] == d.levels[i] { dependent += 1 }
                    }
                    matrix.add(level: Int(d.levels[i]), size: dependent + 1)
                }
            }
        }
        let st = matrix.statistics
        return [
            ("DependenceEntropy", st.entropy), ("DependenceNonUniformity", st.sizeNonUniformity),
            ("DependenceNonUniformityNormalized", st.sizeNonUniformityNormalized), ("DependenceVariance", st.sizeVariance),
            ("GrayLevelNonUniformity", st.grayLevelNonUniformity), ("GrayLevelVariance", st.grayLevelVariance),
            ("HighGrayLevelEmphasis", st.highGrayLevelEmphasis), ("LargeDependenceEmphasis", st.largeEmphasis),
            ("LargeDependenceHighGrayLevelEmphasis", st.largeHighEmphasis),
            ("LargeDependenceLowGrayLevelEmphasis", st.largeLowEmphasis), ("LowGrayLevelEmphasis", st.lowGrayLevelEmphasis),
            ("SmallDependenceEmphasis", st.smallEmphasis), ("SmallDependenceHighGrayLevelEmphasis", st.smallHighEmphasis),
            ("SmallDependenceLowGrayLevelEmphasis", st.smallLowEmphasis),
        ]
    }
}
