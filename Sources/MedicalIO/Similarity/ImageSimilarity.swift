import Foundation

/// Intensity agreement between a synthetic (or test) image and its reference: the pixelwise
/// errors MAE and PSNR here; SSIM (`StructuralSimilarity.swift`) and normalised mutual
/// information (`MutualInformation.swift`) extend the same namespace.
///
/// Every function takes the image under test first and the reference second; where a value
/// depends on the order (the data range of PSNR and SSIM) it is read from the reference. Masks
/// select the values compared (`true`, or non-zero labels); `nil` compares everything. Sums run
/// in `Double`.
public enum ImageSimilarity {
    /// The span of intensities that PSNR's peak and SSIM's stabilising constants refer to.
    public enum DataRange: Sendable, Equatable {
        /// A stated span, e.g. 2 for images in [−1, 1] (a tanh generator's output), 255 for bytes.
        case fixed(Double)
        /// max − min of the reference inside the mask (per volume, also when SSIM runs per slice).
        case ofReference
    }

    /// Mean absolute difference |image − reference| over the mask.
    public static func meanAbsoluteError(_ image: [Float], _ reference: [Float], mask: [Bool]? = nil) throws(SimilarityError)
        -> Double {
        try checkShapes(image.count, reference.count, mask?.count)
        var sum = 0.0, n = 0
        for i in image.indices where mask?[i] ?? true {
            sum += abs(Double(image[i]) - Double(reference[i])); n += 1
        }
        guard n > 0 else { throw .emptyRegion("the mask selects no voxel") }
        return sum / Double(n)
    }

    /// Mean squared difference over the mask.
    public static func meanSquaredError(_ image: [Float], _ reference: [Float], mask: [Bool]? = nil) throws(SimilarityError)
        -> Double {
        try checkShapes(image.count, reference.count, mask?.count)
        var sum = 0.0, n = 0
        for i in image.indices where mask?[i] ?? true {
            let d = Double(image[i]) - Double(reference[i])
            sum += d * d; n += 1
        }
        guard n > 0 else { throw .emptyRegion("the mask selects no voxel") }
        return sum / Double(n)
    }

    /// Peak signal-to-noise ratio in dB, 10 · log10(R² / MSE) with R the data range
    /// (scikit-image's `peak_signal_noise_ratio` with `data_range=R`). Identical images give +∞.
    public static func peakSignalToNoiseRatio(_ image: [Float], _ reference: [Float], dataRange: DataRange,
                                              mask: [Bool]? = nil) throws(SimilarityError) -> Double {
        let mse = try meanSquaredError(image, reference, mask: mask)
        let r = try resolve(dataRange, reference: reference, mask: mask)
        return 10 * log10(r * r / mse)
    }

    // MARK: volumes

    /// MAE between two volumes on the same grid, over a mask on that grid.
    public static func meanAbsoluteError(_ image: ImageVolume, _ reference: ImageVolume,
                                         mask: LabelVolume? = nil) throws(SimilarityError) -> Double {
        try meanAbsoluteError(image.voxels, reference.voxels, mask: try selection(image, reference, mask))
    }

    /// PSNR between two volumes on the same grid, over a mask on that grid.
    public static func peakSignalToNoiseRatio(_ image: ImageVolume, _ reference: ImageVolume, dataRange: DataRange,
                                              mask: LabelVolume? = nil) throws(SimilarityError) -> Double {
        try peakSignalToNoiseRatio(image.voxels, reference.voxels, dataRange: dataRange,
                                   mask: try selection(image, reference, mask))
    }

    // MARK: shared checks

    static func checkShapes(_ a: Int, _ b: Int, _ mask: Int?) throws(SimilarityError) {
        guard a == b else { throw .shapeMismatch("the image has \(a) values, the reference \(b)") }
        if let mask, mask != a { throw .shapeMismatch("the mask has \(mask) values, the images \(a)") }
    }

    /// The mask as booleans, after checking that both volumes and the mask share one grid.
    static func selection(_ image: ImageVolume, _ reference: ImageVolume, _ mask: LabelVolume?) throws(SimilarityError)
        -> [Bool]? {
        guard image.geometry.isAligned(with: reference.geometry) else {
            throw .shapeMismatch("image grid \(image.size) at \(image.spacing) differs from reference grid "
                                 + "\(reference.size) at \(reference.spacing)")
        }
        guard let mask else { return nil }
        guard mask.geometry.isAligned(with: reference.geometry) else {
            throw .shapeMismatch("mask grid \(mask.size) differs from image grid \(reference.size)")
        }
        return mask.voxels.map { $0 != 0 }
    }

    static func resolve(_ range: DataRange, reference: [Float], mask: [Bool]?) throws(SimilarityError) -> Double {
        switch range {
        case .fixed(let r):
            guard r > 0, r.isFinite else { throw .invalidParameter("data range \(r) must be positive and finite") }
            return r
        case .ofReference:
            var lo = Float.infinity, hi = -Float.infinity
            for i in reference.indices where mask?[i] ?? true { lo = min(lo, reference[i]); hi = max(hi, reference[i]) }
            guard hi > lo else {
                throw .invalidParameter("the reference is constant inside the mask, so it has no data range; state one")
            }
            return Double(hi) - Double(lo)
        }
    }
}
