import CTorch

/// The settings and construction `Adam` and `AdamW` share: they differ only in how weight decay
/// enters the update, which the libtorch optimiser behind each decides.
public class AdamFamilyOptimizer: LibtorchOptimizer {
    public let betas: (Double, Double)
    public let eps: Double
    public let weightDecay: Double
    public let amsgrad: Bool

    /// The shim constructors of Adam and AdamW share this signature.
    typealias Constructor = (UnsafePointer<ct_tensor?>?, Int32, Double, Double, Double, Double, Double, Bool,
                             UnsafeMutablePointer<ct_optimizer?>?) -> Int32

    init(_ name: String, parameters: [Parameter], learningRate: Double, betas: (Double, Double), eps: Double,
         weightDecay: Double, amsgrad: Bool, make: @escaping Constructor) throws(TorchError) {
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        let names = ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"]
        let kind = Kind(
            name: name,
            hyperparameters: ["beta1": betas.0, "beta2": betas.1, "eps": eps, "weight_decay": weightDecay,
                              "amsgrad": amsgrad ? 1 : 0],
            stateNames: names, requiredStateNames: Array(names.prefix(amsgrad ? 3 : 2)), countsSteps: true
        ) { params, n, out in
            make(params, n, learningRate, betas.0, betas.1, eps, weightDecay, amsgrad, out)
        }
        try super.init(kind, parameters: parameters, learningRate: learningRate)
    }
}

/// Adam (Kingma & Ba) with optional L2 weight decay and AMSGrad: the same update as
/// `torch.optim.Adam`. A step runs libtorch's fused multi-tensor kernel (`_fused_adam_`, what
/// `torch.optim.Adam(fused=True)` calls) when all parameters share one device and dtype, and
/// `torch::optim::Adam`'s per-parameter loop otherwise; state lives in `torch::optim::Adam`'s
/// per-parameter objects either way, so checkpoints do not depend on which path ran.
public final class Adam: AdamFamilyOptimizer {
    /// Defaults are PyTorch's.
    public init(_ parameters: [Parameter], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                eps: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false) throws(TorchError) {
        try super.init("Adam", parameters: parameters, learningRate: learningRate, betas: betas, eps: eps,
                       weightDecay: weightDecay, amsgrad: amsgrad, make: ct_adam_new)
    }
}

/// Adam with decoupled weight decay (Loshchilov & Hutter): the same update as
/// `torch.optim.AdamW`, stepping like `Adam` (libtorch's `_fused_adamw_` kernel where it applies,
/// else `torch::optim::AdamW`).
public final class AdamW: AdamFamilyOptimizer {
    /// Defaults are PyTorch's (note `weightDecay` 0.01, unlike `Adam`).
    public init(_ parameters: [Parameter], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                eps: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false) throws(TorchError) {
        try super.init("AdamW", parameters: parameters, learningRate: learningRate, betas: betas, eps: eps,
                       weightDecay: weightDecay, amsgrad: amsgrad, make: ct_adamw_new)
    }
}
