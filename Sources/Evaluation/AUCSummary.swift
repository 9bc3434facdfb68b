import Statistics
import Vocabulary

/// One AUC as the report shows it: the estimate with a DeLong interval and a patient-bootstrap
/// interval, each naming its method.
public struct AUCSummary: Sendable, Equatable, Codable {
    /// Row label ("Lung", "Macro average", "Lung vs Breast", …).
    public var name: String
    /// `nil` when the task has no positives or no negatives.
    public var auc: Double?
    /// Positive and negative studies of a binary task; `nil` for averages over several tasks.
    public var positives: Int?
    public var negatives: Int?
    public var deLongStandardError: Double?
    /// `nil` with fewer than two positives or negatives.
    public var deLong: ConfidenceInterval?
    public var bootstrap: BootstrapSummary?

    public init(name: String, auc: Double?, positives: Int?, negatives: Int?, influence: AUCInfluence?,
                bootstrap: BootstrapSummary?, level: Double = 0.95) {
        self.name = name
        self.auc = auc ?? influence?.value
        self.positives = positives
        self.negatives = negatives
        deLongStandardError = influence?.standardError
        deLong = influence?.confidenceInterval(level: level)
        self.bootstrap = bootstrap
    }
}

/// Per-class one-vs-rest AUCs of a predictions table and their averages (Table 4).
public struct OneVsRestAUCs: Sendable {
    /// One per class, in `PrimarySite` order.
    public var perClass: [AUCSummary]
    /// Unweighted mean of the five class AUCs; DeLong variance includes the covariances between
    /// class AUCs from shared studies.
    public var macro: AUCSummary
    /// Mean of the class AUCs weighted by class prevalence (DeLong interval only).
    public var prevalenceWeighted: AUCSummary
    /// AUC of all (study, class) pairs pooled into one binary problem (point estimate only).
    public var micro: Double?
    /// ROC curves per class (`nil` for a class without positives) and the macro curve.
    public var curves: [ROCCurve?]
    public var macroCurve: ROCCurve?
    /// DeLong components, kept for paired comparisons (`nil` where undefined).
    public var classInfluences: [AUCInfluence?]
    public var macroInfluence: AUCInfluence?

    /// Computes everything; `bootstrap` may be `nil` to skip the resampling.
    public init(_ predictions: Predictions, bootstrap: PatientBootstrap?, level: Double = 0.95) {
        let labels = predictions.labels
        var tasks: [AUCTask] = []
        var influences: [AUCInfluence?] = []
        var curves: [ROCCurve?] = []
        var aucs: [Double?] = []
        for site in PrimarySite.allCases {
            let scores = predictions.scores(for: site)
            let positive = labels.map { $0 == site }
            tasks.append(AUCTask(scores: scores, positive: positive))
            influences.append(DeLong.influence(scores: scores, positive: positive))
            curves.append(ROC.curve(scores: scores, positive: positive))
            aucs.append(Ranks.mannWhitneyAUC(scores: scores, positive: positive))
        }
        let statistics: [BootstrapStatistic] = PrimarySite.allCases.map { .auc(task: $0.index) }
            + [.meanAUC(tasks: Array(0..<PrimarySite.count))]
        let boot = bootstrap?.run(tasks: tasks, statistics: statistics, level: level)
        let counts = predictions.classCounts
        let n = predictions.count
        perClass = PrimarySite.allCases.map { site in
            AUCSummary(name: site.displayName, auc: aucs[site.index], positives: counts[site.index],
                       negatives: n - counts[site.index], influence: influences[site.index],
                       bootstrap: boot?[site.index], level: level)
        }
        let all = influences.compactMap { $0 }
        macroInfluence = all.count == PrimarySite.count ? AUCInfluence.mean(all) : nil
        let defined = aucs.compactMap { $0 }
        let macroAUC = defined.count == PrimarySite.count ? defined.reduce(0, +) / Double(defined.count) : nil
        macro = AUCSummary(name: "Macro average", auc: macroAUC, positives: nil, negatives: nil,
                           influence: macroInfluence, bootstrap: boot?[PrimarySite.count], level: level)
        var weighted: AUCInfluence?
        if all.count == PrimarySite.count {
            let w = counts.map { Double($0) / Double(n) }
            var influence = [Double](repeating: 0, count: n)
            for (k, part) in all.enumerated() { for i in influence.indices { influence[i] += w[k] * part.influence[i] } }
            weighted = AUCInfluence(value: zip(w, all).reduce(0) { $0 + $1.0 * $1.1.value }, influence: influence)
        }
        prevalenceWeighted = AUCSummary(name: "Prevalence-weighted average", auc: weighted?.value, positives: nil,
                                        negatives: nil, influence: weighted, bootstrap: nil, level: level)
        micro = Ranks.mannWhitneyAUC(scores: predictions.rows.flatMap(\.probabilities),
                        positive: labels.flatMap { label in PrimarySite.allCases.map { $0 == label } })
        self.curves = curves
        macroCurve = curves.allSatisfy { $0 != nil } ? ROC.macroCurve(curves.compactMap { $0 }) : nil
        classInfluences = influences
    }
}
