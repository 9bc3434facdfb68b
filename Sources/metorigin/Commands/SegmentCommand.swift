import ArgumentParser
import Evaluation
import Foundation
import Models
import Pipeline
import Torch
import Training

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

/// cpu, cuda or cuda:N; default cuda when available.
private func parseDevice(_ text: String?) throws -> Device {
    guard let text else { return Torch.defaultDevice }
    guard let d = Device(parsing: text) else { throw ValidationError("unknown device '\(text)'") }
    return d
}

/// `--config FILE` applied to the preset's network, grid and training options.
private func presetOverrides(_ path: String?, preset: String) throws -> SegmentationPresetOverrides? {
    guard let path else { return nil }
    return try SegmentationPresetOverrides(preset: preset, file: PresetOverrides(path: path, sections: SegmentationPresetOverrides.sections))
}

/// One log line per training event worth a line.
private func printEvent(_ event: SegmentationTrainingEvent, _ progress: ProgressPrinter, prefix: String = "") {
    switch event {
    case .resumed(let epoch):
        progress.line("\(prefix)resumed at epoch \(epoch + 1)")
    case .epochStarted, .stepFinished, .bestImproved, .checkpointSaved, .fileWritten, .stoppedNonFinite:
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
    static let configuration = CommandConfiguration(commandName: "train",
                                                    abstract: "Train a segmentation network on the contoured studies of one modality.")
    @Option(help: "The cohort manifest (manifest.csv).") var manifest: String
    @Option(help: "t1ce or flair.") var modality: String
    @Option(help: "proposed, unet, attunet or unetpp.") var arch: String = "proposed"
    @Option(help: "Network, grid and training preset: paper or demo.") var preset: String = "demo"
    @Option(help: "Override the preset's maximum number of epochs.") var epochs: Int?
    @Option(help: "Override the preset's patience: stop when the loss has not fallen by 1 % for this many epochs.") var patience: Int?
    @Option(help: "Seed for the split, initialisation, sampling and augmentation.") var seed: UInt64 = 0
    @Flag(help: "Continue an interrupted run in the same output folder.") var resume = false
    @Option(help: "cpu, cuda or cuda:N (default: cuda when available, else cpu).") var device: String?
    @Option(help: "A JSON file overriding parts of the preset: {\"network\": {…}, \"grid\": {…}, \"training\": {…}}, e.g. {\"training\": {\"loss\": {\"tumourClassWeight\": 5}}}.")
    var config: String?
    @Option(help: "Output folder: becomes the model directory.") var out: String

    func run() throws {
        guard let architecture = SegmentationArchitecture(rawValue: arch) else {
            throw ValidationError("unknown architecture '\(arch)' (use \(SegmentationArchitecture.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard ["t1ce", "flair"].contains(modality) else { throw ValidationError("modality must be t1ce or flair, got '\(modality)'") }
        var request = SegmentationTrainingRequest(manifestPath: manifest, modality: modality, architecture: architecture,
                                                  preset: preset, outputFolder: out)
        request.seed = seed
        request.maxEpochs = epochs
        request.patience = patience
        request.resume = resume
        request.device = try parseDevice(device)
        if let settings = try presetOverrides(config, preset: preset) {
            (request.network, request.grid, request.options) = (settings.network, settings.grid, settings.options)
        }
        let progress = ProgressPrinter()
        let outcome = try SegmentationTrainingJob.run(request, log: { progress.line($0) }, onEvent: { printEvent($0, progress) })
        progress.finish()
        let r = outcome.result
        print("\(architecture.rawValue) on \(modality): \(outcome.parameters) parameters, \(outcome.trainingStudies) training studies "
              + "(\(outcome.trainingSlices) slices, \(outcome.lesionSlices) with tumour), \(outcome.validationStudies) validation studies")
        print("best epoch \(r.bestEpoch + 1) of \(r.epochs)" + (r.bestValidationDice.map { String(format: ", validation Dice %.4f", $0) } ?? ""))
        print(String(format: "wall time: %.1f s", outcome.seconds))
        print("model: \(outcome.modelFolder)")
    }
}

struct SegmentRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run",
                                                    abstract: "Tumour probability map (and mask) of one image on its own grid.")
    @Option(help: "Model directory (from `segment train`).") var model: String
    @Option(help: "NIfTI file or DICOM series folder.") var image: String
    @Option(name: .shortAndLong, help: "Probability map to write (NIfTI).") var output: String
    @Option(help: "Thresholded tumour mask to write (NIfTI).") var mask: String?
    @Flag(help: "Run even when the DICOM headers say the series is the other modality.") var anyModality = false
    @OptionGroup var series: SeriesSelectionOptions
    @Option(help: "cpu, cuda or cuda:N (default: cuda when available, else cpu).") var device: String?

    func run() throws {
        let outcome = try SegmentationInferenceJob.run(modelFolder: model, imagePath: image, selection: series.selection,
                                                       probabilityOutput: output, maskOutput: mask,
                                                       device: try parseDevice(device), anyModality: anyModality)
        let g = outcome.geometry
        print("grid \(g.size) at \(g.spacing); tumour \(outcome.tumourVoxels) voxels (\(String(format: "%.2f", outcome.tumourML)) mL), "
              + "max probability \(String(format: "%.3f", outcome.maxProbability))")
        print("probability map: \(output)" + (mask.map { "\nmask: \($0)" } ?? ""))
        print(String(format: "wall time: %.1f s", outcome.seconds))
    }
}

struct SegmentMapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "maps",
                                                    abstract: "Probability maps for every study of the model's modality, for the classifier.")
    @Option(help: "Model directory (from `segment train`).") var model: String
    @Option(help: "The cohort manifest (manifest.csv).") var manifest: String
    @Option(help: "cpu, cuda or cuda:N (default: cuda when available, else cpu).") var device: String?
    @Option(help: "Output folder (maps under <modality>/, index.csv).") var out: String

    func run() throws {
        let progress = ProgressPrinter()
        let outcome = try ProbabilityMaps.run(modelFolder: model, manifestPath: manifest, outputFolder: out, device: try parseDevice(device),
                                              progress: { done, total, study, cached in
                                                  progress.line("[\(done)/\(total)] \(study)\(cached ? " (cached)" : "")")
                                              })
        progress.finish()
        print("\(outcome.computed) computed, \(outcome.cached) cached, \(outcome.failures.count) failed")
        print("index: \(outcome.indexPath)")
        print(String(format: "wall time: %.1f s", outcome.seconds))
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
        abstract: "Score a trained model on a manifest's contoured studies: Dice, lesion-wise metrics, false positives on lesion-free studies.")
    @Option(help: "Model directory (from `segment train`).") var model: String
    @Option(help: "A manifest with contoured studies of the model's modality (a held-out cohort, lesion-free controls, …).") var manifest: String
    @Flag(help: "Also score the studies the model was trained on (skipped by default when this is its training manifest).")
    var includeTraining = false
    @Option(help: "cpu, cuda or cuda:N (default: cuda when available, else cpu).") var device: String?
    @Option(help: "Folder for metrics.json (summary and per-study records); nothing is written without it.") var out: String?
    @Flag(help: "Print the metrics as JSON (what metrics.json holds).") var json = false

    func run() throws {
        var request = SegmentationEvaluationRequest(modelFolder: model, manifestPath: manifest)
        request.outputFolder = out
        request.device = try parseDevice(device)
        request.includeTrainingStudies = includeTraining
        let outcome = try SegmentationEvaluation.run(request)
        if json {
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
    static let configuration = CommandConfiguration(commandName: "bench",
                                                    abstract: "Train the networks on both modalities on one split and score them lesion-wise (Table 3).")
    @Option(help: "The cohort manifest (manifest.csv).") var manifest: String
    @Option(help: "Network, grid and training preset: paper or demo.") var preset: String = "demo"
    @Option(help: "Override the preset's maximum number of epochs.") var epochs: Int?
    @Option(help: "Override the preset's patience: stop when the loss has not fallen by 1 % for this many epochs.") var patience: Int?
    @Option(help: "Seed for the split, initialisation, sampling and augmentation.") var seed: UInt64 = 0
    @Option(help: "Comma-separated networks (default: proposed,unet,attunet,unetpp).") var arch: String?
    @Option(help: "Comma-separated modalities (default: t1ce,flair).") var modality: String?
    @Option(help: "cpu, cuda or cuda:N (default: cuda when available, else cpu).") var device: String?
    @Option(help: "A manifest of other patients' contoured studies scored beside the validation split, e.g. lesion-free controls (cohort generate --lesion-free).")
    var controls: String?
    @Option(help: "A JSON file overriding parts of the preset for every network: {\"network\": {…}, \"grid\": {…}, \"training\": {…}}.")
    var config: String?
    @Option(help: "Output folder (table.txt, metrics.json, figure.png, one model per network and modality).") var out: String
    @Flag(help: "Continue an interrupted bench in the same output folder: finished networks are loaded, interrupted ones continue.")
    var resume = false

    func run() throws {
        var request = SegmentationBenchRequest(manifestPath: manifest, preset: preset, outputFolder: out)
        request.seed = seed
        request.maxEpochs = epochs
        request.patience = patience
        request.device = try parseDevice(device)
        request.controlsManifestPath = controls
        request.resume = resume
        if let settings = try presetOverrides(config, preset: preset) {
            (request.network, request.grid, request.options) = (settings.network, settings.grid, settings.options)
        }
        if let arch {
            var chosen: [SegmentationArchitecture] = []
            for name in arch.split(separator: ",") {
                guard let a = SegmentationArchitecture(rawValue: String(name)) else { throw ValidationError("unknown architecture '\(name)'") }
                chosen.append(a)
            }
            request.architectures = chosen
        }
        if let modality {
            request.modalities = modality.split(separator: ",").map(String.init)
            for m in request.modalities where !["t1ce", "flair"].contains(m) { throw ValidationError("unknown modality '\(m)'") }
        }
        let progress = ProgressPrinter()
        let outcome = try SegmentationBench.run(request, log: { progress.line($0) },
                                                onEvent: { m, a, e in printEvent(e, progress, prefix: "\(m) \(a.rawValue) ") })
        progress.finish()
        print(outcome.table, terminator: "")
        for e in outcome.entries { print("\(e.modality) \(e.network): " + summaryLine(e.summary)) }
        print("metrics: \(outcome.metricsPath)" + (outcome.figurePath.map { "\nfigure: \($0)" } ?? ""))
        print(String(format: "wall time: %.1f s", outcome.seconds))
    }
}
