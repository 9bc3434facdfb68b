import Foundation
import Torch

/// What one kind of training (classifier, segmentation, CycleGAN) contributes to the shared
/// `TrainingLoop`: how an epoch is prepared and stepped, how it is validated, what the
/// early-stopping rule watches, what "best" means, and any state beyond the model, the
/// optimiser and the named generators that a checkpoint must carry for a bit-identical resume.
///
/// The loop owns everything else: epochs, events, the `last` and `best` checkpoints, early
/// stopping, the non-finite-loss stop and resuming.
public protocol TrainingTask: AnyObject {
    associatedtype Metrics: Sendable

    /// The network the checkpoints hold.
    var model: Module { get }
    var optimizer: any Optimizer { get }
    /// Generators the task draws from during training (dropout), saved in the `last` checkpoint.
    var generators: [String: Generator] { get }

    /// Prepares `epoch` (its sample order, its learning rate) and returns its number of steps.
    func beginEpoch(_ epoch: Int) throws(TrainingError) -> Int
    /// One optimisation step. A step whose loss is not finite must not update the weights.
    func trainStep(epoch: Int, step: Int, of steps: Int) throws(TrainingError) -> StepLosses
    /// Scores the model after the epoch's steps; `trainLoss` is the mean of the steps' losses.
    func validate(epoch: Int, trainLoss: Double) throws(TrainingError) -> Metrics
    /// The value the early-stopping rule watches (lower is better).
    func monitoredLoss(trainLoss: Double, metrics: Metrics) -> Double
    /// Whether this epoch's weights replace the best so far; `monitorImproved` is whether the
    /// early-stopping rule counted the epoch as an improvement. Called once per epoch.
    func isBest(epoch: Int, trainLoss: Double, metrics: Metrics, monitorImproved: Bool) -> Bool
    /// The task's own state after `summary`'s epoch, stored in the `last` checkpoint's metadata.
    /// Called just before that checkpoint is written.
    func savedState(after summary: EpochSummary<Metrics>) throws(TrainingError) -> [String: String]
    /// Checks and restores the task's own state from a checkpoint of `epoch` at `path` (its
    /// metadata), before the model and optimiser are loaded.
    func restoreState(_ metadata: [String: String], epoch: Int, path: String) throws(TrainingError)
    /// Called after an epoch is saved and reported: write extras, or throw to end the run.
    func epochSaved(_ summary: EpochSummary<Metrics>, bestPath: String?,
                    report: (TrainingEvent<Metrics>) -> Void) throws(TrainingError)
}

extension TrainingTask {
    public var generators: [String: Generator] { [:] }
    public func savedState(after summary: EpochSummary<Metrics>) throws(TrainingError) -> [String: String] { [:] }
    public func restoreState(_ metadata: [String: String], epoch: Int, path: String) throws(TrainingError) {}
    public func epochSaved(_ summary: EpochSummary<Metrics>, bestPath: String?,
                           report: (TrainingEvent<Metrics>) -> Void) throws(TrainingError) {}

    /// One optimiser step on the loss `computeLoss` builds: clear the gradients, compute, and
    /// back-propagate and step only when the loss is finite (the loop then stops the run).
    func optimise(_ optimizer: any Optimizer, _ computeLoss: () throws(TorchError) -> Tensor) throws(TrainingError) -> Double {
        do {
            try optimizer.zeroGrad(setToNone: true)
            let l = try computeLoss()
            let loss = try l.scalar
            guard loss.isFinite else { return loss }
            try l.backward()
            try optimizer.step()
            return loss
        } catch {
            throw .engine(error)
        }
    }
}

/// One step's losses: `value` is averaged into the epoch's training loss; every named term is
/// checked for finiteness (the first non-finite one, by name, stops the run).
public struct StepLosses: Sendable {
    public var value: Double
    public var terms: [String: Double]

    /// A step with a single loss called `name`.
    public init(_ name: String, _ value: Double) {
        self.value = value
        terms = [name: value]
    }

    public init(value: Double, terms: [String: Double]) {
        self.value = value
        self.terms = terms
    }

    /// The first non-finite term, by name.
    var nonFiniteTerm: String? { terms.keys.sorted().first { !terms[$0]!.isFinite } }
}
