/// One transformer encoder block, as `torch.nn.TransformerEncoderLayer`: self-attention and a
/// two-layer feed-forward network, each with dropout and a residual connection, normalised
/// after (post-norm, PyTorch's default) or before (`normFirst`) each block.
///
/// State-dict keys match PyTorch: `self_attn.*`, `linear1.*`, `linear2.*`, `norm1.*`, `norm2.*`.
/// Parameters are drawn in PyTorch's order (self_attn, linear1, linear2), so the same seed
/// gives the same layer.
public final class TransformerEncoderLayer: Module, UnaryLayer {
    public enum Activation: Sendable { case relu, gelu }

    /// Everything needed to build an identical layer (used by `TransformerEncoder` to clone).
    public struct Configuration: Sendable, Equatable {
        public var dModel: Int
        public var numHeads: Int
        public var dimFeedforward: Int = 2048
        public var dropout: Double = 0.1
        public var activation: Activation = .relu
        public var layerNormEps: Double = 1e-5
        public var batchFirst: Bool = false
        public var normFirst: Bool = false
        public var bias: Bool = true
    }

    public let configuration: Configuration
    public let selfAttn: MultiheadAttention
    public let linear1: Linear
    public let dropout: Dropout
    public let linear2: Linear
    public let norm1: LayerNorm
    public let norm2: LayerNorm
    public let dropout1: Dropout
    public let dropout2: Dropout

    /// `generator` initialises the parameters; `dropoutGenerator` (nil: the global generator)
    /// draws every dropout mask of the layer in training.
    public convenience init(dModel: Int, numHeads: Int, dimFeedforward: Int = 2048, dropout: Double = 0.1,
                            activation: Activation = .relu, layerNormEps: Double = 1e-5, batchFirst: Bool = false,
                            normFirst: Bool = false, bias: Bool = true, generator: Generator? = nil,
                            dropoutGenerator: Generator? = nil) throws(TorchError) {
        try self.init(Configuration(dModel: dModel, numHeads: numHeads, dimFeedforward: dimFeedforward, dropout: dropout,
                                    activation: activation, layerNormEps: layerNormEps, batchFirst: batchFirst,
                                    normFirst: normFirst, bias: bias), generator: generator, dropoutGenerator: dropoutGenerator)
    }

    public init(_ c: Configuration, generator: Generator? = nil, dropoutGenerator: Generator? = nil) throws(TorchError) {
        configuration = c
        selfAttn = try MultiheadAttention(embedDim: c.dModel, numHeads: c.numHeads, dropout: c.dropout, bias: c.bias,
                                          batchFirst: c.batchFirst, generator: generator, dropoutGenerator: dropoutGenerator)
        linear1 = try Linear(c.dModel, c.dimFeedforward, bias: c.bias, generator: generator)
        dropout = try Dropout(p: c.dropout, generator: dropoutGenerator)
        linear2 = try Linear(c.dimFeedforward, c.dModel, bias: c.bias, generator: generator)
        norm1 = try LayerNorm(c.dModel, eps: c.layerNormEps, bias: c.bias)
        norm2 = try LayerNorm(c.dModel, eps: c.layerNormEps, bias: c.bias)
        dropout1 = try Dropout(p: c.dropout, generator: dropoutGenerator)
        dropout2 = try Dropout(p: c.dropout, generator: dropoutGenerator)
        super.init()
    }

    /// A new layer with the same configuration, values, frozen flags and mode (PyTorch's
    /// `copy.deepcopy`). Draws nothing from the global generator; the copy shares this layer's
    /// dropout generator, so a stack of copies draws one reproducible stream.
    public func copy() throws(TorchError) -> TransformerEncoderLayer {
        let scratch = try Generator(seed: 0)
        let clone = try TransformerEncoderLayer(configuration, generator: scratch, dropoutGenerator: dropout.generator)
        let reference = linear1.weight.value
        try clone.to(reference.device, dtype: reference.dtype)
        try clone.load(stateDict: stateDict(), strict: true)
        for ((_, mine), (_, theirs)) in zip(namedParameters(), clone.namedParameters()) { theirs.isFrozen = mine.isFrozen }
        clone.train(isTraining)
        return clone
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try forward(x) }

    /// `srcMask` and `srcKeyPaddingMask` as `MultiheadAttention`'s `attnMask` and `keyPaddingMask`.
    public func forward(_ src: Tensor, srcMask: Tensor? = nil, srcKeyPaddingMask: Tensor? = nil,
                        isCausal: Bool = false) throws(TorchError) -> Tensor {
        var x = src
        if configuration.normFirst {
            x = try x + selfAttentionBlock(norm1(x), srcMask, srcKeyPaddingMask, isCausal)
            x = try x + feedForwardBlock(norm2(x))
        } else {
            x = try norm1(x + selfAttentionBlock(x, srcMask, srcKeyPaddingMask, isCausal))
            x = try norm2(x + feedForwardBlock(x))
        }
        return x
    }

    private func selfAttentionBlock(_ x: Tensor, _ mask: Tensor?, _ padding: Tensor?, _ isCausal: Bool) throws(TorchError) -> Tensor {
        let attended = try selfAttn(x, x, x, keyPaddingMask: padding, needWeights: false, attnMask: mask, isCausal: isCausal).output
        return try dropout1(attended)
    }

    private func feedForwardBlock(_ x: Tensor) throws(TorchError) -> Tensor {
        var h = try linear1(x)
        h = configuration.activation == .relu ? try h.relu() : try Functional.gelu(h)
        return try dropout2(linear2(dropout(h)))
    }
}

/// A stack of encoder layers with an optional final normalisation, as
/// `torch.nn.TransformerEncoder` (keys `layers.0.…`, `norm.…`).
public final class TransformerEncoder: Module, UnaryLayer {
    public let layers: [TransformerEncoderLayer]
    public let norm: LayerNorm?

    /// `numLayers` copies of `layer`, identical at the start, as PyTorch's constructor (it
    /// deep-copies the layer it is given).
    public convenience init(_ layer: TransformerEncoderLayer, numLayers: Int, norm: LayerNorm? = nil) throws(TorchError) {
        guard numLayers > 0 else { throw TorchError("TransformerEncoder: numLayers must be positive, got \(numLayers)") }
        var layers: [TransformerEncoderLayer] = []
        for _ in 0..<numLayers { layers.append(try layer.copy()) }
        self.init(layers: layers, norm: norm)
    }

    /// The given layers in order (e.g. each initialised separately).
    public init(layers: [TransformerEncoderLayer], norm: LayerNorm? = nil) {
        self.layers = layers
        self.norm = norm
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try forward(x) }

    public func forward(_ src: Tensor, mask: Tensor? = nil, srcKeyPaddingMask: Tensor? = nil,
                        isCausal: Bool = false) throws(TorchError) -> Tensor {
        var x = src
        for layer in layers {
            x = try layer.forward(x, srcMask: mask, srcKeyPaddingMask: srcKeyPaddingMask, isCausal: isCausal)
        }
        if let norm { x = try norm(x) }
        return x
    }
}
