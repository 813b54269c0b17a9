#!/usr/bin/python3
"""Golden cases for grad4j's module hooks and the nn additions of the nnmore branch (activations, layers, losses),
from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/nn_more_golden.py

Writes core/src/test/resources/golden/nn_more.json, read by NnMoreConformance:
- "hooks": scenarios on Linear / Sequential with forward pre-hooks, forward hooks and full backward hooks: the
  output, the gradients, what the backward hooks saw, the output's grad_fn;
- "cases": functional ops and modules: op name and arguments, inputs (those marked "grad" are leaves requiring
  grad), PyTorch's output or error, the gradient of (out * w).sum() for each such leaf, grad_fn's name;
- "modules": modules built from torch.manual_seed(seed): repr, state dict, and for a given input the output and
  the gradients of (out * w).sum() for the input and each parameter.
Values are float.hex. Shares tensor_ops_golden.py's helpers (this script's own seed).
"""
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import tensor_ops_golden as golden
from tensor_ops_golden import ROOT, hexs, sample, write

OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "nn_more.json")
RED = ("none", "mean", "sum")
golden.use_rng(np.random.default_rng(23))


def enc(t, grad=False):
    if t is None:
        return None
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": hexs(t), "grad": grad}


# ---------------------------------------------------------------------------------------------------- hooks

def hook_cases():
    out = []
    for dt in (torch.float32, torch.float64):
        for name in ("pre_scale_post_add", "pre_order", "removed", "backward_scale", "backward_no_input_grad",
                     "backward_two", "sequential_child", "backward_removed_after_call"):
            torch.manual_seed(3)
            x = sample([4, 3], dt)
            lin = nn.Linear(3, 2).to(dt)
            seq = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2)).to(dt)
            c = {"name": name, "dtype": str(dt).replace("torch.", ""), "x": enc(x),
                 "weight": enc(lin.weight.detach()), "bias": enc(lin.bias.detach()),
                 "seq": {k: enc(v) for k, v in seq.state_dict().items()}}
            seen = []
            m = lin
            xg = x.clone().requires_grad_(name != "backward_no_input_grad")
            if name == "pre_scale_post_add":
                lin.register_forward_pre_hook(lambda mod, inp: inp[0] * 2)
                lin.register_forward_hook(lambda mod, inp, o: o + inp[0].sum())
            elif name == "pre_order":
                lin.register_forward_pre_hook(lambda mod, inp: inp[0] + 1)
                lin.register_forward_pre_hook(lambda mod, inp: (inp[0] * 3,))
                lin.register_forward_hook(lambda mod, inp, o: o * 2)
                lin.register_forward_hook(lambda mod, inp, o: o - 1)
            elif name == "removed":
                h = lin.register_forward_pre_hook(lambda mod, inp: inp[0] + 1)
                lin.register_forward_hook(lambda mod, inp, o: None)
                h.remove()
                h.remove()
            elif name in ("backward_scale", "backward_no_input_grad"):
                def bh(mod, gi, go):
                    seen.append([gi[0], go[0]])
                    return None if gi[0] is None else (gi[0] * 3,)
                lin.register_full_backward_hook(bh)
            elif name == "backward_two":
                def b1(mod, gi, go):
                    seen.append([gi[0], go[0]])
                    return (gi[0] + 1,)

                def b2(mod, gi, go):
                    seen.append([gi[0], go[0]])
                    return None
                lin.register_full_backward_hook(b1)
                lin.register_full_backward_hook(b2)
            elif name == "sequential_child":
                m = seq
                seq[1].register_forward_hook(lambda mod, inp, o: o * o)

                def bh(mod, gi, go):
                    seen.append([gi[0], go[0]])
                    return (gi[0] * 0.5,)
                seq[2].register_full_backward_hook(bh)
            elif name == "backward_removed_after_call":
                def bh(mod, gi, go):
                    seen.append([gi[0], go[0]])
                    return (gi[0] * 3,)
                h = lin.register_full_backward_hook(bh)
            y = m(xg)
            if name == "backward_removed_after_call":
                h.remove()
            w = sample(list(y.shape), dt)
            c["out"] = enc(y.detach())
            c["grad_fn"] = y.grad_fn.name()
            c["w"] = enc(w)
            (y * w).sum().backward()
            c["x_grad"] = enc(xg.grad) if xg.grad is not None else None
            c["param_grads"] = {k: enc(p.grad) for k, p in m.named_parameters()}
            c["seen"] = [[enc(t) for t in pair] for pair in seen]
            out.append(c)
    return out


# ---------------------------------------------------------------------------------------------------- cases

def case(op, args, inputs, fn, message=True):
    """inputs: (tensor or None, requires_grad) pairs, passed to fn in order. message: grad4j's message must contain
    PyTorch's (after the op's name)."""
    leaves = [None if x is None else x.clone().requires_grad_(g) for x, g in inputs]
    c = {"op": op, "args": args, "inputs": [None if x is None else enc(x, g) for x, (_, g) in zip(leaves, inputs)]}
    try:
        out = fn(*leaves)
    except Exception as e:  # PyTorch refuses: grad4j must refuse too
        c["error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
        c["message"] = message
        return c
    c["out"] = enc(out)
    if out.requires_grad:
        golden.backward(c, out, leaves, enc)
    return c


def specials(dt, lambd=0.5):
    inf = float("inf")
    v = [-3.0, 3.0, -0.0, 0.0, lambd, -lambd, inf, -inf, 1e-8, -1e-8, 2.9999, -2.9999, 3.0001, -3.0001, 100.0, -100.0,
         -20.0, 20.0]
    return torch.tensor(v, dtype=dt)


ACTIVATIONS = {
    "selu": ({}, lambda x: F.selu(x)),
    "celu": ({"alpha": 1.0}, lambda x: F.celu(x)),
    "celu_a": ({"alpha": 0.3}, lambda x: F.celu(x, 0.3)),
    "celu_neg": ({"alpha": -1.5}, lambda x: F.celu(x, -1.5)),
    "hardswish": ({}, F.hardswish),
    "hardsigmoid": ({}, F.hardsigmoid),
    "softsign": ({}, F.softsign),
    "tanhshrink": ({}, F.tanhshrink),
    "softshrink": ({"lambd": 0.5}, lambda x: F.softshrink(x)),
    "softshrink_l": ({"lambd": 1.3}, lambda x: F.softshrink(x, 1.3)),
    "softshrink_0": ({"lambd": 0.0}, lambda x: F.softshrink(x, 0.0)),
    "hardshrink": ({"lambd": 0.5}, lambda x: F.hardshrink(x)),
    "hardshrink_l": ({"lambd": 1.3}, lambda x: torch.Tensor.hardshrink(x, 1.3)),
    "hardshrink_neg": ({"lambd": -1.0}, lambda x: F.hardshrink(x, -1.0)),
    "threshold": ({"threshold": 0.1, "value": 20.0}, lambda x: F.threshold(x, 0.1, 20.0)),
    "threshold_neg": ({"threshold": -1.0, "value": -7.5}, lambda x: F.threshold(x, -1.0, -7.5)),
}
INPLACE = {
    "selu_": ({}, lambda x: F.selu(x * 1, inplace=True)),
    "celu_": ({"alpha": 0.7}, lambda x: F.celu(x * 1, 0.7, inplace=True)),
    "hardswish_": ({}, lambda x: F.hardswish(x * 1, inplace=True)),
    "hardsigmoid_": ({}, lambda x: F.hardsigmoid(x * 1, inplace=True)),
    "threshold_": ({"threshold": 0.2, "value": -1.0}, lambda x: F.threshold(x * 1, 0.2, -1.0, inplace=True)),
}


def activation_cases(dt):
    for op, (a, fn) in ACTIVATIONS.items():
        yield case(op, a, [(sample([4, 6], dt, -5, 5), True)], fn)
        yield case(op, a, [(sample([2, 3, 5], dt, -4, 4).transpose(0, 2), True)], fn)
        yield case(op, a, [(specials(dt, a.get("lambd", a.get("threshold", 0.5))), True)], fn)
        yield case(op, a, [(torch.tensor([float("nan"), 1.0, -1.0], dtype=dt), False)], fn)
        yield case(op, a, [(torch.zeros([0, 3], dtype=dt), True)], fn)
        yield case(op, a, [(torch.tensor(1.5, dtype=dt), True)], fn)
        yield case(op, a, [(torch.tensor([-2, 0, 3, 1]), False)], fn, message=False)
    for op, (a, fn) in INPLACE.items():
        yield case(op, a, [(sample([3, 5], dt, -5, 5), True)], fn)
    # glu: every dim, errors
    for shape, dim in (([4, 6], -1), ([4, 6], 0), ([2, 4, 3], 1), ([6], 0)):
        yield case("glu", {"dim": dim}, [(sample(shape, dt, -4, 4), True)], (lambda d: lambda x: F.glu(x, d))(dim))
    yield case("glu", {"dim": -1}, [(sample([3, 5], dt), True)], lambda x: F.glu(x))
    yield case("glu", {"dim": 0}, [(torch.tensor(2.0, dtype=dt), True)], lambda x: F.glu(x, 0))
    yield case("glu", {"dim": 2}, [(sample([4, 2], dt), True)], lambda x: F.glu(x, 2), message=False)
    yield case("glu", {"dim": -1}, [(torch.arange(4), False)], lambda x: F.glu(x), message=False)
    # softmin: explicit and implicit dims
    for shape, dim in (([4, 6], 1), ([4, 6], 0), ([2, 3, 4], -1), ([5], 0)):
        yield case("softmin", {"dim": dim}, [(sample(shape, dt), True)], (lambda d: lambda x: F.softmin(x, d))(dim))
    for shape in ([5], [4, 6], [2, 3, 4], [2, 3, 2, 2]):
        yield case("softmin", {"dim": None}, [(sample(shape, dt), True)], lambda x: F.softmin(x, dim=None, _stacklevel=5))
    # prelu: one weight, per channel, 1-d input, errors
    for shape, n in (([4, 3], 1), ([4, 3], 3), ([2, 3, 5], 3), ([2, 3, 2, 2], 3), ([5], 1), ([2, 1, 4], 1), ([], 1)):
        x = sample(shape, dt)
        w = sample([n], dt, -1, 1)
        yield case("prelu", {}, [(x, True), (w, True)], F.prelu)
    yield case("prelu", {}, [(sample([4, 3], dt), True), (torch.tensor(0.3, dtype=dt), True)], F.prelu)
    yield case("prelu", {}, [(sample([4, 6], dt), True), (sample([3], dt), True)], F.prelu)
    yield case("prelu", {}, [(sample([3], dt), True), (sample([3], dt), True)], F.prelu)
    yield case("prelu", {}, [(sample([4, 3], dt), True), (sample([1, 3], dt), True)], F.prelu)
    # errors of the parametrised ones
    yield case("celu", {"alpha": 0.0}, [(sample([3], dt), True)], lambda x: F.celu(x, 0.0))
    yield case("softshrink", {"lambd": -1.0}, [(sample([3], dt), True)], lambda x: F.softshrink(x, -1.0))


def reprs():
    """Module reprs by the key NnMoreConformance builds each module under."""
    return {
        "PReLU()": repr(nn.PReLU()), "PReLU(3, 0.1)": repr(nn.PReLU(3, 0.1)),
        "SELU()": repr(nn.SELU()), "SELU(true)": repr(nn.SELU(inplace=True)),
        "CELU()": repr(nn.CELU()), "CELU(0.5, true)": repr(nn.CELU(0.5, inplace=True)),
        "Hardswish(true)": repr(nn.Hardswish(inplace=True)), "Hardsigmoid()": repr(nn.Hardsigmoid()),
        "Softsign()": repr(nn.Softsign()), "Tanhshrink()": repr(nn.Tanhshrink()),
        "Softshrink()": repr(nn.Softshrink()), "Hardshrink(0.3)": repr(nn.Hardshrink(0.3)),
        "Threshold(0.1, 20.0)": repr(nn.Threshold(0.1, 20.0)),
        "Threshold(0.1, 20.0, true)": repr(nn.Threshold(0.1, 20.0, inplace=True)),
        "GLU()": repr(nn.GLU()), "GLU(1)": repr(nn.GLU(1)), "Softmin()": repr(nn.Softmin()),
        "Softmin(1)": repr(nn.Softmin(1)),
    }


GENERATORS = [activation_cases]


def main():
    write(OUT, golden.collect(GENERATORS), hooks=hook_cases(), reprs=reprs())


if __name__ == "__main__":
    main()
