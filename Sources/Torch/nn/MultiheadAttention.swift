/// Multi-head attention, as `torch.nn.MultiheadAttention`, with the same packed parameters and
/// state-dict keys: `in_proj_weight` (3E, E), `in_proj_bias` (3E), `out_proj.weight`,
/// `out_proj.bias`. Query, key and value have the same embedding size E.
///
/// Initialisation follows PyTorch's order of draws: `out_proj` is a `Linear` built first
/// (kaiming weight, then its bias), then `in_proj_weight` is xavier-uniform, and both biases
/// are set to zero.
///
/// Inputs are (L, N, E), or (N, L, E) with `batchFirst`, or unbatched (L, E). Masks follow
/// PyTorch: a bool `attnMask` (L, S) or (N·H, L, S) is true where attention is *not* allowed, a
/// float one is added to the scores; a bool `keyPaddingMask` (N, S) is true at keys to ignore.
public final class MultiheadAttention: Module {
    public let embedDim: Int
    public let numHeads: Int
    public let headDim: Int
    /// Dropout probability on the attention weights (training only).
    public let dropout: Double
    public let batchFirst: Bool
    public let inProjWeight: Parameter
    public let inProjBias: Parameter?
    public let outProj: Linear
    /// Where attention dropout draws its masks (nil: the global generator).
    public let dropoutGenerator: Generator?

    /// `generator` initialises the parameters; `dropoutGenerator` (nil: the global generator)
    /// draws the attention-dropout masks in training.
    public init(embedDim: Int, numHeads: Int, dropout: Double = 0, bias: Bool = true, batchFirst: Bool = false,
                generator: Generator? = nil, dropoutGenerator: Generator? = nil) throws(TorchError) {
        guard embedDim > 0, numHeads > 0, embedDim % numHeads == 0 else {
            throw TorchError("MultiheadAttention: embed_dim (\(embedDim)) must be divisible by num_heads (\(numHeads))")
        }
        guard (0...1).contains(dropout) else { throw TorchError("MultiheadAttention: dropout must be in [0, 1], got \(dropout)") }
        self.embedDim = embedDim
        self.numHeads = numHeads
        headDim = embedDim / numHeads
        self.dropout = dropout
        self.batchFirst = batchFirst
        self.dropoutGenerator = dropoutGenerator
        // PyTorch's order: out_proj is constructed (two draws) before in_proj_weight is filled.
        outProj = try Linear(embedDim, embedDim, bias: bias, generator: generator)
        inProjWeight = try Init.parameter([3 * embedDim, embedDim]) { (t) throws(TorchError) in
            try Init.xavierUniform_(t, generator: generator)
        }
        inProjBias = bias ? try Parameter(Tensor.zeros([3 * embedDim])) : nil
        if let b = outProj.bias { try Init.constant_(b.value, 0) }
        super.init()
    }

    /// Attends from `query` to `key`/`value`. Returns the output, shaped like `query`, and —
    /// when `needWeights` — the attention weights (N, L, S), or (N, H, L, S) without averaging.
    /// `isCausal` masks keys after each query position (a causal mask is built if none is given).
    public func callAsFunction(_ query: Tensor, _ key: Tensor, _ value: Tensor, keyPaddingMask: Tensor? = nil,
                               needWeights: Bool = true, attnMask: Tensor? = nil, averageAttnWeights: Bool = true,
                               isCausal: Bool = false) throws(TorchError) -> (output: Tensor, weights: Tensor?) {
        let batched = query.ndim == 3
        guard query.ndim == 3 || query.ndim == 2, key.ndim == query.ndim, value.ndim == query.ndim else {
            throw TorchError("MultiheadAttention: query, key and value must all be 3-D (batched) or 2-D (unbatched), got \(query.ndim)-D, \(key.ndim)-D and \(value.ndim)-D")
        }
        guard query.size(-1) == embedDim, key.size(-1) == embedDim, value.size(-1) == embedDim else {
            throw TorchError("MultiheadAttention: was expecting embedding dimension of \(embedDim), but got \(query.size(-1)), \(key.size(-1)) and \(value.size(-1))")
        }
        guard key.shape == value.shape else {
            throw TorchError("MultiheadAttention: key shape \(key.shape) does not match value shape \(value.shape)")
        }
        // Work batch-first: (N, L, E).
        func toBatchFirst(_ t: Tensor) throws(TorchError) -> Tensor {
            !batched ? try t.unsqueeze(0) : batchFirst ? t : try t.transpose(0, 1)
        }
        let isSelf = query === key && key === value
        let q0 = try toBatchFirst(query)
        let (n, l) = (q0.size(0), q0.size(1))
        var q: Tensor, k: Tensor, v: Tensor
        if isSelf {
            let qkv = try Functional.linear(q0, weight: inProjWeight.value, bias: inProjBias?.value).chunk(3, dim: -1)
            (q, k, v) = (qkv[0], qkv[1], qkv[2])
        } else {
            let w = try inProjWeight.value.chunk(3, dim: 0)
            let b = try inProjBias?.value.chunk(3, dim: 0)
            q = try Functional.linear(q0, weight: w[0], bias: b?[0])
            k = try Functional.linear(toBatchFirst(key), weight: w[1], bias: b?[1])
            v = try Functional.linear(toBatchFirst(value), weight: w[2], bias: b?[2])
        }
        let s = k.size(1)
        guard k.size(0) == n else { throw TorchError("MultiheadAttention: query batch \(n) does not match key batch \(k.size(0))") }
        // (N, L, E) → (N, H, L, D).
        q = try q.reshape([n, l, numHeads, headDim]).transpose(1, 2)
        k = try k.reshape([n, s, numHeads, headDim]).transpose(1, 2)
        v = try v.reshape([n, s, numHeads, headDim]).transpose(1, 2)

        var mask = try attnMask.map { (m) throws(TorchError) -> Tensor in try attentionMask(m, n: n, l: l, s: s, dtype: q.dtype) }
        if let kpm = keyPaddingMask {
            let padded = try paddingMask(batched ? kpm : kpm.unsqueeze(0), n: n, s: s, dtype: q.dtype)
            mask = try mask.map { (m) throws(TorchError) -> Tensor in try m + padded } ?? padded
        }
        // sdpa's own causal flag is used only when it is the only mask.
        let fusedCausal = isCausal && mask == nil && !needWeights
        if isCausal && !fusedCausal && attnMask == nil {
            let causal = try Self.causalMask(l: l, s: s, dtype: q.dtype, device: q.device)
            mask = try mask.map { (m) throws(TorchError) -> Tensor in try m + causal } ?? causal
        }
        let p = isTraining ? dropout : 0

        var attended: Tensor
        var weights: Tensor?
        // The fused kernel draws dropout from the global generator; with a generator of our
        // own, the explicit path applies the dropout instead.
        if needWeights || (p > 0 && dropoutGenerator != nil) {
            // PyTorch's explicit path: scores from the pre-scaled query, softmax, dropout, ·V.
            let scaled = try q * (1.0 / Double(headDim)).squareRoot()
            var scores = try scaled.matmul(k.transpose(-2, -1))
            if let mask { scores = try scores + mask }
            var w = try Functional.softmax(scores, dim: -1)
            if p > 0, let g = dropoutGenerator {
                w = try Functional.dropout(w, p: p, training: true, generator: g)
            } else if p > 0 {
                w = try Functional.dropout(w, p: p, training: true)
            }
            attended = try w.matmul(v)
            if needWeights {
                weights = averageAttnWeights ? try w.mean(dim: 1) : w
                if !batched { weights = try weights?.squeeze(dim: 0) }
            }
        } else {
            attended = try Functional.scaledDotProductAttention(query: q, key: k, value: v, mask: mask, dropout: p,
                                                                isCausal: fusedCausal)
        }
        var out = try outProj(attended.transpose(1, 2).reshape([n, l, embedDim]))
        out = !batched ? try out.squeeze(dim: 0) : batchFirst ? out : try out.transpose(0, 1)
        return (out, weights)
    }

    /// A float mask broadcastable to (N, H, L, S) from a user's 2-D or 3-D bool or float mask.
    private func attentionMask(_ m: Tensor, n: Int, l: Int, s: Int, dtype: DType) throws(TorchError) -> Tensor {
        let additive = try Self.additive(m, dtype: dtype)
        switch m.ndim {
        case 2:
            guard m.shape == [l, s] else { throw TorchError("The shape of the 2D attn_mask is \(m.shape), but should be \([l, s]).") }
            return additive
        case 3:
            guard m.shape == [n * numHeads, l, s] else {
                throw TorchError("The shape of the 3D attn_mask is \(m.shape), but should be \([n * numHeads, l, s]).")
            }
            return try additive.reshape([n, numHeads, l, s])
        default:
            throw TorchError("attn_mask's dimension \(m.ndim) is not supported")
        }
    }

    private func paddingMask(_ m: Tensor, n: Int, s: Int, dtype: DType) throws(TorchError) -> Tensor {
        guard m.shape == [n, s] else {
            throw TorchError("expected key_padding_mask of shape \([n, s]), but got \(m.shape)")
        }
        return try Self.additive(m, dtype: dtype).reshape([n, 1, 1, s])
    }

    /// Bool masks (true = masked) become 0/−∞; float masks are used as they are.
    static func additive(_ m: Tensor, dtype: DType) throws(TorchError) -> Tensor {
        guard m.dtype == .bool else { return m.dtype == dtype ? m : try m.to(dtype) }
        return try Tensor.zeros(m.shape, dtype: dtype, device: m.device).maskedFill(m, -Double.infinity)
    }

    /// 0 on and below the diagonal, −∞ above (key j > query i).
    static func causalMask(l: Int, s: Int, dtype: DType, device: Device) throws(TorchError) -> Tensor {
        let rows = try Tensor.arange(0, Double(l), device: device).unsqueeze(1)
        let cols = try Tensor.arange(0, Double(s), device: device).unsqueeze(0)
        return try additive(cols.gt(rows), dtype: dtype)
    }
}
