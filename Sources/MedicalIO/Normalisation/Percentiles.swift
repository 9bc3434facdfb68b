/// Order statistics without sorting: a three-way quickselect finds each rank in linear time
/// and copes with the long runs of equal values (background zeros) MR volumes have.
public enum Percentiles {
    /// The `p`-th percentiles (0…100) of `values` with NumPy's default linear interpolation
    /// between closest ranks. Empty input gives NaN; NaN values are ignored.
    public static func of(_ values: [Float], _ ps: [Double]) -> [Float] {
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

extension Volume where Scalar == Float {
    /// The values inside `mask` (all voxels when `nil`).
    func values(within mask: LabelVolume?) throws(VolumeError) -> [Float] {
        guard let mask else { return voxels }
        guard mask.geometry.isAligned(with: geometry) else {
            throw .geometryMismatch("mask grid \(mask.size) does not match image grid \(size)")
        }
        var out: [Float] = []
        out.reserveCapacity(voxels.count / 2)
        for i in voxels.indices where mask.voxels[i] != 0 { out.append(voxels[i]) }
        return out
    }

    /// Percentiles (0…100, NumPy's linear interpolation) of the voxels inside `mask`.
    public func percentiles(_ ps: [Double], within mask: LabelVolume? = nil) throws(VolumeError) -> [Float] {
        Percentiles.of(try values(within: mask), ps)
    }
}
