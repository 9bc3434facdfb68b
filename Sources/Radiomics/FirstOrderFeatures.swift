import Foundation

/// pyradiomics' first-order class: the 18 statistics of the intensities inside the region.
enum FirstOrderFeatures {
    static func compute(_ d: DiscretisedRegion, settings: RadiomicsSettings) -> [(String, Double)] {
        let r = d.region
        let x = r.regionIntensities
        let n = Double(x.count)
        let shift = settings.voxelArrayShift
        let sorted = x.sorted()
        let mean = x.reduce(0, +) / n
        let energy = x.reduce(0) { $0 + ($1 + shift) * ($1 + shift) }
        let voxelVolume = r.spacing.x * r.spacing.y * r.spacing.z

        // Bin probabilities for Entropy and Uniformity.
        var counts: [Int: Int] = [:]
        for i in 0..<r.count where r.mask[i] { counts[Int(d.levels[i]), default: 0] += 1 }
        let eps = Double.ulpOfOne
        var entropy = 0.0, uniformity = 0.0
        for level in d.grayLevels {
            let p = Double(counts[level] ?? 0) / n
            entropy -= p * log2(p + eps)
            uniformity += p * p
        }

        let p10 = percentile(sorted, 10), p90 = percentile(sorted, 90)
        let p25 = percentile(sorted, 25), p75 = percentile(sorted, 75)
        let mad = x.reduce(0) { $0 + abs($1 - mean) } / n
        let robust = x.filter { $0 >= p10 && $0 <= p90 }
        let robustMean = robust.reduce(0, +) / Double(robust.count)
        let rmad = robust.reduce(0) { $0 + abs($1 - robustMean) } / Double(robust.count)
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for v in x {
            let c = v - mean
            m2 += c * c; m3 += c * c * c; m4 += c * c * c * c
        }
        m2 /= n; m3 /= n; m4 /= n
        // pyradiomics returns 0 skewness and kurtosis for a flat region.
        let skewness = m2 == 0 ? 0 : m3 / pow(m2, 1.5)
        let kurtosis = m2 == 0 ? 0 : m4 / (m2 * m2)

        return [
            ("10Percentile", p10),
            ("90Percentile", p90),
            ("Energy", energy),
            ("Entropy", entropy),
            ("InterquartileRange", p75 - p25),
            ("Kurtosis", kurtosis),
            ("Maximum", sorted.last ?? .nan),
            ("MeanAbsoluteDeviation", mad),
            ("Mean", mean),
            ("Median", percentile(sorted, 50)),
            ("Minimum", sorted.first ?? .nan),
            ("Range", (sorted.last ?? .nan) - (sorted.first ?? .nan)),
            ("RobustMeanAbsoluteDeviation", rmad),
            ("RootMeanSquared", (energy / n).squareRoot()),
            ("Skewness", skewness),
            ("TotalEnergy", energy * voxelVolume),
            ("Uniformity", uniformity),
            ("Variance", m2),
        ]
    }

    /// numpy's default ("linear") percentile of sorted values.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let pos = q / 100 * Double(sorted.count - 1)
        let lo = Int(pos.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        let t = pos - Double(lo)
        // numpy's lerp: a + (b - a) * t, switching to b - (b - a) * (1 - t) for t >= 0.5.
        let a = sorted[lo], b = sorted[hi], diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }
}
