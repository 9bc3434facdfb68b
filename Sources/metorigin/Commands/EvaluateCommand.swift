import ArgumentParser
import Evaluation
import Foundation
import Pipeline

/// `metorigin evaluate`: recomputes every metric from a predictions file (ours or another
/// model's), optionally with ablated configurations for Table 5, and writes the report.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Recompute AUCs with DeLong and patient-bootstrap CIs, confusion, top-k, calibration, "
            + "pairwise tasks, ablations and the shortcut audit from predictions.csv; Table 6 from binary-task predictions.",
        discussion: """
        The predictions file has one row per study: study_id, patient_id, fold, label, prob_lung, \
        prob_breast, prob_melanoma, prob_renal, prob_other, and optionally t1ce_state, flair_state \
        (real|synthetic|missing), prob_map (0/1), scanner, slice_thickness. A binary-task file has the \
        same columns with the pair's two probabilities instead of five (prob_lung, prob_breast, \
        prob_melanoma, prob_other; Renal merged into Other). With --out, writes metrics.json, \
        report.html and the figures as SVG. --json prints metrics.json instead of the text summary.
        """
    )

    @Option(name: .long, help: ArgumentHelp("The predictions table to evaluate.", valueName: "predictions.csv"))
    var predictions: String?

    @Option(name: .long, help: ArgumentHelp("A folder of binary-task predictions (predictions-<a>-vs-<b>.csv, as "
                                                + "`metorigin cv --binary` writes into binary/): Table 6. With "
                                                + "--predictions, Table 6 joins that report.", valueName: "DIR"))
    var binary: String?

    @Option(name: .long, parsing: .singleValue,
            help: ArgumentHelp("An ablated configuration for Table 5, compared with --predictions on the same "
                                   + "studies (repeatable).", valueName: "NAME=FILE"))
    var ablation: [String] = []

    @Option(name: .long, help: "Name of --predictions in the ablation table.")
    var referenceName = "Full model"

    @Option(name: .long, help: ArgumentHelp("The cross-validation design in words, printed in the report.", valueName: "TEXT"))
    var cvDesign: String?

    @Option(name: .long, help: ArgumentHelp("Folder for metrics.json, report.html and figures (nothing is written without it).",
                                            valueName: "DIR"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("The generated cohort the predictions came from (its latent.csv and "
                                                + "manifest.csv): adds its oracle ceilings on the same studies and folds.",
                                            valueName: "DIR"))
    var cohort: String?

    @Option(name: .long, help: "Seed of the patient bootstrap and the audit's folds.")
    var seed: UInt64 = 20_240_601

    @Option(name: .long, help: "Bootstrap resamples.")
    var resamples: NonNegative = 2000

    @Flag(name: .long, help: ArgumentHelp("Divide each row's probabilities by their sum when it is not 1 (±0.001), "
                                          + "instead of refusing the row."))
    var renormalise = false

    @OptionGroup var json: JSONOption

    func validate() throws {
        guard predictions != nil || binary != nil else {
            throw ValidationError("give --predictions, --binary or both")
        }
        guard ablation.isEmpty || predictions != nil else { throw ValidationError("--ablation needs --predictions") }
        for spec in ablation where Self.split(spec) == nil {
            throw ValidationError("--ablation expects NAME=FILE, got '\(spec)'")
        }
    }

    func run() throws {
        var binaryReport: BinaryTaskReport?
        if let binary {
            let options = EvaluationOptions(seed: seed, resamples: resamples.value, crossValidationDesign: cvDesign,
                                            source: binary)
            binaryReport = try BinaryTaskReport(try BinaryPredictions.readFolder(binary), options: options)
        }
        guard let predictions else {
            // Binary tasks alone: their own metrics.json and report.html.
            guard let binaryReport else { return }
            if let out { try binaryReport.write(to: out) }
            try show(metrics: try binaryReport.json(), summary: binaryReport.textSummary())
            return
        }
        let table = try Predictions.read(path: predictions, renormalise: renormalise)
        var ablations: [(name: String, predictions: Predictions)] = []
        for spec in ablation {
            guard let (name, file) = Self.split(spec) else { continue }
            ablations.append((name, try Predictions.read(path: file, renormalise: renormalise)))
        }
        var options = EvaluationOptions(seed: seed, resamples: resamples.value, crossValidationDesign: cvDesign,
                                        referenceName: referenceName, ablations: ablations, source: predictions)
        if let cohort {
            guard FileManager.default.fileExists(atPath: cohort + "/latent.csv") else {
                throw ValidationError("--cohort \(cohort): no latent.csv there (is it a folder written by `metorigin cohort generate`?)")
            }
            let computed = ReportCeilings.fromCohort(folder: cohort, predictions: table)
            if let note = computed.note { throw ValidationError(note) }
            options.ceilings = computed.ceilings
        }
        var report = try EvaluationReport(predictions: table, options: options)
        report.binaryTasks = binaryReport
        if let out { try report.write(to: out) }
        try show(metrics: try report.json(), summary: report.textSummary())
    }

    /// Prints metrics.json or the text summary, and where the report is.
    private func show(metrics: @autoclosure () throws -> String, summary: String) throws {
        if json.json {
            print(try metrics(), terminator: "")
        } else {
            print(summary, terminator: "")
            if let out { print("report: " + URL(fileURLWithPath: out).appendingPathComponent("report.html").path) }
        }
    }

    /// "NAME=FILE" → (NAME, FILE); the name may not be empty, the file may contain '='.
    static func split(_ spec: String) -> (String, String)? {
        guard let eq = spec.firstIndex(of: "=") else { return nil }
        let name = String(spec[..<eq]), file = String(spec[spec.index(after: eq)...])
        return name.isEmpty || file.isEmpty ? nil : (name, file)
    }
}
