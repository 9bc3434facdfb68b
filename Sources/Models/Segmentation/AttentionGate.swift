import Torch

/// Oktay et al.'s additive attention gate: the skip features `x` are re-weighted by a
/// per-pixel coefficient computed from `x` and the gating signal `g` (the up-sampled decoder
/// features at the same size): α = σ(ψ(ReLU(W_x x + W_g g))), output α · x.
public final class AttentionGate: Module {
    public let gate: Conv2d
    public let skip: Conv2d
    public let psi: Conv2d
    public let gateNorm: GroupNorm
    public let skipNorm: GroupNorm

    /// - Parameters:
    ///   - gateChannels: width of the gating signal; `skipChannels`: width of the skip features.
    ///   - interChannels: width of the intermediate map (Oktay: half the skip width).
    public init(gateChannels: Int, skipChannels: Int, interChannels: Int, groups: Int,
                generator: Generator? = nil) throws(TorchError) {
        gate = try Conv2d(gateChannels, interChannels, kernelSize: 1, generator: generator)
        skip = try Conv2d(skipChannels, interChannels, kernelSize: 1, generator: generator)
        psi = try Conv2d(interChannels, 1, kernelSize: 1, generator: generator)
        gateNorm = try GroupNorm(numGroups: groupCount(groups, channels: interChannels), numChannels: interChannels)
        skipNorm = try GroupNorm(numGroups: groupCount(groups, channels: interChannels), numChannels: interChannels)
        super.init()
    }

    /// The gated skip features, same shape as `x`.
    public func callAsFunction(_ x: Tensor, gating g: Tensor) throws(TorchError) -> Tensor {
        let a = try (gateNorm(gate(g)) + skipNorm(skip(x))).relu()
        return try x * psi(a).sigmoid()
    }
}
