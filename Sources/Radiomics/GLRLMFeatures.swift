import Foundation

/// pyradiomics' gray level run length matrix class: runs of equal gray level along each of the
/// 13 directions, features per direction averaged over directions that hold a run longer than
/// one voxel somewhere (pyradiomics drops directions in which the region is flat).
enum GLRLMFeatures {
    static let names = [
        "GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "GrayLevelVariance",
        "HighGrayLevelRunEmphasis", "LongRunEmphasis", "LongRunHighGrayLevelEmphasis", "LongRunLowGrayLevelEmphasis",
        "LowGrayLevelRunEmphasis", "RunEntropy", "RunLengthNonUniformity", "RunLengthNonUniformityNormalized",
        "RunPercentage", "RunVariance", "ShortRunEmphasis", "ShortRunHighGrayLevelEmphasis",
        "ShortRunLowGrayLevelEmphasis",
    ]

    static func compute(_ d: DiscretisedRegion) -> [(String, Double)] {
        let r = d.region
        let levels = d.grayLevels
        var slot = [Int](repeating: -1, count: d.maxLevel + 1)
        for (k, g) in levels.enumerated() { slot[g] = k }
        let maxRun = max(r.nx, r.ny, r.nz)

        var sums = [Double](repeating: 0, count: names.count)
        var counts = [Int](repeating: 0, count: names.count)
        for (dz, dy, dx) in Region.angles {
            // runs[level slot][run length − 1]
            var runs = [Double](repeating: 0, count: levels.count * maxRun)
            var multiElement = false
            for z in 0..<r.nz {
                for y in 0..<r.ny {
                    for x in 0..<r.nx {
                        // A line starts where its predecessor lies outside the box.
                        let px = x - dx, py = y - dy, pz = z - dz
                        guard px < 0 || px >= r.nx || py < 0 || py >= r.ny || pz < 0 || pz >= r.nz else { continue }
                        var cx = x, cy = y, cz = z
                        var current = -1, length = 0, elements = 0
                        while cx >= 0, cx < r.nx, cy >= 0, cy < r.ny, cz >= 0, cz < r.nz {
                            let i = r.index(cx, cy, cz)
                            if r.mask[i] {
                                elements += 1
                                let g = slot[Int(d.levels[i])]
                                if g == current {
                                    length += 1
                                } else {
                                    if current >= 0 { runs[current * maxRun + length - 1] += 1 }
                                    current = g; length = 1
                                }
                            } else if current >= 0 {
                                runs[current * maxRun + length - 1] += 1
                                current = -1; length = 0
                            }
                            cx += dx; cy += dy; cz += dz
                        }
                        if current >= 0 { runs[current * maxRun + length - 1] += 1 }
                        if elements > 1 { multiElement = true }
                    }
                }
            }
            guard multiElement else { continue }
            let values = features(runs, levels: levels, maxRun: maxRun)
            for (k, v) in values.enumerated() where !v.isNaN {
                sums[k] += v
                counts[k] += 1
            }
        }
        return names.indices.map { k in (names[k], counts[k] > 0 ? sums[k] / Double(counts[k]) : .nan) }
    }

    static func features(_ p: [Double], levels: [Int], maxRun: Int) -> [Double] {
        let ng = levels.count
        let eps = Double.ulpOfOne
        var pg = [Double](repeating: 0, count: ng), pr = [Double](repeating: 0, count: maxRun)
        var nr = 0.0
        for a in 0..<ng { for l in 0..<maxRun { let v = p[a * maxRun + l]; pg[a] += v; pr[l] += v; nr += v } }
        guard nr > 0 else { return [Double](repeating: .nan, count: names.count) }
        var gln = 0.0, hgre = 0.0, lgre = 0.0, lrhg = 0.0, lrlg = 0.0, srhg = 0.0, srlg = 0.0, entropy = 0.0
        for a in 0..<ng {
            let i = Double(levels[a])
            gln += pg[a] * pg[a]
            hgre += pg[a] * i * i
            lgre += pg[a] / (i * i)
            for l in 0..<maxRun {
                let v = p[a * maxRun + l]
                guard v > 0 else { continue }
                let j = Double(l + 1)
                lrhg += v * j * j * i * i
                lrlg += v * j * j / (i * i)
                srhg += v * i * i / (j * j)
                srlg += v / (i * i * j * j)
                let q = v / nr
                entropy -= q * log2(q + eps)
            }
        }
        var lre = 0.0, sre = 0.0, rln = 0.0, np = 0.0
        for l in 0..<maxRun {
            let j = Double(l + 1)
            lre += pr[l] * j * j
            sre += pr[l] / (j * j)
            rln += pr[l] * pr[l]
            np += pr[l] * j
        }
        var ui = 0.0, uj = 0.0
        for a in 0..<ng { ui += pg[a] / nr * Double(levels[a]) }
        for l in 0..<maxRun { uj += pr[l] / nr * Double(l + 1) }
        var glv = 0.0, rv = 0.0
        for a in 0..<ng { let c = Double(levels[a]) - ui; glv += pg[a] / nr * c * c }
        for l in 0..<maxRun { let c = Double(l + 1) - uj; rv += pr[l] / nr * c * c }
        return [
            gln / nr, gln / (nr * nr), glv,
            hgre / nr, lre / nr, lrhg / nr, lrlg / nr,
            lgre / nr, entropy, rln / nr, rln / (nr * nr),
            nr / np, rv, sre / nr, srhg / nr,
            srlg / nr,
        ]
    }
}
