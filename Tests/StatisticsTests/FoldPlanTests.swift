import Testing
@testable import Statistics

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
