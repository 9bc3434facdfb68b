import CTorch

// Shape manipulation, joining, splitting and indexing.

extension Tensor {
    /// A shim entry point that applies one list of integers (a shape or dims) to a tensor.
    private typealias IntListOperation = (ct_tensor?, UnsafePointer<Int64>?, Int32, UnsafeMutablePointer<ct_tensor?>?) -> Int32

    private func applying(_ operation: IntListOperation, _ values: [Int]) throws(TorchError) -> Tensor {
        try withDims(values) { d, n, o in operation(handle, d, n, o) }
    }

    public func reshape(_ shape: [Int]) throws(TorchError) -> Tensor { try applying(ct_reshape, shape) }
    /// A view with a new shape; fails if the memory layout does not allow one (use `reshape`).
    public func view(_ shape: [Int]) throws(TorchError) -> Tensor { try applying(ct_view, shape) }
    public func permute(_ dims: [Int]) throws(TorchError) -> Tensor { try applying(ct_permute, dims) }
    public func transpose(_ d0: Int, _ d1: Int) throws(TorchError) -> Tensor {
        try produce { ct_transpose(handle, Int64(d0), Int64(d1), $0) }
    }
    /// Removes `dim` if it has size 1, or every size-1 dimension when nil.
    public func squeeze(dim: Int? = nil) throws(TorchError) -> Tensor {
        try produce { ct_squeeze(handle, Int64(dim ?? 0), dim != nil, $0) }
    }
    public func unsqueeze(_ dim: Int) throws(TorchError) -> Tensor { try produce { ct_unsqueeze(handle, Int64(dim), $0) } }
    public func flatten(start: Int = 0, end: Int = -1) throws(TorchError) -> Tensor {
        try produce { ct_flatten(handle, Int64(start), Int64(end), $0) }
    }
    /// Broadcasts to `shape` without copying (-1 keeps a dimension).
    public func expand(_ shape: [Int]) throws(TorchError) -> Tensor { try applying(ct_expand, shape) }
    public func repeated(_ repeats: [Int]) throws(TorchError) -> Tensor { try applying(ct_repeat, repeats) }
    public func flip(_ dims: [Int]) throws(TorchError) -> Tensor { try applying(ct_flip, dims) }
    public func roll(shifts: [Int], dims: [Int]) throws(TorchError) -> Tensor {
        guard shifts.count == dims.count else { throw TorchError("roll: \(shifts.count) shifts for \(dims.count) dims") }
        let s = shifts.map(Int64.init), d = dims.map(Int64.init)
        return try s.withUnsafeBufferPointer { (sp) throws(TorchError) -> Tensor in
            try d.withUnsafeBufferPointer { (dp) throws(TorchError) -> Tensor in
                try produce { ct_roll(handle, sp.baseAddress, dp.baseAddress, Int32(s.count), $0) }
            }
        }
    }

    /// Concatenates along an existing dimension.
    public static func cat(_ tensors: [Tensor], dim: Int = 0) throws(TorchError) -> Tensor {
        let handles: [ct_tensor?] = tensors.map { $0.handle }
        return try withExtendedLifetime(tensors) { () throws(TorchError) -> Tensor in
            try handles.withUnsafeBufferPointer { (h) throws(TorchError) -> Tensor in
                try produce { ct_cat(h.baseAddress, Int32(h.count), Int64(dim), $0) }
            }
        }
    }
    /// Stacks along a new dimension.
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws(TorchError) -> Tensor {
        let handles: [ct_tensor?] = tensors.map { $0.handle }
        return try withExtendedLifetime(tensors) { () throws(TorchError) -> Tensor in
            try handles.withUnsafeBufferPointer { (h) throws(TorchError) -> Tensor in
                try produce { ct_stack(h.baseAddress, Int32(h.count), Int64(dim), $0) }
            }
        }
    }

    /// Splits into pieces of `size` along `dim` (the last may be smaller).
    public func split(size: Int, dim: Int = 0) throws(TorchError) -> [Tensor] { try split(sizes: [size], dim: dim) }
    /// Splits into pieces of the given sizes (one size means equal pieces of that size).
    public func split(sizes: [Int], dim: Int = 0) throws(TorchError) -> [Tensor] {
        let extent = size(dim)
        let capacity = sizes.count == 1 ? (extent + Swift.max(sizes[0], 1) - 1) / Swift.max(sizes[0], 1) : sizes.count
        let s = sizes.map(Int64.init)
        return try s.withUnsafeBufferPointer { (sp) throws(TorchError) -> [Tensor] in
            try collect(capacity: Swift.max(capacity, 1)) { outs, cap, count in
                ct_split(handle, sp.baseAddress, Int32(sp.count), Int64(dim), outs, cap, count)
            }
        }
    }
    public func chunk(_ chunks: Int, dim: Int = 0) throws(TorchError) -> [Tensor] {
        try collect(capacity: Swift.max(chunks, 1)) { outs, cap, count in
            ct_chunk(handle, Int64(chunks), Int64(dim), outs, cap, count)
        }
    }
    private func collect(capacity: Int, _ body: (UnsafeMutablePointer<ct_tensor?>, Int32, UnsafeMutablePointer<Int32>) -> Int32) throws(TorchError) -> [Tensor] {
        var outs = [ct_tensor?](repeating: nil, count: capacity)
        var count: Int32 = 0
        let status = outs.withUnsafeMutableBufferPointer { body($0.baseAddress!, Int32(capacity), &count) }
        let made = outs.prefix(Int(Swift.min(count, Int32(capacity)))).compactMap { $0 }
        let tensors = made.map { Tensor(handle: $0) }
        try check(status)
        guard Int(count) == tensors.count else { throw TorchError("split produced \(count) pieces, expected at most \(capacity)") }
        return tensors
    }

    // MARK: indexing

    /// Elements `start..<end` by `step` along `dim` (a view). `end` is clamped like Python slicing.
    public func slice(dim: Int, start: Int = 0, end: Int = Int.max, step: Int = 1) throws(TorchError) -> Tensor {
        try produce { ct_slice(handle, Int64(dim), Int64(start), Int64(Swift.min(end, Int(Int64.max))), Int64(step), $0) }
    }
    /// `self[..., index, ...]` at `dim`, removing that dimension.
    public func select(dim: Int, index: Int) throws(TorchError) -> Tensor {
        try produce { ct_select(handle, Int64(dim), Int64(index), $0) }
    }
    public func narrow(dim: Int, start: Int, length: Int) throws(TorchError) -> Tensor {
        try produce { ct_narrow(handle, Int64(dim), Int64(start), Int64(length), $0) }
    }
    /// `tensor[i]` along the first dimension.
    public subscript(_ i: Int) -> Tensor {
        get throws(TorchError) { try select(dim: 0, index: i) }
    }
    /// `tensor[range]` along the first dimension.
    public subscript(_ r: Range<Int>) -> Tensor {
        get throws(TorchError) { try slice(dim: 0, start: r.lowerBound, end: r.upperBound) }
    }
    public func indexSelect(dim: Int, index: Tensor) throws(TorchError) -> Tensor {
        try produce { ct_index_select(handle, Int64(dim), index.handle, $0) }
    }
    public func gather(dim: Int, index: Tensor) throws(TorchError) -> Tensor {
        try produce { ct_gather(handle, Int64(dim), index.handle, $0) }
    }
    public func maskedFill(_ mask: Tensor, _ value: Double) throws(TorchError) -> Tensor {
        try produce { ct_masked_fill(handle, mask.handle, value, $0) }
    }
    public func maskedSelect(_ mask: Tensor) throws(TorchError) -> Tensor {
        try produce { ct_masked_select(handle, mask.handle, $0) }
    }
    /// `self[index]` with a bool mask or int64 indices along the first dimension.
    public func index(_ index: Tensor) throws(TorchError) -> Tensor { try produce { ct_index(handle, index.handle, $0) } }
    /// Coordinates of the non-zero elements, one row per element.
    public func nonzero() throws(TorchError) -> Tensor { try produce { ct_nonzero(handle, $0) } }
    /// Copies `source` into `self.narrow(dim, start, length)`.
    public func assign(dim: Int, start: Int, length: Int, from source: Tensor) throws(TorchError) {
        try check(ct_slice_assign(handle, Int64(dim), Int64(start), Int64(length), source.handle))
    }
}
