import Foundation
import Torch

/// The lesion classifier's part of the training loop: class-balanced epochs (`ClassSampler`),
/// weighted cross-entropy with Adam; early stopping and "best" on the inner-validation macro
/// AUC (the loop watches 1 − AUC), not on a loss.
final class LesionTrainingTask: TrainingTask {
    let trainer: LesionTrainer
    let samples: [LesionStudySample]
    let training: [Int]
    let validation: [Int]
    let adam: Adam
    let objective: ClassBalancedObjective
    var batches: [[Int]] = []

    init(trainer: LesionTrainer, samples: [LesionStudySample], training: [Int], validation: [Int]) throws(TrainingError) {
        self.trainer = trainer
        self.samples = samples
        self.training = training
        self.validation = validation
        let options = trainer.options
        do { adam = try Adam(trainer.model.trainableParameters(), learningRate: options.learningRate.rate(epoch: 0)) } catch { throw .engine(error) }
        objective = try ClassBalancedObjective(options: options, labels: training.map { samples[$0].label },
                                               classCount: options.network.classCount, device: trainer.device)
    }

    var model: Module { trainer.model }
    var optimizer: any Optimizer { adam }
    var generators: [String: Generator] { ["dropout": trainer.dropoutGenerator] }

    func beginEpoch(_ epoch: Int) throws(TrainingError) -> Int {
        let options = trainer.options
        adam.learningRate = options.learningRate.rate(epoch: epoch)
        let order = objective.epoch(epoch, of: training, seed: options.seed)
        let size = max(1, options.batchSize)
        batches = stride(from: 0, to: order.count, by: size).map { Array(order[$0..<min($0 + size, order.count)]) }
        trainer.model.train()
        return batches.count
    }

    func trainStep(epoch: Int, step: Int, of steps: Int) throws(TrainingError) -> StepLosses {
        let batch = batches[step]
        let loss = try optimise(adam) { () throws(TorchError) -> Tensor in
            let input = try trainer.makeBatch(batch.map { samples[$0] }, augmentEpoch: trainer.options.augment ? epoch : nil,
                                              positions: batch)
            let target = try Tensor(batch.map { Int64(samples[$0].label) }).to(trainer.device)
            return try Functional.crossEntropy(trainer.model(input).logits, target: target, weight: objective.lossWeights)
        }
        return StepLosses("cross-entropy", loss)
    }

    func validate(epoch: Int, trainLoss: Double) throws(TrainingError) -> LesionEpochMetrics {
        let scored = validation.isEmpty ? training : validation
        let predictions: [LesionPrediction]
        do { predictions = try trainer.predict(samples: samples, indices: scored) } catch { throw .engine(error) }
        let auc = LesionTrainer.macroAUC(predictions.map(\.probabilities), labels: scored.map { samples[$0].label },
                                         classCount: trainer.options.network.classCount)
        return LesionEpochMetrics(validationMacroAUC: auc, learningRate: adam.learningRate)
    }

    func monitoredLoss(trainLoss: Double, metrics: LesionEpochMetrics) -> Double { 1 - metrics.validationMacroAUC }

    func isBest(epoch: Int, trainLoss: Double, metrics: LesionEpochMetrics, monitorImproved: Bool) -> Bool { monitorImproved }
}
