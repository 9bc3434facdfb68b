/* Neural-network functions (torch.nn.functional). See ctorch.h for conventions.
   Optional tensors (bias, weight, …) may be NULL. Spatial parameters are arrays of length
   `nspatial` (1, 2 or 3 for the 1D/2D/3D variants). */
#ifndef CTORCH_NN_H
#define CTORCH_NN_H

#include "ctorch_tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* conv{1,2,3}d by the number of spatial dims; transposed adds output_padding. */
int ct_conv(ct_tensor input, ct_tensor weight, ct_tensor bias, const int64_t *stride,
            const int64_t *padding, const int64_t *dilation, int nspatial, int64_t groups,
            ct_tensor *out);
int ct_conv_transpose(ct_tensor input, ct_tensor weight, ct_tensor bias, const int64_t *stride,
                      const int64_t *padding, const int64_t *output_padding, const int64_t *dilation,
                      int nspatial, int64_t groups, ct_tensor *out);

int ct_max_pool(ct_tensor input, const int64_t *kernel, const int64_t *stride, const int64_t *padding,
                int nspatial, bool ceil_mode, ct_tensor *out);
int ct_avg_pool(ct_tensor input, const int64_t *kernel, const int64_t *stride, const int64_t *padding,
                int nspatial, bool ceil_mode, bool count_include_pad, ct_tensor *out);
int ct_adaptive_avg_pool(ct_tensor input, const int64_t *output_size, int nspatial, ct_tensor *out);
int ct_adaptive_max_pool(ct_tensor input, const int64_t *output_size, int nspatial, ct_tensor *out);

/* mode: 0 nearest, 1 linear/bilinear/trilinear (by nspatial), 2 bicubic. Either size or
   scale (length nspatial) is given; the other is NULL. */
int ct_interpolate(ct_tensor input, const int64_t *size, const double *scale, int nspatial,
                   int mode, bool align_corners, ct_tensor *out);
int ct_pad(ct_tensor input, const int64_t *pad, int npad, double value, ct_tensor *out);
/* Non-constant padding (torch.nn.functional.pad's modes): 0 reflect, 1 replicate, 2 circular. */
int ct_pad_mode(ct_tensor input, const int64_t *pad, int npad, int mode, ct_tensor *out);

int ct_linear(ct_tensor input, ct_tensor weight, ct_tensor bias, ct_tensor *out);
int ct_batch_norm(ct_tensor input, ct_tensor weight, ct_tensor bias, ct_tensor running_mean,
                  ct_tensor running_var, bool training, double momentum, double eps, ct_tensor *out);
int ct_instance_norm(ct_tensor input, ct_tensor weight, ct_tensor bias, ct_tensor running_mean,
                     ct_tensor running_var, bool use_input_stats, double momentum, double eps,
                     ct_tensor *out);
int ct_group_norm(ct_tensor input, int64_t groups, ct_tensor weight, ct_tensor bias, double eps,
                  ct_tensor *out);
int ct_layer_norm(ct_tensor input, const int64_t *normalized_shape, int n, ct_tensor weight,
                  ct_tensor bias, double eps, ct_tensor *out);

int ct_leaky_relu(ct_tensor input, double slope, ct_tensor *out);
int ct_softmax(ct_tensor input, int64_t dim, ct_tensor *out);
int ct_log_softmax(ct_tensor input, int64_t dim, ct_tensor *out);
int ct_dropout(ct_tensor input, double p, bool training, ct_tensor *out);
int ct_dropout_(ct_tensor input, double p, bool training);
/* Dropout drawing its mask from `generator` (NULL: the global one), computed as libtorch's
   CPU path: input * bernoulli(1 - p) / (1 - p); the input itself when not training or p == 0. */
int ct_dropout_generator(ct_tensor input, double p, bool training, ct_generator generator, ct_tensor *out);
/* attn_mask may be NULL. */
int ct_scaled_dot_product_attention(ct_tensor q, ct_tensor k, ct_tensor v, ct_tensor attn_mask,
                                    double dropout_p, bool is_causal, ct_tensor *out);

/* Losses. reduction: 0 none, 1 mean, 2 sum. */
int ct_cross_entropy(ct_tensor input, ct_tensor target, ct_tensor weight, int reduction,
                     int64_t ignore_index, double label_smoothing, ct_tensor *out);
int ct_nll_loss(ct_tensor input, ct_tensor target, ct_tensor weight, int reduction,
                int64_t ignore_index, ct_tensor *out);
int ct_bce_with_logits(ct_tensor input, ct_tensor target, ct_tensor weight, ct_tensor pos_weight,
                       int reduction, ct_tensor *out);
int ct_mse_loss(ct_tensor input, ct_tensor target, int reduction, ct_tensor *out);
int ct_l1_loss(ct_tensor input, ct_tensor target, int reduction, ct_tensor *out);
int ct_smooth_l1_loss(ct_tensor input, ct_tensor target, int reduction, double beta, ct_tensor *out);

#ifdef __cplusplus
}
#endif
#endif
