import Statistics

/// Per-epoch class sampling, in one of the paper's two schemes.
///
/// - Class shares (five-class training: 35 / 15 / 20 / 15 / 15 % of each epoch from Lung, Breast,
///   Melanoma, Renal, Other). A class with fewer studies than its share is over-sampled (drawn
///   with replacement once its studies are used up); a class with more is under-sampled (a fresh
///   random subset every epoch).
/// - A per-class share (binary training, Table 6: "60% samples were randomly selected from the
///   category in each epoch"): every epoch takes a fresh random `perClassShare` of each class's
///   studies, without replacement, so the epoch keeps the training set's class proportions.
public struct ClassSampler: Sendable {
    public let fractions: [Double]
    public let epochSize: Int
    /// When set, the per-class scheme is used and `fractions`/`epochSize` are not.
    public let perClassShare: Double?

    /// The class-share scheme.
    /// - Parameters:
    ///   - fractions: target share per class index; normalised to sum to 1.
    ///   - epochSize: studies per epoch (default: the training-set size).
    public init(fractions: [Double], epochSize: Int) {
        let total = fractions.reduce(0, +)
        self.fractions = fractions.map { total > 0 ? $0 / total : 0 }
        self.epochSize = epochSize
        perClassShare = nil
    }

    /// The per-class scheme: each epoch, round(share × n) of the n studies of every class
    /// (at least one, at most n).
    public init(perClassShare share: Double) {
        fractions = []
        epochSize = 0
        perClassShare = share
    }

    /// The paper's five-class shares.
    public static let paperFractions: [Double] = [0.35, 0.15, 0.20, 0.15, 0.15]
    /// The paper's binary-task share of each class per epoch (docs/decisions.md gives our reading).
    public static let paperBinaryShare = 0.6

    /// Indices (into `labels`) for one epoch, shuffled. Classes absent from `labels` give their
    /// share to the others in proportion.
    public func epoch(labels: [Int], epoch: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: SeedMixing.advanced(seed, by: epoch))
        var byClass: [Int: [Int]] = [:]
        for (i, l) in labels.enumerated() { byClass[l, default: []].append(i) }
        if let share = perClassShare {
            var picked: [Int] = []
            for c in byClass.keys.sorted() {
                let pool = byClass[c]!
                let n = min(pool.count, max(1, Int((share * Double(pool.count)).rounded())))
                picked += pool.shuffled(using: &rng).prefix(n)
            }
            picked.shuffle(using: &rng)
            return picked
        }
        let present = fractions.indices.filter { byClass[$0] != nil }
        let mass = present.reduce(0.0) { $0 + fractions[$1] }
        guard mass > 0 else { return Array(labels.indices).shuffled(using: &rng) }
        let counts = largestRemainder(total: epochSize, weights: present.map { fractions[$0] / mass })
        var picked: [Int] = []
        for (c, n) in zip(present, counts) {
            let pool = byClass[c]!
            var drawn: [Int] = []
            while drawn.count < n {
                // Each pass is a fresh permutation, so over-sampling repeats every study evenly.
                drawn += pool.shuffled(using: &rng).prefix(n - drawn.count)
            }
            picked += drawn
        }
        picked.shuffle(using: &rng)
        return picked
    }
}

/// Weights for weighted cross-entropy: inverse class frequency, normalised so that a balanced
/// set gets weight 1 for every class. Absent classes get 0.
public func inverseFrequencyWeights(labels: [Int], classCount: Int) -> [Double] {
    var counts = Array(repeating: 0, count: classCount)
    for l in labels where l >= 0 && l < classCount { counts[l] += 1 }
    let present = counts.filter { $0 > 0 }.count
    guard present > 0 else { return Array(repeating: 1, count: classCount) }
    let n = Double(labels.count)
    return counts.map { $0 > 0 ? n / (Double(present) * Double($0)) : 0 }
}
