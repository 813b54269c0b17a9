#!/usr/bin/python3
"""Golden cases for what a PyTorch 1.13 user meets around a training loop, beyond the numbers of each op:
zero_grad()'s default (set_to_none=False: zeros, so step() still moves a parameter the next backward leaves
out), parameters that do not require grad handed to an optimizer, load_state_dict (dtype casts, strict=False,
PyTorch's error message), and nll_loss's reduced value on large batches (its kernel's cascade sum).

    /usr/bin/python3 tools/golden/training_api_golden.py

Writes core/src/test/resources/golden/training_api.json, read by TrainingApiConformance. Values are float.hex()
(float32 widened to double). Gradients are given exactly: each loss is sum(w * c) over the parameters it uses,
so the gradient of w is c and the optimizer's arithmetic is all that is compared.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "training_api.json")
DTYPES = {"float32": torch.float32, "float64": torch.float64}
rng = np.random.default_rng(20261202)


def hx(v):
    if math.isnan(v):   # float.hex drops a NaN's sign, which PyTorch's kernels differ in
        return "-nan" if math.copysign(1.0, v) < 0 else "nan"
    return float(v).hex()


def hexs(t):
    return [hx(v) for v in t.detach().double().reshape(-1).tolist()]


def rand(shape, dtype):
    return torch.tensor(rng.uniform(-1.5, 1.5, shape), dtype=torch.float64).to(DTYPES[dtype])


OPTIMIZERS = [
    ("SGD", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.1}),
    ("Adam", {"lr": 0.01}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5}),
    ("Adagrad", {"lr": 0.1}),
]
# Which parameters the loss of each step uses: the bias is left out of steps 2 and 3, then used again.
USES = [[0, 1], [0, 1], [0], [0], [0, 1]]


def zero_grad_case(kind, opts, dtype, how):
    """how: 'optimizer' (optimizer.zero_grad()), 'module' (the same through model.zero_grad()), or 'none'
    (zero_grad(set_to_none=True))."""
    w = rand([2, 3], dtype).requires_grad_()
    b = rand([2], dtype).requires_grad_()
    init = [hexs(w), hexs(b)]
    params = [w, b]
    opt = getattr(torch.optim, kind)(params, **opts)
    steps = []
    for uses in USES:
        if how == "none":
            opt.zero_grad(set_to_none=True)
        else:
            opt.zero_grad()   # model.zero_grad() is the same loop over the same parameters
        cs = [rand(list(p.shape), dtype) for p in params]
        loss = sum((params[i] * cs[i]).sum() for i in uses)
        loss.backward()
        grads = [None if p.grad is None else hexs(p.grad) for p in params]
        opt.step()
        steps.append({"uses": uses, "c": [hexs(c) for c in cs], "grads": grads, "params": [hexs(p) for p in params]})
    opt.zero_grad(set_to_none=(how == "none"))
    after = [None if p.grad is None else hexs(p.grad) for p in params]
    return {"optimizer": kind, "options": opts, "dtype": dtype, "how": how, "init": init, "steps": steps,
            "grads_after_zero_grad": after}


def signed_zero_case(dtype):
    """A gradient of -0.0: kept by a first backward, +0.0 after zero_grad() (PyTorch adds it to zeros)."""
    w = torch.zeros(3, dtype=DTYPES[dtype]).requires_grad_()
    c = torch.tensor([-0.0, 2.0, -3.0], dtype=DTYPES[dtype])
    (w * c).sum().backward()
    fresh = hexs(w.grad)
    opt = torch.optim.SGD([w], lr=0.1)
    opt.zero_grad()
    (w * c).sum().backward()
    return {"dtype": dtype, "c": hexs(c), "fresh": fresh, "after_zero_grad": hexs(w.grad)}


def frozen_case(dtype):
    """model.parameters() with a frozen weight: the optimizer takes it and never moves it."""
    w = rand([2, 3], dtype)   # requires_grad False
    b = rand([2], dtype).requires_grad_()
    init = [hexs(w), hexs(b)]
    opt = torch.optim.SGD([w, b], lr=0.1, momentum=0.9)
    steps = []
    for _ in range(3):
        opt.zero_grad()
        c = rand([2], dtype)
        ((w.sum() + b) * c).sum().backward()
        opt.step()
        steps.append({"c": hexs(c), "params": [hexs(w), hexs(b)]})
    return {"dtype": dtype, "init": init, "steps": steps, "state_keys": sorted(opt.state_dict()["state"].keys())}


def model():
    return nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1, bias=False))


def load_cases():
    out = []
    # float64 values into a float32 model: copy_ rounds them
    m = model()
    sd = {"0.weight": rand([2, 3], "float64"), "0.bias": rand([2], "float64"), "2.weight": rand([1, 2], "float64")}
    res = m.load_state_dict(sd)
    out.append({"name": "cast", "strict": True, "given": {k: {"shape": list(v.shape), "dtype": "float64",
                                                                "data": hexs(v)} for k, v in sd.items()},
                "loaded": {k: hexs(v) for k, v in m.state_dict().items()},
                "missing": list(res.missing_keys), "unexpected": list(res.unexpected_keys)})
    cases = [
        ("missing_unexpected", True, ["0.bias"], {"3.weight": [1], "extra": [2]}, {}),
        ("missing_unexpected", False, ["0.bias"], {"3.weight": [1], "extra": [2]}, {}),
        ("size", True, [], {}, {"0.weight": [3, 3]}),
        ("size", False, [], {}, {"2.weight": [2, 1]}),
        ("all", True, ["0.weight", "2.weight"], {"z": [1]}, {"0.bias": [3]}),
    ]
    for name, strict, drop, add, resize in cases:
        m = model()
        sd = {k: rand(list(v.shape), "float32") for k, v in m.state_dict().items()}
        for k in drop:
            del sd[k]
        for k, s in resize.items():
            sd[k] = rand(s, "float32")
        for k, s in add.items():
            sd[k] = rand(s, "float32")
        case = {"name": name, "strict": strict,
                "given": {k: {"shape": list(v.shape), "dtype": "float32", "data": hexs(v)} for k, v in sd.items()}}
        try:
            res = m.load_state_dict(sd, strict=strict)
            case.update(loaded={k: hexs(v) for k, v in m.state_dict().items()}, missing=list(res.missing_keys),
                        unexpected=list(res.unexpected_keys))
        except RuntimeError as e:
            case["error"] = str(e)
        out.append(case)
    return out


def nll_cascade_cases():
    """nll_loss's reduced forward on batches larger than the loss suite's: PyTorch's kernel sums in a cascade of
    partial sums (a carry every 16 elements), so a plain sum differs in the last bits; the mean's gradient divides
    by that total weight. The mean's gradient is recorded at the target of each element (zero elsewhere)."""
    out = []
    for dtype in DTYPES:
        for shape in ([1, 5], [17, 3], [300, 4], [1000, 2], [3, 2, 200], [2, 3, 9, 13]):
            classes = shape[1]
            x = torch.log_softmax(rand(shape, dtype) * 3, 1)
            tshape = [shape[0]] + shape[2:]
            t = torch.tensor(rng.integers(0, classes, tshape))
            t.reshape(-1)[torch.tensor(rng.random(int(np.prod(tshape))) < 0.15)] = -100
            w = torch.tensor(rng.uniform(0.1, 2.0, classes), dtype=DTYPES[dtype])
            case = {"dtype": dtype, "shape": shape, "x": hexs(x), "target": t.reshape(-1).tolist(), "weight": hexs(w),
                    "results": []}
            for weighted in (False, True):
                for red in ("sum", "mean"):
                    xi = x.clone().requires_grad_()
                    loss = torch.nn.functional.nll_loss(xi, t, weight=w if weighted else None, reduction=red)
                    loss.backward()
                    at = xi.grad.gather(1, t.clamp(min=0).unsqueeze(1)).squeeze(1)
                    case["results"].append({"weighted": weighted, "reduction": red, "out": hexs(loss),
                                            "grad_at_target": hexs(at) if red == "mean" else None})
            out.append(case)
        # an empty batch (PyTorch fills a NaN with the sign clear) and one with every target ignored (0/0: sign set)
        for shape, ignore_all in (([0, 3], False), ([3, 3], True)):
            x = torch.log_softmax(rand(shape, dtype), 1)
            t = torch.full([shape[0]], -100) if ignore_all else torch.zeros([0], dtype=torch.long)
            case = {"dtype": dtype, "shape": shape, "x": hexs(x), "target": t.tolist(),
                    "weight": hexs(torch.ones(3, dtype=DTYPES[dtype])), "results": []}
            for weighted in (False, True):
                loss = torch.nn.functional.nll_loss(x, t, weight=torch.ones(3, dtype=DTYPES[dtype]) if weighted else None)
                case["results"].append({"weighted": weighted, "reduction": "mean", "out": hexs(loss),
                                        "grad_at_target": None})
            out.append(case)
    return out


def structure_cases():
    """A weight-tied model (one Linear registered twice): named_parameters / parameters / named_children list it
    once, the state dict under both names, so an optimizer over model.parameters() takes it; and the reprs of the
    pooling and activation layers."""
    shared = nn.Linear(3, 3)
    tied = nn.Sequential(shared, nn.ReLU(), shared, nn.BatchNorm1d(3))
    reprs = {
        "max_pool": repr(nn.MaxPool2d(2)),
        "max_pool_tuples": repr(nn.MaxPool2d((2, 3), (1, 2), 1, 1)),
        "avg_pool": repr(nn.AvgPool2d(3)),
        "avg_pool_tuple": repr(nn.AvgPool2d((2, 2), 1, 0)),
        "adaptive_avg_pool": repr(nn.AdaptiveAvgPool2d(1)),
        "adaptive_avg_pool_tuple": repr(nn.AdaptiveAvgPool2d((2, 3))),
        "elu": repr(nn.ELU(0.5)),
        "hardtanh": repr(nn.Hardtanh(-2.0, 2.0)),
        "leaky_relu": repr(nn.LeakyReLU(1e-5)),
    }
    nested = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU(), nn.Linear(2, 2)), nn.Tanh())
    order = []
    nested.apply(lambda m: order.append(type(m).__name__))
    return {"apply_order": order,
            "named_parameters": [n for n, _ in tied.named_parameters()],
            "parameter_count": len(list(tied.parameters())),
            "named_children": [n for n, _ in tied.named_children()],
            "named_modules": [n for n, _ in tied.named_modules()],
            "state_dict_keys": list(tied.state_dict().keys()),
            "optimizer_params": len(torch.optim.SGD(tied.parameters(), lr=0.1).param_groups[0]["params"]),
            "reprs": reprs}


def batch_norm_eval_cases():
    """Evaluation-mode batch norm after loading a state dict: PyTorch's CPU kernel (alpha = invstd * weight,
    beta = fma(-mean, alpha, bias), y = fma(x, alpha, beta)) and its input gradient, bit for bit; grad_fn names."""
    out = []
    for dtype in DTYPES:
        for shape in ([32, 16], [4, 16, 5], [2, 16, 3, 5]):
            bn = (nn.BatchNorm2d(16) if len(shape) == 4 else nn.BatchNorm1d(16)).to(DTYPES[dtype])
            with torch.no_grad():
                bn.running_mean.copy_(rand([16], dtype))
                bn.running_var.copy_(rand([16], dtype).abs() + 0.1)
                bn.weight.copy_(rand([16], dtype))
                bn.bias.copy_(rand([16], dtype))
            bn.eval()
            x = rand(shape, dtype).requires_grad_()
            c = rand(shape, dtype)
            y = bn(x)
            (y * c).sum().backward()
            out.append({"dtype": dtype, "shape": shape,
                        "state": {k: hexs(v) for k, v in bn.state_dict().items() if k != "num_batches_tracked"},
                        "x": hexs(x), "c": hexs(c), "y": hexs(y), "grad_x": hexs(x.grad),
                        "grad_fn": type(y.grad_fn).__name__})
    x = torch.randn(4, 6, requires_grad=True)
    names = {"batch_norm_train": type(nn.BatchNorm1d(6)(x).grad_fn).__name__,
             "layer_norm": type(nn.LayerNorm(6)(x).grad_fn).__name__}
    return {"cases": out, "names": names}


def enc_state(v):
    """A scheduler's state_dict as JSON: floats as "f:<hex>", ints as ints, Counter keys as strings."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return "f:" + v.hex()
    if isinstance(v, dict):
        return {str(k): enc_state(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [enc_state(x) for x in v]
    if callable(v):   # OneCycleLR's anneal_func, a bound method
        return "cos" if "cos" in v.__name__ else "linear"
    raise TypeError(type(v))


def scheduler_state_cases():
    """scheduler.state_dict() after 5 steps, and the learning rates of 6 more steps after loading it (and the
    optimizer's) into fresh ones."""
    S = torch.optim.lr_scheduler
    metrics = [1.0, 0.9, 0.95, 0.95, 0.96, 0.89, 0.9, 0.9, 0.9, 0.9, 0.8]
    makers = {
        "StepLR": lambda o: S.StepLR(o, 3, gamma=0.5),
        "MultiStepLR": lambda o: S.MultiStepLR(o, [2, 5, 5, 7], gamma=0.3),
        "ExponentialLR": lambda o: S.ExponentialLR(o, 0.9),
        "CosineAnnealingLR": lambda o: S.CosineAnnealingLR(o, 10, eta_min=0.001),
        "LinearLR": lambda o: S.LinearLR(o, 0.25, 1.0, 8),
        "LambdaLR": lambda o: S.LambdaLR(o, lambda e: 0.95 ** e),
        "OneCycleLR": lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=20),
        "ReduceLROnPlateau": lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=1),
    }
    out = []
    for name, make in makers.items():
        p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
        sched = make(opt)
        plateau = name == "ReduceLROnPlateau"
        for i in range(5):
            opt.step()
            sched.step(metrics[i]) if plateau else sched.step()
        sd = sched.state_dict()
        p2 = torch.zeros(2, dtype=torch.float64, requires_grad=True)
        opt2 = torch.optim.SGD([p2], lr=0.1, momentum=0.9)
        sched2 = make(opt2)
        opt2.load_state_dict(opt.state_dict())
        sched2.load_state_dict(sd)
        lrs = []
        for i in range(5, 11):
            opt2.step()
            sched2.step(metrics[i]) if plateau else sched2.step()
            lrs.append(opt2.param_groups[0]["lr"].hex())
        out.append({"name": name, "state": enc_state(sd), "keys": list(sd.keys()), "continued": lrs})
    return out


def param_group_key_cases():
    """optimizer.state_dict()["param_groups"][0]: its keys in order (implementation switches included), before and
    after a scheduler adds initial_lr, and the switches' values."""
    out = []
    for kind in ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad"):
        opt = getattr(torch.optim, kind)([torch.zeros(2, requires_grad=True)], lr=0.1)
        keys = list(opt.state_dict()["param_groups"][0].keys())
        torch.optim.lr_scheduler.StepLR(opt, 2)
        g = opt.state_dict()["param_groups"][0]
        out.append({"optimizer": kind, "keys": keys, "keys_with_scheduler": list(g.keys()),
                    "switches": {k: g[k] for k in ("foreach", "capturable", "differentiable", "fused") if k in g}})
    return out


def main():
    assert torch.__version__.startswith("1.13"), torch.__version__
    data = {
        "torch": torch.__version__,
        "zero_grad": [zero_grad_case(k, o, dt, how) for dt in DTYPES for k, o in OPTIMIZERS
                      for how in ("optimizer", "module", "none")],
        "signed_zero": [signed_zero_case(dt) for dt in DTYPES],
        "frozen": [frozen_case(dt) for dt in DTYPES],
        "load_state_dict": load_cases(),
        "nll_cascade": nll_cascade_cases(),
        "structure": structure_cases(),
        "batch_norm_eval": batch_norm_eval_cases(),
        "scheduler_state": scheduler_state_cases(),
        "param_group_keys": param_group_key_cases(),
    }
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
