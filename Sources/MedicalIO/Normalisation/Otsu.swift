/// Otsu's threshold and the head (foreground) mask built on it.
public enum Otsu {
    /// The threshold maximising the between-class variance of a `bins`-bin histogram spanning
    /// [min, max], returned as that bin's centre (scikit-image's `threshold_otsu`; voxels
    /// strictly above it are foreground). NaNs are ignored; a constant input returns its value.
    public static func threshold(_ values: [Float], bins: Int = 256) -> Float {
        var lo = Float.infinity, hi = -Float.infinity
        for v in values where !v.isNaN { lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
        guard lo < hi, bins >= 2 else { return lo.isFinite ? lo : .nan }
        var hist = [Double](repeating: 0, count: bins)
        let scale = Double(bins) / (Double(hi) - Double(lo))
        for v in values where !v.isNaN {
            hist[Swift.min(bins - 1, Int((Double(v) - Double(lo)) * scale))] += 1
        }
        let width = (Double(hi) - Double(lo)) / Double(bins)
        let centre = (0..<bins).map { Double(lo) + (Double($0) + 0.5) * width }
        // Class 1 = bins 0...t, class 2 = bins t+1..<bins.
        var w1 = [Double](repeating: 0, count: bins), m1 = [Double](repeating: 0, count: bins)
        var w2 = [Double](repeating: 0, count: bins), m2 = [Double](repeating: 0, count: bins)
        var cw = 0.0, cs = 0.0
        for b in 0..<bins {
            cw += hist[b]; cs += hist[b] * centre[b]
            w1[b] = cw; m1[b] = cw > 0 ? cs / cw : 0
        }
        cw = 0; cs = 0
        for b in stride(from: bins - 1, through: 0, by: -1) {
            cw += hist[b]; cs += hist[b] * centre[b]
            w2[b] = cw; m2[b] = cw > 0 ? cs / cw : 0
        }
        var best = 0, bestVariance = -1.0
        for t in 0..<(bins - 1) {
            let d = m1[t] - m2[t + 1]
            let variance = w1[t] * w2[t + 1] * d * d
            if variance > bestVariance { bestVariance = variance; best = t }
        }
        return Float(centre[best])
    }

    /// The head: voxels above the Otsu threshold, reduced to the largest 6-connected component,
    /// with enclosed holes (ventricles, sinuses, dark lesions) filled.
    public static func foregroundMask(_ image: ImageVolume, bins: Int = 256) -> LabelVolume {
        let t = threshold(image.voxels, bins: bins)
        return image.mask { $0 > t }.largestComponent().filledHoles()
    }
}
