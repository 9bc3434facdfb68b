/// Layers applied in order, as `torch.nn.Sequential`. Its children are keyed by position
/// without a prefix (`0.weight`, `2.bias`), so a PyTorch `Sequential`'s state dict loads as is.
public final class Sequential: Module, UnaryLayer {
    public private(set) var layers: [any UnaryLayer]

    public init(_ layers: [any UnaryLayer]) {
        self.layers = layers
        super.init()
    }

    public convenience init(_ layers: any UnaryLayer...) { self.init(layers) }

    /// The elements are the direct children, keyed "0", "1", … (an empty key numbers them bare).
    public override var stateKeyOverrides: [String: String] { ["layers": ""] }

    public var count: Int { layers.count }
    public subscript(_ i: Int) -> any UnaryLayer { layers[i] }

    /// Appends a layer (in the mode of this container).
    public func append(_ layer: any UnaryLayer) {
        layer.train(isTraining)
        layers.append(layer)
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        var y = x
        for layer in layers { y = try layer(y) }
        return y
    }
}
