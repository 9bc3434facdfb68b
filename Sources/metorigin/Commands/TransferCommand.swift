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
        subcommands: [TransferTrainCommand.self, TransferRunCommand.self]
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

    @Option(help: "Random seed for the split, initialisation, pair order and image pools.")
    var seed: UInt64 = 0

    @Flag(help: "Continue an interrupted run in the same output folder.")
    var resume = false

    @Option(help: "Output folder (model, checkpoints, history.csv, samples/).")
    var out: String

    func run() throws {
        guard var setup = TransferTrainingSetup.preset(preset, pairing: TransferDataset.sameIndex, pairingName: "same-index") else {
            throw ValidationError("unknown preset '\(preset)' (use demo or paper)")
        }
        setup.training.seed = seed
        if let epochs { setup.training.epochs = epochs }
        if let pairsPerPatient { setup.training.pairsPerPatient = pairsPerPatient > 0 ? pairsPerPatient : nil }
        let result = try TransferTraining.run(manifestPath: manifest, outputFolder: out, setup: setup, resume: resume,
                                              log: { print($0) }, onEvent: Self.report)
        print(String(format: "trained on %d patients (%d pairs), validated on %d; wall time %.1f s",
                     result.trainingPatients, result.pairs, result.validationPatients, result.seconds))
        print("model: \(TransferModelBundle.weightsPath(out))")
    }

    static func report(_ event: TransferTrainingEvent) {
        switch event {
        case .resumed(let e): Swift.print("resuming at epoch \(e + 1)")
        case .epochStarted(let e, let n, let steps): Swift.print("epoch \(e + 1)/\(n): \(steps) steps")
        case .epochFinished(let l, let verdict):
            Swift.print(String(format: "  G1 %.4f  G2 %.4f  cycle %.4f  D1(FLAIR) %.4f  D2(T1CE) %.4f  val cycle %.4f  val paired MAE %.4f  %.1f s",
                               l.generatorT1ceToFlair, l.generatorFlairToT1ce, l.cycle, l.discriminatorFlair,
                               l.discriminatorT1ce, l.validationCycle, l.validationPairedMAE, l.seconds)
                        + (verdict == .healthy ? "" : "  [\(verdict)]"))
        case .sampleWritten(let path): Swift.print("  sample: \(path)")
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

    func run() throws {
        guard let target = TransferModality(rawValue: to) else { throw ValidationError("--to must be flair or t1ce, got '\(to)'") }
        let bundle = try TransferModelBundle(folder: model)
        let source = try ImageLoader.load(path: image)
        let synthetic = try ModalityTransfer.synthesise(source, to: target, bundle: bundle, path: image)
        try NIfTI.write(synthetic, to: output)
        print("\(output): synthetic \(target.rawValue), \(synthetic.size) at \(synthetic.spacing)")
    }
}
