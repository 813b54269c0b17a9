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


def layer_cases(dt):
    # conv1d: options, unbatched, string padding, errors
    for shape, wshape, a in (([2, 4, 9], [6, 4, 3], {"stride": 1, "padding": 0, "dilation": 1, "groups": 1}),
                             ([2, 4, 9], [6, 2, 3], {"stride": 2, "padding": 1, "dilation": 1, "groups": 2}),
                             ([1, 3, 10], [2, 3, 4], {"stride": 3, "padding": 2, "dilation": 2, "groups": 1}),
                             ([3, 7], [5, 3, 2], {"stride": 1, "padding": 1, "dilation": 1, "groups": 1})):
        for bias in (True, False):
            b = dict(a, bias=bias)
            yield case("conv1d", b, [(sample(shape, dt), True), (sample(wshape, dt), True),
                                     (sample([wshape[0]], dt) if bias else None, bias)],
                       (lambda a: lambda x, w, bb: F.conv1d(x, w, bb, a["stride"], a["padding"], a["dilation"],
                                                            a["groups"]))(a))
    for mode, k, dil in (("same", 3, 1), ("same", 4, 1), ("same", 3, 2), ("valid", 3, 1)):
        a = {"padding": mode, "stride": 1, "dilation": dil, "groups": 1, "bias": True}
        yield case("conv1d_mode", a, [(sample([2, 3, 8], dt), True), (sample([4, 3, k], dt), True),
                                      (sample([4], dt), True)],
                   (lambda m, d: lambda x, w, bb: F.conv1d(x, w, bb, 1, m, d))(mode, dil))
    a = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "bias": False}
    yield case("conv1d", a, [(sample([2, 3, 4, 5], dt), True), (sample([4, 3, 2], dt), True), (None, False)],
               lambda x, w, bb: F.conv1d(x, w, bb), message=False)
    # pools
    for k, st, pad, dil in ((2, 2, 0, 1), (3, 1, 1, 1), (3, 2, 1, 2), (4, 3, 2, 1)):
        a = {"kernel_size": k, "stride": st, "padding": pad, "dilation": dil}
        yield case("max_pool1d", a, [(sample([2, 3, 11], dt), True)],
                   (lambda k, st, pad, dil: lambda x: F.max_pool1d(x, k, st, pad, dil))(k, st, pad, dil))
        if dil == 1:
            yield case("avg_pool1d", a, [(sample([2, 3, 11], dt), True)],
                       (lambda k, st, pad: lambda x: F.avg_pool1d(x, k, st, pad))(k, st, pad))
    yield case("max_pool1d", {"kernel_size": 3, "stride": 3, "padding": 0, "dilation": 1}, [(sample([4, 9], dt), True)],
               lambda x: F.max_pool1d(x, 3))
    yield case("avg_pool1d", {"kernel_size": 2, "stride": 2, "padding": 0, "dilation": 1}, [(sample([4, 9], dt), True)],
               lambda x: F.avg_pool1d(x, 2))
    for n, shape in ((4, [2, 3, 11]), (1, [2, 3, 5]), (5, [2, 3, 5]), (3, [4, 10]), (7, [1, 2, 3])):
        yield case("adaptive_avg_pool1d", {"output_size": n}, [(sample(shape, dt), True)],
                   (lambda n: lambda x: F.adaptive_avg_pool1d(x, n))(n))
    # conv_transpose2d: stride, padding, output_padding, groups, dilation, unbatched, errors
    for shape, wshape, a in (([2, 4, 3, 3], [4, 3, 3, 3], {"stride": [1, 1], "padding": [0, 0], "output_padding": [0, 0],
                                                           "groups": 1, "dilation": [1, 1]}),
                             ([2, 4, 3, 4], [4, 2, 3, 2], {"stride": [2, 3], "padding": [1, 0], "output_padding": [1, 2],
                                                           "groups": 2, "dilation": [1, 1]}),
                             ([1, 2, 4, 3], [2, 3, 2, 3], {"stride": [2, 1], "padding": [2, 1], "output_padding": [0, 0],
                                                           "groups": 1, "dilation": [2, 2]}),
                             ([3, 3, 3], [3, 2, 2, 2], {"stride": [2, 2], "padding": [0, 0], "output_padding": [1, 1],
                                                        "groups": 1, "dilation": [1, 1]})):
        for bias in (True, False):
            b = dict(a, bias=bias)
            cout = wshape[1] * a["groups"]
            yield case("conv_transpose2d", b, [(sample(shape, dt), True), (sample(wshape, dt), True),
                                               (sample([cout], dt) if bias else None, bias)],
                       (lambda a: lambda x, w, bb: F.conv_transpose2d(x, w, bb, tuple(a["stride"]), tuple(a["padding"]),
                                                                      tuple(a["output_padding"]), a["groups"],
                                                                      tuple(a["dilation"])))(a))
    a = {"stride": [1, 1], "padding": [0, 0], "output_padding": [1, 1], "groups": 1, "dilation": [1, 1], "bias": False}
    yield case("conv_transpose2d", a, [(sample([1, 2, 3, 3], dt), True), (sample([2, 2, 2, 2], dt), True), (None, False)],
               lambda x, w, bb: F.conv_transpose2d(x, w, bb, 1, 0, 1))
    yield case("conv_transpose2d", dict(a, output_padding=[0, 0]), [(sample([1, 3, 3, 3], dt), True),
                                                                   (sample([2, 2, 2, 2], dt), True), (None, False)],
               lambda x, w, bb: F.conv_transpose2d(x, w, bb), message=False)
    # adaptive_max_pool2d (ties and NaN: the first maximum, a NaN wins)
    for shape, osz in (([2, 3, 5, 7], [2, 3]), ([2, 3, 5, 7], [5, 7]), ([3, 4, 4], [3]), ([1, 2, 6, 5], [1]),
                       ([1, 1, 3, 3], [4, 2])):
        yield case("adaptive_max_pool2d", {"output_size": osz}, [(sample(shape, dt), True)],
                   (lambda o: lambda x: F.adaptive_max_pool2d(x, o[0] if len(o) == 1 else tuple(o)))(osz))
    ties = torch.tensor([[[[1.0, 3.0, 3.0, 0.0], [3.0, -1.0, 2.0, 3.0], [float("nan"), 0.0, 1.0, 1.0]]]], dtype=dt)
    yield case("adaptive_max_pool2d", {"output_size": [2, 2]}, [(ties, True)], lambda x: F.adaptive_max_pool2d(x, 2))
    yield case("adaptive_max_pool2d", {"output_size": [2]}, [(sample([2, 3], dt), True)],
               lambda x: F.adaptive_max_pool2d(x, 2), message=False)
    # group_norm
    for shape, g in (([3, 8], 2), ([3, 6, 5], 3), ([2, 4, 3, 2], 1), ([2, 4, 3, 2], 4), ([1, 6, 4], 2)):
        for affine in (True, False):
            a = {"num_groups": g, "eps": 1e-5, "affine": affine}
            c = shape[1]
            yield case("group_norm", a, [(sample(shape, dt), True), (sample([c], dt) if affine else None, affine),
                                         (sample([c], dt) if affine else None, affine)],
                       (lambda g: lambda x, w, b: F.group_norm(x, g, w, b))(g))
    yield case("group_norm", {"num_groups": 2, "eps": 0.1, "affine": False}, [(sample([2, 4, 3], dt), True),
                                                                            (None, False), (None, False)],
               lambda x, w, b: F.group_norm(x, 2, eps=0.1))
    yield case("group_norm", {"num_groups": 4, "eps": 1e-5, "affine": False}, [(sample([2, 6, 3], dt), True),
                                                                             (None, False), (None, False)],
               lambda x, w, b: F.group_norm(x, 4), message=False)
    # instance_norm with input statistics (running statistics: NnMoreConformance's module case)
    for shape, affine in (([2, 3, 5], False), ([2, 3, 5], True), ([2, 2, 3, 4], True), ([3, 1, 4], False)):
        c = shape[1]
        yield case("instance_norm", {"affine": affine}, [(sample(shape, dt), True),
                                                         (sample([c], dt) if affine else None, affine),
                                                         (sample([c], dt) if affine else None, affine)],
                   lambda x, w, b: F.instance_norm(x, weight=w, bias=b))
    # cosine_similarity, pairwise_distance, normalize
    for s1, s2, dim, eps in (([4, 5], [4, 5], 1, 1e-8), ([4, 5], [4, 5], 0, 1e-8), ([2, 3, 4], [3, 4], -1, 1e-8),
                             ([3, 1, 4], [1, 5, 4], 2, 0.5), ([5], [5], 0, 1e-8)):
        yield case("cosine_similarity", {"dim": dim, "eps": eps}, [(sample(s1, dt), True), (sample(s2, dt), True)],
                   (lambda d, e: lambda a, b: F.cosine_similarity(a, b, d, e))(dim, eps))
    z = torch.zeros([2, 3], dtype=dt)
    z[1] = torch.tensor([1.0, 2.0, 2.0], dtype=dt)
    yield case("cosine_similarity", {"dim": 1, "eps": 1e-8}, [(z, True), (sample([2, 3], dt), True)],
               lambda a, b: F.cosine_similarity(a, b))
    for s1, s2, pp, eps, keep in (([4, 5], [4, 5], 2.0, 1e-6, False), ([4, 5], [4, 5], 1.0, 1e-6, True),
                                  ([4, 5], [5], 3.0, 0.0, False), ([2, 3, 4], [2, 3, 4], 2.0, 1e-6, True),
                                  ([5], [5], 2.0, 1e-6, False)):
        yield case("pairwise_distance", {"p": pp, "eps": eps, "keepdim": keep},
                   [(sample(s1, dt), True), (sample(s2, dt), True)],
                   (lambda pp, e, k: lambda a, b: F.pairwise_distance(a, b, pp, e, k))(pp, eps, keep))
    for shape, pp, dim, eps in (([4, 5], 2.0, 1, 1e-12), ([4, 5], 1.0, 0, 1e-12), ([2, 3, 4], 3.0, -1, 0.5)):
        yield case("normalize", {"p": pp, "dim": dim, "eps": eps}, [(sample(shape, dt), True)],
                   (lambda pp, d, e: lambda x: F.normalize(x, pp, d, e))(pp, dim, eps))
    yield case("normalize", {"p": 2.0, "dim": 1, "eps": 1e-12}, [(z, True)], lambda x: F.normalize(x))


def pm1(shape):
    return torch.tensor(golden.rng.choice([-1.0, 1.0], size=shape))


def loss_cases(dt):
    for red in RED:
        for margin in (0.0, 0.7):
            a = {"reduction": red, "margin": margin}
            yield case("margin_ranking_loss", a, [(sample([6], dt), True), (sample([6], dt), True),
                                                  (pm1([6]).to(dt), False)],
                       (lambda m, r: lambda x1, x2, t: F.margin_ranking_loss(x1, x2, t, m, reduction=r))(margin, red))
            yield case("hinge_embedding_loss", a, [(sample([3, 4], dt), True), (pm1([3, 4]).to(dt), False)],
                       (lambda m, r: lambda x, t: F.hinge_embedding_loss(x, t, 1.0 + m, reduction=r))(margin, red))
            yield case("cosine_embedding_loss", a, [(sample([5, 3], dt), True), (sample([5, 3], dt), True),
                                                    (pm1([5]).to(dt), False)],
                       (lambda m, r: lambda x1, x2, t: F.cosine_embedding_loss(x1, x2, t, m, reduction=r))(margin, red))
            yield case("triplet_margin_loss", dict(a, p=2.0, eps=1e-6, swap=margin > 0),
                       [(sample([4, 5], dt), True), (sample([4, 5], dt), True), (sample([4, 5], dt), True)],
                       (lambda m, r: lambda x, y, z: F.triplet_margin_loss(x, y, z, 1.0 + m, 2.0, 1e-6, m > 0,
                                                                           reduction=r))(margin, red))
        a = {"reduction": red}
        yield case("soft_margin_loss", a, [(sample([3, 4], dt), True), (pm1([3, 4]).to(dt), False)],
                   (lambda r: lambda x, t: F.soft_margin_loss(x, t, reduction=r))(red))
        for weighted in (False, True):
            a = {"reduction": red, "weighted": weighted}
            yield case("multilabel_soft_margin_loss", a, [(sample([3, 4], dt), True),
                                                          (torch.tensor(golden.rng.integers(0, 2, [3, 4])).to(dt), False),
                                                          (sample([4], dt, 0.2, 2) if weighted else None, False)],
                       (lambda r: lambda x, t, w: F.multilabel_soft_margin_loss(x, t, w, reduction=r))(red))
            for pp in (1, 2):
                a = {"reduction": red, "p": pp, "margin": 0.8, "weighted": weighted}
                yield case("multi_margin_loss", a, [(sample([5, 4], dt, -1, 1), True),
                                                    (torch.tensor(golden.rng.integers(0, 4, 5)), False),
                                                    (sample([4], dt, 0.2, 2) if weighted else None, False)],
                           (lambda r, pp: lambda x, t, w: F.multi_margin_loss(x, t, pp, 0.8, w, reduction=r))(red, pp))
        for log_input, full in ((True, False), (False, False), (True, True), (False, True)):
            a = {"reduction": red, "log_input": log_input, "full": full, "eps": 1e-8}
            x = sample([3, 4], dt, -2, 2) if log_input else sample([3, 4], dt, 0.1, 4)
            t = torch.tensor(golden.rng.integers(0, 5, [3, 4])).to(dt)
            yield case("poisson_nll_loss", a, [(x, True), (t, False)],
                       (lambda li, f, r: lambda x, t: F.poisson_nll_loss(x, t, li, f, reduction=r))(log_input, full, red))
        for vshape, full in (([3, 4], False), ([3, 4], True), ([3], False), ([3, 1], False)):
            a = {"reduction": red, "full": full, "eps": 1e-6}
            v = sample(vshape, dt, 0.1, 2)
            v.reshape(-1)[0] = 1e-8   # clamped to eps
            yield case("gaussian_nll_loss", a, [(sample([3, 4], dt), True), (sample([3, 4], dt), True), (v, True)],
                       (lambda f, r: lambda x, t, v: F.gaussian_nll_loss(x, t, v, f, 1e-6, reduction=r))(full, red))
    # unbatched and edge forms
    a = {"reduction": "mean", "margin": 0.0}
    yield case("cosine_embedding_loss", a, [(sample([3], dt), True), (sample([3], dt), True),
                                            (torch.tensor(-1.0, dtype=dt), False)],
               lambda x1, x2, t: F.cosine_embedding_loss(x1, x2, t))
    yield case("triplet_margin_loss", dict(a, p=1.0, eps=1e-6, swap=False), [(sample([5], dt), True),
                                                                            (sample([5], dt), True),
                                                                            (sample([5], dt), True)],
               lambda x, y, z: F.triplet_margin_loss(x, y, z, p=1.0))
    a = {"reduction": "sum", "p": 1, "margin": 1.0, "weighted": False}
    yield case("multi_margin_loss", a, [(sample([4], dt), True), (torch.tensor(2), False), (None, False)],
               lambda x, t, w: F.multi_margin_loss(x, t, reduction="sum"))
    # errors
    a = {"reduction": "mean", "margin": 0.0}
    yield case("margin_ranking_loss", a, [(sample([6], dt), True), (sample([6, 1], dt), True), (pm1([6]).to(dt), False)],
               lambda x1, x2, t: F.margin_ranking_loss(x1, x2, t), message=False)
    yield case("cosine_embedding_loss", a, [(sample([5, 3], dt), True), (sample([5, 3], dt), True),
                                            (pm1([5, 1]).to(dt), False)], lambda x1, x2, t: F.cosine_embedding_loss(x1, x2, t))
    yield case("cosine_embedding_loss", a, [(sample([5], dt), True), (sample([5], dt), True),
                                            (pm1([5]).to(dt), False)], lambda x1, x2, t: F.cosine_embedding_loss(x1, x2, t),
               message=False)
    yield case("triplet_margin_loss", dict(a, p=2.0, eps=1e-6, swap=False), [(sample([4, 5], dt), True),
                                                                            (sample([5], dt), True),
                                                                            (sample([4, 5], dt), True)],
               lambda x, y, z: F.triplet_margin_loss(x, y, z))
    b = {"reduction": "mean", "p": 3, "margin": 1.0, "weighted": False}
    yield case("multi_margin_loss", b, [(sample([5, 4], dt), True), (torch.tensor([0, 1, 2, 3, 0]), False),
                                        (None, False)], lambda x, t, w: F.multi_margin_loss(x, t, p=3), message=False)
    b = dict(b, p=1)
    yield case("multi_margin_loss", b, [(sample([5, 4], dt), True), (torch.tensor([0, 1, 2, 4, 0]), False),
                                        (None, False)], lambda x, t, w: F.multi_margin_loss(x, t))
    c = {"reduction": "mean", "full": False, "eps": 1e-6}
    yield case("gaussian_nll_loss", c, [(sample([3, 4], dt), True), (sample([3, 4], dt), True),
                                        (sample([4], dt, 0.1, 1), True)],
               lambda x, t, v: F.gaussian_nll_loss(x, t, v), message=False)
    yield case("gaussian_nll_loss", c, [(sample([3, 4], dt), True), (sample([3, 4], dt), True),
                                        (sample([3, 4], dt, -1, -0.5), True)],
               lambda x, t, v: F.gaussian_nll_loss(x, t, v), message=False)


def interpolate_cases(dt):
    for shape, size, sf, mode, ac in (([1, 2, 3, 4], None, [2.0], "nearest", None),
                                      ([2, 1, 5, 3], [7, 4], None, "nearest", None),
                                      ([2, 1, 6, 6], [4, 3], None, "nearest", None),
                                      ([1, 2, 3, 5], None, [1.7, 0.6], "nearest", None),
                                      ([2, 3, 5], [11], None, "nearest", None),
                                      ([2, 3, 5], None, [2.5], "nearest", None),
                                      ([2, 3, 5], [9], None, "linear", None),
                                      ([2, 3, 5], [9], None, "linear", True),
                                      ([2, 3, 5], None, [0.7], "linear", False),
                                      ([2, 3, 5], [1], None, "linear", True),
                                      ([1, 2, 3, 4], [5, 7], None, "bilinear", None),
                                      ([1, 2, 3, 4], [5, 7], None, "bilinear", True),
                                      ([2, 1, 4, 4], None, [1.5], "bilinear", False),
                                      ([2, 1, 4, 4], None, [2.0], "bilinear", True),
                                      ([1, 1, 5, 6], [3, 4], None, "bilinear", None),
                                      ([1, 1, 5, 6], [3, 4], None, "bilinear", True),
                                      ([1, 1, 3, 3], [3, 3], None, "bilinear", None)):
        a = {"size": size, "scale_factor": sf, "mode": mode, "align_corners": ac}
        yield case("interpolate", a, [(sample(shape, dt), True)],
                   (lambda a: lambda x: F.interpolate(x, size=None if a["size"] is None else
                                                      (a["size"][0] if len(a["size"]) == 1 else tuple(a["size"])),
                                                      scale_factor=None if a["scale_factor"] is None else
                                                      (a["scale_factor"][0] if len(a["scale_factor"]) == 1
                                                       else tuple(a["scale_factor"])),
                                                      mode=a["mode"], align_corners=a["align_corners"]))(a))
    for size, sf, mode, ac, shape in ((None, None, "nearest", None, [1, 2, 3, 4]), ([3], [2.0], "nearest", None, [1, 2, 3, 4]),
                                      (None, [2.0], "nearest", True, [1, 2, 3, 4]), ([3], None, "linear", None, [1, 2, 3, 4]),
                                      ([3], None, "bilinear", None, [1, 2, 3]), ([3, 3, 3], None, "nearest", None, [1, 2, 3, 4])):
        a = {"size": size, "scale_factor": sf, "mode": mode, "align_corners": ac}
        yield case("interpolate", a, [(sample(shape, dt), True)],
                   (lambda a: lambda x: F.interpolate(x, size=None if a["size"] is None else
                                                      (a["size"][0] if len(a["size"]) == 1 else tuple(a["size"])),
                                                      scale_factor=None if a["scale_factor"] is None else
                                                      a["scale_factor"][0], mode=a["mode"],
                                                      align_corners=a["align_corners"]))(a))


def layer_modules():
    """Seeded modules: their state dicts, then an input's output and gradients, per dtype."""
    out = []
    for dt in (torch.float32, torch.float64):
        name = str(dt).replace("torch.", "")
        specs = [
            ("Conv1d(4, 6, 3)", lambda: nn.Conv1d(4, 6, 3, dtype=dt), [2, 4, 9]),
            ("Conv1d(4, 6, 3, 2, 1, 2, 2, false)", lambda: nn.Conv1d(4, 6, 3, 2, 1, 2, 2, False, dtype=dt), [2, 4, 9]),
            ("Conv1d(3, 2, 4, same)", lambda: nn.Conv1d(3, 2, 4, padding="same", dtype=dt), [2, 3, 7]),
            ("GroupNorm(2, 4)", lambda: nn.GroupNorm(2, 4, dtype=dt), [3, 4, 5]),
            ("ConvTranspose2d(4, 6, 3, 2, 1, 1, 2, true, 1)", lambda: nn.ConvTranspose2d(4, 6, 3, 2, 1, 1, 2, True, 1,
                                                                                          dtype=dt), [2, 4, 3, 3]),
            ("ConvTranspose2d(3, 2, 2)", lambda: nn.ConvTranspose2d(3, 2, 2, dtype=dt), [2, 3, 4, 4]),
            ("PReLU(3, 0.1)", lambda: nn.PReLU(3, 0.1, dtype=dt), [2, 3, 4]),
            ("InstanceNorm1d(3, affine, track)", lambda: nn.InstanceNorm1d(3, affine=True, track_running_stats=True,
                                                                           dtype=dt), [4, 3, 5]),
            ("InstanceNorm2d(2, track)", lambda: nn.InstanceNorm2d(2, track_running_stats=True, dtype=dt),
             [3, 2, 3, 3]),
        ]
        for key, make, shape in specs:
            torch.manual_seed(11)
            m = make()
            c = {"key": key, "dtype": name, "repr": repr(m), "state": {k: enc(v) for k, v in m.state_dict().items()}}
            xs = [sample(shape, dt) for _ in range(2)]
            outs = []
            for x in xs:   # two training steps (running statistics move twice), then evaluation
                xg = x.clone().requires_grad_(True)
                y = m(xg)
                w = sample(list(y.shape), dt)
                (y * w).sum().backward()
                outs.append({"x": enc(x), "out": enc(y.detach()), "w": enc(w), "x_grad": enc(xg.grad),
                             "grad_fn": y.grad_fn.name()})
            m.eval()
            with torch.no_grad():
                outs.append({"x": enc(xs[0]), "out": enc(m(xs[0]))})
            c["steps"] = outs
            c["param_grads"] = {k: enc(p.grad) for k, p in m.named_parameters()}
            c["final_state"] = {k: enc(v) for k, v in m.state_dict().items()}
            out.append(c)
    return out


def dropout_cases():
    out = []
    for dt in (torch.float32, torch.float64):
        for key, shape, p, fn in (("dropout2d", [3, 4, 2, 2], 0.5, F.dropout2d), ("dropout2d", [2, 5, 3], 0.3, F.dropout2d),
                                  ("dropout1d", [3, 4, 5], 0.5, F.dropout1d), ("dropout1d", [6, 3], 0.25, F.dropout1d),
                                  ("dropout2d", [2, 3, 2, 2], 1.0, F.dropout2d)):
            x = sample(shape, dt)
            torch.manual_seed(5)
            y = fn(x, p)
            out.append({"op": key, "dtype": str(dt).replace("torch.", ""), "p": p, "x": enc(x), "out": enc(y)})
    return out


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
        "MaxPool1d(2)": repr(nn.MaxPool1d(2)), "MaxPool1d(3, 1, 1, 2)": repr(nn.MaxPool1d(3, 1, 1, 2)),
        "AvgPool1d(3)": repr(nn.AvgPool1d(3)), "AvgPool1d(3, 2, 1)": repr(nn.AvgPool1d(3, 2, 1)),
        "AdaptiveAvgPool1d(4)": repr(nn.AdaptiveAvgPool1d(4)), "GroupNorm(2, 4, 0.001, false)":
        repr(nn.GroupNorm(2, 4, 0.001, False)), "InstanceNorm1d(4)": repr(nn.InstanceNorm1d(4)),
        "CosineSimilarity()": repr(nn.CosineSimilarity()), "PairwiseDistance()": repr(nn.PairwiseDistance()),
        "Unflatten(1, 2, 2)": repr(nn.Unflatten(1, (2, 2))), "Unflatten(-1, 6)": repr(nn.Unflatten(-1, (6,))),
        "losses": [repr(m) for m in (nn.MarginRankingLoss(), nn.HingeEmbeddingLoss(), nn.SoftMarginLoss(),
                                     nn.MultiLabelSoftMarginLoss(), nn.CosineEmbeddingLoss(), nn.TripletMarginLoss(),
                                     nn.MultiMarginLoss(), nn.PoissonNLLLoss(), nn.GaussianNLLLoss())],
        "AdaptiveMaxPool2d(2)": repr(nn.AdaptiveMaxPool2d(2)),
        "AdaptiveMaxPool2d(2, 3)": repr(nn.AdaptiveMaxPool2d((2, 3))),
        "Upsample(2.0)": repr(nn.Upsample(scale_factor=2.0)),
        "Upsample([3, 4], bilinear, true)": repr(nn.Upsample(size=(3, 4), mode="bilinear", align_corners=True)),
        "Upsample([5])": repr(nn.Upsample(size=5)),
        "Dropout1d()": repr(nn.Dropout1d()), "Dropout2d(0.3, true)": repr(nn.Dropout2d(0.3, True)),
        "ParameterList()": repr(nn.ParameterList()), "ParameterDict()": repr(nn.ParameterDict()),
        "ParameterList(2)": repr(plist()), "ParameterDict(2)": repr(pdict()), "M": repr(Holder()),
    }


def plist():
    return nn.ParameterList([nn.Parameter(torch.ones(3)), nn.Parameter(torch.zeros(2, 2, dtype=torch.float64))])


def pdict():
    from collections import OrderedDict
    return nn.ParameterDict(OrderedDict([("b", nn.Parameter(torch.ones(3))),
                                         ("a", nn.Parameter(torch.zeros(2, 1, dtype=torch.float64)))]))


class Holder(nn.Module):
    def __init__(self):
        super().__init__()
        self.p = plist()
        self.d = pdict()
        self.l = nn.Linear(1, 1)

    def state_keys(self):
        return list(self.state_dict().keys())


GENERATORS = [activation_cases, layer_cases, loss_cases, interpolate_cases]


def main():
    write(OUT, golden.collect(GENERATORS), hooks=hook_cases(), reprs=reprs(), modules=layer_modules(), holder_keys=Holder().state_keys(),
          dropout=dropout_cases())


if __name__ == "__main__":
    main()
