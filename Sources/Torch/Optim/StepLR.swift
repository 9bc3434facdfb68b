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
