import Vocabulary

/// The per-class parameters of the metastasis model. Every number is documented, with the
/// clinical pattern behind it, in docs/cohort.md; classes overlap on every one of them.
public struct SiteParameters: Sendable {
    /// Mean number of lesions beyond the first (negative binomial).
    public var extraLesionMean: Double
    /// Negative-binomial dispersion r (smaller = more patients with very many lesions).
    public var countDispersion: Double
    /// Median lesion diameter in mm (log-normal), before the many-lesions shrinkage.
    public var diameterMedian: Double
    /// Log-scale SD of the diameter.
    public var diameterSigma: Double
    /// Probability that a lesion lies below the tentorium.
    public var infratentorialShare: Double
    /// Relative weight of the ACA, MCA and PCA territories above the tentorium.
    public var territoryWeights: (aca: Double, mca: Double, pca: Double)
    /// 0 = seeds at the grey–white junction only, 1 = strongly prefers the cortex itself.
    public var corticalPreference: Double
    /// Probability of a necrotic ring-enhancing lesion once large (scaled down for small ones).
    public var ringProbability: Double
    /// Probability of a cystic lesion (thin enhancing wall around fluid).
    public var cysticProbability: Double
    /// Probability that a lesion has bled (or, for melanoma, carries melanin): T1 intrinsic
    /// hyperintensity, FLAIR hypointensity.
    public var haemorrhageProbability: Double
    /// Mean relative enhancement on T1 CE (white matter = 1 before contrast).
    public var enhancementMean: Double
    public var enhancementSD: Double
    /// Mean texture amplitude of the enhancing part (0 homogeneous … 1 very heterogeneous).
    public var heterogeneityMean: Double
    /// Median oedema reach as a multiple of the lesion radius (log-normal), FLAIR-visible.
    public var oedemaRatioMedian: Double
    public var oedemaSigma: Double
    /// Mean contour irregularity (lobulation amplitude).
    public var irregularityMean: Double
}

extension PrimarySite {
    /// The model's parameters for this primary site.
    public var parameters: SiteParameters {
        switch self {
        case .lung:
            SiteParameters(extraLesionMean: 3.8, countDispersion: 0.65, diameterMedian: 10, diameterSigma: 0.6,
                           infratentorialShare: 0.17, territoryWeights: (0.14, 0.66, 0.20), corticalPreference: 0.3,
                           ringProbability: 0.50, cysticProbability: 0.10, haemorrhageProbability: 0.08,
                           enhancementMean: 1.0, enhancementSD: 0.22, heterogeneityMean: 0.35,
                           oedemaRatioMedian: 2.1, oedemaSigma: 0.40, irregularityMean: 0.12)
        case .breast:
            SiteParameters(extraLesionMean: 4.9, countDispersion: 0.65, diameterMedian: 9, diameterSigma: 0.55,
                           infratentorialShare: 0.24, territoryWeights: (0.14, 0.66, 0.20), corticalPreference: 0.3,
                           ringProbability: 0.30, cysticProbability: 0.18, haemorrhageProbability: 0.06,
                           enhancementMean: 1.05, enhancementSD: 0.2, heterogeneityMean: 0.25,
                           oedemaRatioMedian: 1.75, oedemaSigma: 0.40, irregularityMean: 0.08)
        case .melanoma:
            SiteParameters(extraLesionMean: 5.1, countDispersion: 0.65, diameterMedian: 8, diameterSigma: 0.65,
                           infratentorialShare: 0.13, territoryWeights: (0.16, 0.62, 0.22), corticalPreference: 0.65,
                           ringProbability: 0.22, cysticProbability: 0.04, haemorrhageProbability: 0.42,
                           enhancementMean: 0.9, enhancementSD: 0.25, heterogeneityMean: 0.40,
                           oedemaRatioMedian: 1.55, oedemaSigma: 0.45, irregularityMean: 0.10)
        case .renal:
            SiteParameters(extraLesionMean: 2.4, countDispersion: 0.65, diameterMedian: 13, diameterSigma: 0.55,
                           infratentorialShare: 0.20, territoryWeights: (0.14, 0.66, 0.20), corticalPreference: 0.35,
                           ringProbability: 0.35, cysticProbability: 0.10, haemorrhageProbability: 0.35,
                           enhancementMean: 1.25, enhancementSD: 0.25, heterogeneityMean: 0.50,
                           oedemaRatioMedian: 2.3, oedemaSigma: 0.40, irregularityMean: 0.12)
        case .other:
            SiteParameters(extraLesionMean: 1.5, countDispersion: 0.65, diameterMedian: 16, diameterSigma: 0.55,
                           infratentorialShare: 0.36, territoryWeights: (0.12, 0.63, 0.25), corticalPreference: 0.3,
                           ringProbability: 0.62, cysticProbability: 0.08, haemorrhageProbability: 0.14,
                           enhancementMean: 0.95, enhancementSD: 0.22, heterogeneityMean: 0.40,
                           oedemaRatioMedian: 1.9, oedemaSigma: 0.40, irregularityMean: 0.16)
        }
    }
}

/// Patient-level factors that blur every class signal the way real practice does.
public enum PatientEffects {
    /// Log-SD of the oedema multiplier: dexamethasone shrinks oedema in many patients.
    public static let steroidOedemaSigma = 0.3
    /// SD of the enhancement multiplier: contrast dose and delay vary between examinations.
    public static let contrastTimingSD = 0.12
    /// Upper bound on lesions per study (beyond it the count is clipped).
    public static let maximumLesions = 40
    /// The many-metastases shrinkage: diameters scale by (count)^−0.15.
    public static let diameterCountExponent = -0.15
}
