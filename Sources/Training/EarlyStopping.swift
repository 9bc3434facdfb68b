/// The paper's stopping rule: stop when the monitored loss has not fallen by at least
/// `minRelativeImprovement` (1 %) below its best value for `patience` (20) consecutive epochs.
public struct EarlyStopping: Sendable, Codable, Equatable {
    public var patience: Int
    public var minRelativeImprovement: Double
    public private(set) var best: Double = .infinity
    public private(set) var bestEpoch: Int = -1
    public private(set) var epochsWithoutImprovement: Int = 0

    public init(patience: Int = 20, minRelativeImprovement: Double = 0.01) {
        self.patience = patience
        self.minRelativeImprovement = minRelativeImprovement
    }

    /// Records an epoch's loss. Returns whether it is a new best (worth a checkpoint).
    @discardableResult
    public mutating func record(loss: Double, epoch: Int) -> Bool {
        let threshold = best.isFinite ? best * (1 - minRelativeImprovement) : .infinity
        if loss < threshold {
            best = loss
            bestEpoch = epoch
            epochsWithoutImprovement = 0
            return true
        }
        epochsWithoutImprovement += 1
        return false
    }

    public var shouldStop: Bool { epochsWithoutImprovement >= patience }
}

/// The paper's classifier learning rate: `base` for the first `constantEpochs` epochs, then
/// halved after every further `halvingInterval` epochs (StepLR from epoch `constantEpochs`:
/// epochs 50–59 keep `base`, 60–69 use base/2, …; see docs/decisions.md).
public struct PaperLearningRate: Sendable, Codable, Equatable {
    public var base: Double
    public var constantEpochs: Int
    public var halvingInterval: Int
    public init(base: Double = 1e-5, constantEpochs: Int = 50, halvingInterval: Int = 10) {
        self.base = base
        self.constantEpochs = constantEpochs
        self.halvingInterval = halvingInterval
    }
    /// Learning rate for a 0-based epoch.
    public func rate(epoch: Int) -> Double {
        guard epoch >= constantEpochs, halvingInterval > 0 else { return base }
        let halvings = (epoch - constantEpochs) / halvingInterval
        return base / Double(1 << min(halvings, 60))
    }
}
