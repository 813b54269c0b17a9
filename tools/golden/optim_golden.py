#!/usr/bin/python3
"""Golden values for grad4j's optimizers, learning-rate schedulers and gradient clipping, from real
PyTorch 1.13 on the CPU (Debian's python3-torch, reference BLAS).

Run from the repository root with Debian's interpreter:

    /usr/bin/python3 tools/golden/optim_golden.py

Writes core/src/test/resources/golden/torch_optim.json:
- "optimizers": trajectories of two parameters (shapes [5, 7] and [13]: both a vectorised body and a
  scalar tail in PyTorch's kernels) under SGD, Adam, AdamW, RMSprop and Adagrad, every option and
  combinations, one or two parameter groups, float64 and float32. Gradients are given (stored), one is
  missing at some steps, and the learning rate of group 0 is changed before step 4 (the per-group setter).
  After every step: both parameters and every state tensor. The optimizer runs PyTorch's default path
  (foreach=None: _single_tensor_*).
- "schedulers": learning rates (and momentum / beta1 for OneCycleLR) step by step.
- "clip": clip_grad_norm_ (total norm and clipped gradients) and clip_grad_value_.
Every number is float.hex() of the value (float32 widened to double), so Java compares bits.
"""
import json
import math
import os

import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_golden import save_file  # noqa: E402  (the same minimal safetensors writer)

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(ROOT, "core", "src", "test", "resources", "golden")
OUT = os.path.join(GOLDEN, "torch_optim.json")
# Trajectories whose PyTorch state after step index 2 is also written as a safetensors file in grad4j's
# optimizer layout (state.<i>.<name>, param_groups = json.dumps of PyTorch's, foreach & co. included);
# Java loads it into an optimizer built with default options and must continue bit for bit.
TORCH_FILES = {("SGD", "groups", "float64"), ("Adam", "all", "float64"), ("AdamW", "amsgrad", "float32"),
               ("RMSprop", "groups", "float64"), ("Adagrad", "all", "float32")}
DTYPES = {"float32": torch.float32, "float64": torch.float64}
rng = np.random.default_rng(20261201)
SHAPES = [[5, 7], [13]]
STEPS = 6


def hexs(t):
    return [float(v).hex() for v in t.detach().double().reshape(-1).tolist()]


def hx(v):
    return float(v).hex()


def rand(shape, dtype, scale=1.0):
    v = rng.uniform(-1.5, 1.5, int(np.prod(shape))) * scale
    return torch.tensor(v.reshape(shape), dtype=torch.float64).to(DTYPES[dtype])


# (optimizer, name, options, second-group overrides or None)
CASES = [
    ("SGD", "groups", {"lr": 0.1, "momentum": 0.9}, {"lr": 0.05, "nesterov": True, "weight_decay": 0.01}),
    ("Adam", "default", {}, None),
    ("Adam", "lr_wd", {"lr": 0.05, "weight_decay": 0.1}, None),
    ("Adam", "amsgrad", {"lr": 0.01, "amsgrad": True}, None),
    ("Adam", "maximize", {"lr": 0.01, "maximize": True}, None),
    ("Adam", "all", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.05, "amsgrad": True,
                     "maximize": True}, None),
    ("Adam", "groups", {"lr": 0.01}, {"lr": 0.1, "betas": (0.5, 0.9), "amsgrad": True}),
    ("AdamW", "default", {}, None),
    ("AdamW", "no_wd", {"lr": 0.05, "weight_decay": 0.0}, None),
    ("AdamW", "amsgrad", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}, None),
    ("AdamW", "all", {"lr": 0.02, "betas": (0.7, 0.95), "eps": 1e-5, "weight_decay": 0.3, "amsgrad": True,
                      "maximize": True}, None),
    ("RMSprop", "default", {}, None),
    ("RMSprop", "centered", {"lr": 0.01, "centered": True}, None),
    ("RMSprop", "momentum", {"lr": 0.01, "momentum": 0.9}, None),
    ("RMSprop", "all", {"lr": 0.005, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.1, "momentum": 0.5,
                        "centered": True, "maximize": True}, None),
    ("RMSprop", "groups", {"lr": 0.01}, {"alpha": 0.5, "centered": True, "momentum": 0.3}),
    ("Adagrad", "default", {}, None),
    ("Adagrad", "lr_decay", {"lr": 0.1, "lr_decay": 0.1}, None),
    ("Adagrad", "wd_init", {"lr": 0.05, "weight_decay": 0.1, "initial_accumulator_value": 0.1}, None),
    ("Adagrad", "all", {"lr": 0.05, "lr_decay": 0.01, "weight_decay": 0.2, "initial_accumulator_value": 0.5,
                        "eps": 1e-6, "maximize": True}, None),
]

STATE_KEYS = ["momentum_buffer", "exp_avg", "exp_avg_sq", "max_exp_avg_sq", "square_avg", "grad_avg", "sum"]


def jsonable(v):
    if isinstance(v, tuple):
        return [float(x) for x in v]
    if isinstance(v, bool) or v is None:
        return v
    return float(v)


def optimizer_case(kind, name, opts, second, dtype):
    params = [rand(s, dtype).requires_grad_() for s in SHAPES]
    init = [hexs(p) for p in params]
    cls = getattr(torch.optim, kind)
    if second is None:
        opt = cls(params, **opts)
        groups = [[0, 1]]
    else:
        opt = cls([{"params": [params[0]]}, dict({"params": [params[1]]}, **second)], **opts)
        groups = [[0], [1]]
    steps = []
    for s in range(STEPS):
        if s == 3:
            opt.param_groups[0]["lr"] *= 0.5
        grads = []
        for i, p in enumerate(params):
            if s == 2 and i == 1:
                p.grad = None
                grads.append(None)
            else:
                g = rand(SHAPES[i], dtype, 2.0 if s % 2 else 0.5)
                p.grad = g
                grads.append(hexs(g))
        opt.step()
        state = []
        for p in params:
            st = opt.state[p]
            entry = {k: hexs(st[k]) for k in STATE_KEYS if k in st and st[k] is not None}
            if "step" in st:
                entry["step"] = float(st["step"])
            state.append(entry)
        steps.append({"grads": grads, "params": [hexs(p) for p in params], "state": state,
                      "lrs": [hx(g["lr"]) for g in opt.param_groups]})
        if s == 2 and (kind, name, dtype) in TORCH_FILES:
            torch_file = "torch_optim_%s_%s_%s.safetensors" % (kind.lower(), name, dtype)
            write_state(opt, os.path.join(GOLDEN, torch_file), kind)
    sd = opt.state_dict()
    pg = [{k: jsonable(v) for k, v in g.items() if k not in ("params", "foreach", "capturable", "differentiable",
                                                               "fused")} for g in sd["param_groups"]]
    out = {"optimizer": kind, "name": name, "dtype": dtype,
            "options": {k: jsonable(v) for k, v in opts.items()},
            "second": None if second is None else {k: jsonable(v) for k, v in second.items()},
            "groups": groups, "shapes": SHAPES, "init": init, "steps": steps, "param_groups": pg}
    if (kind, name, dtype) in TORCH_FILES:
        out["torch_file"] = "torch_optim_%s_%s_%s.safetensors" % (kind.lower(), name, dtype)
    return out


def write_state(opt, path, kind):
    """opt.state_dict() in grad4j's layout; a Python int step (RMSprop's) becomes a 0-d float32 tensor."""
    sd = opt.state_dict()
    tensors = {}
    for i, st in sd["state"].items():
        for k, v in st.items():
            if v is None:
                continue
            if not torch.is_tensor(v):
                v = torch.tensor(float(v), dtype=torch.float32)
            tensors["state.%d.%s" % (i, k)] = v
    meta = {"format": "grad4j-" + kind.lower(), "optimizer": kind, "param_groups": json.dumps(sd["param_groups"])}
    save_file(tensors, path, meta)


# ----------------------------------------------------------------- schedulers

def sched_case(name, make, n, opt_kind="SGD", opt_opts=None, metrics=None, lrs=(0.1, 0.05)):
    ps = [torch.zeros(2, dtype=torch.float64, requires_grad=True) for _ in lrs]
    opt_opts = dict(opt_opts or {})
    cls = getattr(torch.optim, opt_kind)
    opt = cls([{"params": [p], "lr": lr} for p, lr in zip(ps, lrs)], **opt_opts)
    sched = make(opt)
    out = {"lr": [[hx(g["lr"]) for g in opt.param_groups]], "momentum": [], "beta1": []}

    def record_m():
        out["momentum"].append([hx(g["momentum"]) for g in opt.param_groups] if "momentum" in opt.param_groups[0] else [])
        out["beta1"].append([hx(g["betas"][0]) for g in opt.param_groups] if "betas" in opt.param_groups[0] else [])
    record_m()
    for i in range(n):
        opt.step()
        if metrics is not None:
            sched.step(metrics[i])
        else:
            sched.step()
        out["lr"].append([hx(g["lr"]) for g in opt.param_groups])
        record_m()
    out.update({"name": name, "optimizer": opt_kind, "optimizer_options": opt_opts, "base_lrs": [hx(x) for x in lrs],
                "steps": n})
    if metrics is not None:
        out["metrics"] = [hx(m) for m in metrics]
    return out


def schedulers():
    S = torch.optim.lr_scheduler
    plateau = [1.0, 0.9, 0.95, 0.95, 0.96, 0.89, 0.9, 0.9, 0.9, 0.9, 0.9, 0.5, 0.6, 0.7, 0.7, 0.7, 0.7, 0.7,
               0.7, 0.7]
    up = [0.1, 0.2, 0.2, 0.2, 0.25, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4]
    cases = [
        ("StepLR", {"step_size": 3, "gamma": 0.5}, lambda o: S.StepLR(o, 3, gamma=0.5), 20),
        ("StepLR_default", {"step_size": 2}, lambda o: S.StepLR(o, 2), 10),
        ("MultiStepLR", {"milestones": [2, 5, 5, 9], "gamma": 0.3}, lambda o: S.MultiStepLR(o, [2, 5, 5, 9], gamma=0.3), 15),
        ("ExponentialLR", {"gamma": 0.9}, lambda o: S.ExponentialLR(o, 0.9), 40),
        ("CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001}, lambda o: S.CosineAnnealingLR(o, 10, eta_min=0.001), 45),
        ("CosineAnnealingLR_7", {"T_max": 7}, lambda o: S.CosineAnnealingLR(o, 7), 30),
        ("LinearLR", {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 8}, lambda o: S.LinearLR(o, 0.25, 1.0, 8), 12),
        ("LinearLR_default", {}, lambda o: S.LinearLR(o), 8),
        ("LinearLR_down", {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 5}, lambda o: S.LinearLR(o, 1.0, 0.1, 5), 8),
        ("LambdaLR", {"lambda": "0.95^epoch"}, lambda o: S.LambdaLR(o, lambda e: 0.95 ** e), 12),
        ("LambdaLR_warmup", {"lambda": "min(1, (epoch+1)/5)"}, lambda o: S.LambdaLR(o, lambda e: min(1.0, (e + 1) / 5)), 8),
    ]
    out = []
    for name, args, make, n in cases:
        c = sched_case(name, make, n)
        c["args"] = args
        out.append(c)
    one = [
        ("OneCycleLR_cos", {"max_lr": 0.5, "total_steps": 20}, "SGD", {"momentum": 0.9},
         lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=20), 20),
        ("OneCycleLR_linear_three_phase", {"max_lr": [0.5, 0.2], "total_steps": 25, "pct_start": 0.25,
                                           "anneal_strategy": "linear", "three_phase": True, "div_factor": 10.0,
                                           "final_div_factor": 100.0},
         "SGD", {"momentum": 0.9},
         lambda o: S.OneCycleLR(o, max_lr=[0.5, 0.2], total_steps=25, pct_start=0.25, anneal_strategy="linear",
                                three_phase=True, div_factor=10.0, final_div_factor=100.0), 25),
        ("OneCycleLR_adam_epochs", {"max_lr": 0.01, "epochs": 3, "steps_per_epoch": 7, "base_momentum": 0.8,
                                    "max_momentum": 0.9},
         "Adam", {}, lambda o: S.OneCycleLR(o, max_lr=0.01, epochs=3, steps_per_epoch=7, base_momentum=0.8,
                                            max_momentum=0.9), 21),
        ("OneCycleLR_no_momentum", {"max_lr": 1.0, "total_steps": 10, "cycle_momentum": False, "pct_start": 0.4},
         "SGD", {}, lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=10, cycle_momentum=False, pct_start=0.4), 10),
    ]
    for name, args, kind, oo, make, n in one:
        c = sched_case(name, make, n, opt_kind=kind, opt_opts=oo)
        c["args"] = args
        out.append(c)
    plat = [
        ("ReduceLROnPlateau_default", {}, plateau),
        ("ReduceLROnPlateau_min_rel", {"factor": 0.5, "patience": 2, "threshold": 0.01}, plateau),
        ("ReduceLROnPlateau_min_abs_cooldown", {"factor": 0.5, "patience": 1, "threshold": 0.02,
                                                "threshold_mode": "abs", "cooldown": 2, "min_lr": 0.02}, plateau),
        ("ReduceLROnPlateau_max", {"mode": "max", "factor": 0.2, "patience": 1, "min_lr": [0.01, 0.004]}, up),
        ("ReduceLROnPlateau_max_abs_eps", {"mode": "max", "factor": 0.9, "patience": 0, "threshold_mode": "abs",
                                           "eps": 0.01}, up),
    ]
    for name, args, metrics in plat:
        c = sched_case(name, lambda o, a=args: S.ReduceLROnPlateau(o, **a), len(metrics), metrics=metrics)
        c["args"] = args
        out.append(c)
    return out


# ----------------------------------------------------------------- clipping

def clip_cases():
    out = []
    shapes = [[4, 9], [7], [3, 3, 2]]
    for dtype in ["float64", "float32"]:
        for norm_type in [2.0, float("inf"), 1.0, 3.0, 0.5]:
            for max_norm in [0.5, 1e6]:
                grads = [rand(s, dtype) for s in shapes]
                ps = [torch.zeros(s, dtype=DTYPES[dtype], requires_grad=True) for s in shapes]
                for p, g in zip(ps, grads):
                    p.grad = g.clone()
                total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type=norm_type)
                out.append({"kind": "norm", "dtype": dtype, "norm_type": hx(norm_type), "max_norm": hx(max_norm),
                            "shapes": shapes, "grads": [hexs(g) for g in grads], "total": hx(total),
                            "total_dtype": str(total.dtype).replace("torch.", ""),
                            "clipped": [hexs(p.grad) for p in ps]})
        for clip in [0.3, 1.0]:
            grads = [rand(s, dtype) for s in shapes]
            ps = [torch.zeros(s, dtype=DTYPES[dtype], requires_grad=True) for s in shapes]
            for p, g in zip(ps, grads):
                p.grad = g.clone()
            torch.nn.utils.clip_grad_value_(ps, clip)
            out.append({"kind": "value", "dtype": dtype, "clip_value": hx(clip), "shapes": shapes,
                        "grads": [hexs(g) for g in grads], "clipped": [hexs(p.grad) for p in ps]})
    return out


def main():
    assert torch.__version__.startswith("1.13"), torch.__version__
    opts = [optimizer_case(k, n, o, s, dt) for dt in ["float64", "float32"] for k, n, o, s in CASES]
    data = {"torch": torch.__version__, "optimizers": opts, "schedulers": schedulers(), "clip": clip_cases()}
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
