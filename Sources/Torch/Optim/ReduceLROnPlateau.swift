/// Reduces the rate by `factor` when a metric has stopped improving for more than `patience`
/// steps (`torch.optim.lr_scheduler.ReduceLROnPlateau`). Unlike the other schedules it makes no
/// initial step and does not record a base rate; call `step(metric:)` once per evaluation.
public final class ReduceLROnPlateau: LRScheduler {
    /// Whether a lower (`min`, e.g. a loss) or higher (`max`, e.g. an accuracy) metric is better.
    public enum Mode: String, Sendable { case min, max }
    /// Whether `threshold` is relative to the best value or absolute.
    public enum ThresholdMode: String, Sendable { case rel, abs }

    public let optimizer: any Optimizer
    public private(set) var mode: Mode
    public private(set) var factor: Double
    public private(set) var patience: Int
    public private(set) var threshold: Double
    public private(set) var thresholdMode: ThresholdMode
    public private(set) var cooldown: Int
    public private(set) var minLearningRate: Double
    /// Reductions smaller than this are skipped.
    public private(set) var eps: Double

    /// The best metric so far (±infinity before the first step).
    public private(set) var best: Double
    public private(set) var numBadEpochs = 0
    public private(set) var cooldownCounter = 0
    public private(set) var lastEpoch = 0
    public private(set) var lastLearningRate: Double

    /// Defaults are PyTorch's.
    public init(_ optimizer: any Optimizer, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10,
                threshold: Double = 1e-4, thresholdMode: ThresholdMode = .rel, cooldown: Int = 0,
                minLearningRate: Double = 0, eps: Double = 1e-8) throws(SchedulerError) {
        guard factor < 1 else { throw .invalidSetting(kind: "ReduceLROnPlateau", reason: "factor should be < 1.0, got \(factor)") }
        self.optimizer = optimizer
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minLearningRate = minLearningRate
        self.eps = eps
        best = mode == .min ? .infinity : -.infinity
        lastLearningRate = optimizer.learningRate
    }

    /// Records one evaluation of the metric and reduces the rate if it has plateaued.
    public func step(metric current: Double) {
        lastEpoch += 1
        if isBetter(current, than: best) {
            best = current
            numBadEpochs = 0
        } else {
            numBadEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            numBadEpochs = 0  // bad epochs during cooldown do not count
        }
        if numBadEpochs > patience {
            let old = optimizer.learningRate
            let new = Swift.max(old * factor, minLearningRate)
            if old - new > eps { optimizer.learningRate = new }
            cooldownCounter = cooldown
            numBadEpochs = 0
        }
        lastLearningRate = optimizer.learningRate
    }

    /// Whether the schedule is waiting out its cooldown after a reduction.
    public var inCooldown: Bool { cooldownCounter > 0 }

    func isBetter(_ a: Double, than best: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .rel): return a < best * (1.0 - threshold)
        case (.min, .abs): return a < best - threshold
        case (.max, .rel): return a > best * (threshold + 1.0)
        case (.max, .abs): return a > best + threshold
        }
    }

    public func state() -> SchedulerState {
        // PyTorch keeps no base rate or step count for this schedule; 0 marks them unused.
        SchedulerState(kind: "ReduceLROnPlateau", lastEpoch: lastEpoch, stepCount: 0, baseLearningRate: 0,
                       lastLearningRate: lastLearningRate,
                       numbers: ["factor": factor, "threshold": threshold, "min_lr": minLearningRate, "eps": eps, "best": best],
                       integers: ["patience": [patience], "cooldown": [cooldown], "cooldown_counter": [cooldownCounter],
                                  "num_bad_epochs": [numBadEpochs]],
                       strings: ["mode": mode.rawValue, "threshold_mode": thresholdMode.rawValue])
    }

    public func load(state: SchedulerState) throws(SchedulerError) {
        let kind = "ReduceLROnPlateau"
        guard state.kind == kind else { throw .kindMismatch(expected: kind, found: state.kind) }
        guard let m = Mode(rawValue: try state.string("mode")) else {
            throw .invalidSetting(kind: kind, reason: "unknown mode '\(state.strings["mode"] ?? "")'")
        }
        guard let tm = ThresholdMode(rawValue: try state.string("threshold_mode")) else {
            throw .invalidSetting(kind: kind, reason: "unknown threshold mode '\(state.strings["threshold_mode"] ?? "")'")
        }
        let values = (try state.number("factor"), try state.number("threshold"), try state.number("min_lr"),
                      try state.number("eps"), try state.number("best"))
        let counts = (try state.integer("patience"), try state.integer("cooldown"), try state.integer("cooldown_counter"),
                      try state.integer("num_bad_epochs"))
        mode = m
        thresholdMode = tm
        (factor, threshold, minLearningRate, eps, best) = values
        (patience, cooldown, cooldownCounter, numBadEpochs) = counts
        lastEpoch = state.lastEpoch
        lastLearningRate = state.lastLearningRate
    }
}
