import Foundation
import Torch

/// Where a run keeps its checkpoints: `last` (everything needed to resume, written after every
/// epoch) and `best` (the weights of the best epoch). Both are written atomically.
public struct CheckpointPaths: Sendable, Equatable {
    public var last: String
    public var best: String

    public init(last: String, best: String) {
        self.last = last
        self.best = best
    }

    /// `last.safetensors` and `best.safetensors` in `folder`.
    public init(folder: String) {
        self.init(last: folder + "/last.safetensors", best: folder + "/best.safetensors")
    }
}

/// How a run ended.
public struct TrainingOutcome: Sendable, Equatable {
    /// Epochs run in all, including those before a resume.
    public var epochs: Int
    /// The epoch whose weights are kept (0-based; -1 when no epoch counted as best).
    public var bestEpoch: Int
    /// The mean training loss of the last epoch.
    public var lastTrainLoss: Double
    public var stoppedEarly: Bool
}

/// The one training loop every MetOrigin network is trained with (MONAI's engine split: the
/// loop is the workflow, a `TrainingTask` the trainer-specific part).
///
/// Per epoch: the task prepares the epoch and takes its steps (each step's losses checked; a
/// non-finite one stops the run with `TrainingError.nonFiniteLoss`, the last good checkpoint
/// untouched), validates, the early-stopping rule (`EarlyStopping`, on the task's monitored
/// loss) and the task's notion of best are updated, `best` is saved when the epoch is the best,
/// `last` always (model, optimiser, generators, the loop's and the task's state), and the epoch
/// is reported. With `resume`, a run continues after the epoch of `last`; sampling and
/// augmentation are functions of (seed, epoch) and every generator is in the checkpoint, so on
/// the CPU the result is bit-identical to a run that never stopped. At the end the best weights
/// are loaded into the model.
public struct TrainingLoop<Task: TrainingTask> {
    public let task: Task
    public let maxEpochs: Int
    /// The rule as a fresh run starts it (patience, minimum relative improvement).
    public let earlyStopping: EarlyStopping
    public let checkpoints: CheckpointPaths?

    public init(task: Task, maxEpochs: Int, earlyStopping: EarlyStopping, checkpoints: CheckpointPaths?) {
        self.task = task
        self.maxEpochs = maxEpochs
        self.earlyStopping = earlyStopping
        self.checkpoints = checkpoints
    }

    typealias State = TrainingLoopState

    /// Runs from epoch 0, or with `resume` from after the epoch of the `last` checkpoint when
    /// there is one; returns how the run ended, the best weights in the task's model.
    @discardableResult
    public func run(resume: Bool = false, onEvent: (TrainingEvent<Task.Metrics>) -> Void = { _ in }) throws(TrainingError) -> TrainingOutcome {
        var state = State(stopper: earlyStopping)
        var epoch = 0
        if resume, let last = checkpoints?.last, FileManager.default.fileExists(atPath: last) {
            (state, epoch) = try restore(from: last)
            onEvent(.resumed(fromEpoch: epoch))
        }
        for path in [checkpoints?.last, checkpoints?.best].compactMap({ $0 }) {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
        }
        while epoch < maxEpochs && !state.stopper.shouldStop {
            let started = Date()
            let steps = try task.beginEpoch(epoch)
            onEvent(.epochStarted(epoch: epoch, maxEpochs: maxEpochs, steps: steps))
            var total = 0.0
            for step in 0..<steps {
                let losses = try task.trainStep(epoch: epoch, step: step, of: steps)
                if let term = losses.nonFiniteTerm {
                    onEvent(.stoppedNonFinite(epoch: epoch, step: step, loss: term))
                    throw .nonFiniteLoss(epoch: epoch, step: step, loss: term, checkpoint: existing(checkpoints?.last),
                                         best: state.bestEpoch >= 0 ? existing(checkpoints?.best) : nil)
                }
                total += losses.value
                onEvent(.stepFinished(epoch: epoch, step: step, steps: steps, loss: losses.value))
            }
            let trainLoss = total / Double(max(1, steps))
            let metrics = try task.validate(epoch: epoch, trainLoss: trainLoss)
            let improved = state.stopper.record(loss: task.monitoredLoss(trainLoss: trainLoss, metrics: metrics), epoch: epoch)
            let isBest = task.isBest(epoch: epoch, trainLoss: trainLoss, metrics: metrics, monitorImproved: improved)
            if isBest { state.bestEpoch = epoch }
            state.lastTrainLoss = trainLoss
            let summary = EpochSummary(epoch: epoch, trainLoss: trainLoss, metrics: metrics,
                                       seconds: Date().timeIntervalSince(started), isBest: isBest)
            try save(summary, state: state)
            if isBest { onEvent(.bestImproved(epoch: epoch, path: checkpoints?.best)) }
            if let last = checkpoints?.last { onEvent(.checkpointSaved(epoch: epoch, path: last)) }
            onEvent(.epochFinished(summary))
            try task.epochSaved(summary, bestPath: state.bestEpoch >= 0 ? existing(checkpoints?.best) : nil, report: onEvent)
            epoch += 1
        }
        if state.stopper.shouldStop { onEvent(.stoppedEarly(epoch: epoch - 1, bestEpoch: state.bestEpoch)) }
        if state.bestEpoch >= 0, let best = existing(checkpoints?.best) {
            do { try Checkpoint.load(from: best, model: task.model, globalRNG: false) } catch { throw .checkpoint("\(error)") }
        }
        return TrainingOutcome(epochs: epoch, bestEpoch: state.bestEpoch, lastTrainLoss: state.lastTrainLoss,
                               stoppedEarly: state.stopper.shouldStop)
    }

    private func existing(_ path: String?) -> String? {
        path.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    /// `best` first when the epoch is the best, then the task's extras, then `last`: a crash
    /// in between leaves a `last` of the previous epoch, which a resume repeats from.
    private func save(_ summary: EpochSummary<Task.Metrics>, state: State) throws(TrainingError) {
        guard let checkpoints else { return }
        let info = Checkpoint.Info(epoch: summary.epoch)
        if summary.isBest {
            do { try Checkpoint.save(to: checkpoints.best, model: task.model, globalRNG: [], info: info) } catch {
                throw .checkpoint("\(error)")
            }
        }
        var metadata = try task.savedState(after: summary)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do { metadata[State.metadataKey] = String(decoding: try encoder.encode(state), as: UTF8.self) } catch {
            throw .checkpoint("\(checkpoints.last): cannot encode the loop's state: \(error)")
        }
        do {
            try Checkpoint.save(to: checkpoints.last, model: task.model, optimizer: task.optimizer, globalRNG: [],
                                generators: task.generators, info: Checkpoint.Info(epoch: summary.epoch, metadata: metadata))
        } catch { throw .checkpoint("\(error)") }
    }

    /// The loop's state and the first epoch to train, from the `last` checkpoint at `path`.
    private func restore(from path: String) throws(TrainingError) -> (State, Int) {
        let header: Checkpoint.Info
        do { header = try Checkpoint.info(at: path) } catch { throw .checkpoint("\(error)") }
        guard let json = header.metadata[State.metadataKey] else {
            throw .checkpoint("\(path): written by an earlier MetOrigin without the training loop's state; "
                              + "it cannot be resumed (start again without resume, or in a new folder)")
        }
        let state: State
        do { state = try JSONDecoder().decode(State.self, from: Data(json.utf8)) } catch {
            throw .checkpoint("\(path): unreadable training-loop state: \(error)")
        }
        guard state.version == State.version else {
            throw .checkpoint("\(path): training-loop state version \(state.version), this MetOrigin reads version \(State.version)")
        }
        try task.restoreState(header.metadata, epoch: header.epoch, path: path)
        do {
            try Checkpoint.load(from: path, model: task.model, optimizer: task.optimizer, globalRNG: false, generators: task.generators)
        } catch { throw .checkpoint("\(error)") }
        return (state, header.epoch + 1)
    }
}

/// The loop's own state, kept in every `last` checkpoint.
struct TrainingLoopState: Codable, Equatable {
    static let metadataKey = "training_loop"
    /// Bumped when the fields change; older checkpoints are refused with a clear error.
    static let version = 1
    var version = TrainingLoopState.version
    var stopper: EarlyStopping
    var bestEpoch = -1
    var lastTrainLoss = 0.0
}
