"""PyTorch reference for `metorigin bench engine`.

Runs the same three workloads as the Swift side (same shapes, dtypes, threads, seed) and prints
one JSON object per workload: {"name", "steps_per_s", "seconds": [...], "peak_rss_mb"}.
Invoked by the Swift benchmark, alternating with its own runs:

    python benchmarks/engine.py --workload cnn3d --threads 2 --warmup 2 --runs 5 --device cpu
"""
import argparse
import json
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class DownBlock3d(nn.Module):
    """The paper's two-arm residual down-sampling block, in 3D (see Sources/Models)."""

    def __init__(self, cin, cout, groups):
        super().__init__()
        self.conv1 = nn.Conv3d(cin, cout, 3, padding=1)
        self.norm1 = nn.GroupNorm(groups, cout)
        self.conv2 = nn.Conv3d(cout, cout, 3, stride=2, padding=1)
        self.norm2 = nn.GroupNorm(groups, cout)
        self.conv3 = nn.Conv3d(cout, cout, 3, padding=1)
        self.norm3 = nn.GroupNorm(groups, cout)
        self.shortcut = nn.Conv3d(cin, cout, 1, stride=2)

    def forward(self, x):
        y = F.relu(self.norm1(self.conv1(x)))
        y = F.relu(self.norm2(self.conv2(y)))
        y = F.relu(self.norm3(self.conv3(y)))
        return y + self.shortcut(x)


class CNN3d(nn.Module):
    def __init__(self, cin=2, widths=(8, 16, 32, 64, 128), groups=8, classes=5):
        super().__init__()
        self.stem = nn.Conv3d(cin, widths[0], 3, padding=1)
        self.stem_norm = nn.GroupNorm(groups, widths[0])
        blocks, c = [], widths[0]
        for w in widths:
            blocks.append(DownBlock3d(c, w, groups))
            c = w
        self.blocks = nn.ModuleList(blocks)
        self.head = nn.Linear(c, classes)

    def forward(self, x):
        x = F.relu(self.stem_norm(self.stem(x)))
        for b in self.blocks:
            x = b(x)
        return self.head(x.mean(dim=(2, 3, 4)))


class UNet2d(nn.Module):
    def __init__(self, width=8, levels=4):
        super().__init__()
        self.down = nn.ModuleList()
        c, chans = 1, []
        for i in range(levels):
            w = width * 2 ** i
            self.down.append(nn.ModuleList([nn.Conv2d(c, w, 3, padding=1), nn.Conv2d(w, w, 3, padding=1)]))
            chans.append(w)
            c = w
        self.up = nn.ModuleList()
        for i in reversed(range(levels - 1)):
            w = chans[i]
            self.up.append(nn.ModuleList([nn.ConvTranspose2d(c, w, 2, stride=2),
                                          nn.Conv2d(2 * w, w, 3, padding=1), nn.Conv2d(w, w, 3, padding=1)]))
            c = w
        self.out = nn.Conv2d(c, 1, 1)

    def forward(self, x):
        skips = []
        for i, (a, b) in enumerate(self.down):
            x = F.relu(b(F.relu(a(x))))
            if i < len(self.down) - 1:
                skips.append(x)
                x = F.max_pool2d(x, 2)
        for (t, a, b) in self.up:
            x = t(x)
            x = torch.cat([skips.pop(), x], dim=1)
            x = F.relu(b(F.relu(a(x))))
        return self.out(x)


def workload(name, device, gen):
    """Returns (model, step) for a workload; inputs are made once, as on the Swift side."""
    if name == "cnn3d":
        model = CNN3d().to(device)
        x = torch.randn(2, 2, 64, 64, 32, generator=gen).to(device)
        y = torch.tensor([1, 3], device=device)
        loss_fn = lambda: F.cross_entropy(model(x), y)
    elif name == "transformer":
        layer = nn.TransformerEncoderLayer(256, 8, 1024, dropout=0.1, batch_first=True)
        model = nn.TransformerEncoder(layer, 12, enable_nested_tensor=False).to(device)
        x = torch.randn(4, 256, 256, generator=gen).to(device)
        loss_fn = lambda: model(x).square().mean()
    elif name == "dispatch-unet2d":
        model = UNet2d().to(device)
        x = torch.randn(1, 1, 64, 64, generator=gen).to(device)
        t = (torch.rand(1, 1, 64, 64, generator=gen) > 0.5).float().to(device)
        loss_fn = lambda: F.binary_cross_entropy_with_logits(model(x), t)
    else:
        raise SystemExit(f"unknown workload {name}")
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn()
        loss.backward()
        opt.step()
        return loss

    return step


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workload", required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    device = torch.device(a.device)
    step = workload(a.workload, device, gen)
    print(json.dumps(time_steps(a.workload, step, device, a.warmup, a.runs)))


def time_steps(name, step, device, warmup, runs):
    """Times `runs` calls of `step` after `warmup` untimed ones (shared with segment.py); the
    timing line both sides of every benchmark print."""
    sync = (lambda: torch.cuda.synchronize()) if device.type == "cuda" else (lambda: None)
    for _ in range(warmup):
        step()
    sync()
    seconds = []
    for _ in range(runs):
        t0 = time.perf_counter()
        step()
        sync()
        seconds.append(time.perf_counter() - t0)
    seconds.sort()
    median = seconds[len(seconds) // 2]
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"name": name, "steps_per_s": 1.0 / median, "seconds": seconds, "peak_rss_mb": peak_kb / 1024.0}

if __name__ == "__main__":
    main()
