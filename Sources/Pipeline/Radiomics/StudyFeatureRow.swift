import Foundation
import Radiomics

/// One study's feature row, aggregated from the lesions of its images: a T1 CE block and a FLAIR
/// block, each with
/// - `missing` (1 when the study has no acquired image of the modality, or no mask for it),
/// - `lesion_count`, `log_total_volume`, `log_largest_volume` (log(1 + mm³)),
/// - the largest lesion's 107 features (`largest_…`), their volume-weighted means over the
///   lesions (`vwmean_…`) and their maxima (`max_…`).
///
/// Radiomics features span many orders of magnitude (Energy reaches 10¹⁰), so every feature value
/// enters as sign(x)·log(1 + |x|) — monotone, and it keeps a few lesions from dominating a
/// standardised column. A value that is undefined (the modality is missing; no lesion has
/// features) is NaN, left to the classifier's in-fold mean imputation.
public enum StudyFeatureRow {
    /// The blocks, in column order.
    public static let modalities = ["t1ce", "flair"]
    static let aggregates = ["largest", "vwmean", "max"]

    /// Column names for radiomics features named `featureNames` (`original_` is dropped).
    public static func columns(featureNames: [String] = RadiomicsExtractor.featureNames) -> [String] {
        let short = featureNames.map { $0.hasPrefix("original_") ? String($0.dropFirst("original_".count)) : $0 }
        return modalities.flatMap { m in
            ["missing", "lesion_count", "log_total_volume", "log_largest_volume"].map { "\(m)_\($0)" }
                + aggregates.flatMap { a in short.map { "\(m)_\(a)_\($0)" } }
        }
    }

    /// The row of one study from its images' lesions (by modality); `featureCount` features each.
    public static func row(_ images: [String: ImageLesions],
                           featureCount: Int = RadiomicsExtractor.featureNames.count) -> [Double] {
        modalities.flatMap { block(images[$0], featureCount: featureCount) }
    }

    static func block(_ image: ImageLesions?, featureCount n: Int) -> [Double] {
        let undefined = [Double](repeating: .nan, count: aggregates.count * n)
        guard let lesions = image?.lesions else { return [1, .nan, .nan, .nan] + undefined }
        let total = lesions.reduce(0) { $0 + $1.volumeMM3 }
        let largestVolume = lesions.map(\.volumeMM3).max() ?? 0
        let head = [0, Double(lesions.count), log1p(total), log1p(largestVolume)]
        // Lesions pyradiomics describes; the largest of them, the earliest found on a tie.
        let described = lesions.compactMap { l in l.features.map { (volume: l.volumeMM3, values: $0.map(signedLog)) } }
        guard let largest = described.max(by: { $0.volume < $1.volume }), largest.values.count == n else {
            return head + undefined
        }
        let weight = described.reduce(0) { $0 + $1.volume }
        var mean = [Double](repeating: 0, count: n)
        var maximum = [Double](repeating: -.infinity, count: n)
        for lesion in described {
            for j in 0..<n {
                mean[j] += lesion.values[j] * lesion.volume / weight
                maximum[j] = max(maximum[j], lesion.values[j])
            }
        }
        return head + largest.values + mean + maximum
    }

    /// sign(x)·log(1 + |x|); a non-finite value becomes NaN (imputed like a missing one).
    static func signedLog(_ x: Double) -> Double { !x.isFinite ? .nan : x < 0 ? -log1p(-x) : log1p(x) }
}
