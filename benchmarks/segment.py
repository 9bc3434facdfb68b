"""PyTorch reference of the proposed segmentation network, for `metorigin bench segment` and for
the parity fixture of `Tests/ModelsTests`.

The network is built exactly as `ConvTransformerUNet` in `Sources/Models/Segmentation` (same
layers, order of construction, names, so the state-dict keys are the same, and the same
PyTorch default initialisation). Two modes:

    # time whole-volume inference (256 x 256 x 64, slices in batches, softmax); prints one JSON
    # line {"name", "steps_per_s", "seconds": [...], "peak_rss_mb"} as benchmarks/engine.py
    python benchmarks/segment.py --preset demo --threads 2 --warmup 1 --runs 3 --device cpu

    # write the parity fixture: tiny config, seeded weights and input, and PyTorch's output
    python benchmarks/segment.py --fixture Tests/ModelsTests/Fixtures/proposed_parity.safetensors
"""
import argparse
import json

import torch
import torch.nn as nn
import torch.nn.functional as F

from engine import time_steps  # benchmarks/ is the script directory, first on sys.path

# The presets of SegmentationNetworkConfig (Swift), field for field.
PRESETS = {
    "paper": dict(in_channels=1, widths=[16, 32, 64, 128, 256, 512], groups=8, depth=12, heads=8,
                  feed_forward=2048, dropout=0.1, slice_size=256),
    "demo": dict(in_channels=1, widths=[8, 16, 32, 64, 128, 128], groups=4, depth=2, heads=4,
                 feed_forward=256, dropout=0.1, slice_size=128),
    # The parity fixture's configuration (Tests/ModelsTests/ProposedParityTests.swift).
    "tiny": dict(in_channels=1, widths=[4, 8, 8], groups=2, depth=2, heads=2, feed_forward=16, dropout=0.1,
                 slice_size=16),
}


def group_count(preferred, channels):
    """Largest divisor of `channels` not above `preferred` (as Models' groupCount)."""
    g = max(1, min(preferred, channels))
    while channels % g:
        g -= 1
    return g


class ConvNormReLU(nn.Module):
    def __init__(self, cin, cout, stride=1, groups=8):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, stride=stride, padding=1)
        self.norm = nn.GroupNorm(group_count(groups, cout), cout)

    def forward(self, x):
        return F.relu(self.norm(self.conv(x)))


class ResidualDownBlock(nn.Module):
    def __init__(self, cin, cout, groups):
        super().__init__()
        self.conv1 = ConvNormReLU(cin, cout, groups=groups)
        self.conv2 = ConvNormReLU(cout, cout, stride=2, groups=groups)
        self.conv3 = ConvNormReLU(cout, cout, groups=groups)
        self.shortcut = nn.Conv2d(cin, cout, 1, stride=2)

    def forward(self, x):
        return self.conv3(self.conv2(self.conv1(x))) + self.shortcut(x)


class DoubleConv(nn.Module):
    def __init__(self, cin, cout, groups):
        super().__init__()
        self.conv1 = ConvNormReLU(cin, cout, groups=groups)
        self.conv2 = ConvNormReLU(cout, cout, groups=groups)

    def forward(self, x):
        return self.conv2(self.conv1(x))


class UpSamplingBlock(nn.Module):
    def __init__(self, cin, cout, groups):
        super().__init__()
        self.convs = DoubleConv(cin, cout, groups)

    def forward(self, x):
        return F.interpolate(self.convs(x), scale_factor=2, mode="bilinear", align_corners=False)


class TransformerBottleneck(nn.Module):
    def __init__(self, width, grid, depth, heads, feed_forward, dropout):
        super().__init__()
        self.grid, self.width = grid, width
        self.position_embedding = nn.Parameter(torch.empty(1, grid * grid, width))
        nn.init.normal_(self.position_embedding, std=0.02)
        layer = nn.TransformerEncoderLayer(width, heads, feed_forward, dropout=dropout, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, depth, enable_nested_tensor=False)

    def position_embeddings(self, rows, cols):
        if rows == self.grid and cols == self.grid:
            return self.position_embedding
        g = self.position_embedding.reshape(1, self.grid, self.grid, self.width).permute(0, 3, 1, 2)
        g = F.interpolate(g, size=(rows, cols), mode="bilinear", align_corners=False)
        return g.permute(0, 2, 3, 1).reshape(1, rows * cols, self.width)

    def forward(self, x):
        n, c, h, w = x.shape
        tokens = x.flatten(2).transpose(1, 2)
        mixed = self.encoder(tokens + self.position_embeddings(h, w))
        return mixed.transpose(1, 2).reshape(n, c, h, w)


class ConvTransformerUNet(nn.Module):
    def __init__(self, in_channels, widths, groups, depth, heads, feed_forward, dropout, slice_size):
        super().__init__()
        levels = len(widths) - 1
        self.stem = ConvNormReLU(in_channels, widths[0], groups=groups)
        self.down = nn.ModuleList([ResidualDownBlock(widths[i], widths[i + 1], groups) for i in range(levels)])
        self.bottleneck = TransformerBottleneck(widths[levels], slice_size // 2 ** levels, depth, heads, feed_forward,
                                                dropout)
        up, channels = [], widths[levels]
        for level in range(levels, 0, -1):
            up.append(UpSamplingBlock(channels + widths[level], widths[level - 1], groups))
            channels = widths[level - 1]
        self.up = nn.ModuleList(up)
        self.fuse = ConvNormReLU(2 * widths[0], widths[0], groups=groups)
        self.head = nn.Conv2d(widths[0], 2, 1)

    def forward(self, x):
        full = self.stem(x)
        skips, h = [], full
        for block in self.down:
            h = block(h)
            skips.append(h)
        h = self.bottleneck(h)
        for block in self.up:
            h = block(torch.cat([h, skips.pop()], dim=1))
        return self.head(self.fuse(torch.cat([h, full], dim=1)))


def segment_volume(model, volume, batch):
    """Tumour probability of every slice of a (D, H, W) volume, `batch` slices at a time."""
    out = []
    with torch.inference_mode():
        for start in range(0, volume.shape[0], batch):
            x = volume[start:start + batch].unsqueeze(1)
            out.append(F.softmax(model(x), dim=1)[:, 1])
    return torch.cat(out, dim=0)


def write_fixture(path, seed):
    from safetensors.torch import save_file
    torch.manual_seed(seed)
    model = ConvTransformerUNet(**PRESETS["tiny"]).eval()
    gen = torch.Generator().manual_seed(seed + 1)
    # One slice at the configured size and one at another multiple (interpolated embeddings).
    x = torch.randn(2, 1, 16, 16, generator=gen)
    x2 = torch.randn(1, 1, 24, 32, generator=gen)
    with torch.no_grad():
        tensors = {f"model.{k}": v.contiguous() for k, v in model.state_dict().items()}
        tensors.update({"input": x, "output": model(x), "input_resized": x2, "output_resized": model(x2)})
    save_file(tensors, path, metadata={"seed": str(seed), "config": json.dumps(PRESETS["tiny"])})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", choices=["demo", "paper"], default="demo")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--fixture", help="write the parity fixture to this path and exit")
    a = ap.parse_args()
    if a.fixture:
        write_fixture(a.fixture, a.seed)
        return
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    device = torch.device(a.device)
    model = ConvTransformerUNet(**PRESETS[a.preset]).to(device).eval()
    gen = torch.Generator().manual_seed(a.seed)
    volume = torch.randn(64, 256, 256, generator=gen).to(device)
    print(json.dumps(time_steps(a.preset, lambda: segment_volume(model, volume, a.batch), device, a.warmup, a.runs)))

if __name__ == "__main__":
    main()
