import Foundation
import MedicalIO
import Models
import Torch

/// How a segmentation model was trained (kept in `model.json`).
public struct SegmentationProvenance: Codable, Sendable, Equatable {
    public var manifest: String
    public var preset: String
    public var trainingStudies: [String]
    public var validationStudies: [String]
    public var options: SegmentationTrainingOptions
    public var result: SegmentationTrainingResult
    /// Wall time of the training run, in seconds.
    public var seconds: Double

    public init(manifest: String, preset: String, trainingStudies: [String], validationStudies: [String],
                options: SegmentationTrainingOptions, result: SegmentationTrainingResult, seconds: Double) {
        self.manifest = manifest
        self.preset = preset
        self.trainingStudies = trainingStudies
        self.validationStudies = validationStudies
        self.options = options
        self.result = result
        self.seconds = seconds
    }
}

/// `model.json` of a segmentation model directory: what the weights are and how an image must
/// be prepared for them.
public struct SegmentationModelInfo: Codable, Sendable, Equatable {
    public static let currentFormat = "metorigin-segmentation-model-1"
    public var format = SegmentationModelInfo.currentFormat
    public var architecture: SegmentationArchitecture
    public var network: SegmentationNetworkConfig
    /// "t1ce" or "flair": the modality the network was trained on.
    public var modality: String
    public var grid: SegmentationGrid
    /// `Preprocessor.version` at training time; a model is refused by a different normalisation.
    public var preprocessingVersion = Preprocessor.version
    /// Probability at or above which a voxel is tumour in the thresholded mask.
    public var threshold = 0.5
    public var training: SegmentationProvenance?

    public init(architecture: SegmentationArchitecture, network: SegmentationNetworkConfig, modality: String,
                grid: SegmentationGrid, training: SegmentationProvenance? = nil) {
        self.architecture = architecture
        self.network = network
        self.modality = modality
        self.grid = grid
        self.training = training
    }
}

/// Why a model directory could not be used or written, or a prediction failed; names the path.
public enum SegmentationModelError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case incompatible(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case engine(TorchError)
    case image(ImageLoadError)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "\(p): \(r)"
        case .incompatible(let p, let r): return "\(p): \(r)"
        case .writeFailed(let p, let r): return "cannot write \(p): \(r)"
        case .engine(let e): return "\(e)"
        case .image(let e): return e.description
        }
    }
}

/// A tumour probability map and its thresholded mask on an input image's own grid.
public struct SegmentationPrediction: Sendable {
    public var probability: ImageVolume
    public var mask: LabelVolume
}

/// A trained segmentation network with what it needs to run on any image: a model directory
/// holds `model.json` (`SegmentationModelInfo`) and `weights.safetensors` (the network's state
/// dict under PyTorch-compatible keys).
public final class SegmentationModel {
    public static let infoFile = "model.json"
    public static let weightsFile = "weights.safetensors"

    public let info: SegmentationModelInfo
    public let network: any SegmentationNetwork
    public let device: Device

    public init(info: SegmentationModelInfo, network: any SegmentationNetwork, device: Device = .cpu) {
        self.info = info
        self.network = network
        self.device = device
    }

    /// Reads a model directory and builds its network on `device`.
    public static func load(from folder: String, device: Device = .cpu) throws(SegmentationModelError) -> SegmentationModel {
        let infoPath = folder + "/" + infoFile, weightsPath = folder + "/" + weightsFile
        guard let data = FileManager.default.contents(atPath: infoPath) else {
            throw .unreadable(path: infoPath, reason: "no model description (is \(folder) a segmentation model directory?)")
        }
        let info: SegmentationModelInfo
        do { info = try JSONDecoder().decode(SegmentationModelInfo.self, from: data) } catch {
            throw .unreadable(path: infoPath, reason: "\(error)")
        }
        guard info.format == SegmentationModelInfo.currentFormat else {
            throw .incompatible(path: infoPath, reason: "format '\(info.format)', expected '\(SegmentationModelInfo.currentFormat)'")
        }
        guard info.preprocessingVersion == Preprocessor.version else {
            throw .incompatible(path: infoPath, reason: "trained with preprocessing version \(info.preprocessingVersion), "
                                + "this build normalises with version \(Preprocessor.version)")
        }
        let contents: SafeTensors.Contents
        do { contents = try SafeTensors.read(weightsPath) } catch { throw .unreadable(path: weightsPath, reason: "\(error)") }
        let network: any SegmentationNetwork
        do {
            network = try makeSegmentationNetwork(info.architecture, config: info.network, generator: Generator(seed: 0))
            try network.load(stateDict: contents.tensors, strict: true)
            if device != .cpu { try network.to(device) }
        } catch {
            throw .incompatible(path: weightsPath, reason: "\(error)")
        }
        network.eval()
        return SegmentationModel(info: info, network: network, device: device)
    }

    /// Writes the directory: the weights first and `model.json` last, each atomically, so a
    /// directory with a `model.json` is always complete.
    public func save(to folder: String) throws(SegmentationModelError) {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw .writeFailed(path: folder, reason: "\(error)")
        }
        let weightsPath = folder + "/" + SegmentationModel.weightsFile
        do { try SafeTensors.write(network.stateDict(), to: weightsPath) } catch { throw .writeFailed(path: weightsPath, reason: "\(error)") }
        let infoPath = folder + "/" + SegmentationModel.infoFile
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try AtomicFile.write(try encoder.encode(info), to: infoPath) } catch {
            throw .writeFailed(path: infoPath, reason: "\(error)")
        }
    }

    /// A fingerprint of the model directory's contents (for caches of its outputs).
    public static func fingerprint(of folder: String) -> String? {
        guard let a = ContentHash.file(folder + "/" + infoFile), let b = ContentHash.file(folder + "/" + weightsFile) else { return nil }
        var h = ContentHash()
        h.add(a + b)
        return h.hex
    }

    /// Whole-volume inference: the image onto the model's grid (resampling and normalisation as
    /// in training), every slice through the network in batches, the softmax tumour probability
    /// resampled (linearly) back onto the image's own grid, and the mask thresholded there.
    /// Outside the model grid's field of view the probability is 0.
    /// - Parameter path: where the image came from, for error messages.
    public func predict(_ image: ImageVolume, path: String, batchSize: Int = 16) throws(SegmentationModelError) -> SegmentationPrediction {
        let pre = info.grid.preprocessor(for: image.geometry, cacheFolder: nil)
        let onGrid: ImageVolume
        do { onGrid = try pre.image(path: path, loaded: image) } catch { throw .image(error) }
        let side = info.grid.inPlaneSize
        guard side % max(1, network.sizeMultiple) == 0 else {
            throw .incompatible(path: path, reason: "grid side \(side) is not a multiple of the network's \(network.sizeMultiple)")
        }
        let p: [Float]
        do { p = try SlicePrediction.tumourProbability(network, volume: onGrid.voxels, side: side, batchSize: batchSize, device: device) } catch {
            throw .engine(error)
        }
        let probability: ImageVolume
        do {
            let gridMap = try ImageVolume(geometry: onGrid.geometry, voxels: p)
            probability = try Resampler.resample(gridMap, onto: image.geometry, interpolation: .linear)
        } catch {
            throw .image(ImageLoadError(path: path, reason: "resampling the probability map back failed: \(error)"))
        }
        let t = Float(info.threshold)
        let mask: LabelVolume
        do { mask = try LabelVolume(geometry: image.geometry, voxels: probability.voxels.map { $0 >= t ? 1 : 0 }) } catch {
            throw .image(ImageLoadError(path: path, reason: "\(error)"))
        }
        return SegmentationPrediction(probability: probability, mask: mask)
    }
}

extension SegmentationModel {
    /// A fingerprint of an input image's contents (a NIfTI file or every file of a DICOM folder).
    public static func fingerprint(ofInput path: String) -> String? { ContentHash.file(path) }
}
