"""Reference trajectories for MetOrigin's optimisers and learning-rate schedulers.

Run with the project's interpreter:  .venv/bin/python scripts/make_optim_fixtures.py

Writes Tests/TorchTests/Fixtures/optim/{optimizers,schedulers,clipping}.json: a few steps of
each optimiser on a fixed tiny regression problem (parameters after every step, in float64 and
float32), the learning-rate sequence of each scheduler, and gradient clipping results. Every
input is a fixed formula (no randomness), so the files are reproducible.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "TorchTests", "Fixtures", "optim")
STEPS = 6


def problem(dtype):
    """Weights (3x4), bias (3), inputs (6x4), targets (6x3): fixed formulas, mirrored in Swift."""
    w = torch.sin(torch.arange(12, dtype=torch.float64) * 0.7 + 0.3).reshape(3, 4)
    b = torch.cos(torch.arange(3, dtype=torch.float64) * 1.3)
    x = torch.sin(torch.arange(24, dtype=torch.float64) * 0.37).reshape(6, 4) * 2
    y = torch.cos(torch.arange(18, dtype=torch.float64) * 0.51).reshape(6, 3)
    return [t.to(dtype) for t in (w, b, x, y)]


def loss_fn(w, b, x, y):
    return torch.nn.functional.mse_loss(torch.tanh(torch.nn.functional.linear(x, w, b)), y)


OPTIMIZERS = {
    "sgd": (torch.optim.SGD, dict(lr=0.1)),
    "sgd_momentum": (torch.optim.SGD, dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    "sgd_nesterov": (torch.optim.SGD, dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.001)),
    "adam": (torch.optim.Adam, dict(lr=0.01)),
    "adam_wd_amsgrad": (torch.optim.Adam, dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05, amsgrad=True)),
    "adamw": (torch.optim.AdamW, dict(lr=0.01, weight_decay=0.1)),
    "adamw_amsgrad": (torch.optim.AdamW, dict(lr=0.01, amsgrad=True)),
}


def run_optimizer(cls, kwargs, dtype, schedule=None):
    w, b, x, y = problem(dtype)
    w.requires_grad_(True)
    b.requires_grad_(True)
    opt = cls([w, b], **kwargs)
    sched = schedule(opt) if schedule else None
    losses, params, lrs = [], [], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_fn(w, b, x, y)
        loss.backward()
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if sched:
            sched.step()
        losses.append(loss.item())
        params.append(torch.cat([w.detach().flatten(), b.detach().flatten()]).double().tolist())
    return {"losses": losses, "params": params, "lrs": lrs}


def optimizers():
    # The inputs themselves, so Swift starts from identical values (not re-derived with its own sin).
    out = {"problem": dict(zip("wbxy", (t.flatten().tolist() for t in problem(torch.float64))))}
    for name, (cls, kwargs) in OPTIMIZERS.items():
        for dtype, suffix in ((torch.float64, "f64"), (torch.float32, "f32")):
            out[f"{name}_{suffix}"] = run_optimizer(cls, kwargs, dtype)
    # The learning-rate setter as a scheduler uses it: Adam with StepLR(2, 0.5).
    out["adam_steplr_f64"] = run_optimizer(
        torch.optim.Adam, dict(lr=0.05), torch.float64,
        schedule=lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=2, gamma=0.5))
    return out


def clipping():
    out = {}
    for name, max_norm, norm_type in (("l2", 0.1, 2.0), ("inf", 0.05, math.inf), ("l1_noclip", 1e6, 1.0)):
        w, b, x, y = problem(torch.float64)
        w.requires_grad_(True)
        b.requires_grad_(True)
        loss_fn(w, b, x, y).backward()
        before = torch.cat([w.grad.flatten(), b.grad.flatten()]).tolist()
        total = torch.nn.utils.clip_grad_norm_([w, b], max_norm, norm_type=norm_type)
        after = torch.cat([w.grad.flatten(), b.grad.flatten()]).tolist()
        out[name] = {"max_norm": max_norm, "norm_type": "inf" if math.isinf(norm_type) else norm_type,
                     "total_norm": total.item(), "before": before, "after": after}
    return out


def schedulers():
    S = torch.optim.lr_scheduler
    n = 25

    def fresh(lr=0.1):
        return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)

    def trace(make, steps=n, external=None):
        opt = fresh()
        sched = make(opt)
        lrs = [sched.get_last_lr()[0]]
        for i in range(steps):
            opt.step()
            if external and i in external:
                for g in opt.param_groups:
                    g["lr"] = external[i]
            sched.step()
            lrs.append(sched.get_last_lr()[0])
        return lrs

    out = {
        "step": trace(lambda o: S.StepLR(o, step_size=3, gamma=0.5)),
        "multistep": trace(lambda o: S.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.3)),
        "exponential": trace(lambda o: S.ExponentialLR(o, gamma=0.9)),
        "cosine": trace(lambda o: S.CosineAnnealingLR(o, T_max=7, eta_min=0.001)),
        "cosine_zero_min": trace(lambda o: S.CosineAnnealingLR(o, T_max=10)),
        "lambda_inverse": trace(lambda o: S.LambdaLR(o, lambda e: 1 / (1 + e))),
        "lambda_power": trace(lambda o: S.LambdaLR(o, lambda e: 0.95 ** e)),
        # A rate changed from outside: chainable schedules continue from it.
        "step_external": trace(lambda o: S.StepLR(o, step_size=3, gamma=0.5), external={4: 0.5}),
    }

    # Two schedules on one optimiser (the second starts from the first's initial_lr).
    opt = fresh()
    a = S.StepLR(opt, step_size=4, gamma=0.5)
    b = S.ExponentialLR(opt, gamma=0.9)
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(n):
        opt.step()
        a.step()
        b.step()
        lrs.append(opt.param_groups[0]["lr"])
    out["chained_step_exponential"] = lrs

    metrics = [1.0, 0.9, 0.95, 0.95, 0.95, 0.8, 0.85, 0.85, 0.85, 0.85, 0.7, 0.71, 0.72, 0.73,
               0.74, 0.75, 0.76, 0.77, 0.78, 0.79]
    plateau = {}
    for name, kwargs in (
        ("min_rel", dict(mode="min", factor=0.5, patience=2, threshold=0.1, cooldown=1, min_lr=0.01)),
        ("max_abs", dict(mode="max", factor=0.3, patience=1, threshold=0.05, threshold_mode="abs")),
        ("defaults", dict()),
    ):
        opt = fresh()
        sched = S.ReduceLROnPlateau(opt, **kwargs)
        lrs = [sched.get_last_lr()[0]]
        for m in metrics:
            opt.step()
            sched.step(m)
            lrs.append(sched.get_last_lr()[0])
        plateau[name] = {"kwargs": kwargs, "lrs": lrs}
    out["plateau"] = {"metrics": metrics, "cases": plateau}
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in (("optimizers", optimizers()), ("clipping", clipping()), ("schedulers", schedulers())):
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as f:
            json.dump({"torch": torch.__version__, "data": data}, f, separators=(",", ":"))
        print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
