import Foundation
import MedicalIO
import Models
import Torch
import Vocabulary

/// What the classifier reports after each epoch.
public struct ClassifierEpochMetrics: Sendable, Equatable {
    /// The weighted cross-entropy on the validation studies (the training loss without any).
    public var validationLoss: Double
    public var learningRate: Double
}

/// What a classifier training run reports as it goes.
public typealias ClassifierTrainingEvent = TrainingEvent<ClassifierEpochMetrics>

/// Trains one primary-site classifier on a set of samples (one cross-validation fold) with the
/// paper's protocol, and predicts class probabilities.
///
/// Training runs in the shared `TrainingLoop`: with a `checkpointFolder`, the state after every
/// epoch is saved atomically (`last`), and the best-validation weights separately (`best`);
/// `resume` continues from `last` bit-identically on the CPU (sampling and augmentation are
/// functions of (seed, epoch); dropout's generator state is in the checkpoint).
public final class ClassifierTrainer {
    public let config: ClassifierConfig
    public let options: ClassifierTrainingOptions
    public let model: PrimarySiteClassifier
    public let device: Device
    let checkpointFolder: String?
    /// Dropout's generator, saved in every checkpoint so a resumed run draws the same masks.
    let dropoutGenerator: Generator

    public init(config: ClassifierConfig, options: ClassifierTrainingOptions, device: Device = .cpu,
                checkpointFolder: String? = nil) throws(TorchError) {
        self.config = config
        self.options = options
        self.device = device
        self.checkpointFolder = checkpointFolder
        // Explicit generators only: training never reads or reseeds the global one, so runs in
        // parallel (or tests) cannot disturb each other.
        let generator = try Generator(seed: options.seed)
        model = try PrimarySiteClassifier(config: config, generator: generator)
        if device != .cpu { try model.to(device) }
        dropoutGenerator = try Generator(seed: options.seed ^ 0xD50F_0D50_F0D5_0F0D, device: device)
        model.dropoutGenerator = dropoutGenerator
    }

    var checkpoints: CheckpointPaths? { checkpointFolder.map { CheckpointPaths(folder: $0) } }

    /// Trains on `training`, early-stopping on the weighted cross-entropy of `validation` (of
    /// `training` when there is none); leaves the best weights in `model`.
    @discardableResult
    public func train(samples: [ClassificationSample], training: [Int], validation: [Int], resume: Bool = false,
                      onEvent: (ClassifierTrainingEvent) -> Void = { _ in }) throws(TrainingError) -> TrainingOutcome {
        guard !training.isEmpty else { throw .noTrainingData("no training studies") }
        let task = try ClassifierTrainingTask(trainer: self, samples: samples, training: training, validation: validation)
        return try TrainingLoop(task: task, maxEpochs: options.maxEpochs, earlyStopping: options.earlyStopping,
                                checkpoints: checkpoints).run(resume: resume, onEvent: onEvent)
    }

    /// Class probabilities (rows in `indices` order, columns per class), in evaluation mode.
    public func predict(samples: [ClassificationSample], indices: [Int]) throws(TorchError) -> [[Double]] {
        model.eval()
        var out = Array(repeating: [Double](), count: indices.count)
        let groups = Dictionary(grouping: indices.indices, by: { samples[indices[$0]].batchKey })
        for key in groups.keys.sorted() {
            let positions = groups[key]!
            for chunk in stride(from: 0, to: positions.count, by: max(1, options.batchSize)).map({ Array(positions[$0..<min($0 + max(1, options.batchSize), positions.count)]) }) {
                let probs = try withInferenceMode { () throws(TorchError) -> [Float] in
                    let input = try makeInput(chunk.map { samples[indices[$0]] }, augmentEpoch: nil, positions: [])
                    return try Functional.softmax(model(input), dim: 1).to(.cpu).toArray(Float.self)
                }
                let c = config.classCount
                for (row, p) in chunk.enumerated() { out[p] = (0..<c).map { Double(probs[row * c + $0]) } }
            }
        }
        return out
    }

    /// The weighted cross-entropy of the model on `indices` (`w`: one weight per class).
    func evaluateLoss(samples: [ClassificationSample], indices: [Int], weights w: [Double]) throws(TorchError) -> Double {
        let probs = try predict(samples: samples, indices: indices)
        var total = 0.0, weightSum = 0.0
        for (p, i) in zip(probs, indices) {
            let label = samples[i].label
            total += -w[label] * Foundation.log(max(p[label], 1e-12))
            weightSum += w[label]
        }
        return total / max(weightSum, 1e-12)
    }

    /// Splits an epoch's order into batches whose samples share the same inputs, keeping order.
    func batchesByInputs(_ order: [Int], samples: [ClassificationSample], epoch: Int) -> [[Int]] {
        var pending: [Int: [Int]] = [:]
        var batches: [[Int]] = []
        for i in order {
            let key = samples[i].batchKey
            pending[key, default: []].append(i)
            if pending[key]!.count == options.batchSize { batches.append(pending[key]!); pending[key] = [] }
        }
        for key in pending.keys.sorted() where !(pending[key]!.isEmpty) { batches.append(pending[key]!) }
        return batches
    }

    /// Stacks samples into the network input on the trainer's device.
    func makeInput(_ batch: [ClassificationSample], augmentEpoch: Int?, positions: [Int]) throws(TorchError) -> ClassifierInput {
        let size = config.inputSize
        let draws = augmentEpoch.map { e in positions.map { options.augmentation.draw(seed: options.seed, epoch: e, position: $0) } }
        func stack(_ pick: (ClassificationSample) -> [Float]?, isImage: Bool) throws(TorchError) -> Tensor? {
            guard batch.allSatisfy({ pick($0) != nil }) else { return nil }
            var flat: [Float] = []
            flat.reserveCapacity(batch.count * size.reduce(1, *))
            for (n, s) in batch.enumerated() {
                let v = pick(s)!
                flat += draws.map { Augmentation.apply($0[n], to: v, size: size, isImage: isImage) } ?? v
            }
            return try Tensor.wrapping(flat, shape: [batch.count, 1] + size).to(device)
        }
        return ClassifierInput(t1ce: config.branches.contains(.t1ce) ? try stack({ $0.t1ce }, isImage: true) : nil,
                               flair: config.branches.contains(.flair) ? try stack({ $0.flair }, isImage: true) : nil,
                               probability: config.usesProbabilityMap ? try stack({ $0.probability }, isImage: false) : nil)
    }
}
