import Torch

/// What a training run reports as it goes, whatever it trains (the command line turns these into
/// a progress bar or log lines). `Metrics` is the task's validation result for one epoch.
public enum TrainingEvent<Metrics: Sendable>: Sendable {
    /// A run continued from its last checkpoint; `fromEpoch` is the first epoch it trains (0-based).
    case resumed(fromEpoch: Int)
    case epochStarted(epoch: Int, maxEpochs: Int, steps: Int)
    case stepFinished(epoch: Int, step: Int, steps: Int, loss: Double)
    case epochFinished(EpochSummary<Metrics>)
    /// The epoch's weights became the best so far (`path`: the best checkpoint, when saving).
    case bestImproved(epoch: Int, path: String?)
    /// The state after `epoch` was written to `path` (the `last` checkpoint, for resuming).
    case checkpointSaved(epoch: Int, path: String)
    /// A task wrote a file worth pointing at (the CycleGAN's sample grids).
    case fileWritten(path: String)
    /// The early-stopping rule ended the run after `epoch`; the weights of `bestEpoch` are kept.
    case stoppedEarly(epoch: Int, bestEpoch: Int)
    /// A step's loss was not finite; the run ends with `TrainingError.nonFiniteLoss`.
    case stoppedNonFinite(epoch: Int, step: Int, loss: String)
}

/// One finished epoch: the mean training loss of its steps, the task's validation metrics and
/// whether its weights are now the best.
public struct EpochSummary<Metrics: Sendable>: Sendable {
    /// 0-based.
    public var epoch: Int
    public var trainLoss: Double
    public var metrics: Metrics
    /// Wall time of the epoch, validation included.
    public var seconds: Double
    public var isBest: Bool
}

/// Why training stopped without a usable model, or could not start.
public enum TrainingError: Error, CustomStringConvertible {
    /// `loss` names the loss term; `checkpoint` is the last good checkpoint (to resume from) and
    /// `best` the best weights so far, each when one was written.
    case nonFiniteLoss(epoch: Int, step: Int, loss: String, checkpoint: String?, best: String?)
    /// A GAN discriminator won outright for `epochs` epochs in a row (see `TrainingHealth`).
    case collapsed(epoch: Int, discriminator: String, epochs: Int, best: String?)
    /// What the run had to train on was empty; the reason says what was missing.
    case noTrainingData(String)
    case engine(TorchError)
    case checkpoint(String)
    case data(TransferDataError)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let e, let s, let l, let c, let b):
            return "the \(l) loss became non-finite at epoch \(e + 1), step \(s + 1); training stopped (divergence)"
                + Self.kept(checkpoint: c, best: b)
        case .collapsed(let e, let d, let n, let b):
            return "the \(d) discriminator's loss stayed near zero for \(n) epochs (to epoch \(e + 1)): it wins outright "
                + "and the generators no longer learn (mode collapse); training stopped" + Self.kept(checkpoint: nil, best: b)
        case .noTrainingData(let why): return why
        case .engine(let e): return "\(e)"
        case .checkpoint(let why): return "checkpoint: \(why)"
        case .data(let e): return "\(e)"
        }
    }

    private static func kept(checkpoint: String?, best: String?) -> String {
        switch (checkpoint, best) {
        case (let c?, let b?): return ". The last good checkpoint is kept at \(c), the best weights at \(b)"
        case (let c?, nil): return ". The last good checkpoint is kept at \(c)"
        case (nil, let b?): return ". The best weights are kept at \(b)"
        case (nil, nil): return ""
        }
    }
}
