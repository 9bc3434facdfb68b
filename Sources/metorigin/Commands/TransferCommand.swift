import ArgumentParser
import Foundation
import Models
import Pipeline
import Training
import Vocabulary

/// `metorigin transfer …`: the modality-transfer CycleGAN (T1 CE ↔ T2 FLAIR).
struct TransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Modality transfer between T1 CE and T2 FLAIR with a CycleGAN.",
        subcommands: [TransferTrainCommand.self, TransferRunCommand.self, TransferFillCommand.self, TransferBenchCommand.self]
    )
}

/// `--model DIR`: a model folder written by `transfer train`.
struct TransferModelOption: ParsableArguments {
    @Option(help: "A model folder written by `transfer train`.")
    var model: String
}

/// `metorigin transfer train`.
struct TransferTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the CycleGAN on the patients with both modalities (split by patient into training and validation).",
        discussion: """
            --out receives the model, checkpoints, history.csv and samples/. --config sections: network, grid and \
            training, e.g. {"training": {"loss": {"pairedWeight": 10}}}.
            """
    )

    @OptionGroup var manifest: ManifestOption
    @OptionGroup var preset: PresetOptions

    @Option(help: "Override the preset's slice pairs per patient and epoch (0: all).")
    var pairsPerPatient: NonNegative?

    @Option(help: "Slice pairing: mi (each T1 CE slice with the FLAIR slice of highest normalised mutual information, the paper) or same-index (slice k with slice k of the common grid).")
    var pairing = TransferPairingMethod.mi

    @OptionGroup var seed: SeedOption

    @Flag(help: "Continue an interrupted run in the same output folder.")
    var resume = false

    @OptionGroup var device: DeviceOption
    @OptionGroup var output: OutputOption
    @OptionGroup var json: JSONOption

    func run() throws {
        guard var setup = try TransferTrainingSetup.preset(preset.preset.rawValue, pairing: pairing, configPath: preset.config) else {
            throw ValidationError("unknown preset '\(preset.preset)'")
        }
        setup.training.seed = seed.seed
        if let epochs = preset.epochs { setup.training.maxEpochs = epochs.value }
        if let pairsPerPatient { setup.training.pairsPerPatient = pairsPerPatient.value > 0 ? pairsPerPatient.value : nil }
        setup.device = device.resolved
        // Lines go through ProgressPrinter, which flushes: a run logged to a file shows each line as it comes.
        let progress = ProgressPrinter(quiet: json.json)
        let result = try TransferTraining.run(manifestPath: manifest.manifest, outputFolder: output.out, setup: setup, resume: resume,
                                              log: { progress.line($0) }, onEvent: { Self.describe($0).map(progress.line) })
        if json.json { return try json.print(result) }
        print(String(format: "trained on %d patients (%d pairs), validated on %d; wall time %.1f s",
                     result.trainingPatients, result.pairs, result.validationPatients, result.seconds))
        print("model: \(TransferModelBundle.weightsPath(output.out))")
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

    @OptionGroup var model: TransferModelOption

    @Option(help: "The input image (NIfTI or a DICOM series folder).")
    var image: String

    @Option(help: "The modality to synthesise.")
    var to: Modality

    @Option(name: .shortAndLong, help: "Output NIfTI (.nii.gz).")
    var output: String

    @OptionGroup var series: SeriesSelectionOptions
    @OptionGroup var json: JSONOption

    func run() throws {
        let result = try TransferRun.run(modelFolder: model.model, imagePath: image, selection: series.selection, target: to, output: output)
        if json.json { return try json.print(result) }
        print("\(result.output): synthetic \(result.target.rawValue), \(result.size) at \(result.spacing)")
    }
}

/// `metorigin transfer fill`.
struct TransferFillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill",
        abstract: "Synthesise the missing modality of every single-modality study and write a manifest that records them as synthetic.",
        discussion: "--out receives the synthetic/ images and manifest.csv."
    )

    @OptionGroup var model: TransferModelOption
    @OptionGroup var manifest: ManifestOption
    @OptionGroup var output: OutputOption
    @OptionGroup var json: JSONOption

    func run() throws {
        let progress = ProgressPrinter(quiet: json.json)
        let result = try TransferFill.run(manifestPath: manifest.manifest, modelFolder: model.model, outputFolder: output.out,
                                          log: { progress.line($0) })
        if json.json { return try json.print(result) }
        print(String(format: "%d synthesised, %d from the cache; wall time %.1f s", result.synthesised, result.cached, result.seconds))
        print("manifest: \(result.manifestPath)")
    }
}

/// `metorigin transfer bench`.
struct TransferBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Compare synthetic with real images on the model's held-out patients (MAE, PSNR, SSIM, NMI, lesion Dice).",
        discussion: "The model's validation patients are the held-out set. --out receives metrics.json, lesions.json, per_patient.csv and figure5.png."
    )

    @OptionGroup var manifest: ManifestOption
    @OptionGroup var model: TransferModelOption

    @Option(help: ArgumentHelp("External validation: --manifest is another cohort and every patient in it with both modalities is scored; this names the manifest the model was trained on (the baseline learns from its training patients).",
                               valueName: "manifest"))
    var trainingManifest: String?

    @Option(help: "Score only the first N patients (in manifest order).")
    var maxPatients: Positive?

    @OptionGroup var output: OutputOption
    @OptionGroup var json: JSONOption

    func run() throws {
        let progress = ProgressPrinter(quiet: json.json)
        let result = try TransferBench.run(manifestPath: manifest.manifest, modelFolder: model.model, outputFolder: output.out,
                                           trainingManifestPath: trainingManifest, maxPatients: maxPatients?.value,
                                           log: { progress.line($0) })
        if json.json { return try json.print(result) }
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
        print("metrics: \(output.out)/metrics.json, figure: \(output.out)/figure5.png")
    }
}
