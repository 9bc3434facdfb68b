import Foundation

/// pyradiomics' neighbouring gray tone difference matrix class: for each gray level, the sum of
/// |level − mean level of the voxel's neighbours inside the region| (0 for a voxel without any).
enum NGTDMFeatures {
    static func compute(_ d: DiscretisedRegion) -> [(String, Double)] {
        let r = d.region
        let levels = d.grayLevels
        var slot = [Int](repeating: -1, count: d.maxLevel + 1)
        for (k, g) in levels.enumerated() { slot[g] = k }
        var n = [Double](repeating: 0, count: levels.count), s = [Double](repeating: 0, count: levels.count)
        for z in 0..<r.nz {
            for y in 0..<r.ny {
                for x in 0..<r.nx {
                    let i = r.index(x, y, z)
                    guard r.mask[i] else { continue }
                    var count = 0.0, sum = 0.0
                    for (dz, dy, dx) in Region.neighbours {
                        let xx = x + dx, yy = y + dy, zz = z + dz
                        guard xx >= 0, xx < r.nx, yy >= 0, yy < r.ny, zz >= 0, zz < r.nz else { continue }
                        let j = r.index(xx, yy, zz)
                        if r.mask[j] { count += 1; sum += Double(d.levels[j]) }
                    }
                    let g = Double(d.levels[i])
                    let diff = count == 0 ? 0 : abs(g - sum / count)
                    let k = slot[Int(d.levels[i])]
                    n[k] += 1
                    s[k] += diff
                }
            }
        }
        let nvp = n.reduce(0, +)
        let p = n.map { $0 / nvp }
        let g = levels.map(Double.init)
        let ngp = Double(levels.count)
        let sumS = s.reduce(0, +)
        var pisi = 0.0
        for k in p.indices { pisi += p[k] * s[k] }
        let coarseness = pisi != 0 ? 1 / pisi : 1_000_000

        var contrastSum = 0.0, absdiff = 0.0, complexity = 0.0, strength = 0.0
        for a in p.indices {
            for b in p.indices {
                let dg = g[a] - g[b]
                contrastSum += p[a] * p[b] * dg * dg
                absdiff += abs(g[a] * p[a] - g[b] * p[b])
                complexity += abs(dg) * (p[a] * s[a] + p[b] * s[b]) / (p[a] + p[b])
                strength += (p[a] + p[b]) * dg * dg
            }
        }
        let div = ngp * (ngp - 1)
        let contrast = div != 0 ? contrastSum * sumS / nvp / div : 0
        let busyness = absdiff != 0 ? pisi / absdiff : 0
        return [
            ("Busyness", busyness), ("Coarseness", coarseness), ("Complexity", complexity / nvp),
            ("Contrast", contrast), ("Strength", sumS != 0 ? strength / sumS : 0),
        ]
    }
}
