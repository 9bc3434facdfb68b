/// An optimiser updating a fixed list of `Parameter`s, as `torch.optim.Optimizer` with one
/// parameter group.
///
/// The update rules are libtorch's own `torch::optim` implementations (reached through the
/// shim), so a step here is a step of PyTorch's optimiser, not a re-derivation of it.
///
/// The optimiser holds the parameters' tensors: create it after moving a model to its device
/// (as in PyTorch). Loading a state dict into the model (`Module.load(stateDict:)`) copies in
/// place and keeps the optimiser valid.
public protocol Optimizer: AnyObject {
    /// The parameters updated, in order; per-parameter state is stored by this position.
    var parameters: [Parameter] { get }
    /// The current learning rate (`param_groups[0]["lr"]`). Schedulers set it.
    var learningRate: Double { get set }
    /// The learning rate a scheduler recorded when first attached (PyTorch's `initial_lr`):
    /// a second scheduler on the same optimiser starts from it rather than the current rate.
    var initialLearningRate: Double? { get set }
    /// Applies one update from the parameters' accumulated gradients.
    func step() throws(TorchError)
    /// Clears the gradients; `setToNone` (PyTorch's default) drops them instead of zeroing.
    func zeroGrad(setToNone: Bool) throws(TorchError)
    /// The complete state: hyperparameters, learning rate, step counts and state tensors.
    func state() throws(TorchError) -> OptimizerState
    /// Restores a state produced by `state()` of an optimiser of the same kind over parameters
    /// of the same shapes.
    func load(state: OptimizerState) throws(TorchError)
    /// Checks that `load(state:)` would accept `state`, changing nothing.
    func validate(state: OptimizerState) throws(TorchError)
}

extension Optimizer {
    /// Clears the gradients (set to none, as PyTorch's default).
    public func zeroGrad() throws(TorchError) { try zeroGrad(setToNone: true) }

    /// Clips the total gradient norm of this optimiser's parameters to `maxNorm`; see
    /// `clipGradNorm(_:maxNorm:normType:)`.
    @discardableResult
    public func clipGradNorm(maxNorm: Double, normType: Double = 2) throws(TorchError) -> Double {
        try Torch.clipGradNorm(parameters, maxNorm: maxNorm, normType: normType)
    }
}

/// An optimiser's complete state, as `optimizer.state_dict()`: what a checkpoint needs to
/// continue training exactly where it stopped.
public struct OptimizerState {
    /// "SGD", "Adam" or "AdamW".
    public var kind: String
    /// Construction-time settings other than the learning rate (momentum, betas, eps, …).
    public var hyperparameters: [String: Double]
    public var learningRate: Double
    public var initialLearningRate: Double?
    /// Per parameter: the number of updates it has received (Adam/AdamW; 0 for SGD).
    public var steps: [Int]
    /// Per parameter: its state tensors by libtorch's names ("momentum_buffer", "exp_avg",
    /// "exp_avg_sq", "max_exp_avg_sq"); empty before the parameter's first update.
    public var tensors: [[String: Tensor]]

    public init(kind: String, hyperparameters: [String: Double], learningRate: Double,
                initialLearningRate: Double?, steps: [Int], tensors: [[String: Tensor]]) {
        self.kind = kind
        self.hyperparameters = hyperparameters
        self.learningRate = learningRate
        self.initialLearningRate = initialLearningRate
        self.steps = steps
        self.tensors = tensors
    }
}
