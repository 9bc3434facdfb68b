/* Tensor operations: elementwise math, comparisons, reductions, linear algebra, shape and
   indexing. See ctorch.h for conventions. */
#ifndef CTORCH_OPS_H
#define CTORCH_OPS_H

#include "ctorch_tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CT_NEG = 0, CT_ABS, CT_EXP, CT_LOG, CT_SQRT, CT_RSQRT, CT_SIN, CT_COS, CT_TANH, CT_SIGMOID,
  CT_RELU, CT_GELU, CT_GELU_TANH, CT_FLOOR, CT_CEIL, CT_ROUND, CT_SIGN, CT_RECIPROCAL,
  CT_SQUARE, CT_LOG1P, CT_EXPM1, CT_LOGICAL_NOT, CT_ISNAN, CT_ISFINITE, CT_SILU, CT_ERF
} ct_unary_op;

typedef enum {
  CT_ADD = 0, CT_SUB, CT_MUL, CT_DIV, CT_POW, CT_MAXIMUM, CT_MINIMUM, CT_REMAINDER,
  CT_EQ, CT_NE, CT_LT, CT_LE, CT_GT, CT_GE, CT_LOGICAL_AND, CT_LOGICAL_OR, CT_ATAN2,
  CT_FLOOR_DIVIDE
} ct_binary_op;

typedef enum { CT_SUM = 0, CT_MEAN, CT_PROD, CT_AMAX, CT_AMIN, CT_ANY, CT_ALL } ct_reduce_op;

int ct_unary(ct_unary_op op, ct_tensor a, ct_tensor *out);
/* In place: a = op(a). */
int ct_unary_(ct_unary_op op, ct_tensor a);
int ct_binary(ct_binary_op op, ct_tensor a, ct_tensor b, ct_tensor *out);
int ct_binary_scalar(ct_binary_op op, ct_tensor a, double b, ct_tensor *out);
/* b - a style reversed scalar ops: op(scalar, tensor). */
int ct_scalar_binary(ct_binary_op op, double a, ct_tensor b, ct_tensor *out);
/* In place: a = op(a, b) / op(a, scalar). */
int ct_binary_(ct_binary_op op, ct_tensor a, ct_tensor b);
int ct_binary_scalar_(ct_binary_op op, ct_tensor a, double b);
/* a + alpha * b, in place (optimiser-free parameter updates, EMA). */
int ct_add_scaled_(ct_tensor a, ct_tensor b, double alpha);

/* Reductions. dims may be NULL with ndims = 0 for all dimensions. */
int ct_reduce(ct_reduce_op op, ct_tensor a, const int64_t *dims, int ndims, bool keepdim, ct_tensor *out);
int ct_std_var(ct_tensor a, const int64_t *dims, int ndims, int64_t correction, bool keepdim,
               bool is_std, ct_tensor *out);
/* max/min along one dim with indices. */
int ct_max_dim(ct_tensor a, int64_t dim, bool keepdim, bool is_min, ct_tensor *values, ct_tensor *indices);
int ct_argmax(ct_tensor a, int64_t dim, bool has_dim, bool keepdim, bool is_min, ct_tensor *out);
int ct_logsumexp(ct_tensor a, const int64_t *dims, int ndims, bool keepdim, ct_tensor *out);
int ct_cumsum(ct_tensor a, int64_t dim, ct_tensor *out);
int ct_norm(ct_tensor a, double p, const int64_t *dims, int ndims, bool keepdim, ct_tensor *out);

int ct_matmul(ct_tensor a, ct_tensor b, ct_tensor *out);
int ct_bmm(ct_tensor a, ct_tensor b, ct_tensor *out);
int ct_topk(ct_tensor a, int64_t k, int64_t dim, bool largest, bool sorted, ct_tensor *values, ct_tensor *indices);
int ct_sort(ct_tensor a, int64_t dim, bool descending, ct_tensor *values, ct_tensor *indices);
int ct_where(ct_tensor cond, ct_tensor a, ct_tensor b, ct_tensor *out);
/* Bounds are ignored when the matching has_* flag is false. */
int ct_clamp(ct_tensor a, double min, bool has_min, double max, bool has_max, ct_tensor *out);
int ct_one_hot(ct_tensor a, int64_t num_classes, ct_tensor *out);

/* Shape. */
int ct_reshape(ct_tensor a, const int64_t *shape, int ndim, ct_tensor *out);
int ct_view(ct_tensor a, const int64_t *shape, int ndim, ct_tensor *out);
int ct_permute(ct_tensor a, const int64_t *dims, int ndim, ct_tensor *out);
int ct_transpose(ct_tensor a, int64_t d0, int64_t d1, ct_tensor *out);
int ct_squeeze(ct_tensor a, int64_t dim, bool has_dim, ct_tensor *out);
int ct_unsqueeze(ct_tensor a, int64_t dim, ct_tensor *out);
int ct_flatten(ct_tensor a, int64_t start, int64_t end, ct_tensor *out);
int ct_expand(ct_tensor a, const int64_t *shape, int ndim, ct_tensor *out);
int ct_repeat(ct_tensor a, const int64_t *repeats, int ndim, ct_tensor *out);
int ct_flip(ct_tensor a, const int64_t *dims, int ndims, ct_tensor *out);
int ct_roll(ct_tensor a, const int64_t *shifts, const int64_t *dims, int n, ct_tensor *out);
int ct_cat(const ct_tensor *ts, int n, int64_t dim, ct_tensor *out);
int ct_stack(const ct_tensor *ts, int n, int64_t dim, ct_tensor *out);
/* Writes up to `capacity` handles to `outs` and the total count to `count`. */
int ct_split(ct_tensor a, const int64_t *sizes, int nsizes, int64_t dim, ct_tensor *outs, int capacity, int *count);
int ct_chunk(ct_tensor a, int64_t chunks, int64_t dim, ct_tensor *outs, int capacity, int *count);

/* Indexing. */
int ct_slice(ct_tensor a, int64_t dim, int64_t start, int64_t end, int64_t step, ct_tensor *out);
int ct_select(ct_tensor a, int64_t dim, int64_t index, ct_tensor *out);
int ct_narrow(ct_tensor a, int64_t dim, int64_t start, int64_t length, ct_tensor *out);
int ct_index_select(ct_tensor a, int64_t dim, ct_tensor index, ct_tensor *out);
int ct_gather(ct_tensor a, int64_t dim, ct_tensor index, ct_tensor *out);
int ct_masked_fill(ct_tensor a, ct_tensor mask, double value, ct_tensor *out);
int ct_masked_select(ct_tensor a, ct_tensor mask, ct_tensor *out);
/* Boolean/long-tensor indexing along the first dimension, a[index]. */
int ct_index(ct_tensor a, ct_tensor index, ct_tensor *out);
int ct_nonzero(ct_tensor a, ct_tensor *out);
/* dst.narrow(dim, start, length).copy_(src) */
int ct_slice_assign(ct_tensor dst, int64_t dim, int64_t start, int64_t length, ct_tensor src);

#ifdef __cplusplus
}
#endif
#endif
