import Torch

/// Gated attention pooling of a bag of instance embeddings (Ilse, Tomczak and Welling, "Attention-
/// based deep multiple instance learning", ICML 2018): a_k ∝ exp(wᵀ(tanh(V h_k) ⊙ σ(U h_k))),
/// z = Σ a_k h_k. Invariant to the order of the instances.
public final class GatedAttentionPooling: Module {
    public let v: Linear
    public let u: Linear
    public let w: Linear

    public init(width: Int, attentionWidth: Int, generator: Generator? = nil) throws(TorchError) {
        v = try Linear(width, attentionWidth, generator: generator)
        u = try Linear(width, attentionWidth, generator: generator)
        w = try Linear(attentionWidth, 1, generator: generator)
        super.init()
    }

    /// Unnormalised attention scores (K, 1) of instances (K, width).
    public func scores(_ h: Tensor) throws(TorchError) -> Tensor {
        try w(v(h).tanh() * u(h).sigmoid())
    }

    /// The pooled embedding (width) and the attention weights (K) of one bag (K ≥ 1, width).
    public func callAsFunction(_ h: Tensor) throws(TorchError) -> (pooled: Tensor, weights: Tensor) {
        let a = try Functional.softmax(scores(h), dim: 0)
        return (try (a * h).sum(dim: 0), try a.squeeze(dim: 1))
    }
}
