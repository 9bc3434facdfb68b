import CTorch

extension Tensor {
    /// Whether operations on this tensor are recorded for differentiation.
    public var requiresGrad: Bool {
        get { var b = false; _ = ct_requires_grad(handle, &b); return b }
    }
    /// Sets `requiresGrad` (only leaf tensors may change it).
    @discardableResult
    public func requiresGrad(_ value: Bool) throws(TorchError) -> Tensor {
        try check(ct_set_requires_grad(handle, value))
        return self
    }
    /// The accumulated gradient, or nil before the first `backward()`.
    public var grad: Tensor? {
        var out: ct_tensor?
        guard ct_grad(handle, &out) == 0, let out else { return nil }
        return Tensor(handle: out)
    }
    public func setGrad(_ g: Tensor?) throws(TorchError) { try check(ct_set_grad(handle, g?.handle)) }
    public func zeroGrad() throws(TorchError) { try check(ct_zero_grad(handle)) }

    /// Back-propagates from this tensor (a scalar unless `gradient` is given).
    public func backward(gradient: Tensor? = nil, retainGraph: Bool = false) throws(TorchError) {
        try check(ct_backward(handle, gradient?.handle, retainGraph))
    }
    /// The same values cut from the graph.
    public func detach() throws(TorchError) -> Tensor { try produce { ct_detach(handle, $0) } }
}

/// Autograd entry points that are not tensor methods.
public enum Autograd {
    /// Gradients of `outputs` with respect to `inputs` (torch.autograd.grad); nil where unused.
    public static func grad(outputs: [Tensor], inputs: [Tensor], gradOutputs: [Tensor]? = nil,
                            createGraph: Bool = false) throws(TorchError) -> [Tensor?] {
        let o: [ct_tensor?] = outputs.map { $0.handle }
        let g: [ct_tensor?] = gradOutputs?.map { $0.handle } ?? []
        let i: [ct_tensor?] = inputs.map { $0.handle }
        var grads = [ct_tensor?](repeating: nil, count: inputs.count)
        let status = withExtendedLifetime((outputs, inputs, gradOutputs)) {
            o.withUnsafeBufferPointer { op in
                g.withUnsafeBufferPointer { gp in
                    i.withUnsafeBufferPointer { ip in
                        grads.withUnsafeMutableBufferPointer { out in
                            ct_autograd_grad(op.baseAddress, Int32(op.count), gp.isEmpty ? nil : gp.baseAddress,
                                             ip.baseAddress, Int32(ip.count), createGraph, out.baseAddress)
                        }
                    }
                }
            }
        }
        let result = grads.map { $0.map { Tensor(handle: $0) } }
        try check(status)
        return result
    }
}

/// Runs `body` without recording operations for autograd (PyTorch's `torch.no_grad()`).
public func withNoGrad<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
    let previous = ct_is_grad_enabled()
    ct_set_grad_enabled(false)
    defer { ct_set_grad_enabled(previous) }
    return try body()
}

/// Runs `body` in inference mode (PyTorch's `torch.inference_mode()`): faster than no-grad,
/// and tensors made inside can never enter autograd later.
public func withInferenceMode<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
    var guardHandle: ct_guard?
    _ = ct_inference_mode_enter(&guardHandle)
    defer { if let guardHandle { ct_guard_exit(guardHandle) } }
    return try body()
}
