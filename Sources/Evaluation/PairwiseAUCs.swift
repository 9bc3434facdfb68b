import Statistics

/// Table 6's binary tasks, derived from the five-class probabilities: Renal and Other merged into
/// "Other", then for each of the six pairs of {Lung, Breast, Melanoma, Other} the AUC of
/// P(a) / (P(a) + P(b)) — the five-class model's probability of `a` renormalised to the pair —
/// on the studies labelled a or b. This is NOT the paper's Table 6, which trained a separate
/// binary network per pair; it shows how well the five-class model separates each pair.
public struct PairwiseAUCs: Sendable, Equatable, Codable {
    /// The four groups of the binary tasks (Renal merged into Other).
    public typealias Group = MergedSite

    /// One pair: `first` is the positive class.
    public struct Pair: Sendable, Equatable, Codable {
        public var first: Group
        public var second: Group
        public var summary: AUCSummary
    }

    /// What was computed, for the report and metrics.json.
    public static let definition = "AUC of P(a)/(P(a)+P(b)) from the five-class probabilities, on studies labelled "
        + "a or b; Renal merged into Other. Derived from the five-class model, not from separately trained binary "
        + "networks as in the paper's Table 6."

    /// The six pairs in Table 6's order (row before column).
    public var pairs: [Pair]

    public init(_ predictions: Predictions, bootstrap: PatientBootstrap?, level: Double = 0.95) {
        let specs = BinaryTask.all.map { ($0.first, $0.second, Self.task(predictions, $0.first, $0.second)) }
        let boot = bootstrap?.run(tasks: specs.map(\.2), statistics: specs.indices.map { .auc(task: $0) },
                                  level: level)
        pairs = specs.enumerated().map { k, spec in
            let (a, b, task) = spec
            let influence = DeLong.influence(scores: task.scores, positive: task.positive, included: task.included)
            let sub = task.scores.indices.filter { task.included[$0] }
            let auc = Ranks.mannWhitneyAUC(scores: sub.map { task.scores[$0] }, positive: sub.map { task.positive[$0] })
            let positives = sub.filter { task.positive[$0] }.count
            let summary = AUCSummary(name: "\(a.displayName) vs \(b.displayName)", auc: auc, positives: positives,
                                     negatives: sub.count - positives, influence: influence,
                                     bootstrap: boot?[k], level: level)
            return Pair(first: a, second: b, summary: summary)
        }
    }

    /// The pair's summary, in either order.
    public func summary(_ a: Group, _ b: Group) -> AUCSummary? {
        pairs.first { ($0.first == a && $0.second == b) || ($0.first == b && $0.second == a) }?.summary
    }

    static func task(_ predictions: Predictions, _ a: Group, _ b: Group) -> AUCTask {
        var scores: [Double] = [], positive: [Bool] = [], included: [Bool] = []
        for row in predictions.rows {
            let pa = a.members.reduce(0) { $0 + row.probability($1) }
            let pb = b.members.reduce(0) { $0 + row.probability($1) }
            // Both zero carries no preference between the two.
            scores.append(pa + pb > 0 ? pa / (pa + pb) : 0.5)
            let g = Group.of(row.label)
            positive.append(g == a)
            included.append(g == a || g == b)
        }
        return AUCTask(scores: scores, positive: positive, included: included)
    }
}
