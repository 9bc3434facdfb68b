import CTorch

/// An n-dimensional array on a device, backed by a libtorch tensor.
///
/// A reference type (as `torch.Tensor` is): copies of a `Tensor` value share storage and
/// autograd identity. The libtorch handle is freed when the last reference goes. Not `Sendable`:
/// hand tensors between threads by converting to Swift arrays at the edges.
///
/// Every operation that libtorch may reject throws `TorchError` with libtorch's message, so a
/// wrong shape is an error the caller can report, not a crash. One `try` covers an expression:
/// `let y = try x.matmul(w) + b`.
public final class Tensor {
    let handle: ct_tensor

    init(handle: ct_tensor) { self.handle = handle }
    deinit { ct_tensor_free(handle) }

    // MARK: creation from Swift data

    /// A CPU tensor holding a copy of `values`, shaped `shape` (default: 1-D).
    public convenience init<T: TensorScalar>(_ values: [T], shape: [Int]? = nil) throws(TorchError) {
        let dims = (shape ?? [values.count]).map(Int64.init)
        var out: ct_tensor?
        let status = values.withUnsafeBytes { raw in
            dims.withUnsafeBufferPointer { d in
                ct_tensor_from_data(raw.baseAddress, raw.count, d.baseAddress, Int32(d.count), T.dtype.ct, &out)
            }
        }
        try check(status)
        guard let out else { throw TorchError("libtorch returned no tensor") }
        self.init(handle: out)
    }

    /// A 0-dimensional tensor.
    public convenience init<T: TensorScalar>(scalar: T) throws(TorchError) {
        try self.init([scalar], shape: [])
    }

    /// Copies raw bytes (e.g. a volume's voxels) into a new tensor of `dtype` and `shape`.
    public convenience init(bytes: UnsafeRawBufferPointer, shape: [Int], dtype: DType) throws(TorchError) {
        let dims = shape.map(Int64.init)
        var out: ct_tensor?
        let status = dims.withUnsafeBufferPointer { d in
            ct_tensor_from_data(bytes.baseAddress, bytes.count, d.baseAddress, Int32(d.count), dtype.ct, &out)
        }
        try check(status)
        guard let out else { throw TorchError("libtorch returned no tensor") }
        self.init(handle: out)
    }

    /// Wraps a Swift array without copying when the caller hands over its last reference
    /// (`Tensor.wrapping(consume voxels, …)`): the tensor keeps the array's buffer alive and reads
    /// it in place. If the caller still shares the buffer, it is copied once, so later mutations
    /// of the caller's array never reach the tensor.
    public static func wrapping<T: TensorScalar>(_ values: consuming [T], shape: [Int]) throws(TorchError) -> Tensor {
        let count = shape.reduce(1, *)
        guard count == values.count else {
            throw TorchError("shape \(shape) needs \(count) elements, array has \(values.count)")
        }
        let box = ArrayBox(consume values)
        let dims = shape.map(Int64.init)
        let context = Unmanaged.passRetained(box).toOpaque()
        var out: ct_tensor?
        let status = dims.withUnsafeBufferPointer { d in
            ct_tensor_from_blob(box.baseAddress, d.baseAddress, Int32(d.count), T.dtype.ct,
                                { ctx in if let ctx { Unmanaged<AnyObject>.fromOpaque(ctx).release() } },
                                context, &out)
        }
        guard status == 0, let out else {
            Unmanaged<AnyObject>.fromOpaque(context).release()
            throw TorchError(String(cString: ct_last_error()))
        }
        return Tensor(handle: out)
    }

    // MARK: factories

    public static func zeros(_ shape: [Int], dtype: DType = .float32, device: Device = .cpu) throws(TorchError) -> Tensor {
        try withDims(shape) { d, n, out in ct_tensor_zeros(d, n, dtype.ct, device.ct, out) }
    }
    public static func ones(_ shape: [Int], dtype: DType = .float32, device: Device = .cpu) throws(TorchError) -> Tensor {
        try withDims(shape) { d, n, out in ct_tensor_ones(d, n, dtype.ct, device.ct, out) }
    }
    public static func empty(_ shape: [Int], dtype: DType = .float32, device: Device = .cpu) throws(TorchError) -> Tensor {
        try withDims(shape) { d, n, out in ct_tensor_empty(d, n, dtype.ct, device.ct, out) }
    }
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float32, device: Device = .cpu) throws(TorchError) -> Tensor {
        try withDims(shape) { d, n, out in ct_tensor_full(d, n, value, dtype.ct, device.ct, out) }
    }
    public static func arange(_ start: Double = 0, _ end: Double, step: Double = 1, dtype: DType = .int64,
                              device: Device = .cpu) throws(TorchError) -> Tensor {
        try produce { ct_tensor_arange(start, end, step, dtype.ct, device.ct, $0) }
    }
    public static func linspace(_ start: Double, _ end: Double, steps: Int, dtype: DType = .float32,
                                device: Device = .cpu) throws(TorchError) -> Tensor {
        try produce { ct_tensor_linspace(start, end, Int64(steps), dtype.ct, device.ct, $0) }
    }
    /// Uniform on [0, 1). With `generator == nil` the global generator (`Torch.manualSeed`) is used.
    public static func rand(_ shape: [Int], dtype: DType = .float32, device: Device = .cpu,
                            generator: Generator? = nil) throws(TorchError) -> Tensor {
        try withDims(shape) { d, n, out in ct_tensor_rand(d, n, dtype.ct, device.ct, generator?.handle, out) }
    }
    /// Standard normal.
    public static func randn(_ shape: [Int], dtype: DType = .float32, device: Device = .cpu,
                             generator: Generator? = nil) throws(TorchError) -> Tensor {
        try withDims(shape) { d, n, out in ct_tensor_randn(d, n, dtype.ct, device.ct, generator?.handle, out) }
    }
    /// Integers uniform on [low, high).
    public static func randint(_ low: Int, _ high: Int, _ shape: [Int], dtype: DType = .int64, device: Device = .cpu,
                               generator: Generator? = nil) throws(TorchError) -> Tensor {
        try withDims(shape) { d, n, out in
            ct_tensor_randint(Int64(low), Int64(high), d, n, dtype.ct, device.ct, generator?.handle, out)
        }
    }
    /// A random permutation of 0..<n.
    public static func randperm(_ n: Int, generator: Generator? = nil) throws(TorchError) -> Tensor {
        try produce { ct_tensor_randperm(Int64(n), generator?.handle, $0) }
    }

    // MARK: metadata (failure here is a programming error: the handle is always valid)

    public var shape: [Int] {
        var n: Int64 = 0
        _ = ct_tensor_ndim(handle, &n)
        var dims = [Int64](repeating: 0, count: Int(n))
        _ = dims.withUnsafeMutableBufferPointer { ct_tensor_shape(handle, $0.baseAddress, Int32(n)) }
        return dims.map(Int.init)
    }
    public var ndim: Int { var n: Int64 = 0; _ = ct_tensor_ndim(handle, &n); return Int(n) }
    public var count: Int { var n: Int64 = 0; _ = ct_tensor_numel(handle, &n); return Int(n) }
    public var dtype: DType { var d = ct_dtype(0); _ = ct_tensor_dtype(handle, &d); return DType(d) }
    public var device: Device { var d = ct_device(); _ = ct_tensor_device(handle, &d); return Device(d) }
    public var isContiguous: Bool { var b = false; _ = ct_tensor_is_contiguous(handle, &b); return b }

    /// Size of dimension `dim` (negative counts from the end).
    public func size(_ dim: Int) -> Int {
        let s = shape
        return s[dim < 0 ? s.count + dim : dim]
    }

    // MARK: data out

    /// The values as a flat Swift array (copied to the CPU, contiguous, in row-major order).
    public func toArray<T: TensorScalar>(_ type: T.Type = T.self) throws(TorchError) -> [T] {
        let source = dtype == T.dtype ? self : try to(T.dtype)
        let n = source.count
        var result = [T]()
        result.reserveCapacity(n)
        var status: Int32 = 0
        result = [T](unsafeUninitializedCapacity: n) { buf, initialized in
            status = ct_tensor_copy_to(source.handle, UnsafeMutableRawPointer(buf.baseAddress), n * MemoryLayout<T>.stride)
            initialized = status == 0 ? n : 0
        }
        try check(status)
        return result
    }

    /// The single value of a one-element tensor, as a Double.
    public var scalar: Double {
        get throws(TorchError) {
            var v = 0.0
            try check(ct_tensor_item_double(handle, &v))
            return v
        }
    }
    /// The single value of a one-element tensor, as an Int.
    public var intScalar: Int {
        get throws(TorchError) {
            var v: Int64 = 0
            try check(ct_tensor_item_int64(handle, &v))
            return Int(v)
        }
    }

    /// Calls `body` with the tensor's CPU memory when it is contiguous and on the CPU (no copy);
    /// otherwise with a contiguous CPU copy.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let source = (device == .cpu && isContiguous) ? self : try to(.cpu).contiguous()
        var ptr: UnsafeMutableRawPointer?
        try check(ct_tensor_data_ptr(source.handle, &ptr))
        let bytes = UnsafeRawBufferPointer(start: ptr, count: source.count * source.dtype.byteSize)
        return try withExtendedLifetime(source) { try body(bytes) }
    }

    // MARK: conversion

    public func to(_ dtype: DType) throws(TorchError) -> Tensor {
        try produce { ct_tensor_to(handle, dtype.ct, device.ct, false, $0) }
    }
    public func to(_ device: Device) throws(TorchError) -> Tensor {
        try produce { ct_tensor_to(handle, dtype.ct, device.ct, false, $0) }
    }
    public func to(_ device: Device, _ dtype: DType) throws(TorchError) -> Tensor {
        try produce { ct_tensor_to(handle, dtype.ct, device.ct, false, $0) }
    }
    public func contiguous() throws(TorchError) -> Tensor { try produce { ct_tensor_contiguous(handle, $0) } }
    public func clone() throws(TorchError) -> Tensor { try produce { ct_tensor_clone(handle, $0) } }

    // MARK: in-place initialisation (no autograd recording)

    public func uniform_(_ low: Double, _ high: Double, generator: Generator? = nil) throws(TorchError) {
        try check(ct_tensor_uniform_(handle, low, high, generator?.handle))
    }
    public func normal_(mean: Double = 0, std: Double = 1, generator: Generator? = nil) throws(TorchError) {
        try check(ct_tensor_normal_(handle, mean, std, generator?.handle))
    }
    public func fill_(_ value: Double) throws(TorchError) { try check(ct_tensor_fill_(handle, value)) }
    /// Copies `source` into this tensor's storage (broadcasting, converting dtype and device).
    public func copy_(_ source: Tensor) throws(TorchError) { try check(ct_tensor_copy_(handle, source.handle)) }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        var s: UnsafeMutablePointer<CChar>?
        guard ct_tensor_describe(handle, &s) == 0, let s else { return "Tensor(\(shape), \(dtype))" }
        defer { ct_string_free(s) }
        return String(cString: s)
    }
}

/// Keeps a Swift array's buffer alive for a tensor that reads it in place.
private final class ArrayBox {
    let storage: Any
    let baseAddress: UnsafeMutableRawPointer?
    init<T>(_ array: consuming [T]) {
        var copy = array
        // Materialise a uniquely owned buffer whose address stays fixed while we hold it.
        let address = copy.withUnsafeMutableBytes { $0.baseAddress }
        storage = copy
        baseAddress = address
    }
}

@inline(__always)
func withDims(
    _ shape: [Int], _ body: (UnsafePointer<Int64>?, Int32, UnsafeMutablePointer<ct_tensor?>) -> Int32
) throws(TorchError) -> Tensor {
    let dims = shape.map(Int64.init)
    return try dims.withUnsafeBufferPointer { (d) throws(TorchError) -> Tensor in
        try produce { body(d.baseAddress, Int32(d.count), $0) }
    }
}
