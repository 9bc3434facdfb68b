import Statistics
import Vocabulary

/// How well the class can be predicted from acquisition facts alone — which modalities were
/// acquired, the scanner, the slice thickness — without any image content. If that comes close to
/// the model's AUC, the model may be reading the acquisition rather than the tumour (the paper's
/// Breast cases are almost all T1 CE only, Table 1, which is exactly this risk).
///
/// Method: multinomial logistic regression (L2, Newton) on those facts, evaluated out of fold.
/// The folds are the predictions' own `fold` column when it has at least two folds and no
/// patient in two folds; otherwise seeded folds stratified by class and grouped by patient.
public struct ShortcutAudit: Sendable, Codable {
    /// Feature names used (after dropping constant ones).
    public var features: [String]
    /// How the folds were chosen.
    public var folds: String
    public var foldCount: Int
    /// Out-of-fold AUCs of the acquisition-only model.
    public var perClass: [AUCSummary]
    public var macro: AUCSummary
    /// The model's macro AUC it is compared with.
    public var modelMacroAUC: Double?
    /// The flag margin: flagged when an audit AUC ≥ the model's AUC − margin, and the audit AUC
    /// itself exceeds 0.5 + margin (acquisition facts that predict nothing flag nothing, however
    /// weak the model).
    public var margin: Double
    /// The model's per-class AUCs it is compared with (class order).
    public var modelPerClassAUC: [Double?]
    /// Audit macro AUC ≥ model macro AUC − margin.
    public var macroFlagged: Bool
    /// Classes whose audit AUC ≥ the model's AUC for that class − margin (display names).
    public var flaggedClasses: [String]
    /// Macro or any class flagged.
    public var flagged: Bool
    /// Plain-language verdict for the report.
    public var verdict: String

    public static let defaultMargin = 0.05
    public static let method = "multinomial logistic regression (L2 = 1, Newton's method) on acquisition facts only, "
        + "out-of-fold probabilities"

    public init(_ predictions: Predictions, modelMacroAUC: Double?, modelPerClassAUC: [Double?] = [],
                seed: UInt64, folds requestedFolds: Int = 5,
                margin: Double = ShortcutAudit.defaultMargin, bootstrap: PatientBootstrap?, level: Double = 0.95) {
        let (matrix, names) = Self.features(predictions)
        features = names
        self.modelMacroAUC = modelMacroAUC
        self.modelPerClassAUC = modelPerClassAUC
        self.margin = margin
        let (assignment, description) = Self.folds(predictions, requested: requestedFolds, seed: seed)
        folds = description
        foldCount = Set(assignment).count
        // Out-of-fold probabilities.
        var probabilities = [[Double]](repeating: [Double](repeating: 0.2, count: PrimarySite.count),
                                       count: predictions.count)
        let labels = predictions.labels.map(\.index)
        for fold in Set(assignment).sorted() {
            let train = predictions.rows.indices.filter { assignment[$0] != fold }
            let model = MultinomialLogisticRegression(features: train.map { matrix[$0] },
                                                      labels: train.map { labels[$0] },
                                                      classCount: PrimarySite.count)
            for i in predictions.rows.indices where assignment[i] == fold { probabilities[i] = model.probabilities(matrix[i]) }
        }
        let rows = predictions.rows.enumerated().map { i, row in
            PredictionRow(studyID: row.studyID, patientID: row.patientID, fold: assignment[i], label: row.label,
                          probabilities: probabilities[i].map { min(1, max(0, $0)) })
        }
        let outOfFold = (try? Predictions(rows: rows))
        if let outOfFold {
            let aucs = OneVsRestAUCs(outOfFold, bootstrap: bootstrap, level: level)
            perClass = aucs.perClass
            macro = aucs.macro
        } else {
            perClass = []
            macro = AUCSummary(name: "Macro average", auc: nil, positives: nil, negatives: nil, influence: nil,
                               bootstrap: nil)
        }
        var classes: [String] = []
        for (k, summary) in perClass.enumerated() where k < modelPerClassAUC.count {
            if let a = summary.auc, let m = modelPerClassAUC[k], a >= m - margin, a > 0.5 + margin {
                classes.append(summary.name)
            }
        }
        flaggedClasses = classes
        if let audit = macro.auc, let model = modelMacroAUC {
            macroFlagged = audit >= model - margin && audit > 0.5 + margin
            verdict = macroFlagged
                ? "WARNING: acquisition facts alone reach macro AUC \(Format.fixed(audit)), within \(Format.fixed(margin, 2)) "
                    + "of (or above) the model's \(Format.fixed(model)). The model's accuracy may come from how studies "
                    + "were acquired rather than from the images."
                : audit >= model - margin
                ? "Acquisition facts alone reach macro AUC \(Format.fixed(audit)), close to the model's "
                    + "\(Format.fixed(model)), but both are near chance: no shortcut to flag."
                : "Acquisition facts alone reach macro AUC \(Format.fixed(audit)), more than \(Format.fixed(margin, 2)) "
                    + "below the model's \(Format.fixed(model))."
        } else {
            macroFlagged = false
            verdict = "The audit AUC could not be computed (a class without studies)."
        }
        if !classes.isEmpty {
            verdict += (macroFlagged ? " " : " WARNING: ") + "For " + classes.joined(separator: ", ")
                + " the acquisition-only AUC is within \(Format.fixed(margin, 2)) of (or above) the model's AUC for that "
                + "class: its accuracy there may be a shortcut."
        }
        flagged = macroFlagged || !classes.isEmpty
        if names.isEmpty {
            verdict += " No acquisition fact varies in this table, so the audit has nothing to learn from."
        }
    }

    /// The design matrix: acquired-modality flags, scanner one-hot, standardised slice thickness
    /// with a missing indicator; columns that are constant over the table are dropped.
    static func features(_ predictions: Predictions) -> ([[Double]], [String]) {
        let rows = predictions.rows
        var columns: [(String, [Double])] = [
            ("t1ce_acquired", rows.map { $0.t1ceState == .real ? 1 : 0 }),
            ("flair_acquired", rows.map { $0.flairState == .real ? 1 : 0 }),
        ]
        let scanners = Set(rows.map { $0.scanner ?? "unknown" }).sorted()
        // One level is the reference, so the one-hot block is not collinear with the intercept.
        for name in scanners.dropFirst() {
            columns.append(("scanner=" + name, rows.map { ($0.scanner ?? "unknown") == name ? 1 : 0 }))
        }
        let known = rows.compactMap(\.sliceThickness)
        if !known.isEmpty {
            let mean = known.reduce(0, +) / Double(known.count)
            let sd = (known.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(known.count)).squareRoot()
            columns.append(("slice_thickness_z", rows.map { r in r.sliceThickness.map { sd > 0 ? ($0 - mean) / sd : 0 } ?? 0 }))
            columns.append(("slice_thickness_missing", rows.map { $0.sliceThickness == nil ? 1 : 0 }))
        }
        columns = columns.filter { _, values in values.contains { $0 != values[0] } }
        let matrix = rows.indices.map { i in columns.map { $0.1[i] } }
        return (matrix, columns.map(\.0))
    }

    /// Fold of each study, and a description of where the folds came from.
    static func folds(_ predictions: Predictions, requested: Int, seed: UInt64) -> ([Int], String) {
        if let given = predictions.patientGroupedFolds {
            return (given, "the predictions' own folds (\(Set(given).count), grouped by patient)")
        }
        let assignment = PatientFolds.stratifiedRoundRobin(patientIDs: predictions.rows.map(\.patientID),
                                                           labels: predictions.labels, folds: requested, seed: seed)
        let why = Set(predictions.rows.map(\.fold)).count < 2 ? "the table has fewer than two folds"
            : "the table's folds split patients"
        return (assignment, "\(requested) seeded folds stratified by class and grouped by patient (seed \(seed)); \(why)")
    }
}
