/// Seeded patient-grouped fold assignments simpler than `FoldPlan` (no inner validation, no
/// balancing by study count), each the rule one stage's recorded results depend on. Every study
/// of a patient lands in the same fold.
public enum PatientFolds {
    /// Patients to `folds` folds (at least 2) by a seeded shuffle of the distinct patient ids,
    /// sorted first so the input order does not matter; returns the fold of each row. Not
    /// stratified: the cohort's oracle uses it when no cross-validation's folds are given.
    public static func shuffled(_ groups: [String], folds: Int, seed: UInt64) -> [Int] {
        var patients = Array(Set(groups)).sorted()
        var random = SplitMix64(seed: seed, stream: 0x0AC1E)
        random.shuffle(&patients)
        var foldOf: [String: Int] = [:]
        for (i, p) in patients.enumerated() { foldOf[p] = i % max(folds, 2) }
        return groups.map { foldOf[$0] ?? 0 }
    }

    /// Stratified by class: each patient (with the class of its first study) is shuffled within
    /// its class, classes in ascending order, by Fisher–Yates on `Xoshiro256StarStar` with
    /// Lemire's bounded draws, and dealt round-robin to the folds; returns the fold of each row.
    /// Evaluation's shortcut audit uses it when a predictions table has no usable folds.
    public static func stratifiedRoundRobin<Label: Comparable & Hashable>(
        patientIDs: [String], labels: [Label], folds: Int, seed: UInt64
    ) -> [Int] {
        var classOf: [String: Label] = [:]
        for (id, label) in zip(patientIDs, labels) where classOf[id] == nil { classOf[id] = label }
        var generator = Xoshiro256StarStar(seed: seed)
        var foldOf: [String: Int] = [:]
        var next = 0
        for label in Set(classOf.values).sorted() {
            var patients = classOf.filter { $0.value == label }.map(\.key).sorted()
            for i in stride(from: patients.count - 1, to: 0, by: -1) {
                patients.swapAt(i, generator.lemireIndex(below: i + 1))
            }
            for id in patients { foldOf[id] = next % max(1, folds); next += 1 }
        }
        return patientIDs.map { foldOf[$0] ?? 0 }
    }
}
