import Foundation
import Models
import Statistics
import Torch

/// What the lesion-level classifier reports after each epoch.
public struct LesionEpochMetrics: Sendable, Equatable {
    /// One-vs-rest macro AUC on the inner validation studies (the training studies' when there
    /// are none); the epoch with the best one is kept.
    public var validationMacroAUC: Double
    public var learningRate: Double
}

/// What a lesion classifier training run reports as it goes.
public typealias LesionTrainingEvent = TrainingEvent<LesionEpochMetrics>

/// One study's prediction: class probabilities and the attention weight of each cropped lesion.
public struct LesionPrediction: Sendable, Equatable {
    public var probabilities: [Double]
    /// Weights over the study's cropped lesions, largest lesion first; empty when none was found.
    public var attention: [Double]
}

/// Trains one `LesionClassifier` on a set of studies (one cross-validation fold) in the shared
/// `TrainingLoop`, choosing the epoch by inner-validation macro AUC, and predicts.
public final class LesionTrainer {
    public let options: LesionTrainingOptions
    public let model: LesionClassifier
    public let device: Device
    let checkpointFolder: String?
    /// Dropout's generator, saved in every checkpoint so a resumed run draws the same masks.
    let dropoutGenerator: Generator

    public init(options: LesionTrainingOptions, device: Device = .cpu, checkpointFolder: String? = nil) throws(TorchError) {
        self.options = options
        self.device = device
        self.checkpointFolder = checkpointFolder
        model = try LesionClassifier(config: options.network, generator: try Generator(seed: options.seed))
        if device != .cpu { try model.to(device) }
        dropoutGenerator = try Generator(seed: options.seed ^ 0x1E51_0A77_E471_0A11, device: device)
        model.dropoutGenerator = dropoutGenerator
    }

    /// Trains on `training`, keeping the epoch with the best macro AUC on `validation`; leaves
    /// those weights in `model`.
    @discardableResult
    public func train(samples: [LesionStudySample], training: [Int], validation: [Int], resume: Bool = false,
                      onEvent: (LesionTrainingEvent) -> Void = { _ in }) throws(TrainingError) -> TrainingOutcome {
        guard !training.isEmpty else { throw .noTrainingData("no training studies") }
        let task = try LesionTrainingTask(trainer: self, samples: samples, training: training, validation: validation)
        return try TrainingLoop(task: task, maxEpochs: options.maxEpochs, earlyStopping: options.earlyStopping,
                                checkpoints: checkpointFolder.map { CheckpointPaths(folder: $0) }).run(resume: resume, onEvent: onEvent)
    }

    /// Predictions for `indices`, in evaluation mode.
    public func predict(samples: [LesionStudySample], indices: [Int]) throws(TorchError) -> [LesionPrediction] {
        model.eval()
        var out: [LesionPrediction] = []
        let size = max(1, options.batchSize)
        for start in stride(from: 0, to: indices.count, by: size) {
            let chunk = Array(indices[start..<min(start + size, indices.count)])
            let c = options.network.classCount
            let (probs, weights) = try withInferenceMode { () throws(TorchError) -> ([Float], [[Float]]) in
                let (logits, attention) = try model(makeBatch(chunk.map { samples[$0] }, augmentEpoch: nil, positions: []))
                return (try Functional.softmax(logits, dim: 1).to(.cpu).toArray(Float.self),
                        try attention.map { a throws(TorchError) in try a.to(.cpu).toArray(Float.self) })
            }
            for row in chunk.indices {
                out.append(LesionPrediction(probabilities: (0..<c).map { Double(probs[row * c + $0]) },
                                            attention: weights[row].map { Double($0) }))
            }
        }
        return out
    }

    /// Stacks studies into the network's input on the trainer's device; with `augmentEpoch`
    /// every crop gets its own seeded draw (position = study position × 64 + lesion).
    func makeBatch(_ studies: [LesionStudySample], augmentEpoch: Int?, positions: [Int]) throws(TorchError) -> LesionBatch {
        let crop = options.crop
        let n = crop.size, voxels = crop.voxelCount
        let channels = LesionCropChannel.allCases.count
        var flat: [Float] = []
        var features: [Float] = []
        var counts: [Int] = []
        for (s, study) in studies.enumerated() {
            counts.append(study.crops.count)
            for (k, c) in study.crops.enumerated() {
                features += study.lesionFeatures(k)
                guard let epoch = augmentEpoch else { flat += c; continue }
                let draw = options.augmentation.draw(seed: options.seed, epoch: epoch, position: positions[s] &* 64 &+ k)
                for ch in 0..<channels {
                    let block = Array(c[(ch * voxels)..<((ch + 1) * voxels)])
                    let missing = (ch == LesionCropChannel.t1ce.rawValue && study.t1ceState == .missing)
                        || (ch == LesionCropChannel.flair.rawValue && study.flairState == .missing)
                    // A missing channel stays zeros: jitter would turn "missing" into a fake image.
                    flat += missing ? block : Augmentation.apply(draw, to: block, size: [n, n, n],
                                                                 isImage: ch != LesionCropChannel.probability.rawValue)
                }
            }
        }
        let total = counts.reduce(0, +)
        let descriptors = try Tensor.wrapping(studies.flatMap(\.descriptors),
                                              shape: [studies.count, LesionStudySample.descriptorCount]).to(device)
        guard total > 0 else { return LesionBatch(crops: nil, lesionFeatures: nil, lesionCounts: counts, descriptors: descriptors) }
        return LesionBatch(crops: try Tensor.wrapping(flat, shape: [total, channels, n, n, n]).to(device),
                           lesionFeatures: try Tensor.wrapping(features, shape: [total, LesionStudySample.lesionFeatureCount]).to(device),
                           lesionCounts: counts, descriptors: descriptors)
    }

    /// Mean over classes of the one-vs-rest AUC (classes without positives or negatives skipped);
    /// 0.5 when no class can be scored.
    static func macroAUC(_ probabilities: [[Double]], labels: [Int], classCount: Int) -> Double {
        let aucs = (0..<classCount).compactMap { c in
            Ranks.mannWhitneyAUC(scores: probabilities.map { $0[c] }, positive: labels.map { $0 == c })
        }
        return aucs.isEmpty ? 0.5 : aucs.reduce(0, +) / Double(aucs.count)
    }
}
