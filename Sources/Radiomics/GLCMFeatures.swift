import Foundation

/// pyradiomics' gray level co-occurrence matrix class: one symmetrical GLCM per direction
/// (13 directions at distance 1), features computed per direction and averaged over the
/// directions that hold any pair.
enum GLCMFeatures {
    static let names = [
        "Autocorrelation", "ClusterProminence", "ClusterShade", "ClusterTendency", "Contrast", "Correlation",
        "DifferenceAverage", "DifferenceEntropy", "DifferenceVariance", "Id", "Idm", "Idmn", "Idn", "Imc1", "Imc2",
        "InverseVariance", "JointAverage", "JointEnergy", "JointEntropy", "MCC", "MaximumProbability",
        "SumAverage", "SumEntropy", "SumSquares",
    ]

    static func compute(_ d: DiscretisedRegion) -> [(String, Double)] {
        let r = d.region
        let levels = d.grayLevels
        let n = levels.count
        var slot = [Int](repeating: -1, count: d.maxLevel + 1)
        for (k, g) in levels.enumerated() { slot[g] = k }

        var sums = [Double](repeating: 0, count: names.count)
        var counts = [Int](repeating: 0, count: names.count)
        for (dz, dy, dx) in Region.angles {
            var p = [Double](repeating: 0, count: n * n)
            for z in 0..<r.nz {
                let zz = z + dz
                guard zz >= 0, zz < r.nz else { continue }
                for y in 0..<r.ny {
                    let yy = y + dy
                    guard yy >= 0, yy < r.ny else { continue }
                    for x in 0..<r.nx {
                        let xx = x + dx
                        guard xx >= 0, xx < r.nx else { continue }
                        let i = r.index(x, y, z), j = r.index(xx, yy, zz)
                        guard r.mask[i], r.mask[j] else { continue }
                        let a = slot[Int(d.levels[i])], b = slot[Int(d.levels[j])]
                        p[a * n + b] += 1
                        p[b * n + a] += 1
                    }
                }
            }
            let total = p.reduce(0, +)
            guard total > 0 else { continue }
            for k in p.indices { p[k] /= total }
            let values = features(p, levels: levels, maxLevel: d.maxLevel)
            for (k, v) in values.enumerated() where !v.isNaN {
                sums[k] += v
                counts[k] += 1
            }
        }
        return names.indices.map { k in (names[k], counts[k] > 0 ? sums[k] / Double(counts[k]) : .nan) }
    }

    /// Features of one normalised, symmetrical matrix `p` (n × n over the present levels).
    static func features(_ p: [Double], levels: [Int], maxLevel: Int) -> [Double] {
        let n = levels.count
        let g = levels.map(Double.init)
        let eps = Double.ulpOfOne
        let ng = Double(maxLevel)
        var px = [Double](repeating: 0, count: n), py = [Double](repeating: 0, count: n)
        for a in 0..<n { for b in 0..<n { px[a] += p[a * n + b]; py[b] += p[a * n + b] } }
        var ux = 0.0, uy = 0.0
        for a in 0..<n { for b in 0..<n { ux += g[a] * p[a * n + b]; uy += g[b] * p[a * n + b] } }
        // p_{x+y}(k) for k = 2…2Ng and p_{x−y}(k) for k = 0…Ng−1, indexed by gray-level values.
        var pSum = [Double](repeating: 0, count: 2 * maxLevel + 1)
        var pDiff = [Double](repeating: 0, count: maxLevel)
        var autocorrelation = 0.0, prominence = 0.0, shade = 0.0, tendency = 0.0, contrast = 0.0
        var sigx2 = 0.0, sigy2 = 0.0, corm = 0.0, energy = 0.0, hxy = 0.0, maxProb = 0.0
        for a in 0..<n {
            for b in 0..<n {
                let v = p[a * n + b]
                let i = g[a], j = g[b]
                pSum[levels[a] + levels[b]] += v
                pDiff[abs(levels[a] - levels[b])] += v
                autocorrelation += v * i * j
                let s = i + j - ux - uy
                prominence += v * s * s * s * s
                shade += v * s * s * s
                tendency += v * s * s
                contrast += v * (i - j) * (i - j)
                sigx2 += v * (i - ux) * (i - ux)
                sigy2 += v * (j - uy) * (j - uy)
                corm += v * (i - ux) * (j - uy)
                energy += v * v
                hxy -= v * log2(v + eps)
                maxProb = max(maxProb, v)
            }
        }
        let sig = sigx2.squareRoot() * sigy2.squareRoot()
        let correlation = sig == 0 ? 1 : corm / (sig + eps)

        var diffAverage = 0.0, diffEntropy = 0.0, id = 0.0, idm = 0.0, idmn = 0.0, idn = 0.0, inverseVariance = 0.0
        for k in 0..<maxLevel {
            let v = pDiff[k], kd = Double(k)
            diffAverage += kd * v
            diffEntropy -= v * log2(v + eps)
            id += v / (1 + kd)
            idm += v / (1 + kd * kd)
            idmn += v / (1 + kd * kd / (ng * ng))
            idn += v / (1 + kd / ng)
            if k > 0 { inverseVariance += v / (kd * kd) }
        }
        var diffVariance = 0.0
        for k in 0..<maxLevel { diffVariance += pDiff[k] * (Double(k) - diffAverage) * (Double(k) - diffAverage) }
        var sumAverage = 0.0, sumEntropy = 0.0
        for k in 2..<max(2, pSum.count) {
            sumAverage += Double(k) * pSum[k]
            sumEntropy -= pSum[k] * log2(pSum[k] + eps)
        }

        var hx = 0.0, hy = 0.0, hxy1 = 0.0, hxy2 = 0.0
        for a in 0..<n {
            hx -= px[a] * log2(px[a] + eps)
            hy -= py[a] * log2(py[a] + eps)
            for b in 0..<n {
                let q = px[a] * py[b]
                hxy1 -= p[a * n + b] * log2(q + eps)
                hxy2 -= q * log2(q + eps)
            }
        }
        let div = max(hx, hy)
        let imc1 = div != 0 ? (hxy - hxy1) / div : 0
        let imc2 = hxy2 == hxy ? 0 : (1 - exp(-2 * (hxy2 - hxy))).squareRoot()

        return [
            autocorrelation, prominence, shade, tendency, contrast, correlation,
            diffAverage, diffEntropy, diffVariance, id, idm, idmn, idn, imc1, imc2,
            inverseVariance, ux, energy, hxy, mcc(p, px: px, py: py), maxProb,
            sumAverage, sumEntropy, sigx2,
        ]
    }

    /// Maximal correlation coefficient: the square root of the second-largest eigenvalue of
    /// Q(i, j) = Σ_k p(i, k) p(j, k) / (p_x(i) p_y(k)). Q is similar to a symmetric matrix (scale
    /// rows and columns by √p_x), so a symmetric eigensolver gives its eigenvalues.
    static func mcc(_ p: [Double], px: [Double], py: [Double]) -> Double {
        let n = px.count
        guard n >= 2 else { return 1 }
        let eps = Double.ulpOfOne
        let rows = (0..<n).filter { px[$0] > 0 }
        let m = rows.count
        var s = [Double](repeating: 0, count: m * m)
        for (ra, a) in rows.enumerated() {
            for (rb, b) in rows.enumerated() where rb >= ra {
                var q = 0.0
                for k in 0..<n where py[k] > 0 {
                    q += p[a * n + k] * p[b * n + k] / (px[a] * py[k] + eps)
                }
                let v = q * (px[a] / px[b]).squareRoot()
                s[ra * m + rb] = v
                s[rb * m + ra] = v
            }
        }
        var eigen = SymmetricEigen.eigenvalues(s, size: m)
        eigen += [Double](repeating: 0, count: n - m)
        eigen.sort()
        let second = eigen[eigen.count - 2]
        return second < 0 ? .nan : second.squareRoot()
    }
}
