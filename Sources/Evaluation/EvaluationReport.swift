import Foundation
import Vocabulary

/// What the caller decides about an evaluation.
public struct EvaluationOptions: Sendable {
    /// Seed of the patient bootstrap and of the shortcut audit's folds (when it makes its own).
    public var seed: UInt64
    /// Bootstrap resamples (2,000 in the protocol).
    public var resamples: Int
    public var confidenceLevel: Double
    /// The cross-validation design in words, printed in the report as given, e.g. "10-fold,
    /// stratified by class, grouped by patient — the paper does not state patient grouping; we
    /// enforce it". `nil` when unknown (e.g. evaluating another model's predictions).
    public var crossValidationDesign: String?
    /// Name of the evaluated predictions in Table 5 (the full model).
    public var referenceName: String
    /// Ablated configurations (Table 5), evaluated against the reference on the same studies.
    public var ablations: [(name: String, predictions: Predictions)]
    /// Shortcut-audit flag margin (0.05).
    public var auditMargin: Double
    /// Where the predictions came from (shown in the report).
    public var source: String?
    /// Ceilings to print beside the model's macro AUC (e.g. a synthetic cohort's oracle).
    public var ceilings: [ReferenceCeiling] = []

    public init(seed: UInt64 = 20_240_601, resamples: Int = PatientBootstrap.defaultResamples,
                confidenceLevel: Double = 0.95, crossValidationDesign: String? = nil,
                referenceName: String = "Full model", ablations: [(name: String, predictions: Predictions)] = [],
                auditMargin: Double = ShortcutAudit.defaultMargin, source: String? = nil) {
        self.seed = seed; self.resamples = resamples; self.confidenceLevel = confidenceLevel
        self.crossValidationDesign = crossValidationDesign; self.referenceName = referenceName
        self.ablations = ablations; self.auditMargin = auditMargin; self.source = source
    }
}

/// Every metric of a cross-validation's predictions, ready for `metrics.json`, `report.html` and
/// the terminal. Each interval carries the name of the method that produced it.
public struct EvaluationReport: Sendable, Codable {
    public struct Design: Sendable, Codable {
        public var source: String?
        public var crossValidation: String?
        public var studies: Int
        public var patients: Int
        public var folds: Int
        /// Studies per class, keyed by class name.
        public var classCounts: [String: Int]
        /// How the inputs reached the model, e.g. "t1ce=real flair=synthetic prob_map=1": count.
        public var inputStates: [String: Int]
        public var seed: UInt64
        public var bootstrapResamples: Int
        public var confidenceLevel: Double
        /// Patients held out in more than one fold (leakage: a fold's model saw another study of
        /// the patient it is tested on); empty for a patient-grouped cross-validation.
        public var leakedPatients: [String]
    }

    /// The names of the methods behind each figure, for readers of metrics.json.
    public struct Methods: Sendable, Codable {
        public var auc = "one-vs-rest ROC AUC, Mann–Whitney statistic with ties counted 1/2"
        public var macroAUC = "unweighted mean of the five one-vs-rest AUCs"
        public var deLongInterval = ConfidenceInterval.Method.deLong.rawValue
            + "; macro-average variance includes covariances between class AUCs; interval clipped to [0, 1]"
        public var bootstrapInterval = ConfidenceInterval.Method.patientBootstrap.rawValue
            + " (patients drawn with replacement with all their studies; seeded)"
        public var ablationTest = AblationTable.testMethod
        public var ablationBootstrap = AblationTable.bootstrapMethod
        public var pairwise = PairwiseAUCs.definition
        public var calibration = "expected calibration error over equal-width bins of the maximum probability"
        public var shortcutAudit = ShortcutAudit.method
        public var topK = "true class among the k most probable classes; ties broken by class order"
    }

    public var design: Design
    public var methods = Methods()
    /// Table 4: per-class AUCs with both intervals.
    public var perClassAUC: [AUCSummary]
    public var macroAUC: AUCSummary
    public var prevalenceWeightedAUC: AUCSummary
    public var microAUC: Double?
    public var rocCurves: [String: ROCCurve]
    public var confusionMatrix: ConfusionMatrix
    public var accuracy: Double?
    public var balancedAccuracy: Double?
    public var topK: TopKAccuracy
    public var calibration: Calibration
    /// Table 6 (derived from the five-class probabilities; see `methods.pairwise`).
    public var pairwise: PairwiseAUCs
    /// Table 6 as the paper made it — separately trained binary classifiers — when their
    /// predictions were given (`metorigin cv --binary`, `metorigin evaluate --binary`).
    public var binaryTasks: BinaryTaskReport?
    /// Table 5, when ablations were given.
    public var ablations: AblationTable?
    public var shortcutAudit: ShortcutAudit
    /// Ceilings the caller supplied (`EvaluationOptions.ceilings`); `nil` when there were none.
    public var ceilings: [ReferenceCeiling]?
    /// The strongest features per class of a feature-based model; `nil` for other models.
    public var explanation: FeatureExplanation?
    /// Caveats the reader must see next to the numbers.
    public var notes: [String]

    /// Computes every metric of `predictions`.
    public init(predictions: Predictions, options: EvaluationOptions = EvaluationOptions()) throws(EvaluationError) {
        let level = options.confidenceLevel
        guard level > 0, level < 1 else { throw .invalidInput("confidence level \(level) is not in (0, 1)") }
        guard options.resamples >= 0 else { throw .invalidInput("bootstrap resamples must not be negative") }
        let bootstrap = PatientBootstrap(patientIDs: predictions.rows.map(\.patientID), resamples: options.resamples,
                                         seed: options.seed)
        let counts = predictions.classCounts
        var states: [String: Int] = [:]
        for row in predictions.rows {
            let key = "t1ce=\(row.t1ceState.rawValue) flair=\(row.flairState.rawValue) prob_map=\(row.probabilityMapUsed ? 1 : 0)"
            states[key, default: 0] += 1
        }
        let classCounts = Dictionary(uniqueKeysWithValues: PrimarySite.allCases.map { ($0.rawValue, counts[$0.index]) })
        design = Design(source: options.source, crossValidation: options.crossValidationDesign,
                        studies: predictions.count, patients: predictions.patientCount,
                        folds: Set(predictions.rows.map(\.fold)).count, classCounts: classCounts,
                        inputStates: states, seed: options.seed, bootstrapResamples: options.resamples,
                        confidenceLevel: level, leakedPatients: predictions.patientsInSeveralFolds)
        let aucs = OneVsRestAUCs(predictions, bootstrap: bootstrap, level: level)
        perClassAUC = aucs.perClass
        macroAUC = aucs.macro
        prevalenceWeightedAUC = aucs.prevalenceWeighted
        microAUC = aucs.micro
        var curves: [String: ROCCurve] = [:]
        for site in PrimarySite.allCases { if let c = aucs.curves[site.index] { curves[site.rawValue] = c } }
        if let m = aucs.macroCurve { curves["macro"] = m }
        rocCurves = curves
        confusionMatrix = ConfusionMatrix(predictions)
        accuracy = confusionMatrix.accuracy
        balancedAccuracy = confusionMatrix.balancedAccuracy
        topK = TopKAccuracy(predictions)
        calibration = Calibration(predictions)
        pairwise = PairwiseAUCs(predictions, bootstrap: bootstrap, level: level)
        ablations = options.ablations.isEmpty ? nil
            : try AblationTable(reference: (options.referenceName, predictions), ablations: options.ablations,
                                seed: options.seed, resamples: options.resamples, level: level)
        shortcutAudit = ShortcutAudit(predictions, modelMacroAUC: aucs.macro.auc,
                                      modelPerClassAUC: aucs.perClass.map(\.auc), seed: options.seed,
                                      margin: options.auditMargin, bootstrap: bootstrap, level: level)
        ceilings = options.ceilings.isEmpty ? nil : options.ceilings
        notes = Self.notes(predictions: predictions, aucs: aucs, design: design)
    }

    static func notes(predictions: Predictions, aucs: OneVsRestAUCs, design: Design) -> [String] {
        var notes: [String] = []
        if !design.leakedPatients.isEmpty {
            notes.append(Self.leakageWarning(design.leakedPatients))
        }
        if design.crossValidation == nil {
            notes.append("The cross-validation design was not supplied; whether folds were grouped by patient is unknown.")
        }
        if design.patients < design.studies {
            notes.append("\(design.studies) studies come from \(design.patients) patients. DeLong's intervals treat "
                + "studies as independent and may be too narrow; the patient-level bootstrap does not.")
        }
        notes.append("The paper's \"Overall\" AUC (0.878) exceeds the mean of its own per-class AUCs (0.853), so it "
            + "is not the macro average; it may be a micro or prevalence-weighted average. We report the macro "
            + "average as the headline and give the micro and prevalence-weighted averages for comparison.")
        let empty = PrimarySite.allCases.filter { predictions.classCounts[$0.index] < 2 }
        if !empty.isEmpty {
            notes.append("Fewer than two studies of " + empty.map(\.displayName).joined(separator: ", ")
                + ": those AUCs or their DeLong intervals are undefined, and so is the macro average.")
        }
        let unnormalised = predictions.rows.filter { abs($0.probabilities.reduce(0, +) - 1) > 1e-3 }.count
        if unnormalised > 0 {
            let which = unnormalised == 1 ? "1 study" : "\(unnormalised) studies"
            notes.append("For \(which) the five probabilities do not sum to 1 (±0.001); AUCs are "
                + "unaffected, but top-k ties, calibration and the pairwise renormalisation use them as given.")
        }
        if aucs.perClass.contains(where: { ($0.bootstrap?.validResamples ?? 0) < ($0.bootstrap?.resamples ?? 0) }) {
            notes.append("Some bootstrap resamples lacked a class and were skipped; the valid counts are in metrics.json.")
        }
        return notes
    }

    /// The warning for patients held out in several folds, naming the first few.
    static func leakageWarning(_ patients: [String]) -> String {
        let named = patients.prefix(5).joined(separator: ", ") + (patients.count > 5 ? ", …" : "")
        return "LEAKAGE: \(patients.count) patient(s) have studies in more than one fold (\(named)): each fold's model "
            + "was trained on other studies of patients it is tested on, so every metric here is optimistic."
    }

    // MARK: output

    /// metrics.json: pretty-printed, keys sorted, so runs with the same inputs give identical files.
    public func json() throws(EvaluationError) -> String { try OutputFile.json(self) }

    /// Writes metrics.json, report.html and the figures (as .svg) into `directory`, each atomically;
    /// returns the paths written.
    @discardableResult
    public func write(to directory: String) throws(EvaluationError) -> [String] {
        try OutputFile.write([("metrics.json", try json())] + figures().map { ($0.0 + ".svg", $0.1) }
            + [("report.html", html())], into: directory)
    }

    /// The figures by file stem, in report order.
    public func figures() -> [(String, String)] {
        var out: [(String, String)] = []
        out.append(("fig7a_confusion", Plots.confusion(confusionMatrix, title: "Confusion matrix (top-1)")))
        var series = PrimarySite.allCases.compactMap { site in
            rocCurves[site.rawValue].map {
                Plots.ROCSeries(label: "\(site.displayName) (AUC \(Format.fixed(perClassAUC[site.index].auc)))", curve: $0)
            }
        }
        if let macro = rocCurves["macro"] {
            series.append(Plots.ROCSeries(label: "Macro (AUC \(Format.fixed(macroAUC.auc)))", curve: macro, dashed: true))
        }
        out.append(("fig7b_roc", Plots.roc(series, title: "One-vs-rest ROC curves")))
        out.append(("fig7c_topk", Plots.topK(topK, title: "Top-k accuracy per class")))
        if let ablations {
            let curves = ablations.rows.compactMap { row in
                row.macroCurve.map {
                    Plots.ROCSeries(label: "\(row.configuration) (\(Format.fixed(row.macro.auc)))", curve: $0)
                }
            }
            out.append(("fig7d_ablation_roc", Plots.roc(curves, title: "Ablations: macro-average ROC")))
        }
        out.append(("reliability", Plots.reliability(calibration, title: "Reliability diagram (top-1)")))
        return out
    }
}
