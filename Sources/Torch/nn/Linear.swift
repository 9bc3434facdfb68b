/// A fully connected layer, y = x·Wᵀ + b, as `torch.nn.Linear` (keys `weight`, `bias`).
///
/// Weights are kaiming-uniform with a = √5 and the bias U(±1/√in), drawn in that order from
/// `generator` (nil: the global generator seeded by `Torch.manualSeed`), as PyTorch does.
public final class Linear: Module, UnaryLayer {
    public let inFeatures: Int
    public let outFeatures: Int
    /// (out, in).
    public let weight: Parameter
    /// (out), or nil when built with `bias: false`.
    public let bias: Parameter?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: Generator? = nil) throws(TorchError) {
        guard inFeatures >= 0, outFeatures >= 0 else {
            throw TorchError("Linear: feature counts must be non-negative, got \(inFeatures) and \(outFeatures)")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        (weight, self.bias) = try Init.weightAndBias([outFeatures, inFeatures], biasSize: outFeatures, bias: bias,
                                                     generator: generator)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.linear(x, weight: weight.value, bias: bias?.value)
    }
}
