/* Optimisers: libtorch's own torch::optim implementations behind handles, with access to
   their per-parameter state for checkpoints. See ctorch.h for conventions. */
#ifndef CTORCH_OPTIM_H
#define CTORCH_OPTIM_H

#include "ctorch_tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_optimizer_s *ct_optimizer;

int ct_sgd_new(const ct_tensor *params, int n, double lr, double momentum, double dampening,
               double weight_decay, bool nesterov, ct_optimizer *out);
int ct_adam_new(const ct_tensor *params, int n, double lr, double beta1, double beta2, double eps,
                double weight_decay, bool amsgrad, ct_optimizer *out);
int ct_adamw_new(const ct_tensor *params, int n, double lr, double beta1, double beta2, double eps,
                 double weight_decay, bool amsgrad, ct_optimizer *out);
void ct_optimizer_free(ct_optimizer o);

int ct_optimizer_step(ct_optimizer o);
int ct_optimizer_zero_grad(ct_optimizer o, bool set_to_none);
int ct_optimizer_get_lr(ct_optimizer o, double *out);
int ct_optimizer_set_lr(ct_optimizer o, double lr);

/* Per-parameter state, by parameter position. Names: "momentum_buffer" (SGD); "exp_avg",
   "exp_avg_sq", "max_exp_avg_sq" (Adam/AdamW). The step count is separate. `*out` is NULL
   when the state does not exist yet (before the first step). */
int ct_optimizer_get_state(ct_optimizer o, int param_index, const char *name, ct_tensor *out);
int ct_optimizer_set_state(ct_optimizer o, int param_index, const char *name, ct_tensor value);
int ct_optimizer_get_step(ct_optimizer o, int param_index, int64_t *out);
int ct_optimizer_set_step(ct_optimizer o, int param_index, int64_t step);

/* Gradient clipping by total norm over `params`; returns the norm before clipping. */
int ct_clip_grad_norm(const ct_tensor *params, int n, double max_norm, double norm_type, double *total_norm);

#ifdef __cplusplus
}
#endif
#endif
