/*
 * CTorch: a thin C interface to libtorch for Swift.
 *
 * Conventions (every area header follows them):
 * - Objects are opaque handles (`ct_tensor`, …) owning a heap-allocated C++ object; free each
 *   with its `*_free` function exactly once.
 * - Every entry point that can fail returns `int`: 0 on success, non-zero on failure. Results
 *   come back through out-parameters. On failure, `ct_last_error()` returns libtorch's message
 *   (thread-local, valid until the next failing call on the same thread).
 * - No C++ type crosses this boundary; C++ exceptions never escape (each entry point catches
 *   `std::exception` and `...`).
 */
#ifndef CTORCH_H
#define CTORCH_H

#include "ctorch_tensor.h"
#include "ctorch_ops.h"
#include "ctorch_nn.h"
#include "ctorch_autograd.h"
#include "ctorch_optim.h"
#include "ctorch_device.h"

#endif
