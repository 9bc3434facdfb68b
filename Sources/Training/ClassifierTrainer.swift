import Foundation
import MedicalIO
import Models
import Torch

/// What a training run reports as it goes (the CLI turns these into a progress bar or log lines).
public enum TrainingEvent: Sendable {
    case epochStarted(epoch: Int, maxEpochs: Int, batches: Int)
    case batchFinished(epoch: Int, batch: Int, batches: Int, loss: Double)
    case epochFinished(epoch: Int, trainLoss: Double, validationLoss: Double, learningRate: Double, seconds: Double, improved: Bool)
    case stoppedEarly(epoch: Int, bestEpoch: Int)
    case resumed(fromEpoch: Int)
}

/// Why training stopped without a usable model.
public enum TrainingError: Error, CustomStringConvertible {
    case nonFiniteLoss(epoch: Int, batch: Int, checkpoint: String?)
    case engine(TorchError)
    case checkpoint(String)
    case noTrainingData

    public var description: String {
        switch self {
        case .nonFiniteLoss(let e, let b, let c):
            return "the loss became non-finite at epoch \(e + 1), batch \(b + 1); training stopped"
                + (c.map { ". The last good checkpoint is kept at \($0)" } ?? "")
        case .engine(let e): return "\(e)"
        case .checkpoint(let why): return "checkpoint: \(why)"
        case .noTrainingData: return "no training studies"
        }
    }
}

/// Trains one primary-site classifier on a set of samples (one cross-validation fold) with the
/// paper's protocol, and predicts class probabilities.
///
/// With a `checkpointFolder`, the state after every epoch is saved atomically (`last`), and the
/// best-validation weights separately (`best`); `resume` continues from `last` bit-identically on
/// the CPU (sampling and augmentation are functions of (seed, epoch); dropout's generator state
/// is in the checkpoint).
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

    var lastPath: String? { checkpointFolder.map { "\($0)/last.safetensors" } }
    var bestPath: String? { checkpointFolder.map { "\($0)/best.safetensors" } }

    /// Trains on `training`, early-stopping on `validation`; leaves the best weights in `model`.
    public func train(samples: [ClassificationSample], training: [Int], validation: [Int], resume: Bool = false,
                      onEvent: (TrainingEvent) -> Void = { _ in }) throws(TrainingError) {
        guard !training.isEmpty else { throw .noTrainingData }
        let optimizer: Adam
        do { optimizer = try Adam(model.trainableParameters(), learningRate: options.learningRate.rate(epoch: 0)) } catch { throw .engine(error) }
        var stopper = EarlyStopping(patience: options.patience, minRelativeImprovement: options.minRelativeImprovement)
        var startEpoch = 0
        if resume, let last = lastPath, FileManager.default.fileExists(atPath: last) {
            do {
                let info = try Checkpoint.load(from: last, model: model, optimizer: optimizer, globalRNG: false,
                                               generators: ["dropout": dropoutGenerator])
                startEpoch = info.epoch + 1
                if let s = info.metadata["early_stopping"], let decoded = try? JSONDecoder().decode(EarlyStopping.self, from: Data(s.utf8)) {
                    stopper = decoded
                }
            } catch { throw .checkpoint("\(error)") }
            onEvent(.resumed(fromEpoch: startEpoch))
        }
        if let folder = checkpointFolder {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let labels = training.map { samples[$0].label }
        let sampler = options.sampler(trainingCount: training.count)
        let classWeights = options.lossWeights(labels: labels, classCount: config.classCount)
        let weights: Tensor?
        do { weights = options.weightedLoss ? try Tensor(classWeights.map { Float($0) }).to(device) : nil } catch { throw .engine(error) }

        var epoch = startEpoch
        while epoch < options.maxEpochs && !stopper.shouldStop {
            let started = Date()
            optimizer.learningRate = options.learningRate.rate(epoch: epoch)
            let order = sampler.epoch(labels: labels, epoch: epoch, seed: options.seed).map { training[$0] }
            let batches = batchesByInputs(order, samples: samples, epoch: epoch)
            onEvent(.epochStarted(epoch: epoch, maxEpochs: options.maxEpochs, batches: batches.count))
            model.train()
            var total = 0.0
            for (b, batch) in batches.enumerated() {
                let loss = try trainingStep(optimizer, epoch: epoch, batch: b, lastCheckpoint: lastPath) { () throws(TorchError) -> Tensor in
                    let input = try makeInput(batch.map { samples[$0] }, augmentEpoch: options.augment ? epoch : nil,
                                              positions: batch)
                    let target = try Tensor(batch.map { Int64(samples[$0].label) }).to(device)
                    return try Functional.crossEntropy(model(input), target: target, weight: weights)
                }
                total += loss
                onEvent(.batchFinished(epoch: epoch, batch: b, batches: batches.count, loss: loss))
            }
            let trainLoss = total / Double(max(1, batches.count))
            let validationLoss: Double
            do { validationLoss = validation.isEmpty ? trainLoss : try evaluateLoss(samples: samples, indices: validation, weights: classWeights) } catch { throw .engine(error) }
            let improved = stopper.record(loss: validationLoss, epoch: epoch)
            try saveCheckpoints(optimizer: optimizer, epoch: epoch, stopper: stopper, improved: improved)
            onEvent(.epochFinished(epoch: epoch, trainLoss: trainLoss, validationLoss: validationLoss,
                                   learningRate: optimizer.learningRate, seconds: Date().timeIntervalSince(started), improved: improved))
            epoch += 1
        }
        if stopper.shouldStop { onEvent(.stoppedEarly(epoch: epoch - 1, bestEpoch: stopper.bestEpoch)) }
        // Keep the best weights.
        if let best = bestPath, FileManager.default.fileExists(atPath: best) {
            do { try Checkpoint.load(from: best, model: model, globalRNG: false) } catch { throw .checkpoint("\(error)") }
        }
    }

    private func saveCheckpoints(optimizer: Adam, epoch: Int, stopper: EarlyStopping, improved: Bool) throws(TrainingError) {
        guard let last = lastPath, let best = bestPath else { return }
        let stopperJSON = (try? JSONEncoder().encode(stopper)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let info = Checkpoint.Info(step: 0, epoch: epoch, metadata: ["early_stopping": stopperJSON])
        do {
            if improved { try Checkpoint.save(to: best, model: model, globalRNG: [], info: info) }
            try Checkpoint.save(to: last, model: model, optimizer: optimizer, globalRNG: [],
                                generators: ["dropout": dropoutGenerator], info: info)
        } catch { throw .checkpoint("\(error)") }
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
