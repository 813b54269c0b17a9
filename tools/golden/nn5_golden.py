#!/usr/bin/python3
"""Golden cases for the nn5 branch's modules, from PyTorch 1.13 (CPU): the lazy modules (LazyLinear, LazyConv1d/2d/3d,
LazyConvTranspose1d/2d/3d, LazyBatchNorm1d/2d/3d, LazyInstanceNorm1d/2d/3d).

    /usr/bin/python3 tools/golden/nn5_golden.py

Writes core/src/test/resources/golden/nn5.json.gz, read by Nn5Conformance:
- "lazy": for each module (kind and args as Nn5Conformance.lazyModule spells them) after torch.manual_seed(seed): the
  repr and state_dict keys before the first forward; an SGD(lr=0.1) built over the placeholders before it; the first
  forward's input and output, the repr and state dict after it; the gradients of (out * w).sum() for the input and each
  parameter; the parameters after one SGD step; a second forward's output; the next torch.rand(1) (the draws used);
- "lazy_errors": PyTorch's refusals of a first forward (wrong rank, groups not dividing in_channels, ...) and of
  using a placeholder.
Values are float.hex. Runs with Debian's reference BLAS, selected as layers3_golden.py does.
"""
import gzip
import os
import sys
import warnings

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import json  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

import tensor_ops_golden as golden  # noqa: E402
from nn_more_golden import enc  # noqa: E402
from tensor_ops_golden import ROOT, sample  # noqa: E402

warnings.simplefilter("ignore")
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "nn5.json.gz")
golden.use_rng(np.random.default_rng(5505))


# ------------------------------------------------------------------------------------------------ lazy modules

LAZY = [  # kind, args (Python keyword names), input shape
    ("LazyLinear", {"out_features": 4}, [3, 5]),
    ("LazyLinear", {"out_features": 3, "bias": False}, [2, 2, 6]),
    ("LazyConv1d", {"out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1}, [2, 3, 9]),
    ("LazyConv1d", {"out_channels": 4, "kernel_size": 3, "groups": 2}, [2, 4, 8]),
    ("LazyConv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}, [2, 3, 5, 5]),
    ("LazyConv2d", {"out_channels": 2, "kernel_size": 2, "bias": False}, [3, 4, 4]),
    ("LazyConv3d", {"out_channels": 2, "kernel_size": 2}, [1, 2, 3, 4, 3]),
    ("LazyConvTranspose1d", {"out_channels": 4, "kernel_size": 3, "stride": 2}, [2, 3, 5]),
    ("LazyConvTranspose2d", {"out_channels": 4, "kernel_size": 3, "groups": 2}, [1, 4, 3, 3]),
    ("LazyConvTranspose3d", {"out_channels": 2, "kernel_size": 2, "stride": 2}, [1, 3, 2, 2, 2]),
    ("LazyBatchNorm1d", {}, [4, 3]),
    ("LazyBatchNorm2d", {"momentum": None}, [3, 2, 3, 3]),
    ("LazyBatchNorm3d", {"affine": False}, [2, 2, 2, 2, 2]),
    ("LazyInstanceNorm1d", {}, [2, 3, 6]),
    ("LazyInstanceNorm2d", {"affine": False, "track_running_stats": False}, [2, 3, 4, 4]),
    ("LazyInstanceNorm3d", {"eps": 1e-3}, [1, 2, 3, 3, 3]),
]


def lazy_case(kind, args, shape, dt, seed):
    torch.manual_seed(seed)
    m = getattr(nn, kind)(**args, dtype=dt)
    c = {"kind": kind, "args": args, "dtype": str(dt).replace("torch.", ""), "seed": seed,
         "repr_before": repr(m), "keys_before": list(m.state_dict().keys())}
    params = list(m.parameters())
    opt = torch.optim.SGD(params, lr=0.1) if params else None   # over the placeholders: PyTorch allows it
    x = sample(shape, dt).requires_grad_(True)
    y = m(x)
    c["x"] = enc(x.detach())
    c["out"] = enc(y.detach())
    c["repr_after"] = repr(m)
    c["state"] = {k: enc(v) for k, v in m.state_dict().items()}
    w = sample(list(y.shape), dt)
    (y * w).sum().backward()
    c["w"] = enc(w)
    c["x_grad"] = enc(x.grad)
    c["grads"] = {k: enc(p.grad) for k, p in m.named_parameters()}
    if opt is not None:
        opt.step()
    c["stepped"] = {k: enc(p.detach()) for k, p in m.named_parameters()}
    c["out2"] = enc(m(x.detach()).detach())
    c["after"] = float.hex(torch.rand(1).item())
    return c


def lazy_cases():
    seed = 11
    for dt in (torch.float32, torch.float64):
        for kind, args, shape in LAZY:
            seed += 1
            yield lazy_case(kind, args, shape, dt, seed)


def lazy_errors():
    specs = [  # kind, args, input shape: PyTorch refuses the first forward
        ("LazyLinear", {"out_features": 4}, []),
        ("LazyConv2d", {"out_channels": 4, "kernel_size": 3}, [3, 4]),
        ("LazyConv2d", {"out_channels": 4, "kernel_size": 3, "groups": 2}, [1, 3, 4, 4]),
        ("LazyConv1d", {"out_channels": 4, "kernel_size": 3}, [2, 3, 4, 5]),
        ("LazyConvTranspose3d", {"out_channels": 2, "kernel_size": 2}, [2, 3]),
        ("LazyConvTranspose1d", {"out_channels": 4, "kernel_size": 2, "groups": 2}, [1, 3, 4]),
        ("LazyBatchNorm1d", {}, [3]),
        ("LazyBatchNorm2d", {}, [2, 3]),
        ("LazyInstanceNorm1d", {}, [3, 5]),   # 1.13 reads num_features from dimension 1, 5; the affine weight refuses
        ("LazyLinear", {"out_features": 4}, [2, 0]),
    ]
    out = []
    for kind, args, shape in specs:
        m = getattr(nn, kind)(**args, dtype=torch.float64)
        c = {"kind": kind, "args": args, "dtype": "float64", "x": enc(sample(shape, torch.float64))}
        try:
            y = m(torch.tensor(np.zeros(shape), dtype=torch.float64) if shape else torch.tensor(1.0,
                                                                                              dtype=torch.float64))
            c["out_shape"] = list(y.shape)   # PyTorch accepts it (grad4j must too)
        except Exception as e:
            c["error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
        out.append(c)
    m = nn.LazyLinear(3)
    try:
        m.weight + 1
    except ValueError as e:
        out.append({"kind": "LazyLinear", "args": {"out_features": 3}, "use": "weight",
                    "error": "ValueError: " + str(e)})
    return out


# ------------------------------------------------------------------------------------ AdaptiveLogSoftmaxWithLoss

ASM = [  # in_features, n_classes, cutoffs, div_value, head_bias, input shape, targets (None: drawn)
    (8, 10, [3, 6], 4.0, False, [6, 8], [0, 4, 9, 2, 7, 5]),
    (8, 10, [3, 6], 2.0, True, [5, 8], [1, 2, 0, 2, 1]),      # every target in the shortlist
    (12, 20, [4, 10, 15], 2.0, False, [7, 12], [19, 15, 10, 4, 3, 11, 16]),
    (9, 7, [2], 3.0, True, [9], 5),                           # unbatched: 0-d target
    (5, 6, [1, 3], 4.0, False, [4, 5], [5, 4, 3, 3]),         # every target in the tail; hsz 1 and 0
]


def asm_cases():
    out = []
    seed = 40
    for dt in (torch.float32, torch.float64):
        for inf, ncls, cutoffs, div, hb, shape, targets in ASM:
            seed += 1
            torch.manual_seed(seed)
            m = nn.AdaptiveLogSoftmaxWithLoss(inf, ncls, cutoffs, div_value=div, head_bias=hb, dtype=dt)
            c = {"in_features": inf, "n_classes": ncls, "cutoffs": cutoffs, "div_value": div, "head_bias": hb,
                 "dtype": str(dt).replace("torch.", ""), "seed": seed, "repr": repr(m),
                 "state": {k: enc(v) for k, v in m.state_dict().items()}}
            x = (sample(shape, dt) * 3).requires_grad_(True)
            t = torch.tensor(targets, dtype=torch.int64)
            o = m(x, t)
            c["x"] = enc(x.detach())
            c["target"] = enc(t)
            c["output"] = enc(o.output.detach())
            c["loss"] = enc(o.loss.detach())
            c["output_grad_fn"] = o.output.grad_fn.name()
            w = sample(list(o.output.shape), dt)
            ((o.output * w).sum() + o.loss).backward()
            c["w"] = enc(w)
            c["x_grad"] = enc(x.grad)
            c["grads"] = {k: enc(p.grad) for k, p in m.named_parameters()}
            if x.dim() == 2:
                xs = x.detach()
                c["log_prob"] = enc(m.log_prob(xs).detach())
                c["predict"] = enc(m.predict(xs))
            c["after"] = float.hex(torch.rand(1).item())
            out.append(c)
    return out


def asm_errors():
    out = []
    def err(desc, fn):
        try:
            fn()
            out.append({"desc": desc, "ok": True})
        except Exception as e:
            out.append({"desc": desc, "error": type(e).__name__ + ": " + str(e).split("\n")[0]})
    # construction: cutoffs not increasing, repeated, 0, >= n_classes, empty
    for cut in ([5, 3], [3, 3], [0, 4], [4, 10], []):
        err({"ctor": cut}, lambda cut=cut: nn.AdaptiveLogSoftmaxWithLoss(8, 10, cut))
    m = nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6]).double()
    i64 = lambda v: torch.tensor(v, dtype=torch.int64)  # noqa: E731
    for xs, tv in (([4, 8], [0, 1, 2]), ([4, 8], [[0, 1], [2, 3]]), ([2, 8], 3), ([8], [1]), ([2, 8], [0, 10]),
                   ([2, 8], [-1, 2]), ([2, 2, 8], [0, 1])):
        err({"x": xs, "target": tv}, lambda xs=xs, tv=tv: m(torch.zeros(xs, dtype=torch.float64), i64(tv)))
    return out


# ------------------------------------------------------------------------------- weight_norm and spectral_norm

NORM_MODULES = {  # kind: (constructor, input shape)
    "Linear": (lambda dt: nn.Linear(5, 4, dtype=dt), [3, 5]),
    "Conv2d": (lambda dt: nn.Conv2d(3, 4, 3, dtype=dt), [2, 3, 5, 5]),
    "ConvTranspose1d": (lambda dt: nn.ConvTranspose1d(3, 2, 3, dtype=dt), [2, 3, 4]),
    "ConvTranspose2d": (lambda dt: nn.ConvTranspose2d(3, 2, 2, dtype=dt), [1, 3, 3, 3]),
}
WEIGHT_NORM = [("Linear", 0), ("Linear", None), ("Conv2d", 1), ("Conv2d", -1), ("ConvTranspose1d", 0),
               ("Conv2d", 3)]
SPECTRAL_NORM = [("Linear", 1, 1e-12, None), ("Linear", 3, 1e-4, None), ("Conv2d", 1, 1e-12, None),
                 ("ConvTranspose2d", 2, 1e-12, None), ("ConvTranspose1d", 1, 1e-12, 0)]


def norm_steps(m, c, dt, shape, eval_last):
    """Three calls: train, SGD step, train, then (spectral) an evaluation call; outputs, gradients, state."""
    opt = torch.optim.SGD(m.parameters(), lr=0.1)
    c["steps"] = []
    for k in range(3):
        if eval_last and k == 2:
            m.eval()
        x = sample(shape, dt)
        y = m(x)
        w = sample(list(y.shape), dt)
        opt.zero_grad()
        (y * w).sum().backward()
        c["steps"].append({"x": enc(x), "out": enc(y.detach()), "w": enc(w),
                           "grads": {n: enc(p.grad) for n, p in m.named_parameters()},
                           "weight": enc(m.weight.detach()),
                           "state": {n: enc(v) for n, v in m.state_dict().items()}})
        opt.step()


def weight_norm_cases():
    out = []
    seed = 70
    for dt in (torch.float32, torch.float64):
        for kind, dim in WEIGHT_NORM:
            seed += 1
            torch.manual_seed(seed)
            ctor, shape = NORM_MODULES[kind]
            m = ctor(dt)
            c = {"kind": kind, "dim": dim, "dtype": str(dt).replace("torch.", ""), "seed": seed}
            nn.utils.weight_norm(m, "weight", dim)
            c["keys"] = list(m.state_dict().keys())
            c["state"] = {n: enc(v) for n, v in m.state_dict().items()}
            norm_steps(m, c, dt, shape, False)
            nn.utils.remove_weight_norm(m)
            c["removed_keys"] = list(m.state_dict().keys())
            c["removed_weight"] = enc(m.weight.detach())
            out.append(c)
    return out


def spectral_norm_cases():
    out = []
    seed = 90
    for dt in (torch.float32, torch.float64):
        for kind, n, eps, dim in SPECTRAL_NORM:
            seed += 1
            torch.manual_seed(seed)
            ctor, shape = NORM_MODULES[kind]
            m = ctor(dt)
            c = {"kind": kind, "n_power_iterations": n, "eps": eps, "dim": dim, "dtype": str(dt).replace("torch.", ""),
                 "seed": seed}
            nn.utils.spectral_norm(m, "weight", n, eps, dim)
            c["keys"] = list(m.state_dict().keys())
            c["state"] = {k: enc(v) for k, v in m.state_dict().items()}
            norm_steps(m, c, dt, shape, True)
            nn.utils.remove_spectral_norm(m)
            c["removed_keys"] = list(m.state_dict().keys())
            c["removed_weight"] = enc(m.weight.detach())
            c["after"] = float.hex(torch.rand(1).item())
            out.append(c)
    return out


def norm_errors():
    out = []
    def err(desc, fn):
        try:
            fn()
            out.append({"desc": desc, "ok": True})
        except Exception as e:
            out.append({"desc": desc, "error": type(e).__name__ + ": " + str(e).split("\n")[0]})
    def twice(f):
        m = nn.Linear(3, 2)
        f(m)
        f(m)
    err("weight_norm twice", lambda: twice(nn.utils.weight_norm))
    err("spectral_norm twice", lambda: twice(nn.utils.spectral_norm))
    err("remove_weight_norm without", lambda: nn.utils.remove_weight_norm(nn.Linear(3, 2)))
    err("remove_spectral_norm without", lambda: nn.utils.remove_spectral_norm(nn.Linear(3, 2)))
    err("spectral_norm n_power_iterations 0", lambda: nn.utils.spectral_norm(nn.Linear(3, 2), n_power_iterations=0))
    err("weight_norm lazy", lambda: nn.utils.weight_norm(nn.LazyLinear(2)))
    return out


# --------------------------------------------------------------------------------------------- swa_utils

def swa_model(dt):
    return nn.Sequential(nn.Linear(3, 4, dtype=dt), nn.BatchNorm1d(4, dtype=dt), nn.ReLU(), nn.Linear(4, 2, dtype=dt))


def averaged_cases():
    from torch.optim.swa_utils import AveragedModel
    out = []
    seed = 120
    for dt in (torch.float32, torch.float64):
        for variant in ("default", "ema", "buffers"):
            seed += 1
            torch.manual_seed(seed)
            model = swa_model(dt)
            if variant == "ema":
                swa = AveragedModel(model, avg_fn=lambda a, m, n: 0.9 * a + 0.1 * m)
            else:
                swa = AveragedModel(model, use_buffers=variant == "buffers")
            c = {"variant": variant, "dtype": str(dt).replace("torch.", ""), "keys": list(swa.state_dict().keys()),
                 "updates": []}
            for k in range(4):
                with torch.no_grad():
                    for t in model.state_dict().values():
                        if t.is_floating_point():
                            t.add_(sample(list(t.shape), dt).abs() * 0.3)
                    model[1].num_batches_tracked += 2
                swa.update_parameters(model)
                c["updates"].append({"model": {n: enc(t) for n, t in model.state_dict().items()},
                                     "swa": {n: enc(t) for n, t in swa.state_dict().items()}})
            x = sample([5, 3], dt)
            swa.eval()
            c["x"] = enc(x)
            c["out"] = enc(swa(x).detach())
            out.append(c)
    return out


def update_bn_cases():
    from torch.optim.swa_utils import update_bn
    out = []
    for dt in (torch.float32, torch.float64):
        torch.manual_seed(130)
        model = swa_model(dt)
        state0 = {n: enc(t.clone()) for n, t in model.state_dict().items()}
        model[1].momentum = 0.3
        model.eval()
        batches = [sample([4, 3], dt), sample([6, 3], dt), sample([3, 3], dt)]
        loader = [batches[0], [batches[1], torch.zeros(6)], (batches[2],)]
        update_bn(loader, model)
        out.append({"dtype": str(dt).replace("torch.", ""), "state0": state0,
                    "batches": [enc(b) for b in batches],
                    "state": {n: enc(t) for n, t in model.state_dict().items()},
                    "training": model.training, "momentum": model[1].momentum})
    return out


def swalr_cases():
    from torch.optim.swa_utils import SWALR
    out = []
    for swa_lr, epochs, strategy in (([0.05], 10, "cos"), ([0.05, 0.01], 3, "linear"), ([0.02], 0, "cos"),
                                     ([0.3, 0.2], 5, "cos"), ([0.05], 1, "linear")):
        p1, p2 = torch.zeros(2, requires_grad=True), torch.zeros(3, requires_grad=True)
        opt = torch.optim.SGD([{"params": [p1]}, {"params": [p2], "lr": 0.5}], lr=0.1)
        sched = SWALR(opt, swa_lr if len(swa_lr) > 1 else swa_lr[0], anneal_epochs=epochs, anneal_strategy=strategy)
        lrs = [[float.hex(g["lr"]) for g in opt.param_groups]]
        for _ in range(12):
            opt.step()
            sched.step()
            lrs.append([float.hex(g["lr"]) for g in opt.param_groups])
        out.append({"swa_lr": swa_lr, "anneal_epochs": epochs, "anneal_strategy": strategy, "lrs": lrs,
                     "swa_lrs": [g["swa_lr"] for g in opt.param_groups]})
    return out


def main():
    doc = {"lazy": list(lazy_cases()), "lazy_errors": lazy_errors(), "asm": asm_cases(), "asm_errors": asm_errors(),
           "weight_norm": weight_norm_cases(), "spectral_norm": spectral_norm_cases(), "norm_errors": norm_errors(),
           "averaged": averaged_cases(), "update_bn": update_bn_cases(), "swalr": swalr_cases()}
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(json.dumps(doc, separators=(",", ":")).encode())
    print("wrote", OUT, {k: len(v) for k, v in doc.items()})


if __name__ == "__main__":
    main()
