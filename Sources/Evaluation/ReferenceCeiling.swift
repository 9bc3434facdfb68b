/// A macro AUC the model can be held against, computed outside the model: on a synthetic cohort,
/// the oracle on the generator's latent features (`CohortCeiling` in Cohort). The report prints
/// each beside the model's own macro AUC, so "how good is 0.46?" has an answer in the same table.
public struct ReferenceCeiling: Sendable, Codable, Equatable {
    /// Short name for tables, e.g. "Oracle, what the acquired modalities show".
    public var name: String
    public var macroAUC: Double
    /// How it was computed, in words (method, folds, studies).
    public var method: String

    public init(name: String, macroAUC: Double, method: String) {
        self.name = name; self.macroAUC = macroAUC; self.method = method
    }
}
