// Optimisers: libtorch's torch::optim, with per-parameter state exposed for checkpoints.
#include "internal.h"
#include <torch/optim.h>
#include <torch/nn/utils/clip_grad.h>
#include <ATen/ops/_fused_adam.h>
#include <ATen/ops/_fused_adamw.h>

using namespace ctorch;

struct ct_optimizer_s {
  std::unique_ptr<torch::optim::Optimizer> opt;
  std::vector<at::Tensor> params;
  enum Kind { SGD, Adam, AdamW } kind;
};

namespace {

std::vector<at::Tensor> collect(const ct_tensor *params, int n) {
  std::vector<at::Tensor> v;
  for (int i = 0; i < n; ++i) v.push_back(params[i]->t);
  return v;
}

const at::Tensor &param_at(ct_optimizer o, int i) {
  if (i < 0 || i >= static_cast<int>(o->params.size()))
    throw std::out_of_range("optimizer has " + std::to_string(o->params.size()) + " parameters, index " +
                            std::to_string(i) + " is out of range");
  return o->params[static_cast<size_t>(i)];
}

// Finds, or with `create` makes, the state object libtorch keeps for a parameter.
torch::optim::OptimizerParamState *state_for(ct_optimizer o, int i, bool create) {
  auto key = param_at(o, i).unsafeGetTensorImpl();
  auto &states = o->opt->state();
  auto it = states.find(key);
  if (it != states.end()) return it->second.get();
  if (!create) return nullptr;
  std::unique_ptr<torch::optim::OptimizerParamState> s;
  switch (o->kind) {
    case ct_optimizer_s::SGD: s = std::make_unique<torch::optim::SGDParamState>(); break;
    case ct_optimizer_s::Adam: s = std::make_unique<torch::optim::AdamParamState>(); break;
    case ct_optimizer_s::AdamW: s = std::make_unique<torch::optim::AdamWParamState>(); break;
  }
  auto *raw = s.get();
  states[key] = std::move(s);
  return raw;
}

template <typename State>
at::Tensor *adam_field(State *s, const std::string &name) {
  if (name == "exp_avg") return &const_cast<at::Tensor &>(s->exp_avg());
  if (name == "exp_avg_sq") return &const_cast<at::Tensor &>(s->exp_avg_sq());
  if (name == "max_exp_avg_sq") return &const_cast<at::Tensor &>(s->max_exp_avg_sq());
  throw std::invalid_argument("Adam has no state named '" + name + "'");
}

at::Tensor *field(ct_optimizer o, torch::optim::OptimizerParamState *s, const std::string &name) {
  switch (o->kind) {
    case ct_optimizer_s::SGD:
      if (name == "momentum_buffer")
        return &const_cast<at::Tensor &>(static_cast<torch::optim::SGDParamState *>(s)->momentum_buffer());
      throw std::invalid_argument("SGD has no state named '" + name + "'");
    case ct_optimizer_s::Adam: return adam_field(static_cast<torch::optim::AdamParamState *>(s), name);
    case ct_optimizer_s::AdamW: return adam_field(static_cast<torch::optim::AdamWParamState *>(s), name);
  }
  throw std::logic_error("unknown optimizer kind");
}

// Adam and AdamW through libtorch's fused multi-tensor kernel (what `torch.optim.Adam(fused=True)`
// calls): one dispatch for every parameter instead of about eight per parameter in
// torch::optim::Adam::step. State lives in libtorch's own per-parameter objects, so checkpoints and
// `ct_optimizer_get/set_state` see the same tensors either way. Returns false, having changed
// nothing, where the kernel does not apply (several groups, or mixed devices/dtypes); the caller
// then takes libtorch's loop.
bool fused_adam_step(ct_optimizer o) {
  auto &groups = o->opt->param_groups();
  if (groups.size() != 1) return false;
  double lr, beta1, beta2, eps, weight_decay;
  bool amsgrad;
  if (o->kind == ct_optimizer_s::Adam) {
    auto &opts = static_cast<torch::optim::AdamOptions &>(groups[0].options());
    lr = opts.lr(); beta1 = std::get<0>(opts.betas()); beta2 = std::get<1>(opts.betas());
    eps = opts.eps(); weight_decay = opts.weight_decay(); amsgrad = opts.amsgrad();
  } else {
    auto &opts = static_cast<torch::optim::AdamWOptions &>(groups[0].options());
    lr = opts.lr(); beta1 = std::get<0>(opts.betas()); beta2 = std::get<1>(opts.betas());
    eps = opts.eps(); weight_decay = opts.weight_decay(); amsgrad = opts.amsgrad();
  }
  std::vector<int> live;
  for (int i = 0; i < static_cast<int>(o->params.size()); ++i) {
    const auto &p = o->params[static_cast<size_t>(i)];
    if (!p.grad().defined()) continue;
    if (p.grad().is_sparse()) return false;
    if (!live.empty()) {
      const auto &first = o->params[static_cast<size_t>(live[0])];
      if (p.device() != first.device() || p.scalar_type() != first.scalar_type()) return false;
    }
    live.push_back(i);
  }
  if (live.empty()) return true;
  torch::NoGradGuard no_grad;
  std::vector<at::Tensor> params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps;
  for (int i : live) {
    const auto &p = o->params[static_cast<size_t>(i)];
    auto *s = state_for(o, i, true);
    at::Tensor *m = field(o, s, "exp_avg"), *v = field(o, s, "exp_avg_sq"), *vmax = field(o, s, "max_exp_avg_sq");
    if (!m->defined()) *m = at::zeros_like(p, at::MemoryFormat::Preserve);
    if (!v->defined()) *v = at::zeros_like(p, at::MemoryFormat::Preserve);
    if (amsgrad && !vmax->defined()) *vmax = at::zeros_like(p, at::MemoryFormat::Preserve);
    int64_t step;
    if (o->kind == ct_optimizer_s::Adam) {
      auto *a = static_cast<torch::optim::AdamParamState *>(s);
      a->step(a->step() + 1); step = a->step();
    } else {
      auto *a = static_cast<torch::optim::AdamWParamState *>(s);
      a->step(a->step() + 1); step = a->step();
    }
    params.push_back(p);
    grads.push_back(p.grad());
    exp_avgs.push_back(*m);
    exp_avg_sqs.push_back(*v);
    if (amsgrad) max_exp_avg_sqs.push_back(*vmax);
    steps.push_back(at::scalar_tensor(static_cast<double>(step), at::TensorOptions().dtype(at::kFloat).device(p.device())));
  }
  if (o->kind == ct_optimizer_s::Adam)
    at::_fused_adam_(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps, lr, beta1, beta2, weight_decay, eps,
                     amsgrad, false);
  else
    at::_fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps, lr, beta1, beta2, weight_decay,
                      eps, amsgrad, false);
  return true;
}

// Adam and AdamW take the same settings; they differ in the optimiser and its options type.
template <typename Optimizer, typename Options>
ct_optimizer new_adam(ct_optimizer_s::Kind kind, const ct_tensor *params, int n, double lr, double beta1, double beta2,
                      double eps, double weight_decay, bool amsgrad) {
  auto p = collect(params, n);
  auto opts = Options(lr).betas({beta1, beta2}).eps(eps).weight_decay(weight_decay).amsgrad(amsgrad);
  return new ct_optimizer_s{std::make_unique<Optimizer>(p, opts), p, kind};
}

}  // namespace

extern "C" {

int ct_sgd_new(const ct_tensor *params, int n, double lr, double momentum, double dampening, double weight_decay,
               bool nesterov, ct_optimizer *out) {
  CT_TRY
  auto p = collect(params, n);
  auto opts = torch::optim::SGDOptions(lr).momentum(momentum).dampening(dampening).weight_decay(weight_decay)
                  .nesterov(nesterov);
  *out = new ct_optimizer_s{std::make_unique<torch::optim::SGD>(p, opts), p, ct_optimizer_s::SGD};
  CT_CATCH
}
int ct_adam_new(const ct_tensor *params, int n, double lr, double beta1, double beta2, double eps,
                double weight_decay, bool amsgrad, ct_optimizer *out) {
  CT_TRY
  *out = new_adam<torch::optim::Adam, torch::optim::AdamOptions>(ct_optimizer_s::Adam, params, n, lr, beta1, beta2,
                                                                 eps, weight_decay, amsgrad);
  CT_CATCH
}
int ct_adamw_new(const ct_tensor *params, int n, double lr, double beta1, double beta2, double eps,
                 double weight_decay, bool amsgrad, ct_optimizer *out) {
  CT_TRY
  *out = new_adam<torch::optim::AdamW, torch::optim::AdamWOptions>(ct_optimizer_s::AdamW, params, n, lr, beta1, beta2,
                                                                   eps, weight_decay, amsgrad);
  CT_CATCH
}
void ct_optimizer_free(ct_optimizer o) { delete o; }

int ct_optimizer_step(ct_optimizer o) {
  CT_TRY
  if (o->kind == ct_optimizer_s::SGD || !fused_adam_step(o)) o->opt->step();
  CT_CATCH
}
int ct_optimizer_zero_grad(ct_optimizer o, bool set_to_none) { CT_TRY o->opt->zero_grad(set_to_none); CT_CATCH }
int ct_optimizer_get_lr(ct_optimizer o, double *out) {
  CT_TRY *out = o->opt->param_groups().at(0).options().get_lr(); CT_CATCH
}
int ct_optimizer_set_lr(ct_optimizer o, double lr) {
  CT_TRY
  for (auto &g : o->opt->param_groups()) g.options().set_lr(lr);
  CT_CATCH
}

int ct_optimizer_get_state(ct_optimizer o, int i, const char *name, ct_tensor *out) {
  CT_TRY
  auto *s = state_for(o, i, false);
  at::Tensor *f = s ? field(o, s, name) : nullptr;
  *out = (f && f->defined()) ? wrap(*f) : nullptr;
  CT_CATCH
}
int ct_optimizer_set_state(ct_optimizer o, int i, const char *name, ct_tensor value) {
  CT_TRY
  auto *s = state_for(o, i, true);
  at::Tensor *f = field(o, s, name);
  const auto &p = param_at(o, i);
  *f = value ? value->t.detach().to(p.device(), p.scalar_type()).clone() : at::Tensor();
  CT_CATCH
}
int ct_optimizer_get_step(ct_optimizer o, int i, int64_t *out) {
  CT_TRY
  auto *s = state_for(o, i, false);
  if (!s) { *out = 0; return 0; }
  switch (o->kind) {
    case ct_optimizer_s::SGD: *out = 0; break;
    case ct_optimizer_s::Adam: *out = static_cast<torch::optim::AdamParamState *>(s)->step(); break;
    case ct_optimizer_s::AdamW: *out = static_cast<torch::optim::AdamWParamState *>(s)->step(); break;
  }
  CT_CATCH
}
int ct_optimizer_set_step(ct_optimizer o, int i, int64_t step) {
  CT_TRY
  auto *s = state_for(o, i, true);
  switch (o->kind) {
    case ct_optimizer_s::SGD: break;
    case ct_optimizer_s::Adam: static_cast<torch::optim::AdamParamState *>(s)->step(step); break;
    case ct_optimizer_s::AdamW: static_cast<torch::optim::AdamWParamState *>(s)->step(step); break;
  }
  CT_CATCH
}

int ct_clip_grad_norm(const ct_tensor *params, int n, double max_norm, double norm_type, double *total_norm) {
  CT_TRY *total_norm = torch::nn::utils::clip_grad_norm_(collect(params, n), max_norm, norm_type); CT_CATCH
}

}  // extern "C"
