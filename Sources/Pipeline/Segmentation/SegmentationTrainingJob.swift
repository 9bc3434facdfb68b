import Foundation
import MedicalIO
import Models
import Torch
import Training
import Vocabulary

/// What to train: one network, one modality, one manifest.
public struct SegmentationTrainingRequest: Sendable {
    public var manifestPath: String
    public var modality: String
    public var architecture: SegmentationArchitecture
    /// "paper" or "demo": network size, grid and training protocol together.
    public var preset: String
    public var outputFolder: String
    public var seed: UInt64 = 0
    /// Overrides the preset's maximum number of epochs.
    public var maxEpochs: Int?
    /// Overrides the preset's stopping-rule patience (epochs without a 1 % fall of the loss).
    public var patience: Int?
    public var resume = false
    public var device: Device = .cpu
    /// Studies preprocessed in parallel.
    public var threads = 2
    /// Overrides of the preset (nil: the preset's).
    public var network: SegmentationNetworkConfig?
    public var grid: SegmentationGrid?
    public var options: SegmentationTrainingOptions?
    /// Where preprocessed studies are cached (nil: `<outputFolder>/cache`).
    public var cacheFolder: String?

    public init(manifestPath: String, modality: String, architecture: SegmentationArchitecture, preset: String, outputFolder: String) {
        self.manifestPath = manifestPath
        self.modality = modality
        self.architecture = architecture
        self.preset = preset
        self.outputFolder = outputFolder
    }
}

/// A segmentation preset's network, grid and training options with a `--config` file's sections
/// merged in; each is nil where the file has no such section (the preset's then applies).
public struct SegmentationPresetOverrides: Sendable {
    /// The sections a segmentation `--config` file may hold.
    public static let sections = ["network", "grid", "training"]

    public var network: SegmentationNetworkConfig?
    public var grid: SegmentationGrid?
    public var options: SegmentationTrainingOptions?

    /// `{"training": {"loss": {"tumourClassWeight": 5}}}` changes one setting of `preset`.
    public init(preset: String, file overrides: PresetOverrides) throws(PresetOverrideError) {
        guard let n = SegmentationNetworkConfig.preset(preset), let g = SegmentationGrid.preset(preset),
              let o = SegmentationTrainingOptions.preset(preset) else {
            throw PresetOverrideError(path: overrides.path, reason: "unknown preset '\(preset)' (use paper or demo)")
        }
        if overrides.has("network") { network = try overrides.apply("network", to: n) }
        if overrides.has("grid") { grid = try overrides.apply("grid", to: g) }
        if overrides.has("training") { options = try overrides.apply("training", to: o) }
    }
}

/// What a training job produced.
public struct SegmentationTrainingOutcome: Sendable, Encodable {
    /// The model directory (`model.json`, `weights.safetensors`): the output folder itself.
    public var modelFolder: String
    public var result: SegmentationTrainingResult
    public var trainingStudies: Int
    public var validationStudies: Int
    public var trainingSlices: Int
    public var lesionSlices: Int
    public var parameters: Int
    public var seconds: Double
}

/// `metorigin segment train`: the contoured studies of one modality → patient-grouped split →
/// training → a model directory. The output folder holds the model (`model.json`,
/// `weights.safetensors`), `checkpoints/` (`last`, `best`), `cache/` (preprocessed studies),
/// `split.json` and `history.csv` (one line per epoch).
public enum SegmentationTrainingJob {
    public static func run(_ request: SegmentationTrainingRequest, log: (String) -> Void = { _ in },
                           onEvent: (SegmentationTrainingEvent) -> Void = { _ in }) throws(SegmentationJobError) -> SegmentationTrainingOutcome {
        let started = Date()
        let (networkConfig, grid, options) = try settings(of: request)
        let out = request.outputFolder
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw .writeFailed(path: out, reason: "\(error)")
        }
        let manifest: Manifest
        do { manifest = try Manifest.read(path: request.manifestPath) } catch { throw .manifest(error) }
        log("preprocessing the contoured \(request.modality) studies onto \(grid.inPlaneSize)×\(grid.inPlaneSize) at \(grid.inPlaneSpacing) mm")
        let data: SegmentationDataSet
        do {
            data = try SegmentationDataSet.load(manifest: manifest, modality: request.modality, grid: grid, cacheFolder: request.cacheFolder ?? out + "/cache",
                                                threads: request.threads)
        } catch { throw .data(error) }
        let split = SegmentationSplit(patientIDs: data.studies.map(\.patientID), validationFraction: options.validationFraction,
                                      seed: options.seed)
        try writeJSON(SplitRecord(training: split.training.map { data.studies[$0].studyID },
                                  validation: split.validation.map { data.studies[$0].studyID }), to: out + "/split.json")
        let slices = data.slices(of: split.training)
        log("\(data.studies.count) studies: \(split.training.count) training (\(slices.count) slices, "
            + "\(slices.filter(\.hasLesion).count) with tumour), \(split.validation.count) validation")

        let network: any SegmentationNetwork
        let trainer: SegmentationTrainer
        do {
            let dropout = try Generator(seed: options.seed ^ 0xD50F_0D50_F0D5_0F0D, device: request.device)
            network = try makeSegmentationNetwork(request.architecture, config: networkConfig, generator: Generator(seed: options.seed),
                                                  dropoutGenerator: dropout)
            guard grid.inPlaneSize % network.sizeMultiple == 0 else {
                throw SegmentationJobError.invalidArgument("the grid's \(grid.inPlaneSize)-voxel side is not a multiple of the "
                                                           + "\(request.architecture.rawValue) network's \(network.sizeMultiple)")
            }
            trainer = try SegmentationTrainer(network: network, options: options, device: request.device,
                                              checkpointFolder: out + "/checkpoints", dropoutGenerator: dropout)
        } catch let e as SegmentationJobError {
            throw e
        } catch let e as TorchError {
            throw .engine(e)
        } catch {
            throw .invalidArgument("\(error)")
        }
        var history = request.resume ? ((try? String(contentsOfFile: out + "/history.csv", encoding: .utf8)) ?? "") : ""
        if history.isEmpty { history = "epoch,train_loss,validation_dice,seconds\n" }
        var historyError: SegmentationJobError?
        let result: SegmentationTrainingResult
        do {
            result = try trainer.train(data: data, split: split, resume: request.resume) { event in
                if case .resumed(let epoch) = event {
                    // Drop epochs the resumed run will repeat (those after the last checkpoint).
                    let lines = history.split(separator: "\n", omittingEmptySubsequences: true)
                    history = ([lines[0]] + lines.dropFirst().filter { (Int($0.split(separator: ",")[0]) ?? .max) <= epoch })
                        .joined(separator: "\n") + "\n"
                }
                if case .epochFinished(let e) = event {
                    history += String(format: "%d,%.6f,%@,%.2f\n", e.epoch + 1, e.trainLoss,
                                      e.metrics.validationDice.map { String(format: "%.6f", $0) } ?? "", e.seconds)
                    do { try AtomicFile.write(history, to: out + "/history.csv") } catch {
                        historyError = .writeFailed(path: out + "/history.csv", reason: "\(error)")
                    }
                }
                onEvent(event)
            }
        } catch { throw .training(error) }
        if let historyError { throw historyError }

        let seconds = Date().timeIntervalSince(started)
        let provenance = SegmentationProvenance(
            manifest: manifest.path, preset: request.preset, trainingStudies: split.training.map { data.studies[$0].studyID },
            validationStudies: split.validation.map { data.studies[$0].studyID }, options: options, result: result, seconds: seconds)
        let info = SegmentationModelInfo(architecture: request.architecture, network: networkConfig, modality: request.modality,
                                         grid: grid, training: provenance)
        do { try SegmentationModel(info: info, network: network, device: request.device).save(to: out) } catch { throw .model(error) }
        let parameters = network.parameterCount
        return SegmentationTrainingOutcome(modelFolder: out, result: result, trainingStudies: split.training.count,
                                           validationStudies: split.validation.count, trainingSlices: slices.count,
                                           lesionSlices: slices.filter(\.hasLesion).count, parameters: parameters, seconds: seconds)
    }

    /// The network, grid and training options `request` trains with: its preset's, with the
    /// request's overrides applied.
    public static func settings(of request: SegmentationTrainingRequest)
        throws(SegmentationJobError) -> (SegmentationNetworkConfig, SegmentationGrid, SegmentationTrainingOptions) {
        guard let presetNetwork = SegmentationNetworkConfig.preset(request.preset), let presetGrid = SegmentationGrid.preset(request.preset),
              var options = SegmentationTrainingOptions.preset(request.preset) else {
            throw .invalidArgument("unknown preset '\(request.preset)' (use paper or demo)")
        }
        if let o = request.options { options = o }
        options.seed = request.seed
        if let e = request.maxEpochs { options.maxEpochs = e }
        if let p = request.patience {
            guard p > 0 else { throw .invalidArgument("patience must be at least 1 epoch, got \(p)") }
            options.patience = p
        }
        return (request.network ?? presetNetwork, request.grid ?? presetGrid, options)
    }

    struct SplitRecord: Codable {
        var training: [String]
        var validation: [String]
    }

    static func writeJSON<T: Encodable>(_ value: T, to path: String) throws(SegmentationJobError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try AtomicFile.write(try encoder.encode(value), to: path) } catch {
            throw .writeFailed(path: path, reason: "\(error)")
        }
    }
}
