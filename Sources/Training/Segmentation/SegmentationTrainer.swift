import Foundation
import Models
import Torch

/// What a segmentation network reports after each epoch.
public struct SegmentationEpochMetrics: Sendable, Equatable {
    /// Mean whole-volume Dice over the validation studies (nil without any).
    public var validationDice: Double?
}

/// What a segmentation training run reports as it goes.
public typealias SegmentationTrainingEvent = TrainingEvent<SegmentationEpochMetrics>

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
/// Training runs in the shared `TrainingLoop`: with a `checkpointFolder`, every epoch is saved
/// atomically (`last.safetensors`, with the optimiser and stopping state) and the weights with
/// the best validation Dice separately (`best.safetensors`); `resume` continues from `last`.
/// Sampling and augmentation are functions of (seed, epoch), so a resumed run draws what the
/// uninterrupted one would have.
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

    public var checkpoints: CheckpointPaths? { checkpointFolder.map { CheckpointPaths(folder: $0) } }

    /// Trains on the `split.training` studies of `data`, scoring `split.validation` every epoch;
    /// leaves the best weights in `network`.
    public func train(data: SegmentationDataSet, split: SegmentationSplit, resume: Bool = false,
                      onEvent: (SegmentationTrainingEvent) -> Void = { _ in }) throws(TrainingError) -> SegmentationTrainingResult {
        let task = try SegmentationTrainingTask(trainer: self, data: data, split: split)
        let outcome = try TrainingLoop(task: task, maxEpochs: options.maxEpochs, earlyStopping: options.earlyStopping,
                                       checkpoints: checkpoints).run(resume: resume, onEvent: onEvent)
        return SegmentationTrainingResult(epochs: outcome.epochs, bestEpoch: outcome.bestEpoch, bestValidationDice: task.bestDice,
                                          finalTrainLoss: outcome.lastTrainLoss, stoppedEarly: outcome.stoppedEarly)
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
}
