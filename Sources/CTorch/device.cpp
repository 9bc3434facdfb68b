// Devices (CUDA loaded at run time), threads, seeds, determinism and versions.
#include "internal.h"
#include <ATen/Parallel.h>
#include <ATen/cpu/Utils.h>
#include <ATen/native/DispatchStub.h>
#include <dlfcn.h>
#include <mutex>
#include <torch/version.h>

using namespace ctorch;

namespace {
std::once_flag cuda_once;
bool cuda_loaded = false;
const char *cuda_message = "libtorch_cuda.so not attempted";
}  // namespace

extern "C" {

bool ct_load_cuda(const char **message) {
  // Linkers drop libtorch_cuda.so when nothing references it, so its CUDA kernels would never
  // register. Loading it explicitly (as tch-rs and TorchSharp do) keeps one binary for CPU and GPU.
  std::call_once(cuda_once, [] {
    void *h = dlopen("libtorch_cuda.so", RTLD_NOW | RTLD_GLOBAL);
    if (h) {
      cuda_loaded = true;
      cuda_message = "libtorch_cuda.so loaded";
    } else {
      static std::string why;
      const char *e = dlerror();
      why = std::string("libtorch_cuda.so not loaded: ") + (e ? e : "unknown reason");
      cuda_message = why.c_str();
    }
  });
  if (message) *message = cuda_message;
  return cuda_loaded;
}

bool ct_cuda_is_available(void) {
  try { return at::hasCUDA() && at::detail::getCUDAHooks().deviceCount() > 0; } catch (...) { return false; }
}
int ct_cuda_device_count(void) {
  try { return at::hasCUDA() ? static_cast<int>(at::detail::getCUDAHooks().deviceCount()) : 0; } catch (...) { return 0; }
}
bool ct_cudnn_is_available(void) {
  try { return at::hasCUDA() && at::detail::getCUDAHooks().compiledWithCuDNN(); } catch (...) { return false; }
}
int64_t ct_cudnn_version(void) {
  try { return ct_cudnn_is_available() ? at::detail::getCUDAHooks().versionCuDNN() : 0; } catch (...) { return 0; }
}
char *ct_cuda_device_name(int index) {
  // The driver API's cuDeviceGetName has a plain C signature; reaching it through dlsym avoids
  // compiling against CUDA headers, which the CPU-only build machine does not have.
  try {
    if (!ct_cuda_is_available()) return nullptr;
    void *h = dlopen("libcuda.so.1", RTLD_NOW | RTLD_GLOBAL);
    if (!h) return nullptr;
    using init_t = int (*)(unsigned);
    using name_t = int (*)(char *, int, int);
    auto init = reinterpret_cast<init_t>(dlsym(h, "cuInit"));
    auto name = reinterpret_cast<name_t>(dlsym(h, "cuDeviceGetName"));
    char buf[256] = {0};
    if (!init || !name || init(0) != 0 || name(buf, sizeof buf - 1, index) != 0) return nullptr;
    return strdup(buf);
  } catch (...) { return nullptr; }
}
void ct_cuda_synchronize(int index) {
  try { if (ct_cuda_is_available()) at::detail::getCUDAHooks().deviceSynchronize(static_cast<c10::DeviceIndex>(index)); } catch (...) {}
}

const char *ct_libtorch_version(void) { return TORCH_VERSION; }
const char *ct_cuda_build_version(void) {
  static std::string v;
  try { v = at::hasCUDA() ? std::to_string(at::detail::getCUDAHooks().versionCUDART()) : ""; } catch (...) { v = ""; }
  return v.c_str();
}
char *ct_cpu_capability(void) {
  try { return strdup(at::get_cpu_capability().c_str()); } catch (...) { return strdup("unknown"); }
}
char *ct_parallel_info(void) {
  try { return strdup(at::get_parallel_info().c_str()); } catch (...) { return strdup(""); }
}

int ct_get_num_threads(void) { return at::get_num_threads(); }
void ct_set_num_threads(int n) { at::set_num_threads(n); }
void ct_manual_seed(uint64_t seed) { at::manual_seed(seed); }
int ct_set_deterministic(bool enabled) {
  CT_TRY at::globalContext().setDeterministicAlgorithms(enabled, /*warn_only=*/false);
  at::globalContext().setDeterministicCuDNN(enabled);
  at::globalContext().setBenchmarkCuDNN(!enabled);
  CT_CATCH
}

}  // extern "C"
