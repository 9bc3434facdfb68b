import Foundation
import Models
import Torch

/// What a segmentation training run reports as it goes.
public enum SegmentationTrainingEvent: Sendable {
    case resumed(fromEpoch: Int)
    case batchFinished(epoch: Int, batch: Int, batches: Int, loss: Double)
    /// `validationDice`: mean whole-volume Dice over the validation studies (nil without any).
    case epochFinished(epoch: Int, trainLoss: Double, validationDice: Double?, seconds: Double, best: Bool)
    case stoppedEarly(epoch: Int, bestEpoch: Int)
}

/// How a training run ended.
public struct SegmentationTrainingResult: Sendable, Codable, Equatable {
    /// Epochs run in all, including those before a resume.
    public var epochs: Int
    /// The epoch whose weights are kept (0-based): best validation Dice, or lowest training loss
    /// without validation studies.
    public var bestEpoch: Int
    public var bestValidationDice: Double?
    public var finalTrainLoss: Double
    public var stoppedEarly: Bool
}

/// Trains one segmentation network on the slices of a `SegmentationDataSet` with the paper's
/// protocol: Adam, batches of 12 slices, the 0.5 CE + 0.5 Dice loss, epochs of sampled slices
/// (a fixed lesion-bearing share), seeded augmentation, and the classifier's stopping rule on
/// the training loss (`EarlyStopping`: 1 % over 20 epochs).
///
/// With a `checkpointFolder`, every epoch is saved atomically (`last.safetensors`, with the
/// optimiser and stopping state) and the weights with the best validation Dice separately
/// (`best.safetensors`); `resume` continues from `last`. Sampling and augmentation are
/// functions of (seed, epoch), so a resumed run draws what the uninterrupted one would have.
public final class SegmentationTrainer {
    public let network: any SegmentationNetwork
    public let options: SegmentationTrainingOptions
    public let device: Device
    let checkpointFolder: String?
    /// The network's dropout generator, kept in every checkpoint so a resumed run draws the same masks.
    let dropoutGenerator: Generator?

    /// - Parameter dropoutGenerator: the generator the network's dropout draws from, if any.
    public init(network: any SegmentationNetwork, options: SegmentationTrainingOptions, device: Device = .cpu,
                checkpointFolder: String? = nil, dropoutGenerator: Generator? = nil) throws(TorchError) {
        self.network = network
        self.options = options
        self.device = device
        self.checkpointFolder = checkpointFolder
        self.dropoutGenerator = dropoutGenerator
        if device != .cpu { try network.to(device) }
    }

    public var lastPath: String? { checkpointFolder.map { "\($0)/last.safetensors" } }
    public var bestPath: String? { checkpointFolder.map { "\($0)/best.safetensors" } }

    /// Trains on the `split.training` studies of `data`, scoring `split.validation` every epoch;
    /// leaves the best weights in `network`.
    public func train(data: SegmentationDataSet, split: SegmentationSplit, resume: Bool = false,
                      onEvent: (SegmentationTrainingEvent) -> Void = { _ in }) throws(TrainingError) -> SegmentationTrainingResult {
        let slices = data.slices(of: split.training)
        guard !slices.isEmpty else { throw .noTrainingData }
        let optimizer: Adam
        do { optimizer = try Adam(network.trainableParameters(), learningRate: options.learningRate) } catch { throw .engine(error) }
        var state = Progress(stopper: EarlyStopping(patience: options.patience, minRelativeImprovement: options.minRelativeImprovement))
        var startEpoch = 0
        if resume, let last = lastPath, FileManager.default.fileExists(atPath: last) {
            do {
                let info = try Checkpoint.load(from: last, model: network, optimizer: optimizer, globalRNG: false, generators: generators)
                startEpoch = info.epoch + 1
                if let json = info.metadata[Progress.metadataKey],
                   let decoded = try? JSONDecoder().decode(Progress.self, from: Data(json.utf8)) {
                    state = decoded
                }
            } catch { throw .checkpoint("\(error)") }
            onEvent(.resumed(fromEpoch: startEpoch))
        }
        if let folder = checkpointFolder {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let sampler = SliceSampler(lesionShare: options.lesionShare, epochSize: options.slicesPerEpoch)
        let side = data.sliceSide
        var epoch = startEpoch
        while epoch < options.maxEpochs && !state.stopper.shouldStop {
            let started = Date()
            let order = sampler.epoch(slices, epoch: epoch, seed: options.seed)
            let batches = stride(from: 0, to: order.count, by: max(1, options.batchSize)).map {
                Array(order[$0..<min($0 + max(1, options.batchSize), order.count)])
            }
            network.train()
            var total = 0.0
            for (b, members) in batches.enumerated() {
                // Augmentation draws are keyed by the slot in the epoch, so a repeated slice gets a fresh one.
                let first = b * max(1, options.batchSize)
                let (image, mask) = data.batch(members.map { slices[$0] }, augmentation: options.augment ? options.augmentation : nil,
                                               seed: options.seed, epoch: epoch, positions: Array(first..<(first + members.count)))
                let loss = try trainingStep(optimizer, epoch: epoch, batch: b, lastCheckpoint: lastPath) { () throws(TorchError) -> Tensor in
                    let input = try Tensor.wrapping(image, shape: [members.count, 1, side, side]).to(device)
                    let target = try Tensor.wrapping(mask, shape: [members.count, side, side]).to(device)
                    return try options.loss(logits: network(input), target: target)
                }
                total += loss
                onEvent(.batchFinished(epoch: epoch, batch: b, batches: batches.count, loss: loss))
            }
            let trainLoss = total / Double(max(1, batches.count))
            let dice: Double?
            do { dice = split.validation.isEmpty ? nil : try meanDice(data: data, studies: split.validation) } catch { throw .engine(error) }
            let lossImproved = state.stopper.record(loss: trainLoss, epoch: epoch)
            let best: Bool
            // Ties go to the later epoch: with equal validation Dice (0 while a network still predicts
            // no tumour) the more trained weights are kept.
            if let dice { best = dice >= (state.bestDice ?? -1) } else { best = lossImproved }
            if best { state.bestDice = dice; state.bestEpoch = epoch }
            state.lastTrainLoss = trainLoss
            try saveCheckpoints(optimizer: optimizer, epoch: epoch, state: state, best: best)
            onEvent(.epochFinished(epoch: epoch, trainLoss: trainLoss, validationDice: dice,
                                   seconds: Date().timeIntervalSince(started), best: best))
            epoch += 1
        }
        if state.stopper.shouldStop { onEvent(.stoppedEarly(epoch: epoch - 1, bestEpoch: state.bestEpoch)) }
        if let best = bestPath, FileManager.default.fileExists(atPath: best) {
            do { try Checkpoint.load(from: best, model: network, globalRNG: false) } catch { throw .checkpoint("\(error)") }
        }
        return SegmentationTrainingResult(epochs: epoch, bestEpoch: state.bestEpoch, bestValidationDice: state.bestDice,
                                          finalTrainLoss: state.lastTrainLoss, stoppedEarly: state.stopper.shouldStop)
    }

    /// Mean over studies of the whole-volume Dice of the thresholded (0.5) prediction.
    public func meanDice(data: SegmentationDataSet, studies: [Int]) throws(TorchError) -> Double {
        var total = 0.0
        for s in studies {
            let study = data.studies[s]
            let p = try SlicePrediction.tumourProbability(network, volume: study.image, side: data.sliceSide,
                                                          batchSize: options.inferenceBatchSize, device: device)
            total += SlicePrediction.dice(probability: p, mask: study.mask)
        }
        return total / Double(max(1, studies.count))
    }

    private func saveCheckpoints(optimizer: Adam, epoch: Int, state: Progress, best: Bool) throws(TrainingError) {
        guard let last = lastPath, let bestFile = bestPath else { return }
        let json = (try? JSONEncoder().encode(state)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let info = Checkpoint.Info(step: 0, epoch: epoch, metadata: [Progress.metadataKey: json])
        do {
            if best { try Checkpoint.save(to: bestFile, model: network, globalRNG: [], info: info) }
            try Checkpoint.save(to: last, model: network, optimizer: optimizer, globalRNG: [], generators: generators, info: info)
        } catch { throw .checkpoint("\(error)") }
    }

    private var generators: [String: Generator] { dropoutGenerator.map { ["dropout": $0] } ?? [:] }

    /// The stopping rule's state and the best epoch so far, kept in every checkpoint.
    struct Progress: Codable {
        static let metadataKey = "segmentation_progress"
        var stopper: EarlyStopping
        var bestDice: Double?
        var bestEpoch = -1
        var lastTrainLoss = 0.0
    }
}
