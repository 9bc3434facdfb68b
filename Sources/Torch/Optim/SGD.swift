import CTorch

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and
/// (L2) weight decay: libtorch's `torch::optim::SGD`, the same update as `torch.optim.SGD`.
public final class SGD: LibtorchOptimizer {
    public let momentum: Double
    public let dampening: Double
    public let weightDecay: Double
    public let nesterov: Bool

    /// Nesterov momentum needs `momentum > 0` and `dampening == 0` (libtorch's message otherwise).
    public init(_ parameters: [Parameter], learningRate: Double, momentum: Double = 0, dampening: Double = 0,
                weightDecay: Double = 0, nesterov: Bool = false) throws(TorchError) {
        guard learningRate >= 0 else { throw TorchError("SGD: invalid learning rate \(learningRate)") }
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        let kind = Kind(
            name: "SGD",
            hyperparameters: ["momentum": momentum, "dampening": dampening, "weight_decay": weightDecay,
                              "nesterov": nesterov ? 1 : 0],
            stateNames: ["momentum_buffer"], requiredStateNames: ["momentum_buffer"], countsSteps: false
        ) { params, n, out in
            ct_sgd_new(params, n, learningRate, momentum, dampening, weightDecay, nesterov, out)
        }
        try super.init(kind, parameters: parameters, learningRate: learningRate)
    }
}
