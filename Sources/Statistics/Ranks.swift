/// Rank statistics: midranks and the Mann–Whitney AUC built on them.
public enum Ranks {
    /// 1-based ranks with ties given the mean of the ranks they span (midranks).
    public static func midranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let mid = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = mid }
            i = j + 1
        }
        return ranks
    }

    /// AUC as the Mann–Whitney statistic: the fraction of (positive, negative) pairs in which the
    /// positive scores higher, ties counted ½. `nil` when there are no positives or no negatives.
    public static func mannWhitneyAUC(scores: [Double], positive: [Bool]) -> Double? {
        precondition(scores.count == positive.count, "one flag per score")
        let ranks = midranks(scores)
        var m = 0
        var rankSum = 0.0
        for i in scores.indices where positive[i] { m += 1; rankSum += ranks[i] }
        let n = scores.count - m
        guard m > 0, n > 0 else { return nil }
        return (rankSum - Double(m) * Double(m + 1) / 2) / (Double(m) * Double(n))
    }
}
