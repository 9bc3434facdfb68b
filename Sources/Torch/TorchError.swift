import CTorch

/// A failure reported by libtorch (a shape mismatch, an unsupported dtype, a missing device…),
/// carrying libtorch's own message. Thrown, never fatal: the process continues.
public struct TorchError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "libtorch: \(message)" }
}

/// Turns a shim status into a thrown `TorchError` with the thread's last libtorch message.
@inline(__always)
func check(_ status: Int32) throws(TorchError) {
    if status != 0 { throw TorchError(String(cString: ct_last_error())) }
}

/// Runs a shim call that produces one tensor through an out-parameter.
@inline(__always)
func produce(_ body: (UnsafeMutablePointer<ct_tensor?>) -> Int32) throws(TorchError) -> Tensor {
    var out: ct_tensor?
    try check(body(&out))
    guard let handle = out else { throw TorchError("libtorch returned no tensor") }
    return Tensor(handle: handle)
}

/// Runs a shim call that produces two tensors (values and indices).
@inline(__always)
func produce2(
    _ body: (UnsafeMutablePointer<ct_tensor?>, UnsafeMutablePointer<ct_tensor?>) -> Int32
) throws(TorchError) -> (Tensor, Tensor) {
    var a: ct_tensor?
    var b: ct_tensor?
    try check(body(&a, &b))
    guard let a, let b else { throw TorchError("libtorch returned no tensor") }
    return (Tensor(handle: a), Tensor(handle: b))
}
