// Shared internals of the shim: handle layouts, conversions, and the exception barrier.
#pragma once

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <string>
#include <vector>
#include "ctorch.h"

struct ct_tensor_s { at::Tensor t; };
struct ct_generator_s { at::Generator g; };

namespace ctorch {

void set_error(const std::string &message);

// Handles made minus handles freed by the calling thread (ct_tensor_handle_balance): a leak test
// on one thread stays exact while other threads make and free handles of their own.
extern thread_local int64_t handle_balance;

inline ct_tensor wrap(at::Tensor t) {
  auto h = new ct_tensor_s{std::move(t)};
  ++handle_balance;
  return h;
}

at::ScalarType scalar_type(ct_dtype d);
ct_dtype to_ct_dtype(at::ScalarType s);
at::Device device(ct_device d);
inline at::TensorOptions options(ct_dtype dtype, ct_device dev) {
  return at::TensorOptions().dtype(scalar_type(dtype)).device(device(dev));
}
inline at::IntArrayRef ints(const int64_t *p, int n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }
inline std::optional<at::Tensor> opt(ct_tensor t) {
  return t ? std::optional<at::Tensor>(t->t) : std::nullopt;
}
inline std::optional<at::Generator> gen(ct_generator g) {
  return g ? std::optional<at::Generator>(g->g) : std::nullopt;
}
at::Reduction::Reduction reduction(int r);

}  // namespace ctorch

// Every entry point body goes between CT_TRY and CT_CATCH: no C++ exception crosses into Swift.
#define CT_TRY try {
#define CT_CATCH                                             \
  return 0;                                                  \
  }                                                          \
  catch (const std::exception &e) {                          \
    ctorch::set_error(e.what());                             \
    return 1;                                                \
  }                                                          \
  catch (...) {                                              \
    ctorch::set_error("unknown C++ exception in libtorch");  \
    return 1;                                                \
  }
