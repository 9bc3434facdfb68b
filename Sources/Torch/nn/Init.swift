/// Parameter initialisation as `torch.nn.init`, with the same bounds computed in the same
/// order, so that a layer built after `Torch.manualSeed(s)` (or with `Generator(seed: s)`) holds
/// the same numbers as the PyTorch layer built after `torch.manual_seed(s)`.
///
/// Every function fills the tensor in place without recording autograd history.
public enum Init {
    /// Nonlinearities for `gain(for:)` (PyTorch's `calculate_gain`).
    public enum Nonlinearity: Sendable {
        case linear, sigmoid, tanh, relu
        case leakyRelu(negativeSlope: Double)
    }

    /// The recommended gain for a nonlinearity.
    public static func gain(for nonlinearity: Nonlinearity) -> Double {
        switch nonlinearity {
        case .linear, .sigmoid: return 1
        case .tanh: return 5.0 / 3
        case .relu: return (2.0).squareRoot()
        case .leakyRelu(let slope): return (2.0 / (1 + slope * slope)).squareRoot()
        }
    }

    /// (fan_in, fan_out) of a weight shaped (out, in, *kernel), as PyTorch computes them:
    /// dimension 1 is "in" even for transposed convolutions, whose weight is (in, out/groups, …).
    public static func fans(_ shape: [Int]) throws(TorchError) -> (fanIn: Int, fanOut: Int) {
        guard shape.count >= 2 else {
            throw TorchError("fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape \(shape))")
        }
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// U(low, high).
    public static func uniform_(_ t: Tensor, _ low: Double, _ high: Double, generator: Generator? = nil) throws(TorchError) {
        try withNoGrad { () throws(TorchError) in try t.uniform_(low, high, generator: generator) }
    }

    /// N(mean, std²).
    public static func normal_(_ t: Tensor, mean: Double = 0, std: Double = 1, generator: Generator? = nil) throws(TorchError) {
        try withNoGrad { () throws(TorchError) in try t.normal_(mean: mean, std: std, generator: generator) }
    }

    /// Fills with `value`.
    public static func constant_(_ t: Tensor, _ value: Double) throws(TorchError) {
        try withNoGrad { () throws(TorchError) in try t.fill_(value) }
    }

    /// He/Kaiming uniform with fan-in mode: U(±gain·√(3/fan_in)), gain from a leaky ReLU of
    /// slope `a`. `a = √5` is what Linear and Conv layers use by default.
    public static func kaimingUniform_(_ t: Tensor, a: Double = 0, generator: Generator? = nil) throws(TorchError) {
        let fanIn = try fans(t.shape).fanIn
        guard fanIn > 0 else { return }  // PyTorch warns and leaves a zero-element tensor alone.
        let std = gain(for: .leakyRelu(negativeSlope: a)) / Double(fanIn).squareRoot()
        let bound = (3.0).squareRoot() * std
        try uniform_(t, -bound, bound, generator: generator)
    }

    /// Glorot/Xavier uniform: U(±gain·√(6/(fan_in+fan_out))).
    public static func xavierUniform_(_ t: Tensor, gain: Double = 1, generator: Generator? = nil) throws(TorchError) {
        let (fanIn, fanOut) = try fans(t.shape)
        let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        let bound = (3.0).squareRoot() * std
        try uniform_(t, -bound, bound, generator: generator)
    }

    /// The bias rule of Linear and Conv layers: U(±1/√fan_in) with fan_in from the weight.
    static func fanInBias_(_ bias: Tensor, weightShape: [Int], generator: Generator?) throws(TorchError) {
        let fanIn = try fans(weightShape).fanIn
        let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
        try uniform_(bias, -bound, bound, generator: generator)
    }

    /// PyTorch's `reset_parameters` of Linear and Conv layers: a kaiming-uniform (a = √5)
    /// weight, then (optionally) a U(±1/√fan_in) bias, drawn in that order.
    static func weightAndBias(_ shape: [Int], biasSize: Int, bias: Bool,
                              generator: Generator?) throws(TorchError) -> (weight: Parameter, bias: Parameter?) {
        let weight = try parameter(shape) { (t) throws(TorchError) in try kaimingUniform_(t, a: (5.0).squareRoot(), generator: generator) }
        guard bias else { return (weight, nil) }
        let b = try parameter([biasSize]) { (t) throws(TorchError) in try fanInBias_(t, weightShape: shape, generator: generator) }
        return (weight, b)
    }

    /// A new trainable parameter of `shape` filled by `fill`.
    static func parameter(_ shape: [Int], _ fill: (Tensor) throws(TorchError) -> Void) throws(TorchError) -> Parameter {
        let t = try Tensor.empty(shape)
        try fill(t)
        return try Parameter(t)
    }
}
