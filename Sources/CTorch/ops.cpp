// Elementwise math, reductions, linear algebra, shape and indexing operations.
#include "internal.h"

using namespace ctorch;

namespace {

at::Tensor unary(ct_unary_op op, const at::Tensor &a) {
  switch (op) {
    case CT_NEG: return a.neg();
    case CT_ABS: return a.abs();
    case CT_EXP: return a.exp();
    case CT_LOG: return a.log();
    case CT_SQRT: return a.sqrt();
    case CT_RSQRT: return a.rsqrt();
    case CT_SIN: return a.sin();
    case CT_COS: return a.cos();
    case CT_TANH: return a.tanh();
    case CT_SIGMOID: return a.sigmoid();
    case CT_RELU: return a.relu();
    case CT_GELU: return at::gelu(a);
    case CT_GELU_TANH: return at::gelu(a, "tanh");
    case CT_FLOOR: return a.floor();
    case CT_CEIL: return a.ceil();
    case CT_ROUND: return a.round();
    case CT_SIGN: return a.sign();
    case CT_RECIPROCAL: return a.reciprocal();
    case CT_SQUARE: return a.square();
    case CT_LOG1P: return a.log1p();
    case CT_EXPM1: return a.expm1();
    case CT_LOGICAL_NOT: return a.logical_not();
    case CT_ISNAN: return a.isnan();
    case CT_ISFINITE: return a.isfinite();
    case CT_SILU: return at::silu(a);
    case CT_ERF: return a.erf();
  }
  throw std::invalid_argument("unknown unary op " + std::to_string(static_cast<int>(op)));
}

void unary_inplace(ct_unary_op op, at::Tensor &a) {
  switch (op) {
    case CT_NEG: a.neg_(); return;
    case CT_ABS: a.abs_(); return;
    case CT_EXP: a.exp_(); return;
    case CT_LOG: a.log_(); return;
    case CT_SQRT: a.sqrt_(); return;
    case CT_TANH: a.tanh_(); return;
    case CT_SIGMOID: a.sigmoid_(); return;
    case CT_RELU: a.relu_(); return;
    case CT_FLOOR: a.floor_(); return;
    case CT_CEIL: a.ceil_(); return;
    case CT_ROUND: a.round_(); return;
    case CT_RECIPROCAL: a.reciprocal_(); return;
    case CT_SQUARE: a.square_(); return;
    default: a.copy_(unary(op, a)); return;
  }
}

// The right operand as a tensor, for the operations libtorch only offers between two tensors: a
// scalar becomes a 0-d tensor on the left operand's device and dtype.
const at::Tensor &as_tensor(const at::Tensor &b, const at::Tensor &) { return b; }
at::Tensor as_tensor(const at::Scalar &b, const at::Tensor &a) {
  return at::scalar_tensor(b, a.options().requires_grad(false));
}

// `a op b` with a tensor or a scalar (`Rhs`) on the right.
template <typename Rhs>
at::Tensor binary(ct_binary_op op, const at::Tensor &a, const Rhs &b) {
  switch (op) {
    case CT_ADD: return a.add(b);
    case CT_SUB: return a.sub(b);
    case CT_MUL: return a.mul(b);
    case CT_DIV: return a.div(b);
    case CT_POW: return a.pow(b);
    case CT_MAXIMUM: return at::maximum(a, as_tensor(b, a));
    case CT_MINIMUM: return at::minimum(a, as_tensor(b, a));
    case CT_REMAINDER: return a.remainder(b);
    case CT_EQ: return a.eq(b);
    case CT_NE: return a.ne(b);
    case CT_LT: return a.lt(b);
    case CT_LE: return a.le(b);
    case CT_GT: return a.gt(b);
    case CT_GE: return a.ge(b);
    case CT_LOGICAL_AND: return a.logical_and(as_tensor(b, a));
    case CT_LOGICAL_OR: return a.logical_or(as_tensor(b, a));
    case CT_ATAN2: return a.atan2(as_tensor(b, a));
    case CT_FLOOR_DIVIDE: return a.floor_divide(b);
  }
  throw std::invalid_argument("unknown binary op " + std::to_string(static_cast<int>(op)));
}

// `a op= b` with a tensor or a scalar on the right; operations without an in-place kernel
// compute out of place and copy back.
template <typename Rhs>
void binary_inplace(ct_binary_op op, at::Tensor &a, const Rhs &b) {
  switch (op) {
    case CT_ADD: a.add_(b); return;
    case CT_SUB: a.sub_(b); return;
    case CT_MUL: a.mul_(b); return;
    case CT_DIV: a.div_(b); return;
    case CT_POW: a.pow_(b); return;
    default: a.copy_(binary(op, a, b)); return;
  }
}

std::vector<at::Tensor> unwrap(const ct_tensor *ts, int n) {
  std::vector<at::Tensor> v;
  v.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v.push_back(ts[i]->t);
  return v;
}

void wrap_all(const std::vector<at::Tensor> &parts, ct_tensor *outs, int capacity, int *count) {
  *count = static_cast<int>(parts.size());
  for (int i = 0; i < capacity && i < *count; ++i) outs[i] = wrap(parts[static_cast<size_t>(i)]);
}

}  // namespace

extern "C" {

int ct_unary(ct_unary_op op, ct_tensor a, ct_tensor *out) { CT_TRY *out = wrap(unary(op, a->t)); CT_CATCH }
int ct_unary_(ct_unary_op op, ct_tensor a) { CT_TRY unary_inplace(op, a->t); CT_CATCH }
int ct_binary(ct_binary_op op, ct_tensor a, ct_tensor b, ct_tensor *out) {
  CT_TRY *out = wrap(binary(op, a->t, b->t)); CT_CATCH
}
int ct_binary_scalar(ct_binary_op op, ct_tensor a, double b, ct_tensor *out) {
  CT_TRY *out = wrap(binary(op, a->t, at::Scalar(b))); CT_CATCH
}
int ct_scalar_binary(ct_binary_op op, double a, ct_tensor b, ct_tensor *out) {
  CT_TRY
  at::Tensor result;
  switch (op) {
    case CT_SUB: result = at::rsub(b->t, at::Scalar(a)); break;
    case CT_DIV: result = b->t.reciprocal().mul(a); break;
    case CT_POW: result = at::pow(at::Scalar(a), b->t); break;
    default: result = binary(op, as_tensor(at::Scalar(a), b->t), b->t);
  }
  *out = wrap(std::move(result));
  CT_CATCH
}
int ct_binary_(ct_binary_op op, ct_tensor a, ct_tensor b) { CT_TRY binary_inplace(op, a->t, b->t); CT_CATCH }
int ct_binary_scalar_(ct_binary_op op, ct_tensor a, double b) { CT_TRY binary_inplace(op, a->t, at::Scalar(b)); CT_CATCH }
int ct_add_scaled_(ct_tensor a, ct_tensor b, double alpha) { CT_TRY a->t.add_(b->t, alpha); CT_CATCH }

int ct_reduce(ct_reduce_op op, ct_tensor a, const int64_t *dims, int ndims, bool keepdim, ct_tensor *out) {
  CT_TRY
  const auto &t = a->t;
  auto d = ints(dims, ndims);
  at::Tensor r;
  switch (op) {
    case CT_SUM: r = ndims ? t.sum(d, keepdim) : t.sum(); break;
    case CT_MEAN: r = ndims ? t.mean(d, keepdim) : t.mean(); break;
    case CT_PROD:
      if (ndims > 1) throw std::invalid_argument("prod reduces over one dimension at a time");
      r = ndims ? t.prod(dims[0], keepdim) : t.prod();
      break;
    case CT_AMAX: r = t.amax(d, keepdim); break;
    case CT_AMIN: r = t.amin(d, keepdim); break;
    case CT_ANY: r = ndims ? t.any(d, keepdim) : t.any(); break;
    case CT_ALL: r = ndims ? t.all(d, keepdim) : t.all(); break;
  }
  *out = wrap(std::move(r));
  CT_CATCH
}
int ct_std_var(ct_tensor a, const int64_t *dims, int ndims, int64_t correction, bool keepdim, bool is_std,
               ct_tensor *out) {
  CT_TRY
  std::optional<at::IntArrayRef> d = ndims ? std::optional<at::IntArrayRef>(ints(dims, ndims)) : std::nullopt;
  at::Scalar c(correction);
  *out = wrap(is_std ? at::std(a->t, d, c, keepdim) : at::var(a->t, d, c, keepdim));
  CT_CATCH
}
int ct_max_dim(ct_tensor a, int64_t dim, bool keepdim, bool is_min, ct_tensor *values, ct_tensor *indices) {
  CT_TRY
  auto r = is_min ? a->t.min(dim, keepdim) : a->t.max(dim, keepdim);
  *values = wrap(std::get<0>(r));
  *indices = wrap(std::get<1>(r));
  CT_CATCH
}
int ct_argmax(ct_tensor a, int64_t dim, bool has_dim, bool keepdim, bool is_min, ct_tensor *out) {
  CT_TRY
  std::optional<int64_t> d = has_dim ? std::optional<int64_t>(dim) : std::nullopt;
  *out = wrap(is_min ? a->t.argmin(d, keepdim) : a->t.argmax(d, keepdim));
  CT_CATCH
}
int ct_logsumexp(ct_tensor a, const int64_t *dims, int ndims, bool keepdim, ct_tensor *out) {
  CT_TRY *out = wrap(a->t.logsumexp(ints(dims, ndims), keepdim)); CT_CATCH
}
int ct_cumsum(ct_tensor a, int64_t dim, ct_tensor *out) { CT_TRY *out = wrap(a->t.cumsum(dim)); CT_CATCH }
int ct_norm(ct_tensor a, double p, const int64_t *dims, int ndims, bool keepdim, ct_tensor *out) {
  CT_TRY
  *out = wrap(ndims ? at::norm(a->t, at::Scalar(p), ints(dims, ndims), keepdim) : at::norm(a->t, at::Scalar(p)));
  CT_CATCH
}

int ct_matmul(ct_tensor a, ct_tensor b, ct_tensor *out) { CT_TRY *out = wrap(at::matmul(a->t, b->t)); CT_CATCH }
int ct_bmm(ct_tensor a, ct_tensor b, ct_tensor *out) { CT_TRY *out = wrap(at::bmm(a->t, b->t)); CT_CATCH }
int ct_topk(ct_tensor a, int64_t k, int64_t dim, bool largest, bool sorted, ct_tensor *values, ct_tensor *indices) {
  CT_TRY
  auto r = at::topk(a->t, k, dim, largest, sorted);
  *values = wrap(std::get<0>(r));
  *indices = wrap(std::get<1>(r));
  CT_CATCH
}
int ct_sort(ct_tensor a, int64_t dim, bool descending, ct_tensor *values, ct_tensor *indices) {
  CT_TRY
  auto r = at::sort(a->t, dim, descending);
  *values = wrap(std::get<0>(r));
  *indices = wrap(std::get<1>(r));
  CT_CATCH
}
int ct_where(ct_tensor cond, ct_tensor a, ct_tensor b, ct_tensor *out) {
  CT_TRY *out = wrap(at::where(cond->t, a->t, b->t)); CT_CATCH
}
int ct_clamp(ct_tensor a, double mn, bool has_min, double mx, bool has_max, ct_tensor *out) {
  CT_TRY
  std::optional<at::Scalar> lo = has_min ? std::optional<at::Scalar>(mn) : std::nullopt;
  std::optional<at::Scalar> hi = has_max ? std::optional<at::Scalar>(mx) : std::nullopt;
  *out = wrap(at::clamp(a->t, lo, hi));
  CT_CATCH
}
int ct_one_hot(ct_tensor a, int64_t num_classes, ct_tensor *out) {
  CT_TRY *out = wrap(at::one_hot(a->t, num_classes)); CT_CATCH
}

// The entry points that call one tensor method with one list of integers (a shape or dims).
#define CT_INT_LIST_METHOD(method)                                                 \
  int ct_##method(ct_tensor a, const int64_t *values, int count, ct_tensor *out) { \
    CT_TRY *out = wrap(a->t.method(ints(values, count))); CT_CATCH                 \
  }
CT_INT_LIST_METHOD(reshape)
CT_INT_LIST_METHOD(view)
CT_INT_LIST_METHOD(permute)
CT_INT_LIST_METHOD(expand)
CT_INT_LIST_METHOD(repeat)
CT_INT_LIST_METHOD(flip)
#undef CT_INT_LIST_METHOD

int ct_transpose(ct_tensor a, int64_t d0, int64_t d1, ct_tensor *out) {
  CT_TRY *out = wrap(a->t.transpose(d0, d1)); CT_CATCH
}
int ct_squeeze(ct_tensor a, int64_t dim, bool has_dim, ct_tensor *out) {
  CT_TRY *out = wrap(has_dim ? a->t.squeeze(dim) : a->t.squeeze()); CT_CATCH
}
int ct_unsqueeze(ct_tensor a, int64_t dim, ct_tensor *out) { CT_TRY *out = wrap(a->t.unsqueeze(dim)); CT_CATCH }
int ct_flatten(ct_tensor a, int64_t start, int64_t end, ct_tensor *out) {
  CT_TRY *out = wrap(a->t.flatten(start, end)); CT_CATCH
}
int ct_roll(ct_tensor a, const int64_t *shifts, const int64_t *dims, int n, ct_tensor *out) {
  CT_TRY *out = wrap(a->t.roll(ints(shifts, n), ints(dims, n))); CT_CATCH
}
int ct_cat(const ct_tensor *ts, int n, int64_t dim, ct_tensor *out) {
  CT_TRY *out = wrap(at::cat(unwrap(ts, n), dim)); CT_CATCH
}
int ct_stack(const ct_tensor *ts, int n, int64_t dim, ct_tensor *out) {
  CT_TRY *out = wrap(at::stack(unwrap(ts, n), dim)); CT_CATCH
}
int ct_split(ct_tensor a, const int64_t *sizes, int nsizes, int64_t dim, ct_tensor *outs, int capacity, int *count) {
  CT_TRY
  auto parts = nsizes == 1 ? a->t.split(sizes[0], dim) : a->t.split_with_sizes(ints(sizes, nsizes), dim);
  wrap_all(parts, outs, capacity, count);
  CT_CATCH
}
int ct_chunk(ct_tensor a, int64_t chunks, int64_t dim, ct_tensor *outs, int capacity, int *count) {
  CT_TRY wrap_all(a->t.chunk(chunks, dim), outs, capacity, count); CT_CATCH
}

int ct_slice(ct_tensor a, int64_t dim, int64_t start, int64_t end, int64_t step, ct_tensor *out) {
  CT_TRY *out = wrap(a->t.slice(dim, start, end, step)); CT_CATCH
}
int ct_select(ct_tensor a, int64_t dim, int64_t index, ct_tensor *out) {
  CT_TRY *out = wrap(a->t.select(dim, index)); CT_CATCH
}
int ct_narrow(ct_tensor a, int64_t dim, int64_t start, int64_t length, ct_tensor *out) {
  CT_TRY *out = wrap(a->t.narrow(dim, start, length)); CT_CATCH
}
int ct_index_select(ct_tensor a, int64_t dim, ct_tensor index, ct_tensor *out) {
  CT_TRY *out = wrap(a->t.index_select(dim, index->t)); CT_CATCH
}
int ct_gather(ct_tensor a, int64_t dim, ct_tensor index, ct_tensor *out) {
  CT_TRY *out = wrap(a->t.gather(dim, index->t)); CT_CATCH
}
int ct_masked_fill(ct_tensor a, ct_tensor mask, double value, ct_tensor *out) {
  CT_TRY *out = wrap(a->t.masked_fill(mask->t, value)); CT_CATCH
}
int ct_masked_select(ct_tensor a, ct_tensor mask, ct_tensor *out) {
  CT_TRY *out = wrap(a->t.masked_select(mask->t)); CT_CATCH
}
int ct_index(ct_tensor a, ct_tensor index, ct_tensor *out) {
  CT_TRY
  c10::List<std::optional<at::Tensor>> idx;
  idx.push_back(index->t);
  *out = wrap(a->t.index(idx));
  CT_CATCH
}
int ct_nonzero(ct_tensor a, ct_tensor *out) { CT_TRY *out = wrap(a->t.nonzero()); CT_CATCH }
int ct_slice_assign(ct_tensor dst, int64_t dim, int64_t start, int64_t length, ct_tensor src) {
  CT_TRY dst->t.narrow(dim, start, length).copy_(src->t); CT_CATCH
}

}  // extern "C"
