import ArgumentParser
import Evaluation
import Foundation
import Models
import Pipeline
import Training
import Vocabulary

/// `metorigin segment …`: tumour segmentation networks — train one per modality, run one on an
/// image, or make the probability maps the classifier reads (docs/segmentation.md).
struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Train and run the tumour segmentation networks.",
        subcommands: [SegmentTrainCommand.self, SegmentRunCommand.self, SegmentMapsCommand.self, SegmentEvaluateCommand.self,
                      SegmentBenchCommand.self]
    )
}

/// `--model DIR`: a model directory written by `segment train`.
struct SegmentationModelOption: ParsableArguments {
    @Option(help: "Model directory (from `segment train`).")
    var model: String
}

/// `--patience N`: the stopping rule's patience, for the commands that train segmentation networks.
struct PatienceOption: ParsableArguments {
    @Option(help: "Override the preset's patience: stop when the loss has not fallen by 1 % for this many epochs.")
    var patience: Positive?
}

/// One log line per training event worth a line.
private func printEvent(_ event: SegmentationTrainingEvent, _ progress: ProgressPrinter, prefix: String = "") {
    switch event {
    case .resumed(let epoch):
        progress.line("\(prefix)resumed at epoch \(epoch + 1)")
    case .epochStarted:
        progress.start()
    case .stepFinished(let epoch, let batch, let batches, let loss):
        progress.bar("\(prefix)epoch \(epoch + 1)", done: batch + 1, total: batches, detail: String(format: "loss %.4f", loss))
    case .bestImproved, .checkpointSaved, .fileWritten, .stoppedNonFinite:
        break
    case .epochFinished(let e):
        progress.line(prefix + String(format: "epoch %d: train loss %.4f, validation Dice %@%@, %.1f s", e.epoch + 1, e.trainLoss,
                                      e.metrics.validationDice.map { String(format: "%.4f", $0) } ?? "n/a", e.isBest ? " (best)" : "", e.seconds))
    case .stoppedEarly(let epoch, let best):
        progress.line("\(prefix)stopped after epoch \(epoch + 1): the training loss fell by less than 1 % for the patience; "
                      + "best epoch \(best + 1)")
    }
}

struct SegmentTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a segmentation network on the contoured studies of one modality.",
        discussion: """
            --out becomes the model directory. --config sections: {"network": {…}, "grid": {…}, "training": {…}}, \
            e.g. {"training": {"loss": {"tumourClassWeight": 5}}}.
            """)
    @OptionGroup var manifest: ManifestOption
    @Option(help: "t1ce or flair.") var modality: Modality
    @Option(help: "proposed, unet, attunet or unetpp.") var arch = SegmentationArchitecture.proposed
    @OptionGroup var preset: PresetOptions
    @OptionGroup var patience: PatienceOption
    @OptionGroup var seed: SeedOption
    @Flag(help: "Continue an interrupted run in the same output folder.") var resume = false
    @OptionGroup var device: DeviceOption
    @OptionGroup var output: OutputOption
    @OptionGroup var json: JSONOption

    func run() throws {
        var request = SegmentationTrainingRequest(manifestPath: manifest.manifest, modality: modality.rawValue, architecture: arch,
                                                  preset: preset.preset.rawValue, outputFolder: output.out)
        request.seed = seed.seed
        request.maxEpochs = preset.epochs?.value
        request.patience = patience.patience?.value
        request.resume = resume
        request.device = device.resolved
        if let config = preset.config { try request.applyConfig(config) }
        let progress = ProgressPrinter(quiet: json.json)
        InterruptHandler.install(advice: "finished epochs are kept in \(output.out); resume with:\n  "
                                 + InterruptHandler.commandLine(adding: "--resume"))
        let outcome = try SegmentationTrainingJob.run(request, log: { progress.line($0) }, onEvent: { printEvent($0, progress) })
        progress.finish()
        if json.json { return try json.print(outcome) }
        let r = outcome.result
        print("\(arch.rawValue) on \(modality.rawValue): \(outcome.parameters) parameters, \(outcome.trainingStudies) training studies "
              + "(\(outcome.trainingSlices) slices, \(outcome.lesionSlices) with tumour), \(outcome.validationStudies) validation studies")
        print("best epoch \(r.bestEpoch + 1) of \(r.epochs)" + (r.bestValidationDice.map { String(format: ", validation Dice %.4f", $0) } ?? ""))
        print(String(format: "wall time: %.1f s", outcome.seconds))
        print("model: \(outcome.modelFolder)")
    }
}

struct SegmentRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run",
                                                    abstract: "Tumour probability map (and mask) of one image on its own grid.")
    @OptionGroup var model: SegmentationModelOption
    @Option(help: "NIfTI file or DICOM series folder.") var image: String
    @Option(name: .shortAndLong, help: "Probability map to write (NIfTI).") var output: String
    @Option(help: "Thresholded tumour mask to write (NIfTI).") var mask: String?
    @Flag(help: "Run even when the DICOM headers say the series is the other modality.") var anyModality = false
    @OptionGroup var series: SeriesSelectionOptions
    @OptionGroup var device: DeviceOption
    @OptionGroup var json: JSONOption

    func run() throws {
        let outcome = try SegmentationInferenceJob.run(modelFolder: model.model, imagePath: image, selection: series.selection,
                                                       probabilityOutput: output, maskOutput: mask,
                                                       device: device.resolved, anyModality: anyModality)
        if json.json { return try json.print(outcome) }
        let g = outcome.geometry
        print("grid \(g.size) at \(g.spacing); tumour \(outcome.tumourVoxels) voxels (\(String(format: "%.2f", outcome.tumourML)) mL), "
              + "max probability \(String(format: "%.3f", outcome.maxProbability))")
        print("probability map: \(output)" + (mask.map { "\nmask: \($0)" } ?? ""))
        print(String(format: "wall time: %.1f s", outcome.seconds))
    }
}

struct SegmentMapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "maps",
                                                    abstract: "Probability maps for every study of the model's modality, for the classifier.",
                                                    discussion: "--out receives the maps under <modality>/ and index.csv.")
    @OptionGroup var model: SegmentationModelOption
    @OptionGroup var manifest: ManifestOption
    @OptionGroup var device: DeviceOption
    @OptionGroup var output: OutputOption
    @OptionGroup var json: JSONOption

    func run() throws {
        let progress = ProgressPrinter(quiet: json.json)
        let outcome = try ProbabilityMaps.run(modelFolder: model.model, manifestPath: manifest.manifest, outputFolder: output.out,
                                              device: device.resolved,
                                              progress: { done, total, study, cached in
                                                  progress.line("[\(done)/\(total)] \(study)\(cached ? " (cached)" : "")")
                                              })
        progress.finish()
        if json.json {
            try json.print(outcome)
        } else {
            print("\(outcome.computed) computed, \(outcome.cached) cached, \(outcome.failures.count) failed")
            print("index: \(outcome.indexPath)")
            print(String(format: "wall time: %.1f s", outcome.seconds))
        }
        if !outcome.failures.isEmpty { throw SegmentationJobError.studiesFailed(outcome.failures) }
    }
}

/// Lesion-wise figures of one summary on one line, with the lesion-free studies' false positives.
private func summaryLine(_ s: SegmentationSummary) -> String {
    let bins = s.sensitivityByBin.map { "\($0.bin?.rawValue ?? "all") \($0.sensitivity.map { String(format: "%.2f", $0) } ?? "–") (\($0.detected)/\($0.lesions))" }
    var parts: [String] = []
    if s.studiesWithLesions > 0 {
        parts.append("lesion-wise Dice \(s.lesionWiseDice.formatted()), HD95 \(s.lesionWiseHD95MM.formatted(digits: 1)) mm, "
                     + "FP per study \(s.falsePositivesPerStudy.formatted(digits: 2)); sensitivity by size: \(bins.joined(separator: ", "))")
    }
    if s.studiesWithoutLesions > 0 {
        parts.append("lesion-free studies \(s.studiesWithoutLesions): false-positive volume \(s.emptyStudyFalsePositiveVolumeML.formatted(digits: 2)) mL, "
                     + "\(s.emptyStudiesWithFalsePositives) with any false positive")
    }
    return parts.joined(separator: "; ")
}

struct SegmentEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a trained model on a manifest's contoured studies: Dice, lesion-wise metrics, false positives on lesion-free studies.",
        discussion: "--manifest holds contoured studies of the model's modality (a held-out cohort, lesion-free controls, …). --json prints what metrics.json holds.")
    @OptionGroup var model: SegmentationModelOption
    @OptionGroup var manifest: ManifestOption
    @Flag(help: "Also score the studies the model was trained on (skipped by default when this is its training manifest).")
    var includeTraining = false
    @OptionGroup var device: DeviceOption
    @Option(help: "Folder for metrics.json (summary and per-study records); nothing is written without it.") var out: String?
    @OptionGroup var json: JSONOption

    func run() throws {
        var request = SegmentationEvaluationRequest(modelFolder: model.model, manifestPath: manifest.manifest)
        request.outputFolder = out
        request.device = device.resolved
        request.includeTrainingStudies = includeTraining
        let outcome = try SegmentationEvaluation.run(request)
        if json.json {
            print(String(decoding: outcome.json, as: UTF8.self))
            return
        }
        let s = outcome.summary
        print("\(outcome.modality): \(s.studies) contoured studies (\(s.studiesWithLesions) with lesions, \(s.studiesWithoutLesions) lesion-free)"
              + (outcome.skippedTrainingStudies > 0 ? ", \(outcome.skippedTrainingStudies) training studies left out" : ""))
        if s.studiesWithLesions > 0 { print("Dice \(s.dice.formatted())") }
        print(summaryLine(s))
        if let path = outcome.metricsPath { print("metrics: \(path)") }
        print(String(format: "wall time: %.1f s", outcome.seconds))
    }
}

struct SegmentBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Train the networks on both modalities on one split and score them lesion-wise (Table 3).",
        discussion: """
            --out receives table.txt, metrics.json, figure.png and one model per network and modality. --config \
            sections, applied to every network: {"network": {…}, "grid": {…}, "training": {…}}.
            """)
    @OptionGroup var manifest: ManifestOption
    @OptionGroup var preset: PresetOptions
    @OptionGroup var patience: PatienceOption
    @OptionGroup var seed: SeedOption
    @Option(help: "Comma-separated networks (default: proposed,unet,attunet,unetpp).") var arch: CommaSeparated<SegmentationArchitecture>?
    @Option(help: "Comma-separated modalities (default: t1ce,flair).") var modality: CommaSeparated<Modality>?
    @OptionGroup var device: DeviceOption
    @Option(help: "A manifest of other patients' contoured studies scored beside the validation split, e.g. lesion-free controls (cohort generate --lesion-free).")
    var controls: String?
    @OptionGroup var output: OutputOption
    @Flag(help: "Continue an interrupted bench in the same output folder: finished networks are loaded, interrupted ones continue.")
    var resume = false
    @OptionGroup var json: JSONOption

    func run() throws {
        var request = SegmentationBenchRequest(manifestPath: manifest.manifest, preset: preset.preset.rawValue, outputFolder: output.out)
        request.seed = seed.seed
        request.maxEpochs = preset.epochs?.value
        request.patience = patience.patience?.value
        request.device = device.resolved
        request.controlsManifestPath = controls
        request.resume = resume
        if let config = preset.config { try request.applyConfig(config) }
        if let arch { request.architectures = arch.values }
        if let modality { request.modalities = modality.values.map(\.rawValue) }
        let progress = ProgressPrinter(quiet: json.json)
        let outcome = try SegmentationBench.run(request, log: { progress.line($0) },
                                                onEvent: { m, a, e in printEvent(e, progress, prefix: "\(m) \(a.rawValue) ") })
        progress.finish()
        if json.json { return try json.print(outcome) }
        print(outcome.table, terminator: "")
        for e in outcome.entries { print("\(e.modality) \(e.network): " + summaryLine(e.summary)) }
        print("metrics: \(outcome.metricsPath)" + (outcome.figurePath.map { "\nfigure: \($0)" } ?? ""))
        print(String(format: "wall time: %.1f s", outcome.seconds))
    }
}
