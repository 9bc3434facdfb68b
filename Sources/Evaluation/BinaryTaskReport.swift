/// Table 6: the statistics of the six binary classifiers (Renal merged into Other), each from its
/// own out-of-fold predictions, for `binary/metrics.json`, `binary/report.html`, the Table 6
/// section of the main report and the terminal.
public struct BinaryTaskReport: Sendable, Codable {
    public struct Design: Sendable, Codable {
        public var source: String?
        public var crossValidation: String?
        public var seed: UInt64
        public var bootstrapResamples: Int
        public var confidenceLevel: Double
    }

    /// The names of the methods behind each figure, for readers of metrics.json.
    public struct Methods: Sendable, Codable {
        public var classes = "Renal merged into Other (the paper's binary protocol): Lung, Breast, Melanoma, Other"
        public var task = "one two-class classifier per pair, trained and tested only on the studies of its two classes"
        public var auc = "ROC AUC of P(first class of the pair), Mann–Whitney statistic with ties counted 1/2"
        public var deLongInterval = ConfidenceInterval.Method.deLong.rawValue + "; clipped to [0, 1]"
        public var bootstrapInterval = ConfidenceInterval.Method.patientBootstrap.rawValue
            + " over the task's own patients (drawn with replacement with all their studies; seeded)"
        public var decision = "the first class is predicted when P(first) ≥ P(second); sensitivity is the first "
            + "class's recall, specificity the second's"
    }

    public var design: Design
    public var methods = Methods()
    /// One per task present, in Table 6's order.
    public var tasks: [BinaryTaskMetrics]
    /// Caveats the reader must see next to the numbers.
    public var notes: [String]

    /// Computes every task's statistics. `options` supplies the seed, resamples, confidence
    /// level, design text and source; its ablations are not used.
    public init(_ tables: [BinaryPredictions], options: EvaluationOptions = EvaluationOptions()) throws(EvaluationError) {
        let level = options.confidenceLevel
        guard level > 0, level < 1 else { throw .invalidInput("confidence level \(level) is not in (0, 1)") }
        guard options.resamples >= 0 else { throw .invalidInput("bootstrap resamples must not be negative") }
        guard !tables.isEmpty else { throw .invalidInput("no binary predictions to evaluate") }
        var seen = Set<BinaryTask>()
        for table in tables where !seen.insert(table.task).inserted {
            throw .invalidInput("the \(table.task) task is given twice")
        }
        let ordered = tables.sorted { BinaryTask.all.firstIndex(of: $0.task)! < BinaryTask.all.firstIndex(of: $1.task)! }
        design = Design(source: options.source, crossValidation: options.crossValidationDesign, seed: options.seed,
                        bootstrapResamples: options.resamples, confidenceLevel: level)
        tasks = ordered.map { BinaryTaskMetrics($0, resamples: options.resamples, seed: options.seed, level: level) }
        notes = []
        let missing = BinaryTask.all.filter { !seen.contains($0) }
        if !missing.isEmpty {
            notes.append("No predictions for " + missing.map(\.description).joined(separator: ", ") + ".")
        }
        let undefined = tasks.filter { $0.auc.deLong == nil }.map(\.auc.name)
        if !undefined.isEmpty {
            notes.append("Fewer than two studies of a class in " + undefined.joined(separator: ", ")
                + ": the AUC or its DeLong interval is undefined.")
        }
        let clustered = ordered.filter { $0.patientCount < $0.count }.map(\.task.description)
        if !clustered.isEmpty {
            notes.append("Some patients have several studies (" + clustered.joined(separator: ", ") + "). DeLong's "
                + "intervals treat studies as independent and may be too narrow; the patient-level bootstrap does not.")
        }
    }

    /// The statistics of `task`, if it was evaluated.
    public func metrics(_ task: BinaryTask) -> BinaryTaskMetrics? { tasks.first { $0.task == task.slug } }

    /// metrics.json: pretty-printed, keys sorted.
    public func json() throws(EvaluationError) -> String { try OutputFile.json(self) }

    /// Writes metrics.json, report.html and the ROC figure (roc.svg) into `directory`, each
    /// atomically; returns the paths written.
    @discardableResult
    public func write(to directory: String) throws(EvaluationError) -> [String] {
        try OutputFile.write([("metrics.json", try json()), ("roc.svg", rocFigure()), ("report.html", html())],
                             into: directory)
    }

    /// The ROC curves of every task in one plot.
    public func rocFigure() -> String {
        let series = tasks.compactMap { t in
            t.rocCurve.map { Plots.ROCSeries(label: "\(t.auc.name) (AUC \(Format.fixed(t.auc.auc)))", curve: $0) }
        }
        return Plots.roc(series, title: "Binary classifiers: ROC curves")
    }

    // MARK: terminal

    /// Table 6's layout (AUC per pair, rows Lung–Melanoma, columns Breast–Other), then one line
    /// per task with both intervals and the decision statistics.
    public func textSummary() -> String {
        var lines = ["Table 6 — binary classifiers (Renal merged into Other), AUC of the row class against the column class"]
        let rows = MergedSite.allCases.dropLast(), columns = MergedSite.allCases.dropFirst()
        var grid: [[String]] = [[""] + columns.map(\.displayName)]
        for a in rows {
            grid.append([a.displayName] + columns.map { b in
                guard a < b, let task = BinaryTask(a, b) else { return "—" }
                return Format.fixed(metrics(task)?.auc.auc)
            })
        }
        lines += EvaluationReport.align(grid, ruleAfterHeader: true, ruleBeforeLast: false)
        lines.append("")
        let head = ["Task", "AUC", "CI (DeLong)", "CI (bootstrap)", "Accuracy", "Sensitivity", "Specificity", "Studies",
                    "Patients"]
        lines += EvaluationReport.align([head] + tasks.map(Self.detailCells), ruleAfterHeader: true, ruleBeforeLast: false)
        lines.append("CIs \(Format.fixed(design.confidenceLevel * 100, 0)) %: DeLong and patient bootstrap "
            + "(\(design.bootstrapResamples) resamples, seed \(design.seed)); sensitivity = recall of the row class")
        for note in notes { lines.append("note: " + note) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One task's row of the detail table (shared by the terminal and the HTML).
    static func detailCells(_ t: BinaryTaskMetrics) -> [String] {
        [t.auc.name, Format.fixed(t.auc.auc), Format.interval(t.auc.deLong), Format.interval(t.auc.bootstrap?.interval),
         Format.percent(t.accuracy), Format.percent(t.sensitivity), Format.percent(t.specificity),
         "\(t.auc.positives ?? 0) / \(t.auc.negatives ?? 0)", String(t.patients)]
    }
}
