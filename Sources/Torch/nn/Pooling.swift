// Pooling and resampling layers over 1, 2 or 3 spatial dimensions (taken from the length of
// the kernel or output size), as `torch.nn.MaxPoolNd`, `AvgPoolNd`, `AdaptiveAvgPoolNd`,
// `AdaptiveMaxPoolNd` and `Upsample`. None has state.

/// Max pooling; `stride` defaults to the kernel size.
public class MaxPool: Module, UnaryLayer {
    public let kernelSize: [Int]
    public let stride: [Int]
    public let padding: [Int]
    public let ceilMode: Bool

    public init(kernelSize: [Int], stride: [Int]? = nil, padding: [Int]? = nil, ceilMode: Bool = false) throws(TorchError) {
        let n = kernelSize.count
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding ?? Array(repeating: 0, count: n)
        self.ceilMode = ceilMode
        try PoolShape.validate("MaxPool", kernelSize, self.stride, self.padding)
        super.init()
    }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.maxPool(x, kernel: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode)
    }
}

/// Max pooling over (N, C, L), as `torch.nn.MaxPool1d`.
public final class MaxPool1d: MaxPool {
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false) throws(TorchError) {
        try super.init(kernelSize: [kernelSize], stride: stride.map { [$0] }, padding: [padding], ceilMode: ceilMode)
    }
}
/// Max pooling over (N, C, H, W), as `torch.nn.MaxPool2d`.
public final class MaxPool2d: MaxPool {
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false) throws(TorchError) {
        try super.init(kernelSize: [kernelSize, kernelSize], stride: stride.map { [$0, $0] }, padding: [padding, padding],
                       ceilMode: ceilMode)
    }
}
/// Max pooling over (N, C, D, H, W), as `torch.nn.MaxPool3d`.
public final class MaxPool3d: MaxPool {
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false) throws(TorchError) {
        let r = { (v: Int) in Array(repeating: v, count: 3) }
        try super.init(kernelSize: r(kernelSize), stride: stride.map(r), padding: r(padding), ceilMode: ceilMode)
    }
}

/// Average pooling; `stride` defaults to the kernel size.
public class AvgPool: Module, UnaryLayer {
    public let kernelSize: [Int]
    public let stride: [Int]
    public let padding: [Int]
    public let ceilMode: Bool
    public let countIncludePad: Bool

    public init(kernelSize: [Int], stride: [Int]? = nil, padding: [Int]? = nil, ceilMode: Bool = false,
                countIncludePad: Bool = true) throws(TorchError) {
        let n = kernelSize.count
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding ?? Array(repeating: 0, count: n)
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
        try PoolShape.validate("AvgPool", kernelSize, self.stride, self.padding)
        super.init()
    }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.avgPool(x, kernel: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
                               countIncludePad: countIncludePad)
    }
}

/// Average pooling over (N, C, L), as `torch.nn.AvgPool1d`.
public final class AvgPool1d: AvgPool {
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false,
                countIncludePad: Bool = true) throws(TorchError) {
        try super.init(kernelSize: [kernelSize], stride: stride.map { [$0] }, padding: [padding], ceilMode: ceilMode,
                       countIncludePad: countIncludePad)
    }
}
/// Average pooling over (N, C, H, W), as `torch.nn.AvgPool2d`.
public final class AvgPool2d: AvgPool {
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false,
                countIncludePad: Bool = true) throws(TorchError) {
        try super.init(kernelSize: [kernelSize, kernelSize], stride: stride.map { [$0, $0] }, padding: [padding, padding],
                       ceilMode: ceilMode, countIncludePad: countIncludePad)
    }
}
/// Average pooling over (N, C, D, H, W), as `torch.nn.AvgPool3d`.
public final class AvgPool3d: AvgPool {
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false,
                countIncludePad: Bool = true) throws(TorchError) {
        let r = { (v: Int) in Array(repeating: v, count: 3) }
        try super.init(kernelSize: r(kernelSize), stride: stride.map(r), padding: r(padding), ceilMode: ceilMode,
                       countIncludePad: countIncludePad)
    }
}

/// Shared implementation of `AdaptiveAvgPool` and `AdaptiveMaxPool`: the output size (one value
/// per spatial dimension) and its check.
public class AdaptivePool: Module {
    public let outputSize: [Int]
    init(_ name: String, outputSize: [Int]) throws(TorchError) {
        guard (1...3).contains(outputSize.count) else {
            throw TorchError("\(name): outputSize needs 1, 2 or 3 values, got \(outputSize.count)")
        }
        self.outputSize = outputSize
        super.init()
    }
}

/// Adaptive average pooling to a fixed output size (`[1, 1, 1]`: global average pooling).
public final class AdaptiveAvgPool: AdaptivePool, UnaryLayer {
    public init(outputSize: [Int]) throws(TorchError) { try super.init("AdaptiveAvgPool", outputSize: outputSize) }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.adaptiveAvgPool(x, outputSize: outputSize)
    }
}

/// Adaptive max pooling to a fixed output size.
public final class AdaptiveMaxPool: AdaptivePool, UnaryLayer {
    public init(outputSize: [Int]) throws(TorchError) { try super.init("AdaptiveMaxPool", outputSize: outputSize) }
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.adaptiveMaxPool(x, outputSize: outputSize)
    }
}

/// Resizes the spatial dimensions to `size` or by `scaleFactor` (one per spatial dimension),
/// as `torch.nn.Upsample`: `.nearest`, or `.linear` (bilinear on 2-D, trilinear on 3-D inputs).
public final class Upsample: Module, UnaryLayer {
    public let size: [Int]?
    public let scaleFactor: [Double]?
    public let mode: Functional.InterpolationMode
    public let alignCorners: Bool

    public init(size: [Int]? = nil, scaleFactor: [Double]? = nil, mode: Functional.InterpolationMode = .nearest,
                alignCorners: Bool = false) throws(TorchError) {
        guard (size == nil) != (scaleFactor == nil) else {
            throw TorchError("Upsample: give exactly one of size and scaleFactor")
        }
        self.size = size
        self.scaleFactor = scaleFactor
        self.mode = mode
        self.alignCorners = alignCorners
        super.init()
    }

    /// The same factor for every spatial dimension of the input.
    public convenience init(scaleFactor: Double, mode: Functional.InterpolationMode = .nearest,
                            alignCorners: Bool = false) throws(TorchError) {
        try self.init(size: nil, scaleFactor: [scaleFactor], mode: mode, alignCorners: alignCorners)
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        let spatial = x.ndim - 2
        // A single factor applies to every spatial dimension, as PyTorch's scalar scale_factor.
        let scale = scaleFactor.map { $0.count == 1 && spatial > 1 ? Array(repeating: $0[0], count: spatial) : $0 }
        return try Functional.interpolate(x, size: size, scale: scale, mode: mode, alignCorners: alignCorners)
    }
}

enum PoolShape {
    static func validate(_ name: String, _ kernel: [Int], _ stride: [Int], _ padding: [Int]) throws(TorchError) {
        let n = kernel.count
        guard (1...3).contains(n) else { throw TorchError("\(name): kernelSize needs 1, 2 or 3 values, got \(n)") }
        guard stride.count == n, padding.count == n else {
            throw TorchError("\(name): stride and padding need \(n) values each")
        }
    }
}
