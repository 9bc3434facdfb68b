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
