/// A trainable tensor owned by a module. A reference type so optimisers, state-dict loading and
/// the module all see the same tensor; loading copies values in place, keeping identity.
public final class Parameter {
    /// The tensor (a leaf with `requiresGrad` unless frozen).
    public private(set) var value: Tensor
    /// Frozen parameters take no gradient and are skipped by `Module.trainableParameters()`.
    public var isFrozen: Bool {
        didSet { _ = try? value.requiresGrad(!isFrozen) }
    }

    public init(_ value: Tensor, frozen: Bool = false) throws(TorchError) {
        self.value = try value.detach().requiresGrad(!frozen)
        self.isFrozen = frozen
    }

    /// Replaces the tensor (e.g. after moving to another device), keeping the flags.
    public func replace(with tensor: Tensor) throws(TorchError) {
        value = try tensor.detach().requiresGrad(!isFrozen)
    }
}

/// Non-trainable module state saved in the state dict (running statistics, position tables).
public final class Buffer {
    public var value: Tensor
    public init(_ value: Tensor) { self.value = value }
}

/// Base class of every network layer and model.
///
/// Parameters, buffers and child modules are discovered by reflection over stored properties
/// (`Parameter`, `Buffer`, `Module`, optionals and arrays of them), so no layer keeps a
/// hand-maintained list. State-dict keys are the property names in snake_case joined by dots
/// (`encoder.layers.0.self_attn.in_proj_weight`), which matches PyTorch's for ported models.
/// A subclass whose names must differ from its property names overrides `stateKeyOverrides`.
open class Module {
    /// Training (dropout active, batch statistics) or evaluation mode.
    public private(set) var isTraining: Bool = true

    public init() {}

    /// Property name → state-dict key, for names that do not follow the snake_case rule.
    open var stateKeyOverrides: [String: String] { [:] }

    // MARK: discovery

    /// Each direct child: its key and what it is.
    enum Member {
        case parameter(Parameter)
        case buffer(Buffer)
        case module(Module)
    }

    func members() -> [(String, Member)] {
        var result: [(String, Member)] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        var chain: [Mirror] = []
        while let m = mirror { chain.append(m); mirror = m.superclassMirror }
        // Base-class properties first, as declared.
        for m in chain.reversed() {
            for child in m.children {
                guard let label = child.label else { continue }
                let name = label.hasPrefix("_") ? String(label.dropFirst()) : label
                let key = stateKeyOverrides[name] ?? Module.snakeCase(name)
                Module.collect(child.value, key: key, into: &result)
            }
        }
        return result
    }

    private static func collect(_ value: Any, key: String, into result: inout [(String, Member)]) {
        switch value {
        case let p as Parameter: result.append((key, .parameter(p)))
        case let b as Buffer: result.append((key, .buffer(b)))
        case let m as Module: result.append((key, .module(m)))
        case let array as [Any]:
            // An empty key (a container such as `Sequential` whose elements are its direct
            // children, as in PyTorch) numbers the elements without a prefix: `0.weight`.
            for (i, element) in array.enumerated() {
                collect(element, key: key.isEmpty ? "\(i)" : "\(key).\(i)", into: &result)
            }
        default:
            // Optionals: unwrap one level through reflection.
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional, let wrapped = mirror.children.first?.value {
                collect(wrapped, key: key, into: &result)
            }
        }
    }

    static func snakeCase(_ name: String) -> String {
        var out = ""
        for ch in name {
            if ch.isUppercase {
                if !out.isEmpty { out.append("_") }
                out.append(contentsOf: ch.lowercased())
            } else {
                out.append(ch)
            }
        }
        return out
    }

    // MARK: traversal

    /// Every parameter with its dotted key, depth first in declaration order.
    public func namedParameters() -> [(key: String, parameter: Parameter)] {
        namedLeaves { if case .parameter(let p) = $0 { p } else { nil } }.map { (key: $0.key, parameter: $0.leaf) }
    }

    /// Every buffer with its dotted key, depth first in declaration order.
    public func namedBuffers() -> [(key: String, buffer: Buffer)] {
        namedLeaves { if case .buffer(let b) = $0 { b } else { nil } }.map { (key: $0.key, buffer: $0.leaf) }
    }

    /// The members `pick` keeps (parameters or buffers) with their dotted keys, descending into
    /// child modules depth first in declaration order.
    private func namedLeaves<Leaf>(_ pick: (Member) -> Leaf?) -> [(key: String, leaf: Leaf)] {
        var out: [(key: String, leaf: Leaf)] = []
        for (key, member) in members() {
            if case .module(let m) = member {
                out += m.namedLeaves(pick).map { ("\(key).\($0.key)", $0.leaf) }
            } else if let leaf = pick(member) {
                out.append((key, leaf))
            }
        }
        return out
    }

    /// Direct and nested child modules with their keys.
    public func namedModules() -> [(key: String, module: Module)] {
        var out: [(key: String, module: Module)] = []
        for (key, member) in members() {
            if case .module(let m) = member {
                out.append((key, m))
                out += m.namedModules().map { ("\(key).\($0.key)", $0.module) }
            }
        }
        return out
    }

    public func parameters() -> [Parameter] { namedParameters().map(\.parameter) }
    /// Parameters that are not frozen: what an optimiser should update.
    public func trainableParameters() -> [Parameter] { parameters().filter { !$0.isFrozen } }
    /// Total number of scalar parameters.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.value.count } }

    // MARK: modes

    /// Switches this module and all children to training mode.
    public func train(_ on: Bool = true) {
        isTraining = on
        for (_, m) in namedModules() { m.isTraining = on }
    }
    /// Switches to evaluation mode.
    public func eval() { train(false) }

    /// Freezes (or unfreezes) every parameter.
    public func freeze(_ frozen: Bool = true) { for p in parameters() { p.isFrozen = frozen } }

    /// Moves every parameter and buffer to `device` (and optionally `dtype` for floating values).
    public func to(_ device: Device, dtype: DType? = nil) throws(TorchError) {
        for p in parameters() {
            let target = dtype.flatMap { p.value.dtype.isFloatingPoint ? $0 : nil } ?? p.value.dtype
            try p.replace(with: p.value.to(device, target))
        }
        for (_, b) in namedBuffers() {
            let target = dtype.flatMap { b.value.dtype.isFloatingPoint ? $0 : nil } ?? b.value.dtype
            b.value = try b.value.to(device, target)
        }
    }

    /// Clears the gradients of every parameter.
    public func zeroGrad() throws(TorchError) { for p in parameters() { try p.value.setGrad(nil) } }

    // MARK: state dict

    /// Parameters and buffers by key (tensors shared, not copied).
    public func stateDict() -> [String: Tensor] {
        var d: [String: Tensor] = [:]
        for (k, p) in namedParameters() { d[k] = p.value }
        for (k, b) in namedBuffers() { d[k] = b.value }
        return d
    }

    /// What `load(stateDict:strict:)` could not match.
    public struct LoadReport: Sendable, Equatable {
        public var missingKeys: [String]
        public var unexpectedKeys: [String]
        public var isClean: Bool { missingKeys.isEmpty && unexpectedKeys.isEmpty }
    }

    /// Copies values from `dict` into this module's parameters and buffers in place. In strict
    /// mode any missing or unexpected key is an error listing them all; otherwise they are
    /// reported. A shape mismatch is always an error naming the key.
    @discardableResult
    public func load(stateDict dict: [String: Tensor], strict: Bool = true) throws(TorchError) -> LoadReport {
        var own: [String: Tensor] = [:]
        for (k, p) in namedParameters() { own[k] = p.value }
        for (k, b) in namedBuffers() { own[k] = b.value }
        let missing = own.keys.filter { dict[$0] == nil }.sorted()
        let unexpected = dict.keys.filter { own[$0] == nil }.sorted()
        if strict && !(missing.isEmpty && unexpected.isEmpty) {
            throw TorchError("state dict does not match the module: missing keys \(missing), unexpected keys \(unexpected)")
        }
        for (key, target) in own {
            guard let source = dict[key] else { continue }
            guard source.shape == target.shape else {
                throw TorchError("state dict key '\(key)': shape \(source.shape) does not match the module's \(target.shape)")
            }
            try withNoGrad { () throws(TorchError) in try target.copy_(source) }
        }
        return LoadReport(missingKeys: missing, unexpectedKeys: unexpected)
    }
}

/// A module with one tensor in and one out.
public protocol UnaryLayer: Module {
    func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor
}
