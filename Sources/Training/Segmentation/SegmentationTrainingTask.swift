import Foundation
import Models
import Torch

/// The segmentation network's part of the training loop: epochs of sampled slices (a fixed
/// lesion-bearing share, `SliceSampler`) in batches, the 0.5 CE + 0.5 Dice loss with Adam,
/// early stopping on the training loss, and "best" the highest validation Dice (the lowest
/// training loss without validation studies).
final class SegmentationTrainingTask: TrainingTask {
    let trainer: SegmentationTrainer
    let data: SegmentationDataSet
    let split: SegmentationSplit
    let slices: [SliceRef]
    let adam: Adam
    let sampler: SliceSampler
    /// The current epoch's slices, in order.
    var order: [Int] = []
    /// The best validation Dice so far, kept in every checkpoint.
    private(set) var bestDice: Double?

    static let metadataKey = "segmentation_best_dice"

    init(trainer: SegmentationTrainer, data: SegmentationDataSet, split: SegmentationSplit) throws(TrainingError) {
        self.trainer = trainer
        self.data = data
        self.split = split
        slices = data.slices(of: split.training)
        guard !slices.isEmpty else { throw .noTrainingData("no training slices") }
        do { adam = try Adam(trainer.network.trainableParameters(), learningRate: trainer.options.learningRate) } catch { throw .engine(error) }
        sampler = SliceSampler(lesionShare: trainer.options.lesionShare, epochSize: trainer.options.slicesPerEpoch)
    }

    var model: Module { trainer.network }
    var optimizer: any Optimizer { adam }
    var generators: [String: Generator] { trainer.dropoutGenerator.map { ["dropout": $0] } ?? [:] }
    private var batchSize: Int { max(1, trainer.options.batchSize) }

    func beginEpoch(_ epoch: Int) throws(TrainingError) -> Int {
        order = sampler.epoch(slices, epoch: epoch, seed: trainer.options.seed)
        trainer.network.train()
        return (order.count + batchSize - 1) / batchSize
    }

    func trainStep(epoch: Int, step: Int, of steps: Int) throws(TrainingError) -> StepLosses {
        let options = trainer.options
        // Augmentation draws are keyed by the slot in the epoch, so a repeated slice gets a fresh one.
        let first = step * batchSize
        let members = Array(order[first..<min(first + batchSize, order.count)])
        let (image, mask) = data.batch(members.map { slices[$0] }, augmentation: options.augment ? options.augmentation : nil,
                                       seed: options.seed, epoch: epoch, positions: Array(first..<(first + members.count)))
        let side = data.sliceSide
        let loss = try optimise(adam) { () throws(TorchError) -> Tensor in
            let input = try Tensor.wrapping(image, shape: [members.count, 1, side, side]).to(trainer.device)
            let target = try Tensor.wrapping(mask, shape: [members.count, side, side]).to(trainer.device)
            return try options.settings.loss(logits: trainer.network(input), target: target)
        }
        return StepLosses("segmentation", loss)
    }

    func validate(epoch: Int, trainLoss: Double) throws(TrainingError) -> SegmentationEpochMetrics {
        do {
            return SegmentationEpochMetrics(validationDice: split.validation.isEmpty ? nil : try trainer.meanDice(data: data, studies: split.validation))
        } catch { throw .engine(error) }
    }

    func monitoredLoss(trainLoss: Double, metrics: SegmentationEpochMetrics) -> Double { trainLoss }

    func isBest(epoch: Int, trainLoss: Double, metrics: SegmentationEpochMetrics, monitorImproved: Bool) -> Bool {
        guard let dice = metrics.validationDice else { return monitorImproved }
        // Ties go to the later epoch: with equal validation Dice (0 while a network still predicts
        // no tumour) the more trained weights are kept.
        guard dice >= (bestDice ?? -1) else { return false }
        bestDice = dice
        return true
    }

    func savedState(after summary: EpochSummary<SegmentationEpochMetrics>) throws(TrainingError) -> [String: String] {
        bestDice.map { [Self.metadataKey: String($0)] } ?? [:]
    }

    func restoreState(_ metadata: [String: String], epoch: Int, path: String) throws(TrainingError) {
        guard let saved = metadata[Self.metadataKey] else { bestDice = nil; return }
        guard let dice = Double(saved) else { throw .checkpoint("\(path): unreadable best validation Dice '\(saved)'") }
        bestDice = dice
    }
}
