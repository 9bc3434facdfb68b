/// The four agreement figures of a synthetic image against the real one, in the shape of the
/// modality-transfer `metrics.json` (`{"mae":…, "psnr":…, "ssim":…, "nmi":…}`).
public struct SimilarityScores: Sendable, Codable, Equatable {
    public var mae: Double
    /// dB; +∞ for identical images (which JSON cannot hold: callers averaging over studies
    /// should never meet it with real synthetic images).
    public var psnr: Double
    public var ssim: Double
    public var nmi: Double

    public init(mae: Double, psnr: Double, ssim: Double, nmi: Double) {
        self.mae = mae
        self.psnr = psnr
        self.ssim = ssim
        self.nmi = nmi
    }

    /// All four figures of `synthetic` against `real` on one grid: MAE, PSNR and SSIM with the
    /// given data range, NMI with `bins` bins, all over `mask` (e.g. the head) when given.
    public init(synthetic: ImageVolume, real: ImageVolume, dataRange: ImageSimilarity.DataRange,
                mask: LabelVolume? = nil, bins: Int = ImageSimilarity.defaultMutualInformationBins) throws(SimilarityError) {
        mae = try ImageSimilarity.meanAbsoluteError(synthetic, real, mask: mask)
        psnr = try ImageSimilarity.peakSignalToNoiseRatio(synthetic, real, dataRange: dataRange, mask: mask)
        ssim = try ImageSimilarity.structuralSimilarity(synthetic, real, dataRange: dataRange, mask: mask)
        nmi = try ImageSimilarity.normalisedMutualInformation(synthetic, real, bins: bins, mask: mask)
    }

    /// The mean of each figure over several comparisons (e.g. held-out patients); `nil` when empty.
    public static func mean(_ scores: [SimilarityScores]) -> SimilarityScores? {
        guard !scores.isEmpty else { return nil }
        let n = Double(scores.count)
        var m = SimilarityScores(mae: 0, psnr: 0, ssim: 0, nmi: 0)
        for s in scores { m.mae += s.mae / n; m.psnr += s.psnr / n; m.ssim += s.ssim / n; m.nmi += s.nmi / n }
        return m
    }
}
