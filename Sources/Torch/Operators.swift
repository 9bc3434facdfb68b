import CTorch

// Elementwise arithmetic and comparisons with broadcasting, as Swift operators. They throw
// (a shape mismatch is the caller's data problem, not a crash); one `try` covers an expression.

extension Tensor {
    func unary(_ op: ct_unary_op) throws(TorchError) -> Tensor { try produce { ct_unary(op, handle, $0) } }
    func binary(_ op: ct_binary_op, _ other: Tensor) throws(TorchError) -> Tensor {
        try produce { ct_binary(op, handle, other.handle, $0) }
    }
    func binary(_ op: ct_binary_op, _ scalar: Double) throws(TorchError) -> Tensor {
        try produce { ct_binary_scalar(op, handle, scalar, $0) }
    }
    static func binary(_ op: ct_binary_op, _ scalar: Double, _ t: Tensor) throws(TorchError) -> Tensor {
        try produce { ct_scalar_binary(op, scalar, t.handle, $0) }
    }

    public static func + (a: Tensor, b: Tensor) throws(TorchError) -> Tensor { try a.binary(CT_ADD, b) }
    public static func - (a: Tensor, b: Tensor) throws(TorchError) -> Tensor { try a.binary(CT_SUB, b) }
    public static func * (a: Tensor, b: Tensor) throws(TorchError) -> Tensor { try a.binary(CT_MUL, b) }
    public static func / (a: Tensor, b: Tensor) throws(TorchError) -> Tensor { try a.binary(CT_DIV, b) }
    public static func + (a: Tensor, b: Double) throws(TorchError) -> Tensor { try a.binary(CT_ADD, b) }
    public static func - (a: Tensor, b: Double) throws(TorchError) -> Tensor { try a.binary(CT_SUB, b) }
    public static func * (a: Tensor, b: Double) throws(TorchError) -> Tensor { try a.binary(CT_MUL, b) }
    public static func / (a: Tensor, b: Double) throws(TorchError) -> Tensor { try a.binary(CT_DIV, b) }
    public static func + (a: Double, b: Tensor) throws(TorchError) -> Tensor { try b.binary(CT_ADD, a) }
    public static func - (a: Double, b: Tensor) throws(TorchError) -> Tensor { try binary(CT_SUB, a, b) }
    public static func * (a: Double, b: Tensor) throws(TorchError) -> Tensor { try b.binary(CT_MUL, a) }
    public static func / (a: Double, b: Tensor) throws(TorchError) -> Tensor { try binary(CT_DIV, a, b) }
    public static prefix func - (a: Tensor) throws(TorchError) -> Tensor { try a.unary(CT_NEG) }

    /// In-place `a += b` (records in autograd like PyTorch's `add_`).
    public static func += (a: Tensor, b: Tensor) throws(TorchError) { try check(ct_binary_(CT_ADD, a.handle, b.handle)) }
    public static func -= (a: Tensor, b: Tensor) throws(TorchError) { try check(ct_binary_(CT_SUB, a.handle, b.handle)) }
    public static func *= (a: Tensor, b: Tensor) throws(TorchError) { try check(ct_binary_(CT_MUL, a.handle, b.handle)) }
    public static func /= (a: Tensor, b: Tensor) throws(TorchError) { try check(ct_binary_(CT_DIV, a.handle, b.handle)) }
    public static func += (a: Tensor, b: Double) throws(TorchError) { try check(ct_binary_scalar_(CT_ADD, a.handle, b)) }
    public static func -= (a: Tensor, b: Double) throws(TorchError) { try check(ct_binary_scalar_(CT_SUB, a.handle, b)) }
    public static func *= (a: Tensor, b: Double) throws(TorchError) { try check(ct_binary_scalar_(CT_MUL, a.handle, b)) }
    public static func /= (a: Tensor, b: Double) throws(TorchError) { try check(ct_binary_scalar_(CT_DIV, a.handle, b)) }

    /// `self += alpha * other`, in place.
    public func addScaled_(_ other: Tensor, alpha: Double) throws(TorchError) {
        try check(ct_add_scaled_(handle, other.handle, alpha))
    }

    public func pow(_ exponent: Double) throws(TorchError) -> Tensor { try binary(CT_POW, exponent) }
    public func pow(_ exponent: Tensor) throws(TorchError) -> Tensor { try binary(CT_POW, exponent) }
    public func maximum(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CT_MAXIMUM, other) }
    public func minimum(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CT_MINIMUM, other) }
    public func remainder(_ other: Double) throws(TorchError) -> Tensor { try binary(CT_REMAINDER, other) }
    public func atan2(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CT_ATAN2, other) }

    // Comparisons give bool tensors. Named rather than operators so `==` keeps Swift's meaning.
    public func eq(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CT_EQ, other) }
    public func ne(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CT_NE, other) }
    public func lt(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CT_LT, other) }
    public func le(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CT_LE, other) }
    public func gt(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CT_GT, other) }
    public func ge(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CT_GE, other) }
    public func eq(_ v: Double) throws(TorchError) -> Tensor { try binary(CT_EQ, v) }
    public func ne(_ v: Double) throws(TorchError) -> Tensor { try binary(CT_NE, v) }
    public func lt(_ v: Double) throws(TorchError) -> Tensor { try binary(CT_LT, v) }
    public func le(_ v: Double) throws(TorchError) -> Tensor { try binary(CT_LE, v) }
    public func gt(_ v: Double) throws(TorchError) -> Tensor { try binary(CT_GT, v) }
    public func ge(_ v: Double) throws(TorchError) -> Tensor { try binary(CT_GE, v) }
    public func logicalAnd(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CT_LOGICAL_AND, other) }
    public func logicalOr(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CT_LOGICAL_OR, other) }
    public func logicalNot() throws(TorchError) -> Tensor { try unary(CT_LOGICAL_NOT) }

    // Unary math.
    public func abs() throws(TorchError) -> Tensor { try unary(CT_ABS) }
    public func exp() throws(TorchError) -> Tensor { try unary(CT_EXP) }
    public func log() throws(TorchError) -> Tensor { try unary(CT_LOG) }
    public func log1p() throws(TorchError) -> Tensor { try unary(CT_LOG1P) }
    public func expm1() throws(TorchError) -> Tensor { try unary(CT_EXPM1) }
    public func sqrt() throws(TorchError) -> Tensor { try unary(CT_SQRT) }
    public func rsqrt() throws(TorchError) -> Tensor { try unary(CT_RSQRT) }
    public func square() throws(TorchError) -> Tensor { try unary(CT_SQUARE) }
    public func sin() throws(TorchError) -> Tensor { try unary(CT_SIN) }
    public func cos() throws(TorchError) -> Tensor { try unary(CT_COS) }
    public func tanh() throws(TorchError) -> Tensor { try unary(CT_TANH) }
    public func sigmoid() throws(TorchError) -> Tensor { try unary(CT_SIGMOID) }
    public func relu() throws(TorchError) -> Tensor { try unary(CT_RELU) }
    public func floor() throws(TorchError) -> Tensor { try unary(CT_FLOOR) }
    public func ceil() throws(TorchError) -> Tensor { try unary(CT_CEIL) }
    public func round() throws(TorchError) -> Tensor { try unary(CT_ROUND) }
    public func sign() throws(TorchError) -> Tensor { try unary(CT_SIGN) }
    public func reciprocal() throws(TorchError) -> Tensor { try unary(CT_RECIPROCAL) }
    public func erf() throws(TorchError) -> Tensor { try unary(CT_ERF) }
    public func isNaN() throws(TorchError) -> Tensor { try unary(CT_ISNAN) }
    public func isFinite() throws(TorchError) -> Tensor { try unary(CT_ISFINITE) }

    /// In-place ReLU (used by networks to save memory, as `nn.ReLU(inplace=True)`).
    public func relu_() throws(TorchError) { try check(ct_unary_(CT_RELU, handle)) }

    /// Elements clamped to [min, max]; either bound may be omitted.
    public func clamp(min: Double? = nil, max: Double? = nil) throws(TorchError) -> Tensor {
        try produce { ct_clamp(handle, min ?? 0, min != nil, max ?? 0, max != nil, $0) }
    }

    /// `condition ? a : b` elementwise.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws(TorchError) -> Tensor {
        try produce { ct_where(condition.handle, a.handle, b.handle, $0) }
    }

    /// Int64 class indices to one-hot rows (`num_classes` = -1 infers it).
    public func oneHot(numClasses: Int = -1) throws(TorchError) -> Tensor {
        try produce { ct_one_hot(handle, Int64(numClasses), $0) }
    }

    public func matmul(_ other: Tensor) throws(TorchError) -> Tensor { try produce { ct_matmul(handle, other.handle, $0) } }
    public func bmm(_ other: Tensor) throws(TorchError) -> Tensor { try produce { ct_bmm(handle, other.handle, $0) } }
}
