import ArgumentParser
import Foundation
import Pipeline
import Training

/// `metorigin cv`: the paper's cross-validation of the primary-site classifier with its statistics.
struct CVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cv",
        abstract: "Cross-validate the primary-site classifier (grouped by patient) and write predictions, metrics and a report; --binary adds Table 6's binary classifiers.",
        discussion: """
            A manifest filled by 'transfer fill' adds the 'Real inputs only' ablation. --out receives \
            predictions.csv, metrics.json and report.html. --config sections: {"classifier": {…}, "training": {…}} \
            with the ClassifierConfig and ClassifierTrainingOptions fields to change.
            """
    )

    @OptionGroup var manifest: ManifestOption

    @Option(help: "The classifier: 'paper' (the whole-brain network), 'radiomics' (lesion features and a regularised logistic regression, docs/radiomics.md) or 'lesion' (the lesion-level multiple-instance network, docs/decisions.md).")
    var model: ClassifierModel = .paper

    @Option(help: "--model radiomics|lesion: 'predicted' (the lesions of --probability-maps) or 'truth' (the manifest's truth_path label maps; a labelled reference run).")
    var instances: LesionInstanceKind = .predicted

    @Option(help: "--model radiomics: drop lesions with fewer voxels.")
    var minLesionVoxels: Positive = 1

    @Option(help: "--model radiomics: keep the K features of largest ANOVA F, chosen in each training fold (default: all).")
    var selectFeatures: Positive?

    @Option(help: "Number of folds.")
    var folds: Positive = 10

    @OptionGroup var preset: PresetOptions
    @OptionGroup var output: OutputOption
    @OptionGroup var seed: SeedOption

    @Flag(help: "Skip the ablations (single-modality, 'Without probability map', and 'Real inputs only' for a manifest with synthetic rows).")
    var noAblations = false

    @Flag(help: "Also train the six binary classifiers of Table 6 (Renal merged into Other) on the same folds: writes binary/predictions-<a>-vs-<b>.csv, binary/metrics.json and binary/report.html, and adds Table 6 to report.html.")
    var binary = false

    @Option(help: "Binary tasks: share of each class's training studies sampled per epoch (the paper's 60 %).")
    var binaryShare = ClassSampler.paperBinaryShare

    @Flag(help: "Continue an interrupted run in the same output folder.")
    var resume = false

    @Option(help: "A folder of tumour probability maps with its index.csv (metorigin segment maps): the full model uses them and the 'Without probability map' ablation runs beside it.")
    var probabilityMaps: String?

    @OptionGroup var device: DeviceOption
    @OptionGroup var json: JSONOption

    func validate() throws {
        if model != .paper {
            guard (instances == .truth) != (probabilityMaps != nil) else {
                throw ValidationError("--model \(model.rawValue) needs --probability-maps DIR (metorigin segment maps), or --instances truth for the labelled reference run, not both")
            }
        }
        guard binaryShare > 0, binaryShare <= 1 else { throw ValidationError("--binary-share must be in (0, 1], got \(binaryShare)") }
    }

    func run() throws {
        switch model {
        case .radiomics: return try runRadiomics()
        case .lesion: return try runLesion()
        case .paper: break
        }
        guard var options = try CrossValidationOptions.preset(preset.preset.rawValue, configPath: preset.config) else {
            throw ValidationError("unknown preset '\(preset.preset)'")
        }
        options.training.seed = seed.seed
        if let epochs = preset.epochs { options.training.maxEpochs = epochs.value }
        options.folds = folds.value
        options.ablations = !noAblations
        options.resume = resume
        options.binary = binary
        options.binaryShare = binaryShare
        options.probabilityMaps = probabilityMaps
        options.device = device.resolved
        let progress = ProgressPrinter(quiet: json.json)
        InterruptHandler.install(advice: "finished folds are kept in \(output.out); resume with:\n  "
                                 + InterruptHandler.commandLine(adding: "--resume"))
        let folds = self.folds.value
        let result = try CrossValidation.run(manifestPath: manifest.manifest, outputFolder: output.out, options: options,
                                             log: { progress.line($0) },
                                             onEvent: { name, fold, event in progress.event(name, fold, folds, event) })
        try report(result, progress: progress)
    }

    /// Prints a finished cross-validation (any model): its JSON with --json, else the summary,
    /// notes, wall time and report path.
    func report(_ result: CrossValidationResult, progress: ProgressPrinter) throws {
        progress.finish()
        if json.json { return try json.print(result) }
        print(result.summary)
        for note in result.notes { print("note: \(note)") }
        print(String(format: "wall time: %.1f s", result.seconds))
        print("report: \(result.outputFolder)/report.html")
    }
}
