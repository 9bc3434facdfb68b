import Foundation

/// A learning-rate schedule driving one optimiser, as `torch.optim.lr_scheduler`.
///
/// Conventions are PyTorch's: creating a scheduler records the optimiser's current rate as its
/// base (`initial_lr`) and performs the initial step (`lastEpoch` becomes 0); call the
/// optimiser's `step()` before the scheduler's. The rate lives in the optimiser; the scheduler
/// only changes it.
public protocol LRScheduler: AnyObject {
    /// The optimiser whose learning rate this schedule sets.
    var optimizer: any Optimizer { get }
    /// Index of the last epoch (or iteration) stepped; 0 right after creation.
    var lastEpoch: Int { get }
    /// The rate this schedule set last (`get_last_lr()[0]`).
    var lastLearningRate: Double { get }
    /// Everything needed to continue the schedule (`state_dict()`).
    func state() -> SchedulerState
    /// Restores a state from `state()` of a scheduler of the same kind (`load_state_dict`).
    /// Does not touch the optimiser's rate: restore the optimiser's state for that.
    func load(state: SchedulerState) throws(SchedulerError)
}

/// A schedule advanced by a plain `step()` once per epoch or iteration (every scheduler except
/// `ReduceLROnPlateau`, which needs the metric).
public protocol SteppedLRScheduler: LRScheduler {
    /// Advances the schedule by one and sets the optimiser's rate.
    func step()
}

/// A scheduler's state, as its `state_dict()`: counters, base rate, and its settings by name.
public struct SchedulerState: Codable, Sendable, Equatable {
    /// The scheduler class ("StepLR", …).
    public var kind: String
    public var lastEpoch: Int
    /// PyTorch's `_step_count`.
    public var stepCount: Int
    /// PyTorch's `base_lrs[0]`.
    public var baseLearningRate: Double
    public var lastLearningRate: Double
    /// Real-valued settings and state (gamma, eta_min, best, …).
    public var numbers: [String: Double]
    /// Integer settings and state (step_size, milestones, patience, …).
    public var integers: [String: [Int]]
    /// Textual settings (mode, threshold_mode).
    public var strings: [String: String]

    public init(kind: String, lastEpoch: Int, stepCount: Int, baseLearningRate: Double, lastLearningRate: Double,
                numbers: [String: Double] = [:], integers: [String: [Int]] = [:], strings: [String: String] = [:]) {
        self.kind = kind
        self.lastEpoch = lastEpoch
        self.stepCount = stepCount
        self.baseLearningRate = baseLearningRate
        self.lastLearningRate = lastLearningRate
        self.numbers = numbers
        self.integers = integers
        self.strings = strings
    }

    func number(_ key: String) throws(SchedulerError) -> Double {
        guard let v = numbers[key] else { throw .missing(kind: kind, key: key) }
        return v
    }
    func integer(_ key: String) throws(SchedulerError) -> Int {
        guard let v = integers[key], v.count == 1 else { throw .missing(kind: kind, key: key) }
        return v[0]
    }
    func integers(_ key: String) throws(SchedulerError) -> [Int] {
        guard let v = integers[key] else { throw .missing(kind: kind, key: key) }
        return v
    }
    func string(_ key: String) throws(SchedulerError) -> String {
        guard let v = strings[key] else { throw .missing(kind: kind, key: key) }
        return v
    }
}

/// Why a scheduler could not be made or could not load a state.
public enum SchedulerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A setting outside its domain (e.g. a step size of 0).
    case invalidSetting(kind: String, reason: String)
    /// A state saved by another kind of scheduler.
    case kindMismatch(expected: String, found: String)
    /// A state lacking an entry this kind needs.
    case missing(kind: String, key: String)

    public var description: String {
        switch self {
        case .invalidSetting(let kind, let reason): return "\(kind): \(reason)"
        case .kindMismatch(let expected, let found): return "cannot load a \(found) state into a \(expected) scheduler"
        case .missing(let kind, let key): return "\(kind) state lacks '\(key)'"
        }
    }
}

/// The base of the schedules that follow PyTorch's `LRScheduler` base class (every one but
/// `ReduceLROnPlateau`): its bookkeeping (`last_epoch`, `_step_count`, `base_lrs`, `_last_lr`),
/// the constructor's initial step, and `step()`. Subclasses supply `get_lr()`.
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
