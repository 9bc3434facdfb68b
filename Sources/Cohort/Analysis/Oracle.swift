import Foundation

/// The benchmark's ceiling: how well the primary site can be predicted from the true latent
/// lesion features, by multinomial logistic regression with patient-grouped cross-validation.
///
/// Deliberately small and self-contained (Cohort must not depend on Evaluation): standardised
/// features, L2-penalised softmax regression fitted by full-batch gradient descent with a fixed
/// schedule (deterministic), out-of-fold probabilities pooled over folds, and macro one-vs-rest
/// AUC by the Mann–Whitney statistic with tied ranks averaged.
public enum Oracle {
    public struct Result: Sendable {
        /// Macro AUC from all features.
        public var macroAUC: Double
        /// One-vs-rest AUC per class (class order), `nan` when a class is absent.
        public var perClassAUC: [Double]
        /// Macro AUC from each feature alone, in feature order.
        public var singleFeatureAUC: [Double]
        public var samples: Int
        public var folds: Int
    }

    /// Runs the oracle. `groups` holds the patient of each row: a patient's rows share a fold.
    /// `foldOfRow`, when given with at least two folds, is the fold of each row (e.g. a
    /// cross-validation's own folds, so the oracle and the model are scored on the same splits);
    /// otherwise patients are dealt into `folds` folds by a seeded shuffle.
    public static func evaluate(features x: [[Double]], labels y: [Int], groups: [String], classes: Int = 5,
                                folds: Int = 5, seed: UInt64 = 1, singleFeatures: Bool = true,
                                foldOfRow: [Int]? = nil) -> Result {
        precondition(foldOfRow.map { $0.count == x.count } ?? true, "Oracle: foldOfRow needs one fold per row")
        // Fewer than two folds cannot score out of fold: deal the patients instead.
        let given = foldOfRow.flatMap { Set($0).count >= 2 ? $0 : nil }
        let assignment = given ?? patientFolds(groups, folds: folds, seed: seed)
        let foldCount = Set(assignment).count
        let all = crossValidatedAUC(x, y, assignment, classes: classes)
        var single: [Double] = []
        if singleFeatures, let d = x.first?.count {
            for f in 0..<d {
                single.append(crossValidatedAUC(x.map { [$0[f]] }, y, assignment, classes: classes).macro)
            }
        }
        return Result(macroAUC: all.macro, perClassAUC: all.perClass, singleFeatureAUC: single, samples: x.count,
                      folds: foldCount)
    }

    /// Patients to folds by a seeded shuffle of the distinct patient ids (sorted first, so the
    /// input order does not matter); returns the fold of each row.
    static func patientFolds(_ groups: [String], folds: Int, seed: UInt64) -> [Int] {
        var patients = Array(Set(groups)).sorted()
        var random = CohortRandom(seed: seed, 0x0AC1E)
        random.shuffle(&patients)
        var foldOf: [String: Int] = [:]
        for (i, p) in patients.enumerated() { foldOf[p] = i % max(folds, 2) }
        return groups.map { foldOf[$0] ?? 0 }
    }

    static func crossValidatedAUC(_ x: [[Double]], _ y: [Int], _ foldOfRow: [Int],
                                  classes: Int) -> (macro: Double, perClass: [Double]) {
        var probabilities = [[Double]](repeating: [Double](repeating: 0, count: classes), count: x.count)
        for fold in Set(foldOfRow).sorted() {
            let train = x.indices.filter { foldOfRow[$0] != fold }
            let test = x.indices.filter { foldOfRow[$0] == fold }
            guard !train.isEmpty, !test.isEmpty else { continue }
            let model = SoftmaxRegression(x: train.map { x[$0] }, y: train.map { y[$0] }, classes: classes)
            for i in test { probabilities[i] = model.predict(x[i]) }
        }
        var perClass: [Double] = []
        for c in 0..<classes {
            perClass.append(auc(scores: probabilities.map { $0[c] }, positives: y.map { $0 == c }))
        }
        let present = perClass.filter { !$0.isNaN }
        return (present.isEmpty ? .nan : present.reduce(0, +) / Double(present.count), perClass)
    }

    /// One-vs-rest AUC (probability a random positive outscores a random negative; ties count
    /// half). `nan` without both positives and negatives. Evaluation has its own (with DeLong
    /// intervals); Cohort may not depend on Evaluation, so this compact one stays here.
    public static func auc(scores: [Double], positives: [Bool]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let mean = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = mean }
            i = j + 1
        }
        let nPos = positives.filter { $0 }.count, nNeg = positives.count - nPos
        guard nPos > 0, nNeg > 0 else { return .nan }
        let rankSum = zip(ranks, positives).reduce(0.0) { $0 + ($1.1 ? $1.0 : 0) }
        return (rankSum - Double(nPos) * Double(nPos + 1) / 2) / (Double(nPos) * Double(nNeg))
    }
}

/// L2-penalised multinomial logistic regression on standardised features.
struct SoftmaxRegression {
    var mean: [Double]
    var scale: [Double]
    /// classes × (features + 1), row-major, bias last in each row.
    var weights: [Double]
    let classes: Int

    init(x: [[Double]], y: [Int], classes: Int, l2: Double = 1e-3, iterations: Int = 200, rate: Double = 1.0) {
        let n = x.count, d = x.first?.count ?? 0, w = d + 1
        self.classes = classes
        let means = (0..<d).map { f in x.reduce(0) { $0 + $1[f] } / Double(max(n, 1)) }
        let scales = (0..<d).map { f in
            let v = x.reduce(0) { $0 + ($1[f] - means[f]) * ($1[f] - means[f]) } / Double(max(n, 1))
            return v > 1e-12 ? 1 / v.squareRoot() : 0
        }
        mean = means
        scale = scales
        // Flat buffers and raw pointers: this loop is the oracle's whole cost, and it also runs
        // in debug builds during the tests.
        var z = [Double](repeating: 0, count: n * w)
        for (i, row) in x.enumerated() {
            for f in 0..<d { z[i * w + f] = (row[f] - means[f]) * scales[f] }
            z[i * w + d] = 1
        }
        var weights = [Double](repeating: 0, count: classes * w)
        var gradient = [Double](repeating: 0, count: classes * w)
        var p = [Double](repeating: 0, count: classes)
        let inverseN = 1 / Double(max(n, 1))
        z.withUnsafeBufferPointer { z in
            weights.withUnsafeMutableBufferPointer { wt in
                gradient.withUnsafeMutableBufferPointer { g in
                    p.withUnsafeMutableBufferPointer { p in
                        for _ in 0..<iterations {
                            for k in 0..<g.count { g[k] = 0 }
                            for i in 0..<n {
                                let row = i * w
                                var top = -Double.infinity
                                for c in 0..<classes {
                                    var s = 0.0
                                    for f in 0..<w { s += wt[c * w + f] * z[row + f] }
                                    p[c] = s
                                    top = Swift.max(top, s)
                                }
                                var total = 0.0
                                for c in 0..<classes { p[c] = exp(p[c] - top); total += p[c] }
                                for c in 0..<classes {
                                    let err = p[c] / total - (y[i] == c ? 1 : 0)
                                    for f in 0..<w { g[c * w + f] += err * z[row + f] }
                                }
                            }
                            for c in 0..<classes {
                                for f in 0..<w {
                                    let penalty = f < d ? l2 * wt[c * w + f] : 0
                                    wt[c * w + f] -= rate * (g[c * w + f] * inverseN + penalty)
                                }
                            }
                        }
                    }
                }
            }
        }
        self.weights = weights
    }

    /// Class probabilities for a raw feature vector.
    func predict(_ v: [Double]) -> [Double] {
        let d = mean.count, w = d + 1
        let z = (0..<d).map { (v[$0] - mean[$0]) * scale[$0] } + [1]
        let logits = (0..<classes).map { c in (0..<w).reduce(0.0) { $0 + weights[c * w + $1] * z[$1] } }
        let top = logits.max() ?? 0
        let e = logits.map { exp($0 - top) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }
}
