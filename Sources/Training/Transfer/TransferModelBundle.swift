import Foundation
import MedicalIO
import Models
import Torch

/// What a trained modality-transfer model folder says about itself (`transfer.json`).
public struct TransferBundleInfo: Codable, Sendable, Equatable {
    public var network: TransferNetworkConfig
    public var grid: TransferGrid
    public var training: CycleGANTrainingOptions
    public var split: TransferSplit
    /// The intensity a synthetic image's 1.0 maps to, per target modality: the median of the
    /// training volumes' scales (`TransferIntensity.scale`).
    public var referenceScale: [String: Float]
    /// How slices were paired ("mutual-information" or "same-index").
    public var pairing: String

    public init(network: TransferNetworkConfig, grid: TransferGrid, training: CycleGANTrainingOptions, split: TransferSplit,
                referenceScale: [String: Float], pairing: String) {
        self.network = network
        self.grid = grid
        self.training = training
        self.split = split
        self.referenceScale = referenceScale
        self.pairing = pairing
    }
}

/// A trained model folder: `transfer.json` and `model.safetensors` (the weights of the last
/// healthy epoch, written by `CycleGANTrainer`).
public struct TransferModelBundle {
    public let folder: String
    public let info: TransferBundleInfo
    public let model: CycleGAN

    public static func infoPath(_ folder: String) -> String { "\(folder)/transfer.json" }
    public static func weightsPath(_ folder: String) -> String { "\(folder)/model.safetensors" }

    /// Writes `transfer.json` atomically.
    public static func writeInfo(_ info: TransferBundleInfo, to folder: String) throws(TransferDataError) {
        let path = infoPath(folder)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(info), to: path)
        } catch { throw TransferDataError(path: path, reason: "cannot write: \(error)") }
    }

    /// Reads a model folder.
    public init(folder: String) throws(TransferDataError) {
        let path = Self.infoPath(folder)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TransferDataError(path: path, reason: "not found: is \(folder) a folder written by `metorigin transfer train`?")
        }
        do { info = try JSONDecoder().decode(TransferBundleInfo.self, from: data) } catch {
            throw TransferDataError(path: path, reason: "unreadable: \(error)")
        }
        let weights = Self.weightsPath(folder)
        guard FileManager.default.fileExists(atPath: weights) else {
            throw TransferDataError(path: weights, reason: "no trained weights (training has not finished a healthy epoch)")
        }
        do {
            model = try CycleGAN(config: info.network)
            try Checkpoint.load(from: weights, model: model, globalRNG: false)
        } catch { throw TransferDataError(path: weights, reason: "\(error)") }
        model.eval()
        self.folder = folder
    }
}
