import Statistics

/// The statistics of one binary task of Table 6, from its out-of-fold predictions: the AUC of
/// P(first) with DeLong and patient-bootstrap intervals, and accuracy, sensitivity and
/// specificity of the classifier's own decision (the more probable of the two classes).
public struct BinaryTaskMetrics: Sendable, Codable {
    /// `lung-vs-breast`, …
    public var task: String
    /// The positive class (Table 6's row) and the negative one (its column).
    public var positiveClass: MergedSite
    public var negativeClass: MergedSite
    public var studies: Int
    public var patients: Int
    public var folds: Int
    /// AUC of P(positive class); `positives`/`negatives` are the study counts of the two classes.
    public var auc: AUCSummary
    public var rocCurve: ROCCurve?
    /// Decision counts with the positive class predicted when P(first) ≥ P(second).
    public var truePositives: Int
    public var falseNegatives: Int
    public var trueNegatives: Int
    public var falsePositives: Int

    /// Share of studies classified correctly.
    public var accuracy: Double?
    /// Recall of the positive class.
    public var sensitivity: Double?
    /// Recall of the negative class.
    public var specificity: Double?

    /// Computes every statistic; the patient bootstrap draws the task's own patients, seeded with
    /// `seed` and `resamples` (0 skips it).
    public init(_ predictions: BinaryPredictions, resamples: Int, seed: UInt64, level: Double = 0.95) {
        let task = predictions.task
        let scores = predictions.scores, positive = predictions.positive
        self.task = task.slug
        positiveClass = task.first
        negativeClass = task.second
        studies = predictions.count
        patients = predictions.patientCount
        folds = Set(predictions.rows.map(\.fold)).count
        let bootstrap = PatientBootstrap(patientIDs: predictions.rows.map(\.patientID), resamples: resamples, seed: seed)
        let boot = bootstrap.run(tasks: [AUCTask(scores: scores, positive: positive)], statistics: [.auc(task: 0)],
                                 level: level).first
        let positives = positive.filter { $0 }.count
        auc = AUCSummary(name: task.description, auc: Ranks.mannWhitneyAUC(scores: scores, positive: positive), positives: positives,
                         negatives: studies - positives,
                         influence: DeLong.influence(scores: scores, positive: positive),
                         bootstrap: resamples > 0 ? boot : nil, level: level)
        rocCurve = ROC.curve(scores: scores, positive: positive)
        var tp = 0, fn = 0, tn = 0, fp = 0
        for row in predictions.rows {
            let saysFirst = row.probabilities[0] >= row.probabilities[1]
            switch (task.classIndex(of: row.label) == 0, saysFirst) {
            case (true, true): tp += 1
            case (true, false): fn += 1
            case (false, false): tn += 1
            case (false, true): fp += 1
            }
        }
        truePositives = tp; falseNegatives = fn; trueNegatives = tn; falsePositives = fp
        func ratio(_ a: Int, _ b: Int) -> Double? { b > 0 ? Double(a) / Double(b) : nil }
        accuracy = ratio(tp + tn, studies)
        sensitivity = ratio(tp, tp + fn)
        specificity = ratio(tn, tn + fp)
    }
}
