// torch.nn.functional equivalents.
#include "internal.h"

using namespace ctorch;

// The 1-, 2- or 3-D variant of libtorch's `op` (at::conv1d, at::conv2d, at::conv3d, ...) for
// `n` spatial dimensions, called with the remaining arguments; `what` names the operation in the
// error for any other `n`.
#define CT_SPATIAL(op, n, what, ...)                                                          \
  ((n) == 1   ? at::op##1d(__VA_ARGS__)                                                       \
   : (n) == 2 ? at::op##2d(__VA_ARGS__)                                                       \
   : (n) == 3 ? at::op##3d(__VA_ARGS__)                                                       \
              : throw std::invalid_argument(std::string(what) +                               \
                                            " needs 1, 2 or 3 spatial dimensions, got " + std::to_string(n)))

extern "C" {

int ct_conv(ct_tensor input, ct_tensor weight, ct_tensor bias, const int64_t *stride, const int64_t *padding,
            const int64_t *dilation, int n, int64_t groups, ct_tensor *out) {
  CT_TRY
  auto s = ints(stride, n), p = ints(padding, n), d = ints(dilation, n);
  *out = wrap(CT_SPATIAL(conv, n, "convolution", input->t, weight->t, opt(bias), s, p, d, groups));
  CT_CATCH
}

int ct_conv_transpose(ct_tensor input, ct_tensor weight, ct_tensor bias, const int64_t *stride,
                      const int64_t *padding, const int64_t *output_padding, const int64_t *dilation, int n,
                      int64_t groups, ct_tensor *out) {
  CT_TRY
  auto s = ints(stride, n), p = ints(padding, n), op = ints(output_padding, n), d = ints(dilation, n);
  *out = wrap(CT_SPATIAL(conv_transpose, n, "transposed convolution", input->t, weight->t, opt(bias), s, p, op,
                         groups, d));
  CT_CATCH
}

int ct_max_pool(ct_tensor input, const int64_t *kernel, const int64_t *stride, const int64_t *padding, int n,
                bool ceil_mode, ct_tensor *out) {
  CT_TRY
  auto k = ints(kernel, n), s = ints(stride, n), p = ints(padding, n);
  std::vector<int64_t> d(static_cast<size_t>(n), 1);
  *out = wrap(CT_SPATIAL(max_pool, n, "max pooling", input->t, k, s, p, d, ceil_mode));
  CT_CATCH
}

int ct_avg_pool(ct_tensor input, const int64_t *kernel, const int64_t *stride, const int64_t *padding, int n,
                bool ceil_mode, bool count_include_pad, ct_tensor *out) {
  CT_TRY
  auto k = ints(kernel, n), s = ints(stride, n), p = ints(padding, n);
  *out = wrap(CT_SPATIAL(avg_pool, n, "average pooling", input->t, k, s, p, ceil_mode, count_include_pad));
  CT_CATCH
}

int ct_adaptive_avg_pool(ct_tensor input, const int64_t *output_size, int n, ct_tensor *out) {
  CT_TRY *out = wrap(CT_SPATIAL(adaptive_avg_pool, n, "adaptive pooling", input->t, ints(output_size, n))); CT_CATCH
}

int ct_adaptive_max_pool(ct_tensor input, const int64_t *output_size, int n, ct_tensor *out) {
  CT_TRY
  // The pooled values; libtorch also returns the positions of the maxima.
  *out = wrap(std::get<0>(CT_SPATIAL(adaptive_max_pool, n, "adaptive pooling", input->t, ints(output_size, n))));
  CT_CATCH
}

#undef CT_SPATIAL

int ct_interpolate(ct_tensor input, const int64_t *size, const double *scale, int n, int mode, bool align_corners,
                   ct_tensor *out) {
  CT_TRY
  const auto &x = input->t;
  if (x.dim() != n + 2)
    throw std::invalid_argument("interpolate: input of " + std::to_string(x.dim()) + " dims cannot have " +
                                std::to_string(n) + " spatial dims");
  std::optional<at::IntArrayRef> osize = size ? std::optional<at::IntArrayRef>(ints(size, n)) : std::nullopt;
  std::optional<at::ArrayRef<double>> scales =
      scale ? std::optional<at::ArrayRef<double>>(at::ArrayRef<double>(scale, static_cast<size_t>(n))) : std::nullopt;
  at::Tensor r;
  if (mode == 0) {
    r = n == 1 ? at::upsample_nearest1d(x, osize, scales)
        : n == 2 ? at::upsample_nearest2d(x, osize, scales)
                 : at::upsample_nearest3d(x, osize, scales);
  } else if (mode == 1) {
    r = n == 1 ? at::upsample_linear1d(x, osize, align_corners, scales)
        : n == 2 ? at::upsample_bilinear2d(x, osize, align_corners, scales)
                 : at::upsample_trilinear3d(x, osize, align_corners, scales);
  } else if (mode == 2 && n == 2) {
    r = at::upsample_bicubic2d(x, osize, align_corners, scales);
  } else {
    throw std::invalid_argument("unsupported interpolation mode " + std::to_string(mode) + " for " +
                                std::to_string(n) + " spatial dims");
  }
  *out = wrap(std::move(r));
  CT_CATCH
}

int ct_pad(ct_tensor input, const int64_t *pad, int npad, double value, ct_tensor *out) {
  CT_TRY *out = wrap(at::constant_pad_nd(input->t, ints(pad, npad), value)); CT_CATCH
}

int ct_pad_mode(ct_tensor input, const int64_t *pad, int npad, int mode, ct_tensor *out) {
  CT_TRY
  static const char *names[] = {"reflect", "replicate", "circular"};
  if (mode < 0 || mode > 2) throw std::invalid_argument("pad: unknown padding mode " + std::to_string(mode));
  *out = wrap(at::pad(input->t, ints(pad, npad), names[mode]));
  CT_CATCH
}

int ct_linear(ct_tensor input, ct_tensor weight, ct_tensor bias, ct_tensor *out) {
  CT_TRY *out = wrap(at::linear(input->t, weight->t, opt(bias))); CT_CATCH
}

int ct_batch_norm(ct_tensor input, ct_tensor weight, ct_tensor bias, ct_tensor running_mean, ct_tensor running_var,
                  bool training, double momentum, double eps, ct_tensor *out) {
  CT_TRY
  *out = wrap(at::batch_norm(input->t, opt(weight), opt(bias), opt(running_mean), opt(running_var), training,
                             momentum, eps, /*cudnn_enabled=*/true));
  CT_CATCH
}

int ct_instance_norm(ct_tensor input, ct_tensor weight, ct_tensor bias, ct_tensor running_mean,
                     ct_tensor running_var, bool use_input_stats, double momentum, double eps, ct_tensor *out) {
  CT_TRY
  *out = wrap(at::instance_norm(input->t, opt(weight), opt(bias), opt(running_mean), opt(running_var),
                                use_input_stats, momentum, eps, /*cudnn_enabled=*/true));
  CT_CATCH
}

int ct_group_norm(ct_tensor input, int64_t groups, ct_tensor weight, ct_tensor bias, double eps, ct_tensor *out) {
  CT_TRY *out = wrap(at::group_norm(input->t, groups, opt(weight), opt(bias), eps, /*cudnn_enabled=*/true)); CT_CATCH
}

int ct_layer_norm(ct_tensor input, const int64_t *normalized_shape, int n, ct_tensor weight, ct_tensor bias,
                  double eps, ct_tensor *out) {
  CT_TRY
  *out = wrap(at::layer_norm(input->t, ints(normalized_shape, n), opt(weight), opt(bias), eps));
  CT_CATCH
}

int ct_leaky_relu(ct_tensor input, double slope, ct_tensor *out) {
  CT_TRY *out = wrap(at::leaky_relu(input->t, slope)); CT_CATCH
}
int ct_softmax(ct_tensor input, int64_t dim, ct_tensor *out) { CT_TRY *out = wrap(at::softmax(input->t, dim)); CT_CATCH }
int ct_log_softmax(ct_tensor input, int64_t dim, ct_tensor *out) {
  CT_TRY *out = wrap(at::log_softmax(input->t, dim)); CT_CATCH
}
int ct_dropout(ct_tensor input, double p, bool training, ct_tensor *out) {
  CT_TRY *out = wrap(at::dropout(input->t, p, training)); CT_CATCH
}
int ct_dropout_(ct_tensor input, double p, bool training) { CT_TRY at::dropout_(input->t, p, training); CT_CATCH }
int ct_dropout_generator(ct_tensor input, double p, bool training, ct_generator generator, ct_tensor *out) {
  CT_TRY
  const auto &x = input->t;
  if (p < 0 || p > 1)
    throw std::invalid_argument("dropout probability has to be between 0 and 1, but got " + std::to_string(p));
  if (!training || p == 0 || x.numel() == 0) {
    *out = wrap(x);
  } else if (p == 1) {
    *out = wrap(x * at::zeros({}, x.options()));  // keeps the graph, as at::dropout does
  } else {
    // The mask is not differentiated: drawn outside autograd, then multiplied in.
    at::Tensor noise;
    {
      at::NoGradGuard no_grad;
      noise = at::empty_like(x).bernoulli_(1 - p, gen(generator));
      noise.div_(1 - p);
    }
    *out = wrap(x * noise);
  }
  CT_CATCH
}

int ct_scaled_dot_product_attention(ct_tensor q, ct_tensor k, ct_tensor v, ct_tensor attn_mask, double dropout_p,
                                    bool is_causal, ct_tensor *out) {
  CT_TRY
  *out = wrap(at::scaled_dot_product_attention(q->t, k->t, v->t, opt(attn_mask), dropout_p, is_causal));
  CT_CATCH
}

int ct_cross_entropy(ct_tensor input, ct_tensor target, ct_tensor weight, int red, int64_t ignore_index,
                     double label_smoothing, ct_tensor *out) {
  CT_TRY
  *out = wrap(at::cross_entropy_loss(input->t, target->t, opt(weight), reduction(red), ignore_index,
                                     label_smoothing));
  CT_CATCH
}
int ct_nll_loss(ct_tensor input, ct_tensor target, ct_tensor weight, int red, int64_t ignore_index, ct_tensor *out) {
  CT_TRY *out = wrap(at::nll_loss_nd(input->t, target->t, opt(weight), reduction(red), ignore_index)); CT_CATCH
}
int ct_bce_with_logits(ct_tensor input, ct_tensor target, ct_tensor weight, ct_tensor pos_weight, int red,
                       ct_tensor *out) {
  CT_TRY
  *out = wrap(at::binary_cross_entropy_with_logits(input->t, target->t, opt(weight), opt(pos_weight), reduction(red)));
  CT_CATCH
}
int ct_mse_loss(ct_tensor input, ct_tensor target, int red, ct_tensor *out) {
  CT_TRY *out = wrap(at::mse_loss(input->t, target->t, reduction(red))); CT_CATCH
}
int ct_l1_loss(ct_tensor input, ct_tensor target, int red, ct_tensor *out) {
  CT_TRY *out = wrap(at::l1_loss(input->t, target->t, reduction(red))); CT_CATCH
}
int ct_smooth_l1_loss(ct_tensor input, ct_tensor target, int red, double beta, ct_tensor *out) {
  CT_TRY *out = wrap(at::smooth_l1_loss(input->t, target->t, reduction(red), beta)); CT_CATCH
}

}  // extern "C"
