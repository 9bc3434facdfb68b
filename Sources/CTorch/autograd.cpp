// Autograd: gradients, graph control and grad-mode guards.
#include "internal.h"
#include <torch/csrc/autograd/autograd.h>
#include <c10/core/InferenceMode.h>

using namespace ctorch;

struct ct_guard_s { c10::InferenceMode mode; };

extern "C" {

int ct_requires_grad(ct_tensor t, bool *out) { CT_TRY *out = t->t.requires_grad(); CT_CATCH }
int ct_set_requires_grad(ct_tensor t, bool value) { CT_TRY t->t.set_requires_grad(value); CT_CATCH }
int ct_grad(ct_tensor t, ct_tensor *out) {
  CT_TRY
  const auto &g = t->t.grad();
  *out = g.defined() ? wrap(g) : nullptr;
  CT_CATCH
}
int ct_set_grad(ct_tensor t, ct_tensor grad) {
  CT_TRY t->t.mutable_grad() = grad ? grad->t : at::Tensor(); CT_CATCH
}
int ct_zero_grad(ct_tensor t) {
  CT_TRY
  auto &g = t->t.mutable_grad();
  if (g.defined()) g.zero_();
  CT_CATCH
}
int ct_backward(ct_tensor t, ct_tensor gradient, bool retain_graph) {
  CT_TRY
  t->t.backward(gradient ? gradient->t : at::Tensor(), retain_graph);
  CT_CATCH
}
int ct_detach(ct_tensor t, ct_tensor *out) { CT_TRY *out = wrap(t->t.detach()); CT_CATCH }
int ct_detach_(ct_tensor t) { CT_TRY t->t.detach_(); CT_CATCH }

int ct_autograd_grad(const ct_tensor *outputs, int noutputs, const ct_tensor *grad_outputs, const ct_tensor *inputs,
                     int ninputs, bool create_graph, ct_tensor *grads) {
  CT_TRY
  std::vector<at::Tensor> outs, gouts, ins;
  for (int i = 0; i < noutputs; ++i) {
    outs.push_back(outputs[i]->t);
    gouts.push_back(grad_outputs && grad_outputs[i] ? grad_outputs[i]->t : at::Tensor());
  }
  for (int i = 0; i < ninputs; ++i) ins.push_back(inputs[i]->t);
  auto r = torch::autograd::grad(outs, ins, gouts, /*retain_graph=*/std::nullopt, create_graph,
                                 /*allow_unused=*/true);
  for (int i = 0; i < ninputs; ++i) {
    const auto &g = r[static_cast<size_t>(i)];
    grads[i] = g.defined() ? wrap(g) : nullptr;
  }
  CT_CATCH
}

bool ct_is_grad_enabled(void) { return at::GradMode::is_enabled(); }
void ct_set_grad_enabled(bool enabled) { at::GradMode::set_enabled(enabled); }

int ct_inference_mode_enter(ct_guard *out) { CT_TRY *out = new ct_guard_s(); CT_CATCH }
void ct_guard_exit(ct_guard g) { delete g; }

}  // extern "C"
