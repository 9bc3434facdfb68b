/// How a convolution pads its input with zeros, as the `padding` argument of `torch.nn.ConvNd`.
public enum ConvPadding: Sendable, Equatable {
    /// The given amount on both sides of each spatial dimension.
    case explicit([Int])
    /// PyTorch's `padding='same'` (stride 1 only): the output has the input's size; when a
    /// dimension needs an odd total, the extra zero goes on the far side, as libtorch does.
    case same
    /// PyTorch's `padding='valid'`: none.
    case valid
}

/// Shared implementation of `Conv1d`, `Conv2d` and `Conv3d` (`torch.nn.ConvNd`, zero padding).
///
/// The weight is (out, in/groups, *kernel), kaiming-uniform with a = √5, and the bias
/// U(±1/√fan_in), drawn in that order as PyTorch's `reset_parameters`. Keys: `weight`, `bias`.
public class Convolution: Module, UnaryLayer {
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: [Int]
    public let stride: [Int]
    public let paddingMode: ConvPadding
    /// Zeros added on both sides of each spatial dimension.
    public let padding: [Int]
    public let dilation: [Int]
    public let groups: Int
    public let weight: Parameter
    public let bias: Parameter?
    /// The one extra zero per odd dimension of `.same` padding, as a `Functional.pad` list
    /// (nil when the padding is symmetric).
    private let extraPadding: [Int]?

    /// A convolution over `kernelSize.count` spatial dimensions; `stride` and `dilation`
    /// default to 1 in each.
    public init(inChannels: Int, outChannels: Int, kernelSize: [Int], stride: [Int]? = nil, padding: ConvPadding,
                dilation: [Int]? = nil, groups: Int = 1, bias: Bool = true, generator: Generator? = nil) throws(TorchError) {
        let n = kernelSize.count
        let stride = stride ?? Array(repeating: 1, count: n)
        let dilation = dilation ?? Array(repeating: 1, count: n)
        let symmetric: [Int]
        var extra: [Int]? = nil
        switch padding {
        case .explicit(let p): symmetric = p
        case .valid: symmetric = Array(repeating: 0, count: n)
        case .same:
            guard stride.allSatisfy({ $0 == 1 }) else {
                throw TorchError("Conv\(n)d: padding='same' is not supported for strided convolutions")
            }
            // Total dilation·(k − 1) per dimension: half on each side, the odd one after.
            let totals = zip(dilation, kernelSize).map { $0 * ($1 - 1) }
            symmetric = totals.map { $0 / 2 }
            if totals.contains(where: { $0 % 2 == 1 }) {
                extra = totals.reversed().flatMap { [0, $0 % 2] }
            }
        }
        try ConvShape.validate("Conv\(n)d", n: n, inChannels: inChannels, outChannels: outChannels, groups: groups,
                               kernel: kernelSize, lists: [("stride", stride), ("padding", symmetric), ("dilation", dilation)])
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        paddingMode = padding
        self.padding = symmetric
        extraPadding = extra
        self.dilation = dilation
        self.groups = groups
        (weight, self.bias) = try Init.weightAndBias([outChannels, inChannels / groups] + kernelSize, biasSize: outChannels,
                                                     bias: bias, generator: generator)
        super.init()
    }

    /// A convolution with `padding` zeros on both sides of each dimension (default none).
    public convenience init(inChannels: Int, outChannels: Int, kernelSize: [Int], stride: [Int]? = nil, padding: [Int]? = nil,
                            dilation: [Int]? = nil, groups: Int = 1, bias: Bool = true, generator: Generator? = nil) throws(TorchError) {
        try self.init(inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize, stride: stride,
                      padding: .explicit(padding ?? Array(repeating: 0, count: kernelSize.count)), dilation: dilation,
                      groups: groups, bias: bias, generator: generator)
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        let input = try extraPadding.map { (pad) throws(TorchError) -> Tensor in try Functional.pad(x, pad) } ?? x
        return try Functional.conv(input, weight: weight.value, bias: bias?.value, stride: stride, padding: padding,
                                   dilation: dilation, groups: groups)
    }
}

/// 1-D convolution over (N, C, L), as `torch.nn.Conv1d`.
public final class Conv1d: Convolution {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvPadding,
                dilation: Int = 1, groups: Int = 1, bias: Bool = true, generator: Generator? = nil) throws(TorchError) {
        try super.init(inChannels: inChannels, outChannels: outChannels, kernelSize: [kernelSize], stride: [stride],
                       padding: padding, dilation: [dilation], groups: groups, bias: bias, generator: generator)
    }
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                            dilation: Int = 1, groups: Int = 1, bias: Bool = true, generator: Generator? = nil) throws(TorchError) {
        try self.init(inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: .explicit([padding]),
                      dilation: dilation, groups: groups, bias: bias, generator: generator)
    }
}

/// 2-D convolution over (N, C, H, W), as `torch.nn.Conv2d`.
public final class Conv2d: Convolution {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvPadding,
                dilation: Int = 1, groups: Int = 1, bias: Bool = true, generator: Generator? = nil) throws(TorchError) {
        try super.init(inChannels: inChannels, outChannels: outChannels, kernelSize: [kernelSize, kernelSize],
                       stride: [stride, stride], padding: padding, dilation: [dilation, dilation],
                       groups: groups, bias: bias, generator: generator)
    }
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                            dilation: Int = 1, groups: Int = 1, bias: Bool = true, generator: Generator? = nil) throws(TorchError) {
        try self.init(inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: .explicit([padding, padding]),
                      dilation: dilation, groups: groups, bias: bias, generator: generator)
    }
}

/// 3-D convolution over (N, C, D, H, W), as `torch.nn.Conv3d`.
public final class Conv3d: Convolution {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvPadding,
                dilation: Int = 1, groups: Int = 1, bias: Bool = true, generator: Generator? = nil) throws(TorchError) {
        let r = { (v: Int) in Array(repeating: v, count: 3) }
        try super.init(inChannels: inChannels, outChannels: outChannels, kernelSize: r(kernelSize), stride: r(stride),
                       padding: padding, dilation: r(dilation), groups: groups, bias: bias, generator: generator)
    }
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                            dilation: Int = 1, groups: Int = 1, bias: Bool = true, generator: Generator? = nil) throws(TorchError) {
        try self.init(inChannels, outChannels, kernelSize: kernelSize, stride: stride,
                      padding: .explicit(Array(repeating: padding, count: 3)), dilation: dilation, groups: groups,
                      bias: bias, generator: generator)
    }
}

/// Shared implementation of `ConvTranspose1d/2d/3d` (`torch.nn.ConvTransposeNd`).
///
/// The weight is (in, out/groups, *kernel); PyTorch computes fan-in from its dimension 1, so
/// the bias bound is 1/√(out/groups · kernel volume). Keys: `weight`, `bias`.
public class TransposedConvolution: Module, UnaryLayer {
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: [Int]
    public let stride: [Int]
    public let padding: [Int]
    public let outputPadding: [Int]
    public let dilation: [Int]
    public let groups: Int
    public let weight: Parameter
    public let bias: Parameter?

    /// A transposed convolution over `kernelSize.count` spatial dimensions; `stride`,
    /// `padding`, `outputPadding` and `dilation` default to 1, 0, 0 and 1 in each.
    public init(inChannels: Int, outChannels: Int, kernelSize: [Int], stride: [Int]? = nil, padding: [Int]? = nil,
                outputPadding: [Int]? = nil, dilation: [Int]? = nil, groups: Int = 1, bias: Bool = true,
                generator: Generator? = nil) throws(TorchError) {
        let n = kernelSize.count
        let stride = stride ?? Array(repeating: 1, count: n)
        let padding = padding ?? Array(repeating: 0, count: n)
        let outputPadding = outputPadding ?? Array(repeating: 0, count: n)
        let dilation = dilation ?? Array(repeating: 1, count: n)
        try ConvShape.validate("ConvTranspose\(n)d", n: n, inChannels: inChannels, outChannels: outChannels, groups: groups,
                               kernel: kernelSize, lists: [("stride", stride), ("padding", padding),
                                                           ("outputPadding", outputPadding), ("dilation", dilation)])
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.dilation = dilation
        self.groups = groups
        (weight, self.bias) = try Init.weightAndBias([inChannels, outChannels / groups] + kernelSize, biasSize: outChannels,
                                                     bias: bias, generator: generator)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try Functional.convTranspose(x, weight: weight.value, bias: bias?.value, stride: stride, padding: padding,
                                     outputPadding: outputPadding, dilation: dilation, groups: groups)
    }
}

/// 1-D transposed convolution, as `torch.nn.ConvTranspose1d`.
public final class ConvTranspose1d: TransposedConvolution {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                outputPadding: Int = 0, dilation: Int = 1, groups: Int = 1, bias: Bool = true,
                generator: Generator? = nil) throws(TorchError) {
        try super.init(inChannels: inChannels, outChannels: outChannels, kernelSize: [kernelSize], stride: [stride],
                       padding: [padding], outputPadding: [outputPadding], dilation: [dilation], groups: groups,
                       bias: bias, generator: generator)
    }
}

/// 2-D transposed convolution, as `torch.nn.ConvTranspose2d`.
public final class ConvTranspose2d: TransposedConvolution {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                outputPadding: Int = 0, dilation: Int = 1, groups: Int = 1, bias: Bool = true,
                generator: Generator? = nil) throws(TorchError) {
        let r = { (v: Int) in Array(repeating: v, count: 2) }
        try super.init(inChannels: inChannels, outChannels: outChannels, kernelSize: r(kernelSize), stride: r(stride),
                       padding: r(padding), outputPadding: r(outputPadding), dilation: r(dilation), groups: groups,
                       bias: bias, generator: generator)
    }
}

/// 3-D transposed convolution, as `torch.nn.ConvTranspose3d`.
public final class ConvTranspose3d: TransposedConvolution {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                outputPadding: Int = 0, dilation: Int = 1, groups: Int = 1, bias: Bool = true,
                generator: Generator? = nil) throws(TorchError) {
        let r = { (v: Int) in Array(repeating: v, count: 3) }
        try super.init(inChannels: inChannels, outChannels: outChannels, kernelSize: r(kernelSize), stride: r(stride),
                       padding: r(padding), outputPadding: r(outputPadding), dilation: r(dilation), groups: groups,
                       bias: bias, generator: generator)
    }
}

/// Argument checks shared by the convolution layers, with PyTorch's wording where it has one.
enum ConvShape {
    static func validate(_ name: String, n: Int, inChannels: Int, outChannels: Int, groups: Int, kernel: [Int],
                         lists: [(String, [Int])]) throws(TorchError) {
        guard (1...3).contains(n) else { throw TorchError("\(name): kernelSize needs 1, 2 or 3 values, got \(n)") }
        guard groups > 0 else { throw TorchError("\(name): groups must be a positive integer") }
        guard inChannels % groups == 0 else { throw TorchError("\(name): in_channels must be divisible by groups") }
        guard outChannels % groups == 0 else { throw TorchError("\(name): out_channels must be divisible by groups") }
        guard kernel.allSatisfy({ $0 > 0 }) else { throw TorchError("\(name): kernelSize must be positive, got \(kernel)") }
        for (label, values) in lists where values.count != n {
            throw TorchError("\(name): \(label) needs \(n) values, got \(values.count)")
        }
    }
}
