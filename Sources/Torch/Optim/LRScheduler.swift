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
