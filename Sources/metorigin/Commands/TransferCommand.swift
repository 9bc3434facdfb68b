import ArgumentParser
import Foundation
import MedicalIO
import Models
import Pipeline
import Training

/// `metorigin transfer …`: the modality-transfer CycleGAN (T1 CE ↔ T2 FLAIR).
struct TransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Modality transfer between T1 CE and T2 FLAIR with a CycleGAN.",
        subcommands: [TransferTrainCommand.self, TransferRunCommand.self, TransferFillCommand.self, TransferBenchCommand.self]
    )
}

/// `metorigin transfer train`.
struct TransferTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the CycleGAN on the patients with both modalities (split by patient into training and validation)."
    )

    @Option(help: "The cohort manifest (manifest.csv).")
    var manifest: String

    @Option(help: "Network, grid and training preset: demo or paper.")
    var preset = "demo"

    @Option(help: "Override the preset's number of epochs.")
    var epochs: Int?

    @Option(help: "Override the preset's slice pairs per patient and epoch (0: all).")
    var pairsPerPatient: Int?

    @Option(help: "Slice pairing: mi (each T1 CE slice with the FLAIR slice of highest normalised mutual information, the paper) or same-index (slice k with slice k of the common grid).")
    var pairing = "mi"

    @Option(help: "Random seed for the split, initialisation, pair order and image pools.")
    var seed: UInt64 = 0

    @Option(help: "A JSON file of partial overrides of the preset, in sections network, grid and training (e.g. {\"training\": {\"loss\": {\"pairedWeight\": 10}}}).")
    var config: String?

    @Flag(help: "Continue an interrupted run in the same output folder.")
    var resume = false

    @Option(help: "Output folder (model, checkpoints, history.csv, samples/).")
    var out: String

    func run() throws {
        let pairs: SlicePairing
        switch pairing {
        case "mi": pairs = TransferDataset.mutualInformation()
        case "same-index": pairs = TransferDataset.sameIndex
        default: throw ValidationError("--pairing must be mi or same-index, got '\(pairing)'")
        }
        guard var setup = TransferTrainingSetup.preset(preset, pairing: pairs, pairingName: pairing == "mi" ? "mutual-information" : pairing) else {
            throw ValidationError("unknown preset '\(preset)' (use demo or paper)")
        }
        if let config {
            let overrides = try PresetOverrides(path: config, sections: ["network", "grid", "training"])
            setup.network = try overrides.apply("network", to: setup.network)
            setup.grid = try overrides.apply("grid", to: setup.grid)
            setup.training = try overrides.apply("training", to: setup.training)
        }
        setup.training.seed = seed
        if let epochs { setup.training.maxEpochs = epochs }
        if let pairsPerPatient { setup.training.pairsPerPatient = pairsPerPatient > 0 ? pairsPerPatient : nil }
        // Lines go through ProgressPrinter, which flushes: a run logged to a file shows each line as it comes.
        let progress = ProgressPrinter()
        let result = try TransferTraining.run(manifestPath: manifest, outputFolder: out, setup: setup, resume: resume,
                                              log: { progress.line($0) }, onEvent: { Self.describe($0).map(progress.line) })
        print(String(format: "trained on %d patients (%d pairs), validated on %d; wall time %.1f s",
                     result.trainingPatients, result.pairs, result.validationPatients, result.seconds))
        print("model: \(TransferModelBundle.weightsPath(out))")
    }

    /// One log line per event worth a line.
    static func describe(_ event: TransferTrainingEvent) -> String? {
        switch event {
        case .resumed(let e): return "resuming at epoch \(e + 1)"
        case .epochStarted(let e, let n, let steps): return "epoch \(e + 1)/\(n): \(steps) steps"
        case .epochFinished(let summary):
            let (l, verdict) = (summary.metrics.losses, summary.metrics.verdict)
            return String(format: "  G1 %.4f  G2 %.4f  cycle %.4f  D1(FLAIR) %.4f  D2(T1CE) %.4f  val cycle %.4f  val paired MAE %.4f  %.1f s",
                          l.generatorT1ceToFlair, l.generatorFlairToT1ce, l.cycle, l.discriminatorFlair,
                          l.discriminatorT1ce, l.validationCycle, l.validationPairedMAE, l.seconds)
                + (verdict == .healthy ? "" : "  [\(verdict)]")
        case .fileWritten(let path): return "  sample: \(path)"
        case .stoppedEarly(let e, let best): return "stopped after epoch \(e + 1): the validation cycle loss stopped falling; best epoch \(best + 1)"
        case .stepFinished, .bestImproved, .checkpointSaved, .stoppedNonFinite: return nil
        }
    }
}

/// `metorigin transfer run`.
struct TransferRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Synthesise the other modality of one image, on the input's own grid."
    )

    @Option(help: "A model folder written by `transfer train`.")
    var model: String

    @Option(help: "The input image (NIfTI or a DICOM series folder).")
    var image: String

    @Option(help: "The modality to synthesise: flair or t1ce.")
    var to: String

    @Option(name: .shortAndLong, help: "Output NIfTI (.nii.gz).")
    var output: String

    @OptionGroup var series: SeriesSelectionOptions

    func run() throws {
        guard let target = TransferModality(rawValue: to) else { throw ValidationError("--to must be flair or t1ce, got '\(to)'") }
        let bundle = try TransferModelBundle(folder: model)
        // The input is the other modality than the one synthesised.
        let source = try ImageSource.open(image, selection: series.selection).volume(for: target == .t1ce ? .flair : .t1ce)
        let synthetic = try ModalityTransfer.synthesise(source, to: target, bundle: bundle, path: image)
        try NIfTI.write(synthetic, to: output)
        print("\(output): synthetic \(target.rawValue), \(synthetic.size) at \(synthetic.spacing)")
    }
}

/// `metorigin transfer fill`.
struct TransferFillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill",
        abstract: "Synthesise the missing modality of every single-modality study and write a manifest that records them as synthetic."
    )

    @Option(help: "A model folder written by `transfer train`.")
    var model: String

    @Option(help: "The cohort manifest (manifest.csv).")
    var manifest: String

    @Option(help: "Output folder (synthetic/ images, manifest.csv).")
    var out: String

    func run() throws {
        let progress = ProgressPrinter()
        let result = try TransferFill.run(manifestPath: manifest, modelFolder: model, outputFolder: out, log: { progress.line($0) })
        print(String(format: "%d synthesised, %d from the cache; wall time %.1f s", result.synthesised, result.cached, result.seconds))
        print("manifest: \(result.manifestPath)")
    }
}

/// `metorigin transfer bench`.
struct TransferBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Compare synthetic with real images on the model's held-out patients (MAE, PSNR, SSIM, NMI, lesion Dice)."
    )

    @Option(help: "The cohort manifest (manifest.csv).")
    var manifest: String

    @Option(help: "A model folder written by `transfer train` (its validation patients are the held-out set).")
    var model: String

    @Option(help: ArgumentHelp("External validation: --manifest is another cohort and every patient in it with both modalities is scored; this names the manifest the model was trained on (the baseline learns from its training patients).",
                               valueName: "manifest"))
    var trainingManifest: String?

    @Option(help: "Score only the first N patients (in manifest order).")
    var maxPatients: Int?

    @Option(help: "Output folder (metrics.json, lesions.json, per_patient.csv, figure5.png).")
    var out: String

    func run() throws {
        let progress = ProgressPrinter()
        let result = try TransferBench.run(manifestPath: manifest, modelFolder: model, outputFolder: out,
                                           trainingManifestPath: trainingManifest, maxPatients: maxPatients,
                                           log: { progress.line($0) })
        let directions = ["t1ce_to_flair", "flair_to_t1ce"]
        for method in result.metrics.keys.sorted() {
            for direction in directions {
                guard let s = result.metrics[method]?[direction] else { continue }
                let dice = result.lesionDice[method]?[direction].map { String(format: "%.3f", $0) } ?? "n/a"
                let diceAny = result.lesionDiceAnyLabel[method]?[direction].map { String(format: "%.3f", $0) } ?? "n/a"
                print("\(method) \(direction): " + String(format: "MAE %.4f  PSNR %.2f dB  SSIM %.4f  NMI %.4f",
                                                                 s.mae, s.psnr, s.ssim, s.nmi) + "  lesion Dice \(dice) (any label \(diceAny))")
            }
        }
        for reference in LesionAgreement.Reference.allCases {
            let figures = directions.compactMap { direction in
                result.lesionReferences[reference.rawValue]?[direction].map { "\(direction) \(String(format: "%.3f", $0))" }
            }
            guard !figures.isEmpty else { continue }
            print("reference \(reference.rawValue) (\(reference.definition)): lesion Dice " + figures.joined(separator: ", "))
        }
        print(String(format: "%d %@ patients; wall time %.1f s", result.patients.count, trainingManifest == nil ? "held-out" : "external",
                     result.seconds))
        print("metrics: \(out)/metrics.json, figure: \(out)/figure5.png")
    }
}
