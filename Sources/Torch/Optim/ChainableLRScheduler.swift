/// The base of the schedules that follow PyTorch's `LRScheduler` base class (every one but
/// `ReduceLROnPlateau`): its bookkeeping (`last_epoch`, `_step_count`, `base_lrs`, `_last_lr`),
/// the constructor's initial step, and `step()`. Subclasses supply `get_lr()`, transcribing
/// PyTorch 2.11's recursive form rather than its closed form, so the sequence of rates matches
/// PyTorch's bit for bit, including its rounding and its response to rates changed from outside.
public class ChainableLRScheduler: SteppedLRScheduler {
    public let optimizer: any Optimizer
    public private(set) var lastEpoch = -1
    /// PyTorch's `_step_count`.
    public private(set) var stepCount = 0
    /// The rate the schedule scales (PyTorch's `base_lrs[0]`, the optimiser's `initial_lr`).
    public private(set) var baseLearningRate: Double
    public private(set) var lastLearningRate: Double

    /// `LRScheduler.__init__` with `last_epoch=-1`: records `initial_lr` unless an earlier
    /// scheduler already did (`setdefault`), then makes the initial step. Subclasses set their
    /// own properties before calling this, so the overridden `nextLearningRate` can run.
    init(_ optimizer: any Optimizer) {
        self.optimizer = optimizer
        if optimizer.initialLearningRate == nil { optimizer.initialLearningRate = optimizer.learningRate }
        baseLearningRate = optimizer.initialLearningRate ?? optimizer.learningRate
        lastLearningRate = optimizer.learningRate
        advance(isInitial: true)
    }

    /// Advances the schedule by one and sets the optimiser's rate. Call after the optimiser's step.
    public func step() { advance(isInitial: false) }

    /// PyTorch's `step()` / `_update_lr()`.
    private func advance(isInitial: Bool) {
        stepCount += 1
        lastEpoch += 1
        optimizer.learningRate = nextLearningRate(isInitial: isInitial)
        lastLearningRate = optimizer.learningRate
    }

    /// `get_lr()`, called after `lastEpoch` has been incremented; `isInitial` is PyTorch's
    /// `_is_initial` (true only for the constructor's step).
    func nextLearningRate(isInitial: Bool) -> Double { optimizer.learningRate }

    /// The subclass's settings for `state()`.
    var settings: (numbers: [String: Double], integers: [String: [Int]]) { ([:], [:]) }
    /// Restores the subclass's settings from a state (checking them all before changing any).
    func restoreSettings(_ state: SchedulerState) throws(SchedulerError) {}

    var kind: String { String(describing: type(of: self)) }

    public func state() -> SchedulerState {
        let s = settings
        return SchedulerState(kind: kind, lastEpoch: lastEpoch, stepCount: stepCount, baseLearningRate: baseLearningRate,
                              lastLearningRate: lastLearningRate, numbers: s.numbers, integers: s.integers)
    }

    public func load(state: SchedulerState) throws(SchedulerError) {
        guard state.kind == kind else { throw .kindMismatch(expected: kind, found: state.kind) }
        try restoreSettings(state)
        lastEpoch = state.lastEpoch
        stepCount = state.stepCount
        baseLearningRate = state.baseLearningRate
        lastLearningRate = state.lastLearningRate
    }
}
