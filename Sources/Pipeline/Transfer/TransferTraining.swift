import Foundation
import MedicalIO
import Models
import Torch
import Training
import Vocabulary

/// Everything a `transfer train` run is configured by.
public struct TransferTrainingSetup: Sendable {
    public var network: TransferNetworkConfig
    public var grid: TransferGrid
    public var training: CycleGANTrainingOptions
    /// Pairs slices within each patient; named in `transfer.json`.
    public var pairing: SlicePairing
    public var pairingName: String
    /// Where the networks train.
    public var device: Device = .cpu

    public init(network: TransferNetworkConfig, grid: TransferGrid, training: CycleGANTrainingOptions,
                pairing: @escaping SlicePairing, pairingName: String) {
        self.network = network
        self.grid = grid
        self.training = training
        self.pairing = pairing
        self.pairingName = pairingName
    }

    /// The `demo` or `paper` preset (networks, grid, protocol) with the given pairing.
    public static func preset(_ name: String, pairing: @escaping SlicePairing, pairingName: String) -> TransferTrainingSetup? {
        guard let network = TransferNetworkConfig.preset(name), let training = CycleGANTrainingOptions.preset(name) else { return nil }
        return TransferTrainingSetup(network: network, grid: name == "paper" ? .paper : .demo, training: training,
                                     pairing: pairing, pairingName: pairingName)
    }
}

/// The outcome of a training run.
public struct TransferTrainingResult: Sendable, Encodable {
    public var trainingPatients: Int
    public var validationPatients: Int
    public var pairs: Int
    public var epochs: [TransferEpochLosses]
    public var seconds: Double
}

/// Why a transfer job failed; every case names the file or says what is wrong.
public enum TransferJobError: Error, CustomStringConvertible {
    case manifest(ManifestError)
    case data(TransferDataError)
    case training(TrainingError)
    case engine(TorchError)
    case notEnoughPatients(String, Int)

    public var description: String {
        switch self {
        case .manifest(let e): return "\(e)"
        case .data(let e): return "\(e)"
        case .training(let e): return "\(e)"
        case .engine(let e): return "\(e)"
        case .notEnoughPatients(let path, let n):
            return "\(path): \(n) patient(s) have both T1 CE and FLAIR in one study; the CycleGAN needs at least 2 (one to train, one to validate)"
        }
    }
}

/// `metorigin transfer train`: patients with both modalities → split by patient → slices on the
/// common grid, paired → CycleGAN training into `outputFolder`.
public enum TransferTraining {
    /// The networks train on `setup.device` (`cuda` needs libtorch's CUDA libraries).
    public static func run(manifestPath: String, outputFolder: String, setup: TransferTrainingSetup, resume: Bool,
                           log: (String) -> Void = { _ in },
                           onEvent: (TransferTrainingEvent) -> Void = { _ in }) throws(TransferJobError) -> TransferTrainingResult {
        let started = Date()
        let manifest: Manifest
        do { manifest = try Manifest.read(path: manifestPath) } catch { throw .manifest(error) }
        let studies = TransferDataset.pairedStudies(manifest)
        guard studies.count >= 2 else { throw .notEnoughPatients(manifestPath, studies.count) }
        let split = TransferSplit(patients: studies.map(\.patientID), validationFraction: setup.training.validationFraction,
                                  seed: setup.training.seed)
        log("\(studies.count) patients with both modalities: \(split.training.count) training, \(split.validation.count) validation")
        var training: [TransferPatient] = [], validation: [TransferPatient] = []
        for (i, study) in studies.enumerated() {
            let patient: TransferPatient
            do { patient = try TransferDataset.patient(study, grid: setup.grid, pairing: setup.pairing) } catch { throw .data(error) }
            if split.validation.contains(study.patientID) { validation.append(patient) } else { training.append(patient) }
            log("  [\(i + 1)/\(studies.count)] \(study.patientID): \(patient.slices.count) slices, \(patient.pairs.count) pairs")
        }
        let median = { (v: [Float]) -> Float in let s = v.sorted(); return s.isEmpty ? 1 : s[s.count / 2] }
        let info = TransferBundleInfo(network: setup.network, grid: setup.grid, training: setup.training, split: split,
                                      referenceScale: ["t1ce": median(training.map(\.t1ceScale)),
                                                       "flair": median(training.map(\.flairScale))],
                                      pairing: setup.pairingName)
        do { try TransferModelBundle.writeInfo(info, to: outputFolder) } catch { throw .data(error) }
        let trainer: CycleGANTrainer
        do { trainer = try CycleGANTrainer(config: setup.network, options: setup.training, device: setup.device, folder: outputFolder) } catch { throw .engine(error) }
        var epochs: [TransferEpochLosses] = []
        do {
            try trainer.train(training: training, validation: validation, resume: resume) { event in
                if case .epochFinished(let summary) = event { epochs.append(summary.metrics.losses) }
                onEvent(event)
            }
        } catch { throw .training(error) }
        return TransferTrainingResult(trainingPatients: training.count, validationPatients: validation.count,
                                      pairs: training.reduce(0) { $0 + $1.pairs.count }, epochs: epochs,
                                      seconds: Date().timeIntervalSince(started))
    }
}
