import Cohort

/// What `cohort oracle` measured: the oracle's ceiling on a latent-only sample, from all latent
/// features and from the features each session's acquired modalities render.
public struct CohortOracleReport: Sendable, Encodable {
    public var latent: Oracle.Result
    public var acquired: Oracle.Result

    /// Samples `patients` latent patients (nothing is rendered) and runs both oracles.
    public static func sample(patients: Int, seed: UInt64, mix: ModalityMix,
                              atlas: TissueAtlas) throws(CohortError) -> CohortOracleReport {
        let s = try CohortGenerator.latentSample(patients: patients, seed: seed, mix: mix, atlas: atlas)
        let ceiling = CohortCeiling(features: s.features, labels: s.labels, groups: s.patients, acquired: s.acquired,
                                    singleFeatures: true)
        return CohortOracleReport(latent: ceiling.latent, acquired: ceiling.acquired)
    }

    private enum CodingKeys: String, CodingKey {
        case macroAUC = "macro_auc", perClassAUC = "per_class_auc", samples, singleFeatureAUC = "single_feature_auc"
        case acquired = "acquired_modality_oracle"
    }

    private struct Acquired: Encodable {
        var macro_auc: Double
        var per_class_auc: [Double]
    }

    /// A class absent from the sample has no AUC: written as -1.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(latent.macroAUC, forKey: .macroAUC)
        try c.encode(latent.perClassAUC.map { $0.isNaN ? -1 : $0 }, forKey: .perClassAUC)
        try c.encode(latent.samples, forKey: .samples)
        try c.encode(Dictionary(uniqueKeysWithValues: zip(LatentFeatures.names, latent.singleFeatureAUC)), forKey: .singleFeatureAUC)
        try c.encode(Acquired(macro_auc: acquired.macroAUC, per_class_auc: acquired.perClassAUC.map { $0.isNaN ? -1 : $0 }),
                     forKey: .acquired)
    }
}
