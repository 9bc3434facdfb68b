import Vocabulary

/// The 5 × 5 confusion matrix of the top-1 prediction (Figure 7a): `counts[true][predicted]`.
public struct ConfusionMatrix: Sendable, Equatable, Codable {
    /// Rows are the true class, columns the predicted class, both in `PrimarySite` order.
    public var counts: [[Int]]

    /// Counts each study's true class against its arg-max class (ties go to the earlier class).
    public init(_ predictions: Predictions) {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: PrimarySite.count), count: PrimarySite.count)
        for row in predictions.rows { counts[row.label.index][row.predicted.index] += 1 }
        self.counts = counts
    }

    public init(counts: [[Int]]) { self.counts = counts }

    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// Sensitivity of each class (diagonal over row total); `nil` for a class with no studies.
    public var recall: [Double?] {
        counts.indices.map { k in
            let row = counts[k].reduce(0, +)
            return row > 0 ? Double(counts[k][k]) / Double(row) : nil
        }
    }

    /// Precision of each class (diagonal over column total); `nil` when the class is never predicted.
    public var precision: [Double?] {
        counts.indices.map { k in
            let column = counts.reduce(0) { $0 + $1[k] }
            return column > 0 ? Double(counts[k][k]) / Double(column) : nil
        }
    }

    /// Fraction of all studies on the diagonal.
    public var accuracy: Double? {
        let t = total
        return t > 0 ? Double(counts.indices.reduce(0) { $0 + counts[$1][$1] }) / Double(t) : nil
    }

    /// Mean recall over the classes that have studies (so a missing class does not count as 0).
    public var balancedAccuracy: Double? {
        let defined = recall.compactMap { $0 }
        return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    }
}
