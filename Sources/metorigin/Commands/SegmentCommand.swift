import ArgumentParser
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
        subcommands: [SegmentTrainCommand.self, SegmentRunCommand.self, SegmentMapsCommand.self]
    )
}

/// cpu, cuda or cuda:N; default cuda when available.
private func parseDevice(_ text: String?) throws -> Device {
    guard let text else { return Torch.defaultDevice }
    guard let d = Device(parsing: text) else { throw ValidationError("unknown device '\(text)'") }
    return d
}

struct SegmentTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train",
                                                    abstract: "Train a segmentation network on the contoured studies of one modality.")
    @Option(help: "The cohort manifest (manifest.csv).") var manifest: String
    @Option(help: "t1ce or flair.") var modality: String
    @Option(help: "proposed, unet, attunet or unetpp.") var arch: String = "proposed"
    @Option(help: "Network, grid and training preset: paper or demo.") var preset: String = "demo"
    @Option(help: "Override the preset's maximum number of epochs.") var epochs: Int?
    @Option(help: "Seed for the split, initialisation, sampling and augmentation.") var seed: UInt64 = 0
    @Flag(help: "Continue an interrupted run in the same output folder.") var resume = false
    @Option(help: "cpu, cuda or cuda:N (default: cuda when available, else cpu).") var device: String?
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
        request.resume = resume
        request.device = try parseDevice(device)
        let progress = ProgressPrinter()
        let outcome = try SegmentationTrainingJob.run(request, log: { progress.line($0) }, onEvent: { event in
            switch event {
            case .resumed(let epoch):
                progress.line("resumed at epoch \(epoch + 1)")
            case .batchFinished:
                break
            case .epochFinished(let epoch, let loss, let dice, let seconds, let best):
                progress.line(String(format: "epoch %d: train loss %.4f, validation Dice %@%@, %.1f s", epoch + 1, loss,
                                     dice.map { String(format: "%.4f", $0) } ?? "n/a", best ? " (best)" : "", seconds))
            case .stoppedEarly(let epoch, let best):
                progress.line("stopped after epoch \(epoch + 1): the training loss fell by less than 1 % for the patience; "
                              + "best epoch \(best + 1)")
            }
        })
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
    @Option(help: "cpu, cuda or cuda:N (default: cuda when available, else cpu).") var device: String?

    func run() throws {
        let outcome = try SegmentationInferenceJob.run(modelFolder: model, imagePath: image, probabilityOutput: output, maskOutput: mask,
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
