/// Border padding that is not constant, as `torch.nn.ReflectionPad1d/2d/3d`,
/// `ReplicationPad*d` and `CircularPad*d`: stateless, no state-dict keys.
public final class BorderPad: Module, UnaryLayer {
    public let mode: Functional.PaddingMode
    /// (before, after) pairs from the last dimension backwards, as `torch.nn.functional.pad`.
    public let padding: [Int]

    public init(_ mode: Functional.PaddingMode, padding: [Int]) {
        self.mode = mode
        self.padding = padding
        super.init()
    }

    /// `ReflectionPad2d(p)`: `p` on every side of the last two dimensions.
    public static func reflection2d(_ p: Int) -> BorderPad { BorderPad(.reflect, padding: [p, p, p, p]) }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.pad(x, padding, mode: mode)
    }
}
