import CTorch

extension Tensor {
    func reduce(_ op: ct_reduce_op, _ dims: [Int], _ keepDim: Bool) throws(TorchError) -> Tensor {
        let d = dims.map(Int64.init)
        return try d.withUnsafeBufferPointer { (p) throws(TorchError) -> Tensor in
            try produce { ct_reduce(op, handle, p.baseAddress, Int32(p.count), keepDim, $0) }
        }
    }

    /// Sum over `dims` (all dimensions when empty).
    public func sum(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(CT_SUM, dims, keepDim) }
    public func sum(dim: Int, keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(CT_SUM, [dim], keepDim) }
    public func mean(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(CT_MEAN, dims, keepDim) }
    public func mean(dim: Int, keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(CT_MEAN, [dim], keepDim) }
    public func prod(dim: Int? = nil, keepDim: Bool = false) throws(TorchError) -> Tensor {
        try reduce(CT_PROD, dim.map { [$0] } ?? [], keepDim)
    }
    /// Maximum value over `dims` (all when empty), without indices.
    public func max(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(CT_AMAX, dims, keepDim) }
    public func min(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(CT_AMIN, dims, keepDim) }
    /// Maximum along `dim` with the indices where it occurs.
    public func max(dim: Int, keepDim: Bool = false) throws(TorchError) -> (values: Tensor, indices: Tensor) {
        let (v, i) = try produce2 { ct_max_dim(handle, Int64(dim), keepDim, false, $0, $1) }
        return (v, i)
    }
    public func min(dim: Int, keepDim: Bool = false) throws(TorchError) -> (values: Tensor, indices: Tensor) {
        let (v, i) = try produce2 { ct_max_dim(handle, Int64(dim), keepDim, true, $0, $1) }
        return (v, i)
    }
    public func any(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(CT_ANY, dims, keepDim) }
    public func all(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(CT_ALL, dims, keepDim) }

    /// Index of the maximum along `dim` (over the flattened tensor when nil).
    public func argmax(dim: Int? = nil, keepDim: Bool = false) throws(TorchError) -> Tensor {
        try produce { ct_argmax(handle, Int64(dim ?? 0), dim != nil, keepDim, false, $0) }
    }
    public func argmin(dim: Int? = nil, keepDim: Bool = false) throws(TorchError) -> Tensor {
        try produce { ct_argmax(handle, Int64(dim ?? 0), dim != nil, keepDim, true, $0) }
    }

    /// Standard deviation with Bessel's correction by default (`correction: 1`), as PyTorch.
    public func std(dims: [Int] = [], correction: Int = 1, keepDim: Bool = false) throws(TorchError) -> Tensor {
        try stdVar(dims, correction, keepDim, true)
    }
    public func variance(dims: [Int] = [], correction: Int = 1, keepDim: Bool = false) throws(TorchError) -> Tensor {
        try stdVar(dims, correction, keepDim, false)
    }
    private func stdVar(_ dims: [Int], _ correction: Int, _ keepDim: Bool, _ isStd: Bool) throws(TorchError) -> Tensor {
        let d = dims.map(Int64.init)
        return try d.withUnsafeBufferPointer { (p) throws(TorchError) -> Tensor in
            try produce { ct_std_var(handle, p.baseAddress, Int32(p.count), Int64(correction), keepDim, isStd, $0) }
        }
    }

    public func logsumexp(dims: [Int], keepDim: Bool = false) throws(TorchError) -> Tensor {
        let d = dims.map(Int64.init)
        return try d.withUnsafeBufferPointer { (p) throws(TorchError) -> Tensor in
            try produce { ct_logsumexp(handle, p.baseAddress, Int32(p.count), keepDim, $0) }
        }
    }
    public func cumsum(dim: Int) throws(TorchError) -> Tensor { try produce { ct_cumsum(handle, Int64(dim), $0) } }
    /// p-norm over `dims` (all when empty).
    public func norm(p: Double = 2, dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor {
        let d = dims.map(Int64.init)
        return try d.withUnsafeBufferPointer { (b) throws(TorchError) -> Tensor in
            try produce { ct_norm(handle, p, b.baseAddress, Int32(b.count), keepDim, $0) }
        }
    }

    /// The `k` largest (or smallest) values along `dim` and their indices.
    public func topk(_ k: Int, dim: Int = -1, largest: Bool = true, sorted: Bool = true) throws(TorchError) -> (values: Tensor, indices: Tensor) {
        let (v, i) = try produce2 { ct_topk(handle, Int64(k), Int64(dim), largest, sorted, $0, $1) }
        return (v, i)
    }
    public func sort(dim: Int = -1, descending: Bool = false) throws(TorchError) -> (values: Tensor, indices: Tensor) {
        let (v, i) = try produce2 { ct_sort(handle, Int64(dim), descending, $0, $1) }
        return (v, i)
    }
}
