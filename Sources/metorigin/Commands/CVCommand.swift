import ArgumentParser
import Foundation
import Models
import Pipeline
import Torch
import Training

/// `metorigin cv`: the paper's cross-validation of the primary-site classifier with its statistics.
struct CVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cv",
        abstract: "Cross-validate the primary-site classifier (grouped by patient) and write predictions, metrics and a report; --binary adds Table 6's binary classifiers."
    )

    @Option(help: "The cohort manifest (manifest.csv); one filled by 'transfer fill' adds the 'Real inputs only' ablation.")
    var manifest: String

    @Option(help: "Number of folds.")
    var folds = 10

    @Option(help: "Network and training preset: demo or paper.")
    var preset = "demo"

    @Option(help: "A JSON file overriding parts of the preset: {\"classifier\": {…}, \"training\": {…}} with the ClassifierConfig and ClassifierTrainingOptions fields to change.")
    var config: String?

    @Option(help: "Output folder.")
    var out: String

    @Option(help: "Random seed for folds, initialisation, sampling and augmentation.")
    var seed: UInt64 = 0

    @Option(help: "Override the preset's maximum number of epochs.")
    var epochs: Int?

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

    @Option(help: "cpu, cuda or cuda:N (default: cuda when available, else cpu).")
    var device: String?

    func run() throws {
        guard var classifier = ClassifierConfig.preset(preset), var training = ClassifierTrainingOptions.preset(preset) else {
            throw ValidationError("unknown preset '\(preset)' (use demo or paper)")
        }
        if let config {
            let overrides = try PresetOverrides(path: config, sections: ["classifier", "training"])
            classifier = try overrides.apply("classifier", to: classifier)
            training = try overrides.apply("training", to: training)
        }
        training.seed = seed
        if let epochs { training.maxEpochs = epochs }
        var options = CrossValidationOptions()
        options.folds = folds
        options.classifier = classifier
        options.training = training
        options.ablations = !noAblations
        options.resume = resume
        guard binaryShare > 0, binaryShare <= 1 else { throw ValidationError("--binary-share must be in (0, 1], got \(binaryShare)") }
        options.binary = binary
        options.binaryShare = binaryShare
        options.probabilityMaps = probabilityMaps
        if let device {
            guard let d = Device(parsing: device) else { throw ValidationError("unknown device '\(device)'") }
            options.device = d
        } else {
            options.device = Torch.defaultDevice
        }
        let progress = ProgressPrinter()
        let result = try CrossValidation.run(manifestPath: manifest, outputFolder: out, options: options,
                                             log: { progress.line($0) },
                                             onEvent: { name, fold, event in progress.event(name, fold, folds, event) })
        progress.finish()
        print(result.summary)
        for note in result.notes { print("note: \(note)") }
        print(String(format: "wall time: %.1f s", result.seconds))
        print("report: \(result.outputFolder)/report.html")
    }
}

