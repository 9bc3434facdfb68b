import Foundation
import Models
import Torch

/// The classifier's part of the training loop: epochs sampled by class share (`ClassSampler`),
/// batches of studies with the same inputs, weighted cross-entropy with Adam on the paper's
/// learning-rate schedule; early stopping and "best" on the validation loss.
final class ClassifierTrainingTask: TrainingTask {
    let trainer: ClassifierTrainer
    let samples: [ClassificationSample]
    let training: [Int]
    let validation: [Int]
    let adam: Adam
    let objective: ClassBalancedObjective
    /// The current epoch's batches (indices into `samples`).
    var batches: [[Int]] = []

    init(trainer: ClassifierTrainer, samples: [ClassificationSample], training: [Int], validation: [Int]) throws(TrainingError) {
        self.trainer = trainer
        self.samples = samples
        self.training = training
        self.validation = validation
        let options = trainer.options
        do { adam = try Adam(trainer.model.trainableParameters(), learningRate: options.learningRate.rate(epoch: 0)) } catch { throw .engine(error) }
        objective = try ClassBalancedObjective(options: options, labels: training.map { samples[$0].label },
                                               classCount: trainer.config.classCount, device: trainer.device)
    }

    var model: Module { trainer.model }
    var optimizer: any Optimizer { adam }
    var generators: [String: Generator] { ["dropout": trainer.dropoutGenerator] }

    func beginEpoch(_ epoch: Int) throws(TrainingError) -> Int {
        let options = trainer.options
        adam.learningRate = options.learningRate.rate(epoch: epoch)
        let order = objective.epoch(epoch, of: training, seed: options.seed)
        batches = trainer.batchesByInputs(order, samples: samples, epoch: epoch)
        trainer.model.train()
        return batches.count
    }

    func trainStep(epoch: Int, step: Int, of steps: Int) throws(TrainingError) -> StepLosses {
        let batch = batches[step]
        let loss = try optimise(adam) { () throws(TorchError) -> Tensor in
            let input = try trainer.makeInput(batch.map { samples[$0] }, augmentEpoch: trainer.options.augment ? epoch : nil,
                                              positions: batch)
            let target = try Tensor(batch.map { Int64(samples[$0].label) }).to(trainer.device)
            return try Functional.crossEntropy(trainer.model(input), target: target, weight: objective.lossWeights)
        }
        return StepLosses("cross-entropy", loss)
    }

    func validate(epoch: Int, trainLoss: Double) throws(TrainingError) -> ClassifierEpochMetrics {
        let loss: Double
        do { loss = validation.isEmpty ? trainLoss : try trainer.evaluateLoss(samples: samples, indices: validation, weights: objective.classWeights) } catch {
            throw .engine(error)
        }
        return ClassifierEpochMetrics(validationLoss: loss, learningRate: adam.learningRate)
    }

    func monitoredLoss(trainLoss: Double, metrics: ClassifierEpochMetrics) -> Double { metrics.validationLoss }

    func isBest(epoch: Int, trainLoss: Double, metrics: ClassifierEpochMetrics, monitorImproved: Bool) -> Bool { monitorImproved }
}
