import Vocabulary

/// Top-k accuracy per class (Figure 7c): the fraction of a class's studies whose true class is
/// among the k most probable classes. Ties in probability are broken by class order, the same
/// rule as the arg-max of the confusion matrix, so top-1 equals the confusion matrix's recall.
public struct TopKAccuracy: Sendable, Equatable, Codable {
    /// The k values, e.g. [1, 2, 3].
    public var ks: [Int]
    /// `perClass[site.index][i]` is the top-`ks[i]` accuracy of that class; `nil` without studies.
    public var perClass: [[Double?]]
    /// Over all studies (micro average).
    public var overall: [Double]
    /// Number of studies of each class.
    public var support: [Int]

    public init(_ predictions: Predictions, ks: [Int] = [1, 2, 3]) {
        self.ks = ks
        var hits = [[Int]](repeating: [Int](repeating: 0, count: ks.count), count: PrimarySite.count)
        var support = [Int](repeating: 0, count: PrimarySite.count)
        for row in predictions.rows {
            let rank = Self.rank(of: row.label.index, in: row.probabilities)
            support[row.label.index] += 1
            for (i, k) in ks.enumerated() where rank < k { hits[row.label.index][i] += 1 }
        }
        perClass = hits.indices.map { c in
            hits[c].map { support[c] > 0 ? Double($0) / Double(support[c]) : nil }
        }
        let total = support.reduce(0, +)
        overall = ks.indices.map { i in
            total > 0 ? Double(hits.reduce(0) { $0 + $1[i] }) / Double(total) : 0
        }
        self.support = support
    }

    /// 0-based position of class `c` when classes are ordered by decreasing probability, earlier
    /// class first among equals.
    static func rank(of c: Int, in probabilities: [Double]) -> Int {
        var rank = 0
        for j in probabilities.indices where j != c {
            if probabilities[j] > probabilities[c] || (probabilities[j] == probabilities[c] && j < c) { rank += 1 }
        }
        return rank
    }
}
