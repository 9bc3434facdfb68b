/* Autograd. See ctorch.h for conventions. */
#ifndef CTORCH_AUTOGRAD_H
#define CTORCH_AUTOGRAD_H

#include "ctorch_tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

int ct_requires_grad(ct_tensor t, bool *out);
int ct_set_requires_grad(ct_tensor t, bool value);
/* *out is NULL when the tensor has no gradient. */
int ct_grad(ct_tensor t, ct_tensor *out);
int ct_set_grad(ct_tensor t, ct_tensor grad);
int ct_zero_grad(ct_tensor t);
/* gradient may be NULL for a scalar. */
int ct_backward(ct_tensor t, ct_tensor gradient, bool retain_graph);
int ct_detach(ct_tensor t, ct_tensor *out);
int ct_detach_(ct_tensor t);
/* Gradients of outputs w.r.t. inputs (torch.autograd.grad); writes ninputs handles. */
int ct_autograd_grad(const ct_tensor *outputs, int noutputs, const ct_tensor *grad_outputs,
                     const ct_tensor *inputs, int ninputs, bool create_graph, ct_tensor *grads);

bool ct_is_grad_enabled(void);
void ct_set_grad_enabled(bool enabled);
/* RAII guards exposed as explicit enter/exit pairs; exits must nest in reverse order on the
   same thread. */
typedef struct ct_guard_s *ct_guard;
int ct_inference_mode_enter(ct_guard *out);
void ct_guard_exit(ct_guard g);

#ifdef __cplusplus
}
#endif
#endif
