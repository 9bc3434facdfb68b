import Foundation

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
