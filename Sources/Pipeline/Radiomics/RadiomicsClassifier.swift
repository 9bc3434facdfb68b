import Dispatch
import Foundation
import Statistics
import Training

/// Settings of the feature-based primary-site classifier.
public struct RadiomicsClassifierOptions: Sendable, Codable, Equatable {
    /// Candidate L2 strengths (on the mean log-loss of standardised features), strongest first:
    /// on a tie the inner cross-validation keeps the stronger.
    public var l2Grid: [Double] = [1, 0.3, 0.1, 0.03, 0.01, 0.003]
    /// Folds of the inner, patient-grouped cross-validation that picks the L2 strength.
    public var innerFolds = 3
    /// Keep only the this many features with the largest ANOVA F statistic on the training
    /// rows (nil: all features).
    public var selectFeatures: Int?
    /// Gradient-descent iterations per fit (`SoftmaxRegression` with its stable step).
    public var iterations = 300
    public var seed: UInt64 = 42
    public init() {}
}

/// One fitted model: in-fold mean imputation, the selected columns, standardisation and the
/// multinomial logistic regression (`SoftmaxRegression`, which standardises with its training
/// rows' means and deviations) — every parameter from the training rows alone.
public struct RadiomicsFoldModel: Sendable {
    /// Imputation value per column: the mean of the training rows' finite values (0 if none).
    public var means: [Double]
    /// Columns the regression uses, ascending.
    public var selected: [Int]
    public var regression: SoftmaxRegression
    public var l2: Double

    /// Fits the model on `rows` of `x` with their labels `y[rows]`.
    public static func fit(x: [[Double]], y: [Int], rows: [Int], classes: Int, l2: Double,
                           options: RadiomicsClassifierOptions) -> RadiomicsFoldModel {
        let d = x.first?.count ?? 0
        let means = (0..<d).map { j -> Double in
            var sum = 0.0, n = 0
            for i in rows where x[i][j].isFinite { sum += x[i][j]; n += 1 }
            return n > 0 ? sum / Double(n) : 0
        }
        let imputed = rows.map { impute(x[$0], means) }
        let labels = rows.map { y[$0] }
        var selected = Array(0..<d)
        if let k = options.selectFeatures, k < d {
            let f = anovaF(imputed, labels, classes: classes)
            selected = Array(selected.sorted { f[$0] != f[$1] ? f[$0] > f[$1] : $0 < $1 }.prefix(max(1, k))).sorted()
        }
        let regression = SoftmaxRegression(x: imputed.map { r in selected.map { r[$0] } }, y: labels, classes: classes,
                                           l2: l2, iterations: options.iterations, rate: nil)
        return RadiomicsFoldModel(means: means, selected: selected, regression: regression, l2: l2)
    }

    /// Class probabilities of one raw row (NaN where undefined).
    public func probabilities(_ row: [Double]) -> [Double] {
        let r = Self.impute(row, means)
        return regression.predict(selected.map { r[$0] })
    }

    /// Class k's coefficient of every column (0 for unselected ones), on the standardised scale.
    public func standardisedCoefficients(columns: Int) -> [[Double]] {
        let w = selected.count + 1
        return (0..<regression.classes).map { k in
            var row = [Double](repeating: 0, count: columns)
            for (position, j) in selected.enumerated() { row[j] = regression.weights[k * w + position] }
            return row
        }
    }

    static func impute(_ row: [Double], _ means: [Double]) -> [Double] {
        zip(row, means).map { $0.isFinite ? $0 : $1 }
    }

    /// One-way ANOVA F statistic of each column across the classes (0 for a constant column).
    static func anovaF(_ x: [[Double]], _ y: [Int], classes: Int) -> [Double] {
        let n = x.count, d = x.first?.count ?? 0
        let counts = (0..<classes).map { c in y.filter { $0 == c }.count }
        let present = counts.filter { $0 > 0 }.count
        guard n > present, present > 1 else { return [Double](repeating: 0, count: d) }
        return (0..<d).map { j in
            let grand = x.reduce(0) { $0 + $1[j] } / Double(n)
            var classSum = [Double](repeating: 0, count: classes)
            for (i, r) in x.enumerated() { classSum[y[i]] += r[j] }
            var between = 0.0, within = 0.0
            for c in 0..<classes where counts[c] > 0 {
                let m = classSum[c] / Double(counts[c])
                between += Double(counts[c]) * (m - grand) * (m - grand)
            }
            for (i, r) in x.enumerated() {
                let m = classSum[y[i]] / Double(counts[y[i]])
                within += (r[j] - m) * (r[j] - m)
            }
            let b = between / Double(present - 1), w = within / Double(n - present)
            return w > 1e-12 ? b / w : (b > 1e-12 ? .greatestFiniteMagnitude : 0)
        }
    }
}

/// The classifier's training protocol: the L2 strength chosen by an inner cross-validation on
/// the training rows (grouped by patient, stratified by class, `FoldPlan`), scored by the pooled
/// macro one-vs-rest AUC of its out-of-fold probabilities; then one fit on all training rows.
/// Nothing but the training rows' features and labels reaches any step.
public enum RadiomicsClassifier {
    /// A model trained on `training` (indices into `x` and `items`).
    public static func train(x: [[Double]], items: [FoldItem], training: [Int], classes: Int,
                             options: RadiomicsClassifierOptions, seed: UInt64) throws -> RadiomicsFoldModel {
        let y = items.map(\.label)
        var best = options.l2Grid.first ?? 1e-2
        if options.l2Grid.count > 1 {
            let inner = try FoldPlan(items: training.map { items[$0] }, folds: options.innerFolds, seed: seed)
            var bestScore = -Double.infinity
            for l2 in options.l2Grid {
                var probabilities = [[Double]](repeating: [], count: training.count)
                for f in 0..<inner.foldCount {
                    let test = Set(inner.test(fold: f))
                    let fitRows = training.indices.filter { !test.contains($0) }.map { training[$0] }
                    let model = RadiomicsFoldModel.fit(x: x, y: y, rows: fitRows, classes: classes, l2: l2, options: options)
                    for t in test { probabilities[t] = model.probabilities(x[training[t]]) }
                }
                let score = macroAUC(probabilities, training.map { y[$0] }, classes: classes)
                if score > bestScore { bestScore = score; best = l2 }
            }
        }
        return RadiomicsFoldModel.fit(x: x, y: y, rows: training, classes: classes, l2: best, options: options)
    }

    /// Out-of-fold probabilities of every study tested in `plan` (nil for a study no fold tests),
    /// and each fold's model. A fold trains on every study it does not test (there is no early
    /// stopping, so the plan's inner validation studies train too); folds run concurrently.
    public static func crossValidate(x: [[Double]], items: [FoldItem], plan: FoldPlan, classes: Int,
                                     options: RadiomicsClassifierOptions) throws -> (probabilities: [[Double]?], models: [RadiomicsFoldModel]) {
        let slots = ResultSlots<Result<RadiomicsFoldModel, Error>>(count: plan.foldCount)
        DispatchQueue.concurrentPerform(iterations: plan.foldCount) { f in
            let test = Set(plan.test(fold: f))
            let training = (0..<x.count).filter { !test.contains($0) }
            slots[f] = Result {
                try train(x: x, items: items, training: training, classes: classes, options: options,
                          seed: options.seed &+ UInt64(f))
            }
        }
        var probabilities = [[Double]?](repeating: nil, count: x.count)
        var models: [RadiomicsFoldModel] = []
        for f in 0..<plan.foldCount {
            guard let result = slots[f] else { continue }
            let model = try result.get()
            for i in plan.test(fold: f) { probabilities[i] = model.probabilities(x[i]) }
            models.append(model)
        }
        return (probabilities, models)
    }

    /// Mean over the classes present (and absent somewhere) of the one-vs-rest Mann–Whitney AUC.
    static func macroAUC(_ p: [[Double]], _ y: [Int], classes: Int) -> Double {
        let aucs = (0..<classes).compactMap { c in
            Ranks.mannWhitneyAUC(scores: p.map { $0[c] }, positive: y.map { $0 == c })
        }
        return aucs.isEmpty ? 0 : aucs.reduce(0, +) / Double(aucs.count)
    }
}
