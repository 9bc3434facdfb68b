import Foundation
import Pipeline
import Statistics
import Testing

/// The feature classifier's fold hygiene: nothing about a test fold but its features may reach
/// the model that predicts it (not the imputation, the scaler, the selection or the L2 choice).
@Suite struct RadiomicsClassifierTests {
    /// 60 studies of 50 patients (ten with two studies), 5 classes, 12 features of which the first
    /// two carry the class, with gaps (NaN) to impute.
    static func data() -> (x: [[Double]], items: [FoldItem]) {
        var rng = SplitMix64(seed: 7)
        var x: [[Double]] = [], items: [FoldItem] = []
        for i in 0..<60 {
            let patient = i < 50 ? i : i - 50
            let label = patient % 5
            var row = (0..<12).map { _ in rng.normal() }
            row[0] += 2 * Double(label)
            row[1] -= 0.5 * Double(label)
            if i % 7 == 3 { row[4] = .nan }
            x.append(row)
            items.append(FoldItem(studyID: "s\(i)", patientID: "p\(patient)", label: label))
        }
        return (x, items)
    }

    static var options: RadiomicsClassifierOptions {
        var o = RadiomicsClassifierOptions()
        o.l2Grid = [0.3, 0.03, 0.003]
        o.iterations = 60
        o.selectFeatures = 6
        o.seed = 3
        return o
    }

    /// `items` with the labels of the patients of `indices` rotated by one patient (a patient's
    /// studies keep one label, as `FoldPlan` requires).
    static func rotatingLabels(_ items: [FoldItem], of indices: [Int]) -> [FoldItem] {
        var patients: [String] = []
        for i in indices where !patients.contains(items[i].patientID) { patients.append(items[i].patientID) }
        let label = Dictionary(items.map { ($0.patientID, $0.label) }, uniquingKeysWith: { a, _ in a })
        var out = items
        for (k, p) in patients.enumerated() {
            let next = label[patients[(k + 1) % patients.count]]!
            for i in out.indices where out[i].patientID == p { out[i].label = next }
        }
        return out
    }

    @Test func permutingTestLabelsLeavesTestPredictionsUnchanged() throws {
        let (x, items) = Self.data()
        let plan = try FoldPlan(items: items, folds: 5, seed: 11)
        let base = try RadiomicsClassifier.crossValidate(x: x, items: items, plan: plan, classes: 5, options: Self.options)
        for f in 0..<plan.foldCount {
            let test = plan.test(fold: f)
            let permuted = Self.rotatingLabels(items, of: test)
            #expect(zip(permuted, items).contains { $0.label != $1.label })
            let again = try RadiomicsClassifier.crossValidate(x: x, items: permuted, plan: plan, classes: 5, options: Self.options)
            for i in test { #expect(again.probabilities[i] == base.probabilities[i], "fold \(f + 1), study \(i)") }
            #expect(again.models[f].l2 == base.models[f].l2)
            #expect(again.models[f].selected == base.models[f].selected)
        }
    }

    /// The control: permuting training labels does change the test predictions, so the test
    /// above would see a leak.
    @Test func permutingTrainingLabelsChangesTestPredictions() throws {
        let (x, items) = Self.data()
        let plan = try FoldPlan(items: items, folds: 5, seed: 11)
        let base = try RadiomicsClassifier.crossValidate(x: x, items: items, plan: plan, classes: 5, options: Self.options)
        let training = plan.test(fold: 1) + plan.test(fold: 2)
        let again = try RadiomicsClassifier.crossValidate(x: x, items: Self.rotatingLabels(items, of: training), plan: plan,
                                                          classes: 5, options: Self.options)
        #expect(plan.test(fold: 0).contains { again.probabilities[$0] != base.probabilities[$0] })
    }

    @Test func learnsTheSignalAndImputesInFold() throws {
        let (x, items) = Self.data()
        let plan = try FoldPlan(items: items, folds: 5, seed: 11)
        let result = try RadiomicsClassifier.crossValidate(x: x, items: items, plan: plan, classes: 5, options: Self.options)
        #expect(result.probabilities.allSatisfy { $0 != nil && $0!.allSatisfy(\.isFinite) })
        var correct = 0
        for (i, p) in result.probabilities.enumerated() where p!.firstIndex(of: p!.max()!) == items[i].label { correct += 1 }
        #expect(correct >= 20, "top-1 \(correct)/60 should be well above chance (12)")
        // The strongest features are the informative ones.
        #expect(result.models.allSatisfy { $0.selected.contains(0) && $0.selected.contains(1) })
        // Imputation uses the training rows' mean of column 4.
        let model = result.models[0]
        let training = (0..<60).filter { !plan.test(fold: 0).contains($0) && x[$0][4].isFinite }
        let mean = training.reduce(0.0) { $0 + x[$1][4] } / Double(training.count)
        #expect(abs(model.means[4] - mean) < 1e-12)
    }
}
