import Vocabulary

/// Table 5: the full model against ablated configurations (without probability maps, T1 CE only,
/// FLAIR only, …), each evaluated on the same studies, with the DeLong test of each macro AUC
/// against the full model's.
public struct AblationTable: Sendable, Codable {
    public struct Row: Sendable, Codable {
        /// Configuration name as given by the caller ("Without Prob", …).
        public var configuration: String
        public var macro: AUCSummary
        public var perClass: [AUCSummary]
        /// Macro-average ROC curve (Figure 7d).
        public var macroCurve: ROCCurve?
        /// Studies shared with the reference configuration (the comparison uses only these).
        public var commonStudies: Int
        /// Paired DeLong test of this macro AUC against the reference's, on the common studies;
        /// `nil` for the reference row itself.
        public var deLongVersusReference: DeLongTest?
        /// Patient-level bootstrap of (this macro AUC − the reference's) on the common studies,
        /// with a percentile interval and a two-sided p-value; it respects patient clustering,
        /// which DeLong's test does not. `nil` for the reference row.
        public var bootstrapDifference: BootstrapSummary?
    }

    /// The reference configuration's name (the full model).
    public var reference: String
    public var rows: [Row]
    public static let testMethod = "paired DeLong test of macro AUCs (mean of the five one-vs-rest AUCs, with "
        + "covariances from shared studies), two-sided"
    public static let bootstrapMethod = "paired patient-level bootstrap of the macro-AUC difference on the common "
        + "studies: percentile interval; p = 2·min(P*(Δ ≤ 0), P*(Δ ≥ 0))"

    /// `reference` first, then each ablation in the given order. Studies are matched by
    /// `study_id`; a study whose label differs between tables is an error.
    public init(reference: (name: String, predictions: Predictions),
                ablations: [(name: String, predictions: Predictions)],
                seed: UInt64, resamples: Int = PatientBootstrap.defaultResamples,
                level: Double = 0.95) throws(EvaluationError) {
        self.reference = reference.name
        func summarise(_ p: Predictions) -> OneVsRestAUCs {
            OneVsRestAUCs(p, bootstrap: PatientBootstrap(patientIDs: p.rows.map(\.patientID), resamples: resamples,
                                                         seed: seed), level: level)
        }
        let full = summarise(reference.predictions)
        var rows = [Row(configuration: reference.name, macro: full.macro, perClass: full.perClass,
                        macroCurve: full.macroCurve, commonStudies: reference.predictions.count,
                        deLongVersusReference: nil, bootstrapDifference: nil)]
        for ablation in ablations {
            let own = summarise(ablation.predictions)
            let (a, b) = try Self.aligned(reference.predictions, ablation.predictions, name: ablation.name)
            var test: DeLongTest?
            if a.count == reference.predictions.count, b.count == ablation.predictions.count,
               let fa = full.macroInfluence, let fb = Self.reordered(own, ablation.predictions, to: a) {
                // Same studies: reuse the components already computed.
                test = DeLong.test(fb, fa)
            } else if let fa = OneVsRestAUCs(a, bootstrap: nil).macroInfluence,
                      let fb = OneVsRestAUCs(b, bootstrap: nil).macroInfluence {
                test = DeLong.test(fb, fa)
            }
            let difference = Self.bootstrapDifference(ablated: b, reference: a, seed: seed, resamples: resamples,
                                                      level: level)
            rows.append(Row(configuration: ablation.name, macro: own.macro, perClass: own.perClass,
                            macroCurve: own.macroCurve, commonStudies: a.count, deLongVersusReference: test,
                            bootstrapDifference: difference))
        }
        self.rows = rows
    }

    /// Bootstrap of macro(ablated) − macro(reference) on aligned tables (same studies, same order).
    static func bootstrapDifference(ablated: Predictions, reference: Predictions, seed: UInt64, resamples: Int,
                                    level: Double) -> BootstrapSummary? {
        var tasks: [AUCTask] = []
        for table in [ablated, reference] {
            let labels = table.labels
            for site in PrimarySite.allCases {
                tasks.append(AUCTask(scores: table.scores(for: site), positive: labels.map { $0 == site }))
            }
        }
        let k = PrimarySite.count
        let boot = PatientBootstrap(patientIDs: reference.rows.map(\.patientID), resamples: resamples, seed: seed)
        return boot.run(tasks: tasks, statistics: [.meanDifference(tasks: Array(0..<k), minus: Array(k..<(2 * k)))],
                        level: level).first
    }

    /// The two tables restricted to their common studies, both in the reference's order.
    static func aligned(_ reference: Predictions, _ other: Predictions, name: String)
        throws(EvaluationError) -> (Predictions, Predictions) {
        var byID: [String: PredictionRow] = [:]
        for row in other.rows { byID[row.studyID] = row }
        var left: [PredictionRow] = [], right: [PredictionRow] = []
        for row in reference.rows {
            guard let match = byID[row.studyID] else { continue }
            guard match.label == row.label else {
                throw .invalidInput("study '\(row.studyID)' is labelled \(row.label.rawValue) in the reference but "
                    + "\(match.label.rawValue) in '\(name)'")
            }
            left.append(row); right.append(match)
        }
        guard left.count >= 2 else {
            throw .invalidInput("configuration '\(name)' shares fewer than two studies with the reference")
        }
        return (try Predictions(rows: left), try Predictions(rows: right))
    }

    /// `summary`'s macro influence re-indexed to `order`'s study order (`nil` if undefined).
    static func reordered(_ summary: OneVsRestAUCs, _ table: Predictions, to order: Predictions) -> AUCInfluence? {
        guard let macro = summary.macroInfluence else { return nil }
        var position: [String: Int] = [:]
        for (i, row) in table.rows.enumerated() { position[row.studyID] = i }
        var influence: [Double] = []
        for row in order.rows {
            guard let i = position[row.studyID] else { return nil }
            influence.append(macro.influence[i])
        }
        return AUCInfluence(value: macro.value, influence: influence)
    }
}
