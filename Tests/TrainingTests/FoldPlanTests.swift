import Testing
@testable import Training

@Suite struct FoldPlanTests {
    /// 60 patients, some with several studies, five classes with the paper's imbalance.
    static func cohort() -> [FoldItem] {
        var items: [FoldItem] = []
        let perClass = [30, 6, 12, 6, 6]
        var p = 0
        for (label, n) in perClass.enumerated() {
            for _ in 0..<n {
                let studies = p % 7 == 0 ? 2 : 1
                for s in 0..<studies { items.append(FoldItem(studyID: "s\(p)-\(s)", patientID: "p\(p)", label: label)) }
                p += 1
            }
        }
        return items
    }

    @Test func noPatientIsInTwoFolds() throws {
        let items = Self.cohort()
        let plan = try FoldPlan(items: items, folds: 5, seed: 7)
        var foldOfPatient: [String: Int] = [:]
        for (f, fold) in plan.folds.enumerated() {
            for i in fold {
                let p = items[i].patientID
                if let seen = foldOfPatient[p] { #expect(seen == f, "patient \(p) in folds \(seen) and \(f)") }
                foldOfPatient[p] = f
            }
        }
        #expect(plan.folds.flatMap { $0 }.sorted() == Array(items.indices))
    }

    @Test func trainingValidationAndTestAreDisjointAndGrouped() throws {
        let items = Self.cohort()
        let plan = try FoldPlan(items: items, folds: 5, seed: 3, validationFraction: 0.2)
        for f in 0..<5 {
            let train = Set(plan.training(fold: f)), val = Set(plan.validation(fold: f)), test = Set(plan.test(fold: f))
            #expect(train.isDisjoint(with: val) && train.isDisjoint(with: test) && val.isDisjoint(with: test))
            #expect(train.count + val.count + test.count == items.count)
            #expect(!val.isEmpty)
            let patients = { (s: Set<Int>) in Set(s.map { items[$0].patientID }) }
            #expect(patients(train).isDisjoint(with: patients(test)))
            #expect(patients(train).isDisjoint(with: patients(val)))
        }
    }

    @Test func foldsAreStratified() throws {
        let items = Self.cohort()
        let plan = try FoldPlan(items: items, folds: 5, seed: 11)
        for label in 0..<5 {
            let counts = plan.folds.map { $0.filter { items[$0].label == label }.count }
            #expect(counts.max()! - counts.min()! <= 2, "class \(label) counts per fold \(counts)")
        }
    }

    @Test func sameSeedSamePlanDifferentSeedDifferentPlan() throws {
        let items = Self.cohort()
        #expect(try FoldPlan(items: items, folds: 5, seed: 1) == FoldPlan(items: items, folds: 5, seed: 1))
        #expect(try FoldPlan(items: items, folds: 5, seed: 1) != FoldPlan(items: items, folds: 5, seed: 2))
    }

    @Test func impossiblePlansAreErrors() {
        let items = [FoldItem(studyID: "a", patientID: "p", label: 0), FoldItem(studyID: "b", patientID: "q", label: 1)]
        #expect(throws: FoldPlanError.tooFewPatients(patients: 2, folds: 3)) { try FoldPlan(items: items, folds: 3, seed: 0) }
        #expect(throws: FoldPlanError.invalidFoldCount(1)) { try FoldPlan(items: items, folds: 1, seed: 0) }
        let mixed = [FoldItem(studyID: "a", patientID: "p", label: 0), FoldItem(studyID: "b", patientID: "p", label: 1),
                     FoldItem(studyID: "c", patientID: "q", label: 1)]
        #expect(throws: FoldPlanError.inconsistentLabel(patientID: "p")) { try FoldPlan(items: mixed, folds: 2, seed: 0) }
    }
}

@Suite struct SamplerTests {
    @Test func epochFollowsThePaperShares() {
        // Lung dominates the data; the epoch must still be 35/15/20/15/15.
        let labels = Array(repeating: 0, count: 500) + Array(repeating: 1, count: 20) + Array(repeating: 2, count: 80)
            + Array(repeating: 3, count: 10) + Array(repeating: 4, count: 15)
        let sampler = ClassSampler(fractions: ClassSampler.paperFractions, epochSize: 1000)
        let epoch = sampler.epoch(labels: labels, epoch: 0, seed: 5)
        #expect(epoch.count == 1000)
        let counts = (0..<5).map { c in epoch.filter { labels[$0] == c }.count }
        #expect(counts == [350, 150, 200, 150, 150])
        // Over-sampled classes repeat each study evenly (every Renal study 15 times).
        let renal = epoch.filter { labels[$0] == 3 }
        #expect(Set((0..<10).map { k in renal.filter { $0 == 600 + k }.count }) == [15])
    }

    @Test func epochsDifferButAreReproducible() {
        let labels = (0..<100).map { $0 % 5 }
        let s = ClassSampler(fractions: ClassSampler.paperFractions, epochSize: 100)
        #expect(s.epoch(labels: labels, epoch: 3, seed: 1) == s.epoch(labels: labels, epoch: 3, seed: 1))
        #expect(s.epoch(labels: labels, epoch: 3, seed: 1) != s.epoch(labels: labels, epoch: 4, seed: 1))
    }

    @Test func absentClassSharesAreRedistributed() {
        let labels = Array(repeating: 0, count: 10) + Array(repeating: 2, count: 10)
        let epoch = ClassSampler(fractions: ClassSampler.paperFractions, epochSize: 110).epoch(labels: labels, epoch: 0, seed: 0)
        // 35 : 20 of 110.
        #expect(epoch.filter { labels[$0] == 0 }.count == 70)
        #expect(epoch.filter { labels[$0] == 2 }.count == 40)
    }
}

@Suite struct ScheduleTests {
    @Test func earlyStoppingNeedsOnePercent() {
        var s = EarlyStopping(patience: 3, minRelativeImprovement: 0.01)
        let first = s.record(loss: 1.0, epoch: 0)
        let second = s.record(loss: 0.995, epoch: 1)  // only 0.5 % better
        let third = s.record(loss: 0.999, epoch: 2)
        #expect(first && !second && !third)
        #expect(!s.shouldStop)
        let fourth = s.record(loss: 0.991, epoch: 3)
        #expect(!fourth)
        #expect(s.shouldStop)
        #expect(s.bestEpoch == 0)
    }

    @Test func paperLearningRate() {
        let lr = PaperLearningRate()
        #expect(lr.rate(epoch: 0) == 1e-5)
        #expect(lr.rate(epoch: 59) == 1e-5)
        #expect(lr.rate(epoch: 60) == 5e-6)
        #expect(lr.rate(epoch: 75) == 2.5e-6)
    }

    @Test func classWeightsUndoTheSampling() {
        let w = ClassifierTrainingOptions().classWeights
        let shares = ClassSampler.paperFractions
        for (wi, si) in zip(w, shares) { #expect(abs(wi * si - 0.2) < 1e-12) }
    }
}
