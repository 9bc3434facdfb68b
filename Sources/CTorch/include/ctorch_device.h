/* Devices, threads, seeds, determinism, versions. See ctorch.h for conventions. */
#ifndef CTORCH_DEVICE_H
#define CTORCH_DEVICE_H

#include "ctorch_tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Loads libtorch_cuda.so (if present) so CUDA kernels register; safe to call repeatedly.
   Returns true when the library was loaded. `message` receives a static description. */
bool ct_load_cuda(const char **message);
bool ct_cuda_is_available(void);
int ct_cuda_device_count(void);
bool ct_cudnn_is_available(void);
/* cuDNN version as an integer (e.g. 91002), 0 when unavailable. */
int64_t ct_cudnn_version(void);
/* Name of the CUDA device, caller frees with ct_string_free; NULL when unavailable. */
char *ct_cuda_device_name(int index);
void ct_cuda_synchronize(int index);

const char *ct_libtorch_version(void);
/* CUDA version libtorch was built against ("" for CPU builds). */
const char *ct_cuda_build_version(void);
/* CPU capability in use ("AVX2", "AVX512", "DEFAULT", ...); caller frees with ct_string_free. */
char *ct_cpu_capability(void);
char *ct_parallel_info(void);

int ct_get_num_threads(void);
void ct_set_num_threads(int n);
void ct_manual_seed(uint64_t seed);
int ct_set_deterministic(bool enabled);

#ifdef __cplusplus
}
#endif
#endif
