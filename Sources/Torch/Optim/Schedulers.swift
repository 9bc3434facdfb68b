import Foundation

// The chainable schedules. Each `nextLearningRate` transcribes PyTorch 2.11's `get_lr()`
// (not its closed form) so the sequence of rates matches PyTorch's bit for bit, including its
// floating-point rounding and its interaction with rates changed from outside.

/// Multiplies the rate by `gamma` every `stepSize` epochs (`torch.optim.lr_scheduler.StepLR`).
public final class StepLR: ChainableLRScheduler {
    public private(set) var stepSize: Int
    public private(set) var gamma: Double

    public init(_ optimizer: any Optimizer, stepSize: Int, gamma: Double = 0.1) throws(SchedulerError) {
        guard stepSize > 0 else { throw .invalidSetting(kind: "StepLR", reason: "step size must be positive, got \(stepSize)") }
        self.stepSize = stepSize
        self.gamma = gamma
        super.init(optimizer)
    }

    override func nextLearningRate(isInitial: Bool) -> Double {
        let lr = optimizer.learningRate
        if lastEpoch == 0 || lastEpoch % stepSize != 0 { return lr }
        return lr * gamma
    }

    override var settings: (numbers: [String: Double], integers: [String: [Int]]) {
        (["gamma": gamma], ["step_size": [stepSize]])
    }
    override func restoreSettings(_ state: SchedulerState) throws(SchedulerError) {
        (stepSize, gamma) = (try state.integer("step_size"), try state.number("gamma"))
    }
}

/// Multiplies the rate by `gamma` at each milestone epoch; a milestone listed n times
/// multiplies by gamma^n (`torch.optim.lr_scheduler.MultiStepLR`).
public final class MultiStepLR: ChainableLRScheduler {
    /// The milestones as given (PyTorch keeps a multiset).
    public private(set) var milestones: [Int]
    public private(set) var gamma: Double

    public init(_ optimizer: any Optimizer, milestones: [Int], gamma: Double = 0.1) {
        self.milestones = milestones
        self.gamma = gamma
        super.init(optimizer)
    }

    override func nextLearningRate(isInitial: Bool) -> Double {
        let lr = optimizer.learningRate
        let hits = milestones.filter { $0 == lastEpoch }.count
        return hits == 0 ? lr : lr * pow(gamma, Double(hits))
    }

    override var settings: (numbers: [String: Double], integers: [String: [Int]]) {
        (["gamma": gamma], ["milestones": milestones])
    }
    override func restoreSettings(_ state: SchedulerState) throws(SchedulerError) {
        (milestones, gamma) = (try state.integers("milestones"), try state.number("gamma"))
    }
}

/// Multiplies the rate by `gamma` every epoch (`torch.optim.lr_scheduler.ExponentialLR`).
public final class ExponentialLR: ChainableLRScheduler {
    public private(set) var gamma: Double

    public init(_ optimizer: any Optimizer, gamma: Double) {
        self.gamma = gamma
        super.init(optimizer)
    }

    override func nextLearningRate(isInitial: Bool) -> Double {
        isInitial ? optimizer.learningRate : optimizer.learningRate * gamma
    }

    override var settings: (numbers: [String: Double], integers: [String: [Int]]) { (["gamma": gamma], [:]) }
    override func restoreSettings(_ state: SchedulerState) throws(SchedulerError) { gamma = try state.number("gamma") }
}

/// Cosine annealing from the base rate to `etaMin` over `tMax` epochs, then back up and down
/// again (no restarts), by PyTorch's recursive formula (`torch.optim.lr_scheduler.CosineAnnealingLR`).
public final class CosineAnnealingLR: ChainableLRScheduler {
    public private(set) var tMax: Int
    public private(set) var etaMin: Double

    public init(_ optimizer: any Optimizer, tMax: Int, etaMin: Double = 0) throws(SchedulerError) {
        guard tMax > 0 else { throw .invalidSetting(kind: "CosineAnnealingLR", reason: "tMax must be positive, got \(tMax)") }
        self.tMax = tMax
        self.etaMin = etaMin
        super.init(optimizer)
    }

    override func nextLearningRate(isInitial: Bool) -> Double {
        let lr = optimizer.learningRate, base = baseLearningRate
        let t = Double(tMax)
        if isInitial { return lr }
        if stepCount == 1 && lastEpoch > 0 {
            return etaMin + (base - etaMin) * (1 + cos(Double(lastEpoch) * Double.pi / t)) / 2
        }
        // Python's modulo is never negative; only the zero test matters, where they agree.
        if (lastEpoch - 1 - tMax) % (2 * tMax) == 0 {
            return lr + (base - etaMin) * (1 - cos(Double.pi / t)) / 2
        }
        return (1 + cos(Double.pi * Double(lastEpoch) / t)) / (1 + cos(Double.pi * Double(lastEpoch - 1) / t))
            * (lr - etaMin) + etaMin
    }

    override var settings: (numbers: [String: Double], integers: [String: [Int]]) {
        (["eta_min": etaMin], ["T_max": [tMax]])
    }
    override func restoreSettings(_ state: SchedulerState) throws(SchedulerError) {
        (tMax, etaMin) = (try state.integer("T_max"), try state.number("eta_min"))
    }
}

/// Sets the rate to the base rate times `factor(epoch)` (`torch.optim.lr_scheduler.LambdaLR`).
/// The closure is not part of the saved state (as in PyTorch, which saves no plain functions):
/// pass the same closure when resuming.
public final class LambdaLR: ChainableLRScheduler {
    public let factor: (Int) -> Double

    public init(_ optimizer: any Optimizer, factor: @escaping (Int) -> Double) {
        self.factor = factor
        super.init(optimizer)
    }

    override func nextLearningRate(isInitial: Bool) -> Double { baseLearningRate * factor(lastEpoch) }
}
