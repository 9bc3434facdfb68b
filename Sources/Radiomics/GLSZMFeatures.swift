import Foundation

/// pyradiomics' gray level size zone matrix class: zones are 26-connected groups of voxels of
/// equal gray level; the matrix counts zones by gray level and size.
enum GLSZMFeatures {
    static func compute(_ d: DiscretisedRegion) -> [(String, Double)] {
        let r = d.region
        // (gray level, size) of every zone.
        var zones: [(level: Int, size: Int)] = []
        var visited = [Bool](repeating: false, count: r.count)
        var stack: [Int] = []
        for start in 0..<r.count where r.mask[start] && !visited[start] {
            let level = d.levels[start]
            visited[start] = true
            stack.append(start)
            var size = 0
            while let i = stack.popLast() {
                size += 1
                let x = i % r.nx, y = (i / r.nx) % r.ny, z = i / (r.nx * r.ny)
                for (dz, dy, dx) in Region.neighbours {
                    let xx = x + dx, yy = y + dy, zz = z + dz
                    guard xx >= 0, xx < r.nx, yy >= 0, yy < r.ny, zz >= 0, zz < r.nz else { continue }
                    let j = r.index(xx, yy, zz)
                    if r.mask[j], !visited[j], d.levels[j] == level {
                        visited[j] = true
                        stack.append(j)
                    }
                }
            }
            zones.append((Int(level), size))
        }

        var matrix = LevelSizeMatrix()
        for z in zones { matrix.add(level: z.level, size: z.size) }
        let st = matrix.statistics
        let nz = Double(zones.count)
        let np = Double(zones.reduce(0) { $0 + $1.size })
        return [
            ("GrayLevelNonUniformity", st.grayLevelNonUniformity),
            ("GrayLevelNonUniformityNormalized", st.grayLevelNonUniformityNormalized),
            ("GrayLevelVariance", st.grayLevelVariance), ("HighGrayLevelZoneEmphasis", st.highGrayLevelEmphasis),
            ("LargeAreaEmphasis", st.largeEmphasis), ("LargeAreaHighGrayLevelEmphasis", st.largeHighEmphasis),
            ("LargeAreaLowGrayLevelEmphasis", st.largeLowEmphasis), ("LowGrayLevelZoneEmphasis", st.lowGrayLevelEmphasis),
            ("SizeZoneNonUniformity", st.sizeNonUniformity),
            ("SizeZoneNonUniformityNormalized", st.sizeNonUniformityNormalized),
            ("SmallAreaEmphasis", st.smallEmphasis), ("SmallAreaHighGrayLevelEmphasis", st.smallHighEmphasis),
            ("SmallAreaLowGrayLevelEmphasis", st.smallLowEmphasis), ("ZoneEntropy", st.entropy),
            ("ZonePercentage", nz / np), ("ZoneVariance", st.sizeVariance),
        ]
    }
}
