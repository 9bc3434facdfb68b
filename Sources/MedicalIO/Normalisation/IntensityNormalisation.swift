import Statistics
/// The one intensity normalisation of MR images, whose raw values have no absolute scale: clip
/// the head's extreme tails and z-score it, the head being the voxels above Otsu's threshold.
public enum IntensityNormalisation {
    /// Percentile clipping (the head's values at ranks ⌊0.005·(n−1)⌋ and ⌊0.995·(n−1)⌋ of its
    /// sorted values) and z-score within the head (population standard deviation of the clipped
    /// values, at least 1e-6). The background is set to the clipped minimum's score rather than
    /// zero, so zero-padding outside the field of view stays distinguishable from tissue. When
    /// fewer than 16 voxels exceed the threshold every voxel counts as head.
    public static func normalise(_ v: inout [Float]) {
        guard !v.isEmpty else { return }
        let threshold = Otsu.threshold(v)
        var head = v.filter { $0 > threshold }
        if head.count < 16 { head = v }
        // The same ranks a sorted copy would be indexed at, found by quickselect.
        let bounds = Percentile.orderStatistics(head, ranks: [Int(Double(head.count - 1) * 0.005), Int(Double(head.count - 1) * 0.995)])
        let lo = bounds[0], hi = bounds[1]
        var sum = 0.0, sumSq = 0.0
        for x in head { let c = Double(min(max(x, lo), hi)); sum += c; sumSq += c * c }
        let n = Double(head.count)
        let mean = sum / n
        let sd = max((sumSq / n - mean * mean).squareRoot(), 1e-6)
        for i in v.indices {
            let c = Double(min(max(v[i], lo), hi))
            v[i] = v[i] > threshold ? Float((c - mean) / sd) : Float((Double(lo) - mean) / sd)
        }
    }
}

extension Volume where Scalar == Float {
    /// The image with `IntensityNormalisation.normalise` applied, on the same grid.
    public func normalisedIntensities() -> ImageVolume {
        var out = self
        IntensityNormalisation.normalise(&out.voxels)
        return out
    }
}
