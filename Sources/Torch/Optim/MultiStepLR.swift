import Foundation

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
