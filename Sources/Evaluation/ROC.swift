/// One-vs-rest receiver operating characteristic: the curve and the area under it.
public struct ROCCurve: Sendable, Equatable, Codable {
    /// False-positive rates, from 0 to 1, non-decreasing.
    public var falsePositiveRate: [Double]
    /// True-positive rates matching `falsePositiveRate`.
    public var truePositiveRate: [Double]
    /// Score threshold of each point (`score ≥ threshold` is called positive); the first point
    /// (0, 0) has threshold +∞, encoded as `nil`. Empty for averaged curves, which have none.
    public var thresholds: [Double?]

    public init(falsePositiveRate: [Double], truePositiveRate: [Double], thresholds: [Double?]) {
        self.falsePositiveRate = falsePositiveRate
        self.truePositiveRate = truePositiveRate
        self.thresholds = thresholds
    }

    /// Trapezoidal area; equals the Mann–Whitney AUC because tied scores form one diagonal step.
    public var area: Double {
        var sum = 0.0
        for i in 1..<falsePositiveRate.count {
            sum += (falsePositiveRate[i] - falsePositiveRate[i - 1])
                * (truePositiveRate[i] + truePositiveRate[i - 1]) / 2
        }
        return sum
    }

    /// TPR at `fpr` by linear interpolation: where the curve is vertical at `fpr`, the lowest and
    /// the highest TPR there (`low == high` elsewhere).
    public func truePositiveRates(atFalsePositiveRate fpr: Double) -> (low: Double, high: Double) {
        if let first = falsePositiveRate.firstIndex(of: fpr), let last = falsePositiveRate.lastIndex(of: fpr) {
            return (truePositiveRate[first], truePositiveRate[last])
        }
        guard let hi = falsePositiveRate.firstIndex(where: { $0 > fpr }) else {
            let end = truePositiveRate.last ?? 1
            return (end, end)
        }
        guard hi > 0 else { return (truePositiveRate[0], truePositiveRate[0]) }
        let lo = hi - 1
        let t = (fpr - falsePositiveRate[lo]) / (falsePositiveRate[hi] - falsePositiveRate[lo])
        let value = truePositiveRate[lo] + t * (truePositiveRate[hi] - truePositiveRate[lo])
        return (value, value)
    }
}

/// ROC computations on a score per study and a positive/negative flag per study.
public enum ROC {
    /// The empirical ROC curve, one point per distinct score (ties make one diagonal segment).
    /// `nil` when there are no positives or no negatives.
    public static func curve(scores: [Double], positive: [Bool]) -> ROCCurve? {
        precondition(scores.count == positive.count, "one flag per score")
        let p = positive.lazy.filter { $0 }.count
        let n = positive.count - p
        guard p > 0, n > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var fpr = [0.0], tpr = [0.0]
        var thresholds: [Double?] = [nil]
        var tp = 0, fp = 0
        var i = 0
        while i < order.count {
            let s = scores[order[i]]
            while i < order.count, scores[order[i]] == s {
                if positive[order[i]] { tp += 1 } else { fp += 1 }
                i += 1
            }
            fpr.append(Double(fp) / Double(n))
            tpr.append(Double(tp) / Double(p))
            thresholds.append(s)
        }
        return ROCCurve(falsePositiveRate: fpr, truePositiveRate: tpr, thresholds: thresholds)
    }

    /// Macro-average ROC curve: the pointwise mean of the classes' piecewise-linear curves, on the
    /// union of their FPR points (the construction scikit-learn documents for "macro" curves, but
    /// keeping both ends of vertical steps, so its area is exactly the mean of the classes' AUCs).
    public static func macroCurve(_ curves: [ROCCurve]) -> ROCCurve? {
        guard !curves.isEmpty else { return nil }
        let grid = Array(Set(curves.flatMap(\.falsePositiveRate))).sorted()
        let k = Double(curves.count)
        var fpr: [Double] = [], tpr: [Double] = []
        for x in grid {
            var low = 0.0, high = 0.0
            for curve in curves {
                let r = curve.truePositiveRates(atFalsePositiveRate: x)
                low += r.low / k; high += r.high / k
            }
            fpr.append(x); tpr.append(low)
            if high != low { fpr.append(x); tpr.append(high) }
        }
        return ROCCurve(falsePositiveRate: fpr, truePositiveRate: tpr, thresholds: [])
    }
}
