/* Tensors: creation, metadata, data access, conversion. See ctorch.h for conventions. */
#ifndef CTORCH_TENSOR_H
#define CTORCH_TENSOR_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_tensor_s *ct_tensor;
typedef struct ct_generator_s *ct_generator;

/* Element types; values are MetOrigin's own, mapped to c10::ScalarType inside the shim. */
typedef enum {
  CT_FLOAT32 = 0, CT_FLOAT16 = 1, CT_BFLOAT16 = 2, CT_FLOAT64 = 3,
  CT_INT64 = 4, CT_INT32 = 5, CT_UINT8 = 6, CT_BOOL = 7
} ct_dtype;

/* Device: type 0 = CPU, 1 = CUDA; index is the CUDA ordinal (ignored for CPU). */
typedef struct { int32_t type; int32_t index; } ct_device;

/* The message of the last failure on this thread ("" when none). */
const char *ct_last_error(void);

void ct_tensor_free(ct_tensor t);

/* Tensor handles made minus handles freed on the calling thread (a leak check). */
int64_t ct_tensor_handle_balance(void);

/* Copies `nbytes` from `data` into a new CPU tensor of `shape`. */
int ct_tensor_from_data(const void *data, size_t nbytes, const int64_t *shape, int ndim,
                        ct_dtype dtype, ct_tensor *out);
/* Wraps caller-owned memory without copying; `deleter(context)` runs when the tensor's storage
   is released. The memory must stay valid and unmodified by others until then. */
int ct_tensor_from_blob(void *data, const int64_t *shape, int ndim, ct_dtype dtype,
                        void (*deleter)(void *), void *context, ct_tensor *out);

int ct_tensor_empty(const int64_t *shape, int ndim, ct_dtype dtype, ct_device device, ct_tensor *out);
int ct_tensor_zeros(const int64_t *shape, int ndim, ct_dtype dtype, ct_device device, ct_tensor *out);
int ct_tensor_ones(const int64_t *shape, int ndim, ct_dtype dtype, ct_device device, ct_tensor *out);
int ct_tensor_full(const int64_t *shape, int ndim, double value, ct_dtype dtype, ct_device device, ct_tensor *out);
int ct_tensor_arange(double start, double end, double step, ct_dtype dtype, ct_device device, ct_tensor *out);
int ct_tensor_linspace(double start, double end, int64_t steps, ct_dtype dtype, ct_device device, ct_tensor *out);
/* gen may be NULL (global generator). */
int ct_tensor_rand(const int64_t *shape, int ndim, ct_dtype dtype, ct_device device, ct_generator gen, ct_tensor *out);
int ct_tensor_randn(const int64_t *shape, int ndim, ct_dtype dtype, ct_device device, ct_generator gen, ct_tensor *out);
int ct_tensor_randint(int64_t low, int64_t high, const int64_t *shape, int ndim, ct_dtype dtype,
                      ct_device device, ct_generator gen, ct_tensor *out);
int ct_tensor_randperm(int64_t n, ct_generator gen, ct_tensor *out);

/* In-place initialisers for parameters (used by nn's PyTorch-default initialisation). */
int ct_tensor_uniform_(ct_tensor t, double low, double high, ct_generator gen);
int ct_tensor_normal_(ct_tensor t, double mean, double std, ct_generator gen);
int ct_tensor_fill_(ct_tensor t, double value);
int ct_tensor_copy_(ct_tensor dst, ct_tensor src);

/* Metadata. */
int ct_tensor_ndim(ct_tensor t, int64_t *out);
/* Writes min(ndim, capacity) sizes. */
int ct_tensor_shape(ct_tensor t, int64_t *sizes, int capacity);
int ct_tensor_dtype(ct_tensor t, ct_dtype *out);
int ct_tensor_device(ct_tensor t, ct_device *out);
int ct_tensor_numel(ct_tensor t, int64_t *out);
int ct_tensor_is_contiguous(ct_tensor t, bool *out);

/* Copies the (contiguous, CPU) values into `dst`, which must hold numel*elementsize bytes. */
int ct_tensor_copy_to(ct_tensor t, void *dst, size_t nbytes);
/* Pointer to the CPU storage of a contiguous tensor (NULL for other devices). */
int ct_tensor_data_ptr(ct_tensor t, void **out);
int ct_tensor_item_double(ct_tensor t, double *out);
int ct_tensor_item_int64(ct_tensor t, int64_t *out);

int ct_tensor_to(ct_tensor t, ct_dtype dtype, ct_device device, bool copy, ct_tensor *out);
int ct_tensor_contiguous(ct_tensor t, ct_tensor *out);
int ct_tensor_clone(ct_tensor t, ct_tensor *out);
/* A new handle sharing t's storage and autograd identity (a shallow copy). */
int ct_tensor_shallow_copy(ct_tensor t, ct_tensor *out);
/* Human-readable rendering; the caller frees with ct_string_free. */
int ct_tensor_describe(ct_tensor t, char **out);
void ct_string_free(char *s);

/* Generators. */
int ct_generator_new(uint64_t seed, ct_device device, ct_generator *out);
void ct_generator_free(ct_generator g);
int ct_generator_set_seed(ct_generator g, uint64_t seed);
/* Serialised RNG state (a uint8 tensor), for checkpoints. */
int ct_generator_get_state(ct_generator g, ct_tensor *out);
int ct_generator_set_state(ct_generator g, ct_tensor state);
/* The global default generator of `device` (what `ct_manual_seed`, dropout and the `gen == NULL`
   factories use), as torch.get_rng_state / torch.set_rng_state: serialised state as a uint8
   tensor, for checkpoints. */
int ct_default_generator_get_state(ct_device device, ct_tensor *out);
int ct_default_generator_set_state(ct_device device, ct_tensor state);

#ifdef __cplusplus
}
#endif
#endif
