import Statistics

/// One binary AUC to bootstrap: a score and a positive flag per study of the table, and which
/// studies take part (pairwise tasks use a subset).
public struct AUCTask: Sendable {
    public var scores: [Double]
    public var positive: [Bool]
    public var included: [Bool]

    public init(scores: [Double], positive: [Bool], included: [Bool]? = nil) {
        precondition(scores.count == positive.count, "one flag per score")
        self.scores = scores
        self.positive = positive
        self.included = included ?? [Bool](repeating: true, count: scores.count)
    }
}

/// A statistic computed on every resample: one task's AUC, the mean of several (macro AUC), or
/// the difference of two such means (paired comparison of two models on the same studies).
public enum BootstrapStatistic: Sendable, Hashable {
    case auc(task: Int)
    case meanAUC(tasks: [Int])
    case meanDifference(tasks: [Int], minus: [Int])
}

/// The bootstrap distribution of one statistic, summarised.
public struct BootstrapSummary: Sendable, Equatable, Codable {
    /// Resamples drawn.
    public var resamples: Int
    /// Resamples in which the statistic was defined (every task had a positive and a negative).
    public var validResamples: Int
    /// Percentile interval, `nil` when fewer than 2 resamples were valid.
    public var interval: ConfidenceInterval?
    /// Standard deviation of the valid replicates.
    public var standardError: Double?
    /// For differences only: two-sided bootstrap p-value of "no difference",
    /// 2 · min(P*(Δ ≤ 0), P*(Δ ≥ 0)), capped at 1.
    public var pValue: Double?
}

/// Patient-level (cluster) bootstrap of AUCs: each resample draws patients with replacement and
/// keeps all studies of each drawn patient as many times as it was drawn, so studies of the same
/// patient never pretend to be independent. The draws depend only on the sorted patient ids and
/// the seed, so the same seed gives the same resamples for every table of the same patients
/// (which keeps ablation intervals comparable).
public struct PatientBootstrap: Sendable {
    public let resamples: Int
    public let seed: UInt64
    /// Patient index of each study.
    private let patientOfStudy: [Int]
    private let patientCount: Int

    /// The paper's protocol uses 2,000 resamples.
    public static let defaultResamples = 2000

    public init(patientIDs: [String], resamples: Int = PatientBootstrap.defaultResamples, seed: UInt64) {
        let sorted = Array(Set(patientIDs)).sorted()
        var index: [String: Int] = [:]
        for (i, id) in sorted.enumerated() { index[id] = i }
        patientOfStudy = patientIDs.map { index[$0] ?? 0 }
        patientCount = sorted.count
        self.resamples = max(0, resamples)
        self.seed = seed
    }

    /// Summaries of `statistics` over `tasks`, all on the same resamples.
    public func run(tasks: [AUCTask], statistics: [BootstrapStatistic], level: Double = 0.95) -> [BootstrapSummary] {
        let sweeps = tasks.map { WeightedAUCSweep(task: $0) }
        var values = [[Double]](repeating: [], count: statistics.count)
        var generator = Xoshiro256StarStar(seed: seed)
        var drawn = [Double](repeating: 0, count: patientCount)
        var weights = [Double](repeating: 0, count: patientOfStudy.count)
        var taskAUC = [Double?](repeating: nil, count: tasks.count)
        // No patients, nothing to draw (lemireIndex(below:) needs a positive bound).
        for _ in 0..<(patientCount > 0 ? resamples : 0) {
            for p in drawn.indices { drawn[p] = 0 }
            for _ in 0..<patientCount { drawn[generator.lemireIndex(below: patientCount)] += 1 }
            for s in weights.indices { weights[s] = drawn[patientOfStudy[s]] }
            for t in sweeps.indices { taskAUC[t] = sweeps[t].auc(weights: weights) }
            for (k, statistic) in statistics.enumerated() {
                switch statistic {
                case let .auc(task):
                    if let v = taskAUC[task] { values[k].append(v) }
                case let .meanAUC(members):
                    if let v = Self.mean(members, taskAUC) { values[k].append(v) }
                case let .meanDifference(first, second):
                    if let a = Self.mean(first, taskAUC), let b = Self.mean(second, taskAUC) { values[k].append(a - b) }
                }
            }
        }
        return zip(values, statistics).map { replicates, statistic in
            var summary = summarise(replicates, level: level)
            if case .meanDifference = statistic, !replicates.isEmpty {
                let n = Double(replicates.count)
                let below = Double(replicates.filter { $0 <= 0 }.count) / n
                let above = Double(replicates.filter { $0 >= 0 }.count) / n
                summary.pValue = min(1, 2 * min(below, above))
            }
            return summary
        }
    }

    /// Mean of the tasks' AUCs on this resample; `nil` if any is undefined.
    private static func mean(_ members: [Int], _ aucs: [Double?]) -> Double? {
        let parts = members.compactMap { aucs[$0] }
        guard parts.count == members.count, !parts.isEmpty else { return nil }
        return parts.reduce(0, +) / Double(parts.count)
    }

    private func summarise(_ replicates: [Double], level: Double) -> BootstrapSummary {
        guard replicates.count >= 2 else {
            return BootstrapSummary(resamples: resamples, validResamples: replicates.count, interval: nil,
                                    standardError: nil, pValue: nil)
        }
        let sorted = replicates.sorted()
        let alpha = (1 - level) / 2
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        let variance = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sorted.count - 1)
        let interval = ConfidenceInterval(lower: Percentile.linear(sorted: sorted, alpha),
                                          upper: Percentile.linear(sorted: sorted, 1 - alpha),
                                          level: level, method: .patientBootstrap)
        return BootstrapSummary(resamples: resamples, validResamples: sorted.count, interval: interval,
                                standardError: variance.squareRoot(), pValue: nil)
    }
}

/// The Mann–Whitney AUC with a weight (multiplicity) per study, in one pass over the task's
/// studies pre-sorted by score: each positive gains the weight of negatives below it plus half of
/// those tied with it.
struct WeightedAUCSweep: Sendable {
    /// Included studies sorted by score, split into runs of equal score.
    private let order: [Int]
    private let runEnds: [Int]
    private let positive: [Bool]

    init(task: AUCTask) {
        let members = task.scores.indices.filter { task.included[$0] }
        order = members.sorted { task.scores[$0] < task.scores[$1] }
        var ends: [Int] = []
        for k in order.indices where k + 1 == order.count || task.scores[order[k + 1]] != task.scores[order[k]] {
            ends.append(k + 1)
        }
        runEnds = ends
        positive = task.positive
    }

    func auc(weights: [Double]) -> Double? {
        var below = 0.0, pairs = 0.0, totalPositive = 0.0
        var start = 0
        for end in runEnds {
            var pos = 0.0, neg = 0.0
            for k in start..<end {
                let s = order[k]
                if positive[s] { pos += weights[s] } else { neg += weights[s] }
            }
            pairs += pos * (below + neg / 2)
            below += neg
            totalPositive += pos
            start = end
        }
        guard totalPositive > 0, below > 0 else { return nil }
        return pairs / (totalPositive * below)
    }
}
