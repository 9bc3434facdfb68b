import Foundation
import Statistics

/// The benchmark's ceiling: how well the primary site can be predicted from the true latent
/// lesion features, by multinomial logistic regression with patient-grouped cross-validation.
///
/// Standardised features, L2-penalised `SoftmaxRegression` fitted by full-batch gradient descent
/// with a fixed schedule (deterministic), out-of-fold probabilities pooled over folds, and macro
/// one-vs-rest AUC by the Mann–Whitney statistic with tied ranks averaged (all from Statistics).
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
        let assignment = given ?? PatientFolds.shuffled(groups, folds: folds, seed: seed)
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
            perClass.append(Ranks.mannWhitneyAUC(scores: probabilities.map { $0[c] }, positive: y.map { $0 == c }) ?? .nan)
        }
        let present = perClass.filter { !$0.isNaN }
        return (present.isEmpty ? .nan : present.reduce(0, +) / Double(present.count), perClass)
    }
}
