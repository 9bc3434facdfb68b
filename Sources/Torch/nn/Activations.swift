// Stateless layers: activations, dropout, identity and flatten, for use in `Sequential` and as
// named members of larger modules. Each matches the `torch.nn` class of the same name.

/// max(x, 0).
public final class ReLU: Module, UnaryLayer {
    public override init() { super.init() }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try x.relu() }
}

/// max(x, 0) + slope·min(x, 0).
public final class LeakyReLU: Module, UnaryLayer {
    public let negativeSlope: Double
    public init(negativeSlope: Double = 0.01) {
        self.negativeSlope = negativeSlope
        super.init()
    }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.leakyRelu(x, negativeSlope: negativeSlope)
    }
}

/// Gaussian error linear unit, exact (`approximate='none'`) or with the tanh approximation.
public final class GELU: Module, UnaryLayer {
    /// PyTorch's `approximate='none'` (erf) or `'tanh'`.
    public enum Approximation: Sendable { case none, tanh }
    public let approximate: Approximation
    public init(approximate: Approximation = .none) {
        self.approximate = approximate
        super.init()
    }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.gelu(x, tanhApproximation: approximate == .tanh)
    }
}

/// x·σ(x).
public final class SiLU: Module, UnaryLayer {
    public override init() { super.init() }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try Functional.silu(x) }
}

/// 1/(1 + e^−x).
public final class Sigmoid: Module, UnaryLayer {
    public override init() { super.init() }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try x.sigmoid() }
}

/// Hyperbolic tangent.
public final class Tanh: Module, UnaryLayer {
    public override init() { super.init() }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try x.tanh() }
}

/// Softmax along `dim` (PyTorch has no default that is right for every rank, so it is required).
public final class Softmax: Module, UnaryLayer {
    public let dim: Int
    public init(dim: Int) {
        self.dim = dim
        super.init()
    }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try Functional.softmax(x, dim: dim) }
}

/// log(softmax(x)) along `dim`, computed stably.
public final class LogSoftmax: Module, UnaryLayer {
    public let dim: Int
    public init(dim: Int) {
        self.dim = dim
        super.init()
    }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try Functional.logSoftmax(x, dim: dim) }
}

/// Zeroes each element with probability `p` and scales the rest by 1/(1 − p) while training;
/// the identity in evaluation (`eval()`). Masks come from `generator`, or from the global
/// generator (`Torch.manualSeed`) when it is nil, as in PyTorch. A generator of its own keeps
/// training reproducible while other code draws from the global one.
public final class Dropout: Module, UnaryLayer {
    public let p: Double
    public let generator: Generator?
    /// `p` is the probability of zeroing an element, in [0, 1].
    public init(p: Double = 0.5, generator: Generator? = nil) throws(TorchError) {
        guard (0...1).contains(p) else {
            throw TorchError("dropout probability has to be between 0 and 1, but got \(p)")
        }
        self.p = p
        self.generator = generator
        super.init()
    }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        guard isTraining, p > 0 else { return x }
        if let generator { return try Functional.dropout(x, p: p, training: true, generator: generator) }
        return try Functional.dropout(x, p: p, training: true)
    }
}

/// Returns its input.
public final class Identity: Module, UnaryLayer {
    public override init() { super.init() }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { x }
}

/// Flattens dimensions `startDim...endDim` (by default all but the batch dimension).
public final class Flatten: Module, UnaryLayer {
    public let startDim: Int
    public let endDim: Int
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
        super.init()
    }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try x.flatten(start: startDim, end: endDim) }
}
