/// Percentiles, in the two definitions that MetOrigin's outputs depend on. They differ on
/// purpose and are not interchangeable: changing one changes recorded results.
///
/// - `linear`: Hyndman & Fan type 7, NumPy's default — the value at rank q·(n − 1), linearly
///   interpolated between the two closest order statistics (intensity clipping, bootstrap
///   intervals, HD95).
/// - `nearestRank`: the smallest value whose cumulative count reaches q·n (no interpolation),
///   on a histogram of small integers (the atlas builder's 8-bit tissue maps).
///
/// `orderStatistics` gives the values at explicit ranks, for callers that choose their own rank
/// rule.
public enum Percentile {
    /// The `q`-quantile (0…1) of values sorted ascending, type 7; `sorted` must not be empty.
    public static func linear(sorted: [Double], _ q: Double) -> Double {
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// The `p`-th percentiles (0…100, clamped) of `values`, type 7, found by quickselect in
    /// linear time per percentile. Empty input gives NaN; NaN values are ignored.
    public static func linear(_ values: [Float], percents ps: [Double]) -> [Float] {
        var v = values.filter { !$0.isNaN }
        guard !v.isEmpty else { return ps.map { _ in .nan } }
        let n = v.count
        return ps.map { p in
            let rank = Swift.min(Swift.max(p, 0), 100) / 100 * Double(n - 1)
            let lo = Int(rank.rounded(.down))
            let hi = Swift.min(lo + 1, n - 1)
            let a = select(&v, lo)
            let b = hi == lo ? a : select(&v, hi)
            return Float(Double(a) + (Double(b) - Double(a)) * (rank - Double(lo)))
        }
    }

    /// The first bin of `histogram` (counts per integer value) at which the cumulative count
    /// reaches `q` (0…1) of the total; `nil` if none does.
    public static func nearestRank(histogram: [Int], _ q: Double) -> Int? {
        let total = histogram.reduce(0, +)
        var seen = 0
        for (value, n) in histogram.enumerated() {
            seen += n
            if Double(seen) >= q * Double(total) { return value }
        }
        return nil
    }

    /// The values of ranks `ks` (0-based, in ascending order of value), as sorting `values` and
    /// indexing would give, in linear time per rank. Ranks are clamped into the array.
    public static func orderStatistics(_ values: [Float], ranks ks: [Int]) -> [Float] {
        guard !values.isEmpty else { return ks.map { _ in .nan } }
        var v = values
        return ks.map { select(&v, Swift.min(Swift.max($0, 0), v.count - 1)) }
    }

    /// The value of rank `k` (0-based) in ascending order; reorders `v`.
    static func select(_ v: inout [Float], _ k: Int) -> Float {
        v.withUnsafeMutableBufferPointer { a in
            var lo = 0, hi = a.count - 1
            // Deterministic pivots: the median of three spread positions, so the result and
            // the work done never depend on a random generator.
            while lo < hi {
                let m = lo + (hi - lo) / 2
                let x = a[lo], y = a[m], z = a[hi]
                let pivot = Swift.max(Swift.min(x, y), Swift.min(Swift.max(x, y), z))
                // Dutch national flag: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot.
                var lt = lo, i = lo, gt = hi
                while i <= gt {
                    if a[i] < pivot {
                        a.swapAt(lt, i); lt += 1; i += 1
                    } else if a[i] > pivot {
                        a.swapAt(i, gt); gt -= 1
                    } else {
                        i += 1
                    }
                }
                if k < lt { hi = lt - 1 } else if k > gt { lo = gt + 1 } else { return pivot }
            }
            return a[k]
        }
    }
}
