import CTorch

/// The common base of `SGD`, `Adam` and `AdamW`: owns a libtorch `torch::optim` optimiser
/// through the shim and implements `Optimizer` for all of them.
public class LibtorchOptimizer: Optimizer {
    let handle: ct_optimizer
    public let parameters: [Parameter]
    /// "SGD", "Adam" or "AdamW".
    public let kind: String
    /// Construction-time settings by PyTorch's names (booleans as 0/1).
    public let hyperparameters: [String: Double]
    /// State tensor names this kind keeps per parameter.
    let stateNames: [String]
    /// Those a parameter's state cannot do without (with this configuration).
    let requiredStateNames: [String]
    /// Whether the kind counts steps per parameter (Adam/AdamW).
    let countsSteps: Bool
    public var initialLearningRate: Double?
    /// Last rate set, returned if the shim ever cannot answer (it always can with ≥ 1 parameter).
    private var cachedLearningRate: Double

    /// What distinguishes one libtorch optimiser kind from another.
    struct Kind {
        var name: String
        var hyperparameters: [String: Double]
        /// State tensor names the kind keeps per parameter, and those it cannot do without.
        var stateNames: [String]
        var requiredStateNames: [String]
        var countsSteps: Bool
        /// Calls the shim constructor with (parameters, count, result).
        var make: (UnsafePointer<ct_tensor?>?, Int32, UnsafeMutablePointer<ct_optimizer?>) -> Int32
    }

    init(_ kind: Kind, parameters: [Parameter], learningRate: Double) throws(TorchError) {
        guard !parameters.isEmpty else { throw TorchError("\(kind.name): optimizer got an empty parameter list") }
        let handles: [ct_tensor?] = parameters.map { $0.value.handle }
        var out: ct_optimizer?
        let status = withExtendedLifetime(parameters) {
            handles.withUnsafeBufferPointer { kind.make($0.baseAddress, Int32($0.count), &out) }
        }
        try check(status)
        guard let out else { throw TorchError("libtorch returned no optimizer") }
        self.handle = out
        self.parameters = parameters
        self.kind = kind.name
        self.hyperparameters = kind.hyperparameters
        self.stateNames = kind.stateNames
        self.requiredStateNames = kind.requiredStateNames
        self.countsSteps = kind.countsSteps
        self.cachedLearningRate = learningRate
    }

    deinit { ct_optimizer_free(handle) }

    public var learningRate: Double {
        get {
            var lr = 0.0
            return ct_optimizer_get_lr(handle, &lr) == 0 ? lr : cachedLearningRate
        }
        set {
            if ct_optimizer_set_lr(handle, newValue) == 0 { cachedLearningRate = newValue }
        }
    }

    public func step() throws(TorchError) { try check(ct_optimizer_step(handle)) }
    public func zeroGrad(setToNone: Bool) throws(TorchError) { try check(ct_optimizer_zero_grad(handle, setToNone)) }

    private func stateTensor(_ index: Int, _ name: String) throws(TorchError) -> Tensor? {
        var out: ct_tensor?
        try check(ct_optimizer_get_state(handle, Int32(index), name, &out))
        return out.map { Tensor(handle: $0) }
    }

    public func state() throws(TorchError) -> OptimizerState {
        var steps: [Int] = []
        var tensors: [[String: Tensor]] = []
        for i in parameters.indices {
            var step: Int64 = 0
            try check(ct_optimizer_get_step(handle, Int32(i), &step))
            steps.append(Int(step))
            var named: [String: Tensor] = [:]
            for name in stateNames {
                // A copy, so later steps do not change a state already taken.
                if let t = try stateTensor(i, name) { named[name] = try t.detach().clone() }
            }
            tensors.append(named)
        }
        return OptimizerState(kind: kind, hyperparameters: hyperparameters, learningRate: learningRate,
                              initialLearningRate: initialLearningRate, steps: steps, tensors: tensors)
    }

    /// Checks everything `load` needs, so a rejected state leaves the optimiser as it was.
    public func validate(state: OptimizerState) throws(TorchError) {
        guard state.kind == kind else { throw TorchError("cannot load \(state.kind) state into \(kind)") }
        guard state.steps.count == parameters.count, state.tensors.count == parameters.count else {
            throw TorchError("\(kind) state is for \(state.tensors.count) parameters, this optimizer has \(parameters.count)")
        }
        let differing = Set(hyperparameters.keys).union(state.hyperparameters.keys).sorted().filter {
            hyperparameters[$0] != state.hyperparameters[$0]
        }
        guard differing.isEmpty else {
            let detail = differing.map { "\($0): saved \(state.hyperparameters[$0].map(String.init(describing:)) ?? "none"), "
                + "this optimizer \(hyperparameters[$0].map(String.init(describing:)) ?? "none")" }
            throw TorchError("\(kind) state was saved with other settings (\(detail.joined(separator: "; ")))")
        }
        for (i, named) in state.tensors.enumerated() {
            for (name, tensor) in named {
                guard stateNames.contains(name) else { throw TorchError("\(kind) has no state named '\(name)'") }
                guard tensor.shape == parameters[i].value.shape else {
                    throw TorchError("\(kind) state '\(name)' of parameter \(i) has shape \(tensor.shape), "
                        + "the parameter \(parameters[i].value.shape)")
                }
            }
            if !named.isEmpty {
                for name in requiredStateNames where named[name] == nil {
                    throw TorchError("\(kind) state of parameter \(i) lacks '\(name)'")
                }
            }
            // libtorch cannot drop a parameter's state once made; refuse rather than mix states.
            if named.isEmpty {
                for name in stateNames {
                    guard try stateTensor(i, name) != nil else { continue }
                    throw TorchError("\(kind) parameter \(i) already has state '\(name)' that the loaded state lacks; "
                        + "load into a fresh optimizer")
                }
            }
        }
    }

    public func load(state: OptimizerState) throws(TorchError) {
        try validate(state: state)
        for (i, named) in state.tensors.enumerated() where !named.isEmpty {
            for name in stateNames {
                try check(ct_optimizer_set_state(handle, Int32(i), name, named[name]?.handle))
            }
            if countsSteps { try check(ct_optimizer_set_step(handle, Int32(i), Int64(state.steps[i]))) }
        }
        withExtendedLifetime(state) {}
        learningRate = state.learningRate
        initialLearningRate = state.initialLearningRate
    }
}
