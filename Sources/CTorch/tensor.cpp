// Tensor creation, metadata and data access.
#include "internal.h"
#include <ATen/CPUGeneratorImpl.h>
#include <cstring>
#include <sstream>

namespace ctorch {

static thread_local std::string last_error;

void set_error(const std::string &message) {
  // libtorch appends a C++ backtrace to many messages; keep the part a user can act on.
  auto cut = message.find("\nException raised from");
  last_error = cut == std::string::npos ? message : message.substr(0, cut);
}

at::ScalarType scalar_type(ct_dtype d) {
  switch (d) {
    case CT_FLOAT32: return at::kFloat;
    case CT_FLOAT16: return at::kHalf;
    case CT_BFLOAT16: return at::kBFloat16;
    case CT_FLOAT64: return at::kDouble;
    case CT_INT64: return at::kLong;
    case CT_INT32: return at::kInt;
    case CT_UINT8: return at::kByte;
    case CT_BOOL: return at::kBool;
  }
  throw std::invalid_argument("unknown dtype code " + std::to_string(static_cast<int>(d)));
}

ct_dtype to_ct_dtype(at::ScalarType s) {
  switch (s) {
    case at::kFloat: return CT_FLOAT32;
    case at::kHalf: return CT_FLOAT16;
    case at::kBFloat16: return CT_BFLOAT16;
    case at::kDouble: return CT_FLOAT64;
    case at::kLong: return CT_INT64;
    case at::kInt: return CT_INT32;
    case at::kByte: return CT_UINT8;
    case at::kBool: return CT_BOOL;
    default: throw std::invalid_argument(std::string("dtype not supported by MetOrigin: ") + c10::toString(s));
  }
}

at::Device device(ct_device d) {
  if (d.type == 0) return at::Device(at::kCPU);
  if (d.type == 1) return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(d.index));
  throw std::invalid_argument("unknown device type " + std::to_string(d.type));
}

at::Reduction::Reduction reduction(int r) {
  switch (r) {
    case 0: return at::Reduction::None;
    case 1: return at::Reduction::Mean;
    case 2: return at::Reduction::Sum;
  }
  throw std::invalid_argument("unknown reduction " + std::to_string(r));
}

thread_local int64_t handle_balance = 0;

}  // namespace ctorch

using namespace ctorch;

extern "C" {

const char *ct_last_error(void) { return last_error.c_str(); }

void ct_tensor_free(ct_tensor t) {
  if (t) --handle_balance;
  delete t;
}

int64_t ct_tensor_handle_balance(void) { return handle_balance; }

int ct_tensor_from_data(const void *data, size_t nbytes, const int64_t *shape, int ndim, ct_dtype dtype,
                        ct_tensor *out) {
  CT_TRY
  auto t = at::empty(ints(shape, ndim), at::TensorOptions().dtype(scalar_type(dtype)));
  size_t need = static_cast<size_t>(t.numel()) * t.element_size();
  if (need != nbytes)
    throw std::invalid_argument("data holds " + std::to_string(nbytes) + " bytes, shape needs " +
                                std::to_string(need));
  if (need) std::memcpy(t.data_ptr(), data, need);
  *out = wrap(std::move(t));
  CT_CATCH
}

int ct_tensor_from_blob(void *data, const int64_t *shape, int ndim, ct_dtype dtype, void (*deleter)(void *),
                        void *context, ct_tensor *out) {
  CT_TRY
  auto t = at::from_blob(
      data, ints(shape, ndim), [deleter, context](void *) { if (deleter) deleter(context); },
      at::TensorOptions().dtype(scalar_type(dtype)));
  *out = wrap(std::move(t));
  CT_CATCH
}

int ct_tensor_empty(const int64_t *shape, int ndim, ct_dtype dtype, ct_device dev, ct_tensor *out) {
  CT_TRY *out = wrap(at::empty(ints(shape, ndim), options(dtype, dev))); CT_CATCH
}
int ct_tensor_zeros(const int64_t *shape, int ndim, ct_dtype dtype, ct_device dev, ct_tensor *out) {
  CT_TRY *out = wrap(at::zeros(ints(shape, ndim), options(dtype, dev))); CT_CATCH
}
int ct_tensor_ones(const int64_t *shape, int ndim, ct_dtype dtype, ct_device dev, ct_tensor *out) {
  CT_TRY *out = wrap(at::ones(ints(shape, ndim), options(dtype, dev))); CT_CATCH
}
int ct_tensor_full(const int64_t *shape, int ndim, double value, ct_dtype dtype, ct_device dev, ct_tensor *out) {
  CT_TRY *out = wrap(at::full(ints(shape, ndim), value, options(dtype, dev))); CT_CATCH
}
int ct_tensor_arange(double start, double end, double step, ct_dtype dtype, ct_device dev, ct_tensor *out) {
  CT_TRY *out = wrap(at::arange(start, end, step, options(dtype, dev))); CT_CATCH
}
int ct_tensor_linspace(double start, double end, int64_t steps, ct_dtype dtype, ct_device dev, ct_tensor *out) {
  CT_TRY *out = wrap(at::linspace(start, end, steps, options(dtype, dev))); CT_CATCH
}
int ct_tensor_rand(const int64_t *shape, int ndim, ct_dtype dtype, ct_device dev, ct_generator g, ct_tensor *out) {
  CT_TRY *out = wrap(at::rand(ints(shape, ndim), gen(g), options(dtype, dev))); CT_CATCH
}
int ct_tensor_randn(const int64_t *shape, int ndim, ct_dtype dtype, ct_device dev, ct_generator g, ct_tensor *out) {
  CT_TRY *out = wrap(at::randn(ints(shape, ndim), gen(g), options(dtype, dev))); CT_CATCH
}
int ct_tensor_randint(int64_t low, int64_t high, const int64_t *shape, int ndim, ct_dtype dtype, ct_device dev,
                      ct_generator g, ct_tensor *out) {
  CT_TRY *out = wrap(at::randint(low, high, ints(shape, ndim), gen(g), options(dtype, dev))); CT_CATCH
}
int ct_tensor_randperm(int64_t n, ct_generator g, ct_tensor *out) {
  CT_TRY *out = wrap(at::randperm(n, gen(g), at::TensorOptions().dtype(at::kLong))); CT_CATCH
}

int ct_tensor_uniform_(ct_tensor t, double low, double high, ct_generator g) {
  CT_TRY at::NoGradGuard ng; t->t.uniform_(low, high, gen(g)); CT_CATCH
}
int ct_tensor_normal_(ct_tensor t, double mean, double std, ct_generator g) {
  CT_TRY at::NoGradGuard ng; t->t.normal_(mean, std, gen(g)); CT_CATCH
}
int ct_tensor_fill_(ct_tensor t, double value) { CT_TRY at::NoGradGuard ng; t->t.fill_(value); CT_CATCH }
int ct_tensor_copy_(ct_tensor dst, ct_tensor src) { CT_TRY at::NoGradGuard ng; dst->t.copy_(src->t); CT_CATCH }

int ct_tensor_ndim(ct_tensor t, int64_t *out) { CT_TRY *out = t->t.dim(); CT_CATCH }
int ct_tensor_shape(ct_tensor t, int64_t *sizes, int capacity) {
  CT_TRY
  auto s = t->t.sizes();
  for (int i = 0; i < capacity && i < static_cast<int>(s.size()); ++i) sizes[i] = s[i];
  CT_CATCH
}
int ct_tensor_dtype(ct_tensor t, ct_dtype *out) { CT_TRY *out = to_ct_dtype(t->t.scalar_type()); CT_CATCH }
int ct_tensor_device(ct_tensor t, ct_device *out) {
  CT_TRY
  auto d = t->t.device();
  out->type = d.is_cuda() ? 1 : 0;
  out->index = d.has_index() ? d.index() : 0;
  CT_CATCH
}
int ct_tensor_numel(ct_tensor t, int64_t *out) { CT_TRY *out = t->t.numel(); CT_CATCH }
int ct_tensor_is_contiguous(ct_tensor t, bool *out) { CT_TRY *out = t->t.is_contiguous(); CT_CATCH }

int ct_tensor_copy_to(ct_tensor t, void *dst, size_t nbytes) {
  CT_TRY
  auto c = t->t.detach().to(at::kCPU).contiguous();
  size_t need = static_cast<size_t>(c.numel()) * c.element_size();
  if (need != nbytes)
    throw std::invalid_argument("destination holds " + std::to_string(nbytes) + " bytes, tensor has " +
                                std::to_string(need));
  if (need) std::memcpy(dst, c.data_ptr(), need);
  CT_CATCH
}
int ct_tensor_data_ptr(ct_tensor t, void **out) {
  CT_TRY
  *out = (t->t.device().is_cpu() && t->t.is_contiguous()) ? t->t.data_ptr() : nullptr;
  CT_CATCH
}
int ct_tensor_item_double(ct_tensor t, double *out) { CT_TRY *out = t->t.item<double>(); CT_CATCH }
int ct_tensor_item_int64(ct_tensor t, int64_t *out) { CT_TRY *out = t->t.item<int64_t>(); CT_CATCH }

int ct_tensor_to(ct_tensor t, ct_dtype dtype, ct_device dev, bool copy, ct_tensor *out) {
  CT_TRY *out = wrap(t->t.to(device(dev), scalar_type(dtype), /*non_blocking=*/false, copy)); CT_CATCH
}
int ct_tensor_contiguous(ct_tensor t, ct_tensor *out) { CT_TRY *out = wrap(t->t.contiguous()); CT_CATCH }
int ct_tensor_clone(ct_tensor t, ct_tensor *out) { CT_TRY *out = wrap(t->t.clone()); CT_CATCH }
int ct_tensor_shallow_copy(ct_tensor t, ct_tensor *out) { CT_TRY *out = wrap(t->t); CT_CATCH }

int ct_tensor_describe(ct_tensor t, char **out) {
  CT_TRY
  std::ostringstream s;
  s << t->t;
  *out = strdup(s.str().c_str());
  CT_CATCH
}
void ct_string_free(char *s) { free(s); }

int ct_generator_new(uint64_t seed, ct_device dev, ct_generator *out) {
  CT_TRY
  at::Generator g;
  if (dev.type == 0) {
    g = at::make_generator<at::CPUGeneratorImpl>(seed);
  } else {
    g = at::globalContext().defaultGenerator(device(dev)).clone();
    g.set_current_seed(seed);
  }
  *out = new ct_generator_s{std::move(g)};
  CT_CATCH
}
void ct_generator_free(ct_generator g) { delete g; }
int ct_generator_set_seed(ct_generator g, uint64_t seed) {
  CT_TRY std::lock_guard<std::mutex> lock(g->g.mutex()); g->g.set_current_seed(seed); CT_CATCH
}
int ct_generator_get_state(ct_generator g, ct_tensor *out) {
  CT_TRY std::lock_guard<std::mutex> lock(g->g.mutex()); *out = wrap(g->g.get_state()); CT_CATCH
}
int ct_generator_set_state(ct_generator g, ct_tensor state) {
  CT_TRY std::lock_guard<std::mutex> lock(g->g.mutex()); g->g.set_state(state->t); CT_CATCH
}

int ct_default_generator_get_state(ct_device dev, ct_tensor *out) {
  CT_TRY
  auto g = at::globalContext().defaultGenerator(device(dev));
  std::lock_guard<std::mutex> lock(g.mutex());
  *out = wrap(g.get_state());
  CT_CATCH
}
int ct_default_generator_set_state(ct_device dev, ct_tensor state) {
  CT_TRY
  auto g = at::globalContext().defaultGenerator(device(dev));
  std::lock_guard<std::mutex> lock(g.mutex());
  g.set_state(state->t);
  CT_CATCH
}

}  // extern "C"
