#!/usr/bin/env python3
"""Parity fixtures for the Swift `Torch` layers and functions (Tests/TorchTests/Fixtures/parity).

Run with the project's interpreter: `.venv/bin/python scripts/make_fixtures.py`. Deterministic:
every random number comes from a generator seeded by the case name, so reruns produce the same
bytes.

For every case PyTorch builds the layer (or calls the function) on small fixed inputs and the
script stores, as raw little-endian arrays in one `tensors.bin` indexed by `index.json`:

- `init.<key>`    the layer's state dict right after construction with `torch.manual_seed(seed)`
                  (the Swift test builds the layer with `Generator(seed:)` and compares: default
                  initialisation and order of draws);
- `state.<key>`   the state dict the forward pass uses (norm layers get random affine values and
                  statistics so the gradients are not trivial); it loads with strict=True;
- `input.<i>`     the inputs; `output` (and `output.<i>` for extra outputs);
- `grad_output`   a random cotangent; `grad.input.<i>` and `grad.<key>` the gradients of
                  sum(output * grad_output) for the float inputs and every parameter;
- `after.<key>`   buffers after the forward pass (running statistics).

The Swift tests (`LayerParityTests`, `FunctionalParityTests`) know how to build each case;
`meta` records the mode and seed.
"""
import json
import pathlib
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "TorchTests" / "Fixtures" / "parity"

DTYPES = {torch.float32: "f32", torch.float64: "f64", torch.int64: "i64", torch.bool: "bool"}


class Store:
    def __init__(self):
        self.blob = bytearray()
        self.cases = {}

    def put(self, case, name, t):
        t = t.detach().cpu().contiguous()
        if t.dtype not in DTYPES:
            raise ValueError(f"{case}/{name}: unsupported dtype {t.dtype}")
        data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        while len(self.blob) % 8:
            self.blob.append(0)
        entry = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "offset": len(self.blob), "bytes": len(data)}
        self.blob += data
        self.cases.setdefault(case, {"meta": {}, "tensors": {}})["tensors"][name] = entry

    def meta(self, case, **kw):
        self.cases.setdefault(case, {"meta": {}, "tensors": {}})["meta"].update(kw)

    def write(self):
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "tensors.bin").write_bytes(bytes(self.blob))
        index = {"format": "raw little-endian arrays in tensors.bin; offsets in bytes",
                 "torch": torch.__version__, "cases": self.cases}
        (OUT / "index.json").write_text(json.dumps(index, indent=1, sort_keys=True) + "\n")


store = Store()


def seed_of(name):
    return zlib.crc32(name.encode()) & 0xFFFF


def gen(name):
    return torch.Generator().manual_seed(seed_of(name) + 1)


def randn(g, *shape, dtype=torch.float32):
    return torch.randn(tuple(shape), generator=g, dtype=dtype)


def layer_case(name, make, inputs, train=False, perturb=False, call=None, n_outputs=1):
    """Builds `make()` after seeding, runs it on `inputs` (a function of a generator) and stores
    everything the Swift test needs. `call(module, *inputs)` overrides `module(*inputs)`."""
    seed = seed_of(name)
    torch.manual_seed(seed)
    m = make()
    for k, v in m.state_dict().items():
        store.put(name, f"init.{k}", v)
    g = gen(name)
    if perturb:
        with torch.no_grad():
            for k, v in m.state_dict().items():
                if not v.is_floating_point():
                    continue
                if "var" in k:
                    v.copy_(torch.rand(v.shape, generator=g) + 0.5)
                else:
                    v.copy_(randn(g, *v.shape))
    m.train(train)
    for k, v in m.state_dict().items():
        store.put(name, f"state.{k}", v)
    xs = inputs(g)
    for i, x in enumerate(xs):
        if isinstance(x, torch.Tensor):
            if x.is_floating_point():
                x.requires_grad_(True)
            store.put(name, f"input.{i}", x)
    out = call(m, *xs) if call else m(*xs)
    outs = out if isinstance(out, tuple) else (out,)
    main = outs[0]
    store.put(name, "output", main)
    for i, extra in enumerate(outs[1:n_outputs], start=1):
        if extra is not None:
            store.put(name, f"output.{i}", extra)
    gout = randn(g, *main.shape)
    store.put(name, "grad_output", gout)
    main.backward(gout)
    for i, x in enumerate(xs):
        if isinstance(x, torch.Tensor) and x.is_floating_point():
            store.put(name, f"grad.input.{i}", x.grad)
    for k, p in m.named_parameters():
        store.put(name, f"grad.{k}", p.grad)
    for k, b in m.named_buffers():
        store.put(name, f"after.{k}", b)
    store.meta(name, seed=seed, train=train)


def function_case(name, fn, inputs, grad_inputs=None):
    """`fn(*inputs)` with gradients for the float inputs (or those listed in grad_inputs)."""
    g = gen(name)
    xs = inputs(g)
    for i, x in enumerate(xs):
        wants = x.is_floating_point() if grad_inputs is None else i in grad_inputs
        if wants:
            x.requires_grad_(True)
        store.put(name, f"input.{i}", x)
    out = fn(*xs)
    store.put(name, "output", out)
    gout = randn(g, *out.shape, dtype=out.dtype)
    store.put(name, "grad_output", gout)
    out.backward(gout)
    for i, x in enumerate(xs):
        if x.requires_grad:
            store.put(name, f"grad.input.{i}", x.grad)
    store.meta(name, seed=seed_of(name))


# MARK: layers ------------------------------------------------------------------------------

layer_case("linear", lambda: nn.Linear(5, 3), lambda g: [randn(g, 4, 5)])
layer_case("linear_nobias", lambda: nn.Linear(6, 2, bias=False), lambda g: [randn(g, 2, 3, 6)])
layer_case("conv1d", lambda: nn.Conv1d(2, 3, 3, stride=2, padding=1), lambda g: [randn(g, 2, 2, 9)])
layer_case("conv2d", lambda: nn.Conv2d(4, 6, 3, padding=2, dilation=2, groups=2), lambda g: [randn(g, 2, 4, 6, 5)])
layer_case("conv3d", lambda: nn.Conv3d(2, 3, 3, stride=2, padding=1), lambda g: [randn(g, 1, 2, 5, 6, 5)])
layer_case("conv2d_same_even_kernel", lambda: nn.Conv2d(2, 3, 4, padding="same"), lambda g: [randn(g, 1, 2, 5, 6)])
layer_case("conv1d_same_dilated", lambda: nn.Conv1d(2, 2, 4, padding="same", dilation=3), lambda g: [randn(g, 2, 2, 11)])
layer_case("conv3d_valid", lambda: nn.Conv3d(1, 2, 2, padding="valid", bias=False), lambda g: [randn(g, 1, 1, 3, 4, 3)])
layer_case("conv_transpose2d", lambda: nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1),
           lambda g: [randn(g, 2, 3, 4, 3)])
layer_case("conv_transpose3d", lambda: nn.ConvTranspose3d(4, 2, 2, stride=2, groups=2),
           lambda g: [randn(g, 1, 4, 3, 2, 3)])

layer_case("batchnorm1d_train", lambda: nn.BatchNorm1d(4), lambda g: [randn(g, 6, 4)], train=True, perturb=True)
layer_case("batchnorm2d_train", lambda: nn.BatchNorm2d(3), lambda g: [randn(g, 4, 3, 3, 2)], train=True, perturb=True)
layer_case("batchnorm2d_eval", lambda: nn.BatchNorm2d(3), lambda g: [randn(g, 2, 3, 3, 2)], perturb=True)
layer_case("batchnorm3d_cumulative", lambda: nn.BatchNorm3d(2, momentum=None), lambda g: [randn(g, 2, 2, 3, 2, 2)],
           train=True, perturb=True)
layer_case("batchnorm2d_untracked", lambda: nn.BatchNorm2d(3, affine=False, track_running_stats=False),
           lambda g: [randn(g, 3, 3, 2, 2)])
layer_case("instancenorm2d_affine", lambda: nn.InstanceNorm2d(3, affine=True), lambda g: [randn(g, 2, 3, 4, 3)],
           train=True, perturb=True)
layer_case("instancenorm3d_tracked_train", lambda: nn.InstanceNorm3d(2, track_running_stats=True),
           lambda g: [randn(g, 2, 2, 3, 3, 2)], train=True, perturb=True)
layer_case("instancenorm3d_tracked_eval", lambda: nn.InstanceNorm3d(2, track_running_stats=True),
           lambda g: [randn(g, 2, 2, 3, 3, 2)], perturb=True)
layer_case("groupnorm", lambda: nn.GroupNorm(2, 4), lambda g: [randn(g, 2, 4, 3, 2, 2)], train=True, perturb=True)
layer_case("layernorm", lambda: nn.LayerNorm(4), lambda g: [randn(g, 2, 3, 4)], train=True, perturb=True)
layer_case("layernorm_2d_nobias", lambda: nn.LayerNorm([3, 4], bias=False), lambda g: [randn(g, 2, 3, 4)],
           train=True, perturb=True)

for name, make in [("relu", nn.ReLU), ("leaky_relu", lambda: nn.LeakyReLU(0.2)), ("gelu", nn.GELU),
                   ("gelu_tanh", lambda: nn.GELU(approximate="tanh")), ("sigmoid", nn.Sigmoid), ("tanh", nn.Tanh),
                   ("softmax", lambda: nn.Softmax(dim=1)), ("log_softmax", lambda: nn.LogSoftmax(dim=-1)),
                   ("silu", nn.SiLU), ("identity", nn.Identity), ("flatten", nn.Flatten)]:
    layer_case(name, make, lambda g: [randn(g, 2, 3, 4)])

layer_case("maxpool2d", lambda: nn.MaxPool2d(2), lambda g: [randn(g, 2, 2, 5, 4)])
layer_case("maxpool3d", lambda: nn.MaxPool3d(3, stride=2, padding=1), lambda g: [randn(g, 1, 2, 5, 4, 4)])
layer_case("avgpool2d", lambda: nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False),
           lambda g: [randn(g, 2, 2, 5, 4)])
layer_case("avgpool3d_ceil", lambda: nn.AvgPool3d(2, ceil_mode=True), lambda g: [randn(g, 1, 2, 3, 5, 4)])
layer_case("adaptive_avgpool2d", lambda: nn.AdaptiveAvgPool2d((2, 3)), lambda g: [randn(g, 2, 3, 5, 7)])
layer_case("adaptive_avgpool3d", lambda: nn.AdaptiveAvgPool3d(1), lambda g: [randn(g, 2, 3, 3, 4, 2)])
layer_case("adaptive_maxpool2d", lambda: nn.AdaptiveMaxPool2d((2, 2)), lambda g: [randn(g, 1, 2, 5, 4)])
layer_case("upsample_nearest2d", lambda: nn.Upsample(scale_factor=2), lambda g: [randn(g, 1, 2, 3, 2)])
layer_case("upsample_bilinear", lambda: nn.Upsample(size=(5, 3), mode="bilinear"), lambda g: [randn(g, 1, 2, 3, 2)])
layer_case("upsample_trilinear_align", lambda: nn.Upsample(scale_factor=2, mode="trilinear", align_corners=True),
           lambda g: [randn(g, 1, 1, 2, 3, 2)])

layer_case("sequential", lambda: nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                                               nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16, 3)),
           lambda g: [randn(g, 2, 2, 4, 4)], train=True)

layer_case("mha_self_batch_first", lambda: nn.MultiheadAttention(8, 2, batch_first=True),
           lambda g: [randn(g, 2, 5, 8), torch.tensor([[False] * 5, [False, False, False, True, True]])],
           call=lambda m, x, kpm: m(x, x, x, key_padding_mask=kpm, need_weights=False))
layer_case("mha_cross_weights", lambda: nn.MultiheadAttention(6, 3),
           lambda g: [randn(g, 3, 2, 6), randn(g, 4, 2, 6), torch.rand(3, 4, generator=g) < 0.3],
           call=lambda m, q, kv, mask: m(q, kv, kv, attn_mask=mask), n_outputs=2)
layer_case("mha_unaveraged_float_mask", lambda: nn.MultiheadAttention(4, 2, bias=False, batch_first=True),
           lambda g: [randn(g, 1, 3, 4), randn(g, 1, 2, 4), randn(g, 1, 2, 4), randn(g, 2, 3, 2)],
           call=lambda m, q, k, v, mask: m(q, k, v, attn_mask=mask, average_attn_weights=False), n_outputs=2)

layer_case("encoder_layer_post_relu",
           lambda: nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.1),
           lambda g: [randn(g, 4, 2, 8)])
layer_case("encoder_layer_pre_gelu",
           lambda: nn.TransformerEncoderLayer(8, 2, dim_feedforward=12, dropout=0.0, activation="gelu",
                                              batch_first=True, norm_first=True),
           lambda g: [randn(g, 2, 4, 8), torch.tensor([[False] * 4, [False, False, True, True]])],
           train=True, call=lambda m, x, kpm: m(x, src_key_padding_mask=kpm))
layer_case("encoder_stack",
           lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 4, dim_feedforward=16, batch_first=True,
                                                                    norm_first=True),
                                         2, norm=nn.LayerNorm(8), enable_nested_tensor=False),
           lambda g: [randn(g, 2, 3, 8)], perturb=False)
layer_case("encoder_stack_causal",
           lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.0), 2,
                                         enable_nested_tensor=False),
           lambda g: [randn(g, 3, 1, 4)], train=True,
           call=lambda m, x: m(x, mask=nn.Transformer.generate_square_subsequent_mask(3), is_causal=True))

# MARK: losses ------------------------------------------------------------------------------

function_case("cross_entropy_weighted_smoothed",
              lambda x, t, w: F.cross_entropy(x, t, weight=w, label_smoothing=0.1),
              lambda g: [randn(g, 5, 4), torch.tensor([0, 3, 1, 1, 2]), torch.rand(4, generator=g) + 0.5],
              grad_inputs={0})
function_case("cross_entropy_spatial_ignore",
              lambda x, t: F.cross_entropy(x, t, ignore_index=1, reduction="sum"),
              lambda g: [randn(g, 2, 3, 2, 2), torch.randint(0, 3, (2, 2, 2), generator=g)])
function_case("cross_entropy_probabilities",
              lambda x, t: F.cross_entropy(x, t, label_smoothing=0.2),
              lambda g: [randn(g, 3, 4), torch.softmax(randn(g, 3, 4), 1)], grad_inputs={0})
function_case("nll_weighted", lambda x, t, w: F.nll_loss(F.log_softmax(x, 1), t, weight=w),
              lambda g: [randn(g, 4, 3), torch.tensor([2, 0, 1, 2]), torch.tensor([1.0, 2.0, 0.5])],
              grad_inputs={0})
function_case("bce_with_logits_pos_weight",
              lambda x, t, pw: F.binary_cross_entropy_with_logits(x, t, pos_weight=pw),
              lambda g: [randn(g, 4, 3), (torch.rand(4, 3, generator=g) > 0.5).float(), torch.tensor([1.0, 2.0, 3.0])],
              grad_inputs={0})
function_case("bce_with_logits_none", lambda x, t: F.binary_cross_entropy_with_logits(x, t, reduction="none"),
              lambda g: [randn(g, 5), torch.rand(5, generator=g)])
function_case("mse", lambda x, t: F.mse_loss(x, t), lambda g: [randn(g, 3, 4), randn(g, 3, 4)])
function_case("l1_sum", lambda x, t: F.l1_loss(x, t, reduction="sum"), lambda g: [randn(g, 3, 4), randn(g, 3, 4)])
function_case("smooth_l1_beta", lambda x, t: F.smooth_l1_loss(x, t, beta=0.5),
              lambda g: [randn(g, 3, 4), randn(g, 3, 4)])

# MARK: functions without a layer -----------------------------------------------------------

function_case("sdpa_float_mask", lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, attn_mask=m),
              lambda g: [randn(g, 2, 2, 3, 4), randn(g, 2, 2, 5, 4), randn(g, 2, 2, 5, 4), randn(g, 3, 5)],
              grad_inputs={0, 1, 2})
function_case("sdpa_causal", lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
              lambda g: [randn(g, 1, 2, 4, 8), randn(g, 1, 2, 4, 8), randn(g, 1, 2, 4, 8)])
function_case("sdpa_bool_mask", lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, attn_mask=m),
              lambda g: [randn(g, 1, 3, 4), randn(g, 1, 2, 4), randn(g, 1, 2, 4),
                         torch.tensor([[True, False], [True, True], [False, True]])], grad_inputs={0, 1, 2})
function_case("interpolate_bicubic", lambda x: F.interpolate(x, size=(4, 5), mode="bicubic"),
              lambda g: [randn(g, 1, 2, 3, 3)])
function_case("interpolate_nearest3d_scale", lambda x: F.interpolate(x, scale_factor=(2.0, 1.0, 1.5)),
              lambda g: [randn(g, 1, 1, 2, 2, 2)])
function_case("pad_constant", lambda x: F.pad(x, (1, 2, 0, 1), value=0.5), lambda g: [randn(g, 1, 2, 3, 3)])
function_case("conv2d_stride_fn", lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=(1, 0)),
              lambda g: [randn(g, 1, 2, 5, 4), randn(g, 3, 2, 3, 2), randn(g, 3)])
function_case("conv_transpose1d_fn", lambda x, w: F.conv_transpose1d(x, w, stride=3, padding=1, output_padding=2, dilation=2),
              lambda g: [randn(g, 1, 2, 4), randn(g, 2, 3, 3)])
function_case("max_pool1d_fn", lambda x: F.max_pool1d(x, 3, stride=2, padding=1, ceil_mode=True),
              lambda g: [randn(g, 2, 2, 8)])
function_case("global_max_pool3d_fn", lambda x: F.adaptive_max_pool3d(x, 1), lambda g: [randn(g, 2, 3, 2, 3, 2)])
function_case("group_norm_fn", lambda x, w, b: F.group_norm(x, 3, w, b, eps=1e-3),
              lambda g: [randn(g, 2, 6, 5), randn(g, 6), randn(g, 6)])
function_case("batch_norm_fn_float64",
              lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True, eps=1e-4),
              lambda g: [randn(g, 4, 3, 2, dtype=torch.float64), randn(g, 3, dtype=torch.float64),
                         randn(g, 3, dtype=torch.float64)])



def seeded_dropout(x):
    # The Swift test draws the same mask from `Generator(seed: 77)`: a fresh generator and the
    # global one after `manual_seed` produce the same stream.
    torch.manual_seed(77)
    return F.dropout(x, 0.3)


function_case("dropout_seeded", seeded_dropout, lambda g: [randn(g, 4, 50)])

store.write()
total = len(store.blob)
print(f"{len(store.cases)} cases, {total / 1024:.1f} KiB in {OUT.relative_to(ROOT)}")
