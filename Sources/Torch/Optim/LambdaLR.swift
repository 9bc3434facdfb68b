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
