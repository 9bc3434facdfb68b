/// One study as cross-validation sees it: who it belongs to and its class.
public struct FoldItem: Hashable, Sendable {
    public var studyID: String
    public var patientID: String
    /// Class index (0..<classCount).
    public var label: Int
    public init(studyID: String, patientID: String, label: Int) {
        self.studyID = studyID
        self.patientID = patientID
        self.label = label
    }
}

/// Why a fold plan cannot be made.
public enum FoldPlanError: Error, Equatable, CustomStringConvertible {
    case tooFewPatients(patients: Int, folds: Int)
    case inconsistentLabel(patientID: String)
    case invalidFoldCount(Int)

    public var description: String {
        switch self {
        case .tooFewPatients(let p, let k): return "cannot make \(k) folds from \(p) patients"
        case .inconsistentLabel(let id): return "patient \(id) has studies with different primary sites"
        case .invalidFoldCount(let k): return "fold count must be at least 2, got \(k)"
        }
    }
}

/// K-fold cross-validation stratified by class and grouped by patient: every study of a patient
/// lands in the same fold, so no patient is ever in both training and test. (The paper does not
/// say it grouped by patient; with patients who have several studies, not doing so leaks.)
///
/// Patients are shuffled with `seed` within each class and dealt, largest patients first, to the
/// fold that currently has the fewest studies of that class — a greedy version of scikit-learn's
/// StratifiedGroupKFold that keeps class proportions close across folds.
public struct FoldPlan: Sendable, Equatable {
    /// `folds[f]` holds the indices (into the input items) of the studies tested in fold f.
    public let folds: [[Int]]
    /// For each fold, the training studies held out for early stopping (inner validation).
    public let innerValidation: [[Int]]
    public let itemCount: Int

    /// - Parameters:
    ///   - validationFraction: share of each fold's training patients held out for early stopping.
    public init(items: [FoldItem], folds k: Int, seed: UInt64, validationFraction: Double = 0.1) throws(FoldPlanError) {
        guard k >= 2 else { throw .invalidFoldCount(k) }
        let patients = FoldPlan.groupByPatient(items)
        guard patients.count >= k else { throw .tooFewPatients(patients: patients.count, folds: k) }
        for p in patients where Set(p.studies.map { items[$0].label }).count > 1 {
            throw .inconsistentLabel(patientID: p.id)
        }
        var rng = SplitMix64(seed: seed)
        let assignment = FoldPlan.deal(patients, items: items, buckets: k, rng: &rng)
        var folds = Array(repeating: [Int](), count: k)
        for (p, f) in zip(patients, assignment) { folds[f] += p.studies }
        self.folds = folds.map { $0.sorted() }
        self.itemCount = items.count

        // Inner validation: from the other folds' patients, a stratified share held out.
        var inner: [[Int]] = []
        for f in 0..<k {
            let trainPatients = zip(patients, assignment).filter { $0.1 != f }.map(\.0)
            var innerRng = SplitMix64(seed: seed &+ 0x5EED &+ UInt64(f))
            let buckets = max(2, Int((1 / max(validationFraction, 1e-6)).rounded()))
            let a = FoldPlan.deal(trainPatients, items: items, buckets: buckets, rng: &innerRng)
            inner.append(zip(trainPatients, a).filter { $0.1 == 0 }.flatMap(\.0.studies).sorted())
        }
        self.innerValidation = inner
    }

    public var foldCount: Int { folds.count }

    /// Training studies of fold f: everything not tested in f and not held out for validation.
    public func training(fold f: Int) -> [Int] {
        let excluded = Set(folds[f]).union(innerValidation[f])
        return (0..<itemCount).filter { !excluded.contains($0) }
    }
    public func test(fold f: Int) -> [Int] { folds[f] }
    public func validation(fold f: Int) -> [Int] { innerValidation[f] }

    /// The fold each study is tested in.
    public var foldOfItem: [Int] {
        var out = Array(repeating: -1, count: itemCount)
        for (f, idx) in folds.enumerated() { for i in idx { out[i] = f } }
        return out
    }

    struct Patient { var id: String; var studies: [Int]; var label: Int }

    static func groupByPatient(_ items: [FoldItem]) -> [Patient] {
        var order: [String] = []
        var byID: [String: [Int]] = [:]
        for (i, item) in items.enumerated() {
            if byID[item.patientID] == nil { order.append(item.patientID) }
            byID[item.patientID, default: []].append(i)
        }
        return order.map { Patient(id: $0, studies: byID[$0]!, label: items[byID[$0]![0]].label) }
    }

    /// Assigns each patient a bucket, balancing per-class study counts across buckets.
    static func deal(_ patients: [Patient], items: [FoldItem], buckets: Int, rng: inout SplitMix64) -> [Int] {
        var order = Array(patients.indices)
        order.shuffle(using: &rng)
        // Stable sort by class, then by size (largest first) so big patients are placed early.
        order.sort { a, b in
            let pa = patients[a], pb = patients[b]
            if pa.label != pb.label { return pa.label < pb.label }
            return pa.studies.count > pb.studies.count
        }
        var classCounts: [Int: [Int]] = [:]
        var totals = Array(repeating: 0, count: buckets)
        var result = Array(repeating: 0, count: patients.count)
        for p in order {
            let label = patients[p].label
            var counts = classCounts[label] ?? Array(repeating: 0, count: buckets)
            // Fewest of this class, then fewest overall, then lowest index.
            let best = (0..<buckets).min { a, b in
                (counts[a], totals[a], a) < (counts[b], totals[b], b)
            }!
            result[p] = best
            counts[best] += patients[p].studies.count
            totals[best] += patients[p].studies.count
            classCounts[label] = counts
        }
        return result
    }
}
