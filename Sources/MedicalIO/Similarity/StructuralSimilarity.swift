import Foundation

/// The structural similarity index (Wang, Bovik, Sheikh & Simoncelli 2004) exactly as
/// scikit-image's `structural_similarity(..., gaussian_weights=True, sigma=1.5,
/// use_sample_covariance=False, data_range=R)` computes it on a 2D image: local means, variances
/// and covariance from a Gaussian window (σ = 1.5, truncated at 3.5 σ, so 11 × 11) applied with
/// SciPy's `reflect` boundary, K1 = 0.01, K2 = 0.03, and the SSIM map averaged over the pixels at
/// least 5 from the border (where the window lies wholly inside the image).
///
/// Volumes are compared **per axial (k) slice in 2D** and the maps pooled over every counted
/// pixel of every slice — the networks work slice-wise, and FLAIR's 4 mm slices make a 3D
/// window lopsided. With a mask, the average runs over the counted pixels inside the mask.
extension ImageSimilarity {
    /// Gaussian window standard deviation in pixels.
    public static let ssimSigma = 1.5
    /// Stabilising constants: C1 = (K1 · R)², C2 = (K2 · R)².
    public static let ssimK1 = 0.01, ssimK2 = 0.03
    /// Window radius: `Int(3.5 · σ + 0.5)` as SciPy truncates it; the window is 2r + 1 wide.
    static var ssimRadius: Int { Int(3.5 * ssimSigma + 0.5) }

    /// SSIM of one 2D slice (row-major, `width` values per row) against its reference.
    public static func structuralSimilarity(_ image: [Float], _ reference: [Float], width: Int, height: Int,
                                            dataRange: DataRange, mask: [Bool]? = nil) throws(SimilarityError) -> Double {
        try checkShapes(image.count, reference.count, mask?.count)
        guard width > 0, height > 0, width * height == image.count else {
            throw .shapeMismatch("\(image.count) values do not form a \(width)×\(height) slice")
        }
        let r = try resolve(dataRange, reference: reference, mask: mask)
        var sum = 0.0, n = 0
        try accumulate(image[...], reference[...], width: width, height: height, range: r, mask: mask?[...],
                       sum: &sum, count: &n)
        guard n > 0 else { throw .emptyRegion("no pixel of the mask lies 5 or more pixels inside the slice border") }
        return sum / Double(n)
    }

    /// SSIM of two volumes on the same grid, slice by slice along k, pooled over all counted
    /// pixels (the mean of the per-slice means when there is no mask).
    public static func structuralSimilarity(_ image: ImageVolume, _ reference: ImageVolume, dataRange: DataRange,
                                            mask: LabelVolume? = nil) throws(SimilarityError) -> Double {
        let selected = try selection(image, reference, mask)
        let r = try resolve(dataRange, reference: reference.voxels, mask: selected)
        let (w, h) = (image.size.x, image.size.y), plane = w * h
        var sum = 0.0, n = 0
        for k in 0..<image.size.z {
            let span = (k * plane)..<((k + 1) * plane)
            try accumulate(image.voxels[span], reference.voxels[span], width: w, height: h, range: r,
                           mask: selected?[span], sum: &sum, count: &n)
        }
        guard n > 0 else { throw .emptyRegion("no voxel of the mask lies 5 or more pixels inside the slice border") }
        return sum / Double(n)
    }

    /// Adds the SSIM map's values over the interior (∩ mask) of one slice to `sum` and `count`.
    private static func accumulate(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>, width: Int, height: Int,
                                   range: Double, mask: ArraySlice<Bool>?, sum: inout Double,
                                   count: inout Int) throws(SimilarityError) {
        let radius = ssimRadius
        guard width > 2 * radius, height > 2 * radius else {
            throw .sliceTooSmall(width: width, height: height, window: 2 * radius + 1)
        }
        let x = a.map { Double($0) }, y = b.map { Double($0) }
        let kernel = gaussianKernel(radius: radius)
        let ux = smooth(x, width, height, kernel), uy = smooth(y, width, height, kernel)
        let uxx = smooth(zip(x, x).map { $0 * $1 }, width, height, kernel)
        let uyy = smooth(zip(y, y).map { $0 * $1 }, width, height, kernel)
        let uxy = smooth(zip(x, y).map { $0 * $1 }, width, height, kernel)
        let c1 = (ssimK1 * range) * (ssimK1 * range), c2 = (ssimK2 * range) * (ssimK2 * range)
        let maskStart = mask?.startIndex ?? 0
        for row in radius..<(height - radius) {
            for col in radius..<(width - radius) {
                let p = col + width * row
                if let mask, !mask[maskStart + p] { continue }
                let mx: Double = ux[p], my: Double = uy[p]
                let vx: Double = uxx[p] - mx * mx, vy: Double = uyy[p] - my * my, vxy: Double = uxy[p] - mx * my
                let numerator: Double = (2 * mx * my + c1) * (2 * vxy + c2)
                let denominator: Double = (mx * mx + my * my + c1) * (vx + vy + c2)
                sum += numerator / denominator
                count += 1
            }
        }
    }

    /// The normalised Gaussian weights at offsets −radius…radius.
    static func gaussianKernel(radius: Int) -> [Double] {
        let w = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (ssimSigma * ssimSigma)) }
        let total = w.reduce(0, +)
        return w.map { $0 / total }
    }

    /// Separable Gaussian smoothing with SciPy's `reflect` boundary (d c b a | a b c d | d c b a).
    /// The radius is below the slice size, so one reflection always suffices.
    static func smooth(_ v: [Double], _ width: Int, _ height: Int, _ kernel: [Double]) -> [Double] {
        let radius = kernel.count / 2
        func reflect(_ i: Int, _ n: Int) -> Int { i < 0 ? -i - 1 : (i >= n ? 2 * n - i - 1 : i) }
        var rows = [Double](repeating: 0, count: v.count)
        for row in 0..<height {
            let base = row * width
            for col in 0..<width {
                var s = 0.0
                for t in -radius...radius { s += kernel[t + radius] * v[base + reflect(col + t, width)] }
                rows[base + col] = s
            }
        }
        var out = [Double](repeating: 0, count: v.count)
        for row in 0..<height {
            for col in 0..<width {
                var s = 0.0
                for t in -radius...radius { s += kernel[t + radius] * rows[col + width * reflect(row + t, height)] }
                out[col + width * row] = s
            }
        }
        return out
    }
}
