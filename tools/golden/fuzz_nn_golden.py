#!/usr/bin/python3
"""Differential fuzzing of torch.nn.functional, a few nn modules and the optimizers, from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/fuzz_nn_golden.py

A seeded generator draws a few thousand small random calls (random shapes, 0-size batches, random parameters, some
of them invalid on purpose) over convolutions, poolings, normalisations, interpolate, pad, embedding, linear /
bilinear, the activations, every loss, one_hot, normalize, the distances, pixel_shuffle, fold / unfold, plus random
optimizer runs. PyTorch decides what is valid: each case records what it returned or that it raised.

Writes core/src/test/resources/golden/fuzz_nn.json.gz, read by FuzzNnConformance:
- "cases": op and arguments (as FuzzNnConformance.apply spells them), inputs (those marked "grad" are leaves
  requiring grad), PyTorch's output (or its error), grad_fn's name, the gradient of (out * w).sum() for each such
  leaf, and "after": the tensors an op changes in place (running statistics, an embedding's renormed rows);
- "optim": optimizer runs: kind, options, initial parameters, the gradients fed at each step and the parameters
  after each step.
Values are float.hex. Runs with Debian's reference BLAS, selected as vector_math_golden.py does.
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
import torch.nn.functional as F  # noqa: E402

import tensor_ops_golden as golden  # noqa: E402
from nn_more_golden import enc  # noqa: E402
from tensor_ops_golden import ROOT, hexs, sample  # noqa: E402

warnings.simplefilter("ignore")
torch.set_num_threads(1)
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "fuzz_nn.json.gz")
golden.use_rng(np.random.default_rng(1113))
R = np.random.default_rng(2026)   # the parameters' draws; sample() draws the values
RED = ("none", "mean", "sum")


def pick(*options):
    return options[int(R.integers(len(options)))]


def ri(lo, hi):
    """A random int in [lo, hi]."""
    return int(R.integers(lo, hi + 1))


def chance(p):
    return bool(R.random() < p)


def plain(v):
    """An argument as JSON holds it: an infinite float as the string "inf" (read as float.hex's)."""
    return "inf" if isinstance(v, float) and v == float("inf") else v


def case(op, args, inputs, fn):
    """inputs: (tensor or None, requires_grad) pairs, passed to fn in order. fn returns the output, or (output,
    tensors changed in place) for the ops with side effects."""
    leaves = [None if x is None else x.clone().requires_grad_(g) for x, g in inputs]
    c = {"op": op, "args": {k: plain(v) for k, v in args.items()}, "inputs": [None if x is None else enc(x, g) for x, (_, g) in zip(leaves, inputs)]}
    try:
        r = fn(*leaves)
    except Exception as e:  # PyTorch refuses: grad4j must refuse too
        c["error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
        return c
    out, after = r if isinstance(r, tuple) else (r, None)
    c["out"] = enc(out.detach())
    if after is not None:
        c["after"] = [enc(t.detach()) for t in after]
    if out.requires_grad:
        backward(c, out, leaves)
    return c


def backward(c, out, leaves):
    """The weights w, grad_fn's name (C++ nodes without their namespace, as grad4j names them) and each leaf's
    gradient of (out * w).sum(), or the error PyTorch's backward raised."""
    w = sample(list(out.shape), out.dtype)
    c["w"] = enc(w)
    c["grad_fn"] = out.grad_fn.name().replace("torch::autograd::", "")
    try:
        (out * w).sum().backward()
    except Exception as e:  # the forward passed, the backward refuses
        c["backward_error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
        return
    c["grads"] = [enc(x.grad) if x is not None and x.grad is not None else None for x in leaves]


def dims(n, lo, hi):
    return [ri(lo, hi) for _ in range(n)]


def batch():
    return pick(0, 1, 2, 2, 3) if chance(0.9) else 0


# ------------------------------------------------------------------------------------------------ convolutions

def conv_case(dt):
    d = ri(1, 3)
    g = pick(1, 1, 2, 3)
    cin, cout = g * ri(1, 2), g * ri(1, 3)
    if chance(0.04):
        cin += 1   # channels that do not divide: an error
    k = dims(d, 1, 3)
    dil = dims(d, 1, 2) if chance(0.4) else [1] * d
    pad = pick("same", "valid", dims(d, 0, 2), [0] * d)
    stride = dims(d, 1, 3) if pad != "same" or chance(0.1) else [1] * d
    spatial = dims(d, 1, 6 if d < 3 else 4)
    shape = ([batch()] if chance(0.85) else []) + [cin] + spatial
    x = sample(shape, dt)
    w = sample([cout, cin // g] + k, dt)
    b = sample([cout], dt) if chance(0.7) else None
    op = "conv%dd" % d
    fn = getattr(F, op)
    a = {"stride": stride, "padding": pad, "dilation": dil, "groups": g}
    return case(op, a, [(x, True), (w, True), (b, b is not None)],
                lambda x, w, b: fn(x, w, b, stride, pad, dil, g))


def conv_transpose_case(dt):
    d = ri(1, 3)
    g = pick(1, 1, 2)
    cin, cout = g * ri(1, 2), g * ri(1, 2)
    k = dims(d, 1, 3)
    stride = dims(d, 1, 3)
    dil = dims(d, 1, 2) if chance(0.3) else [1] * d
    pad = dims(d, 0, 2)
    outpad = [ri(0, max(s, dl) - 1 + (1 if chance(0.05) else 0)) for s, dl in zip(stride, dil)]
    spatial = dims(d, 1, 5 if d < 3 else 3)
    shape = ([batch()] if chance(0.85) else []) + [cin] + spatial
    x = sample(shape, dt)
    w = sample([cin, cout // g] + k, dt)
    b = sample([cout], dt) if chance(0.6) else None
    op = "conv_transpose%dd" % d
    fn = getattr(F, op)
    a = {"stride": stride, "padding": pad, "output_padding": outpad, "groups": g, "dilation": dil}
    return case(op, a, [(x, True), (w, True), (b, b is not None)],
                lambda x, w, b: fn(x, w, b, stride, pad, outpad, g, dil))


def conv_module_case(dt):
    """Conv1d/2d/3d with a padding_mode (F.pad, then an unpadded convolution, as the modules compute)."""
    d = ri(1, 3)
    mode = pick("zeros", "reflect", "replicate", "circular")
    k = dims(d, 1, 3)
    p = pick(dims(d, 0, 2), dims(d, 0, 2), "same", "valid")
    stride = dims(d, 1, 2) if p != "same" else [1] * d
    cin, cout = ri(1, 2), ri(1, 2)
    bias = chance(0.5)
    torch.manual_seed(0)
    m = getattr(nn, "Conv%dd" % d)(cin, cout, k, stride, p, padding_mode=mode, bias=bias).to(dt)
    x = sample([ri(0, 2), cin] + dims(d, 1, 5 if d < 3 else 4), dt)
    w = sample(list(m.weight.shape), dt)
    b = sample([cout], dt) if bias else None
    a = {"dim": d, "kernel_size": k, "stride": stride, "padding": p, "padding_mode": mode}
    return case("conv_module", a, [(x, True), (w, True), (b, b is not None)], lambda x, w, b: m._conv_forward(x, w, b))


# ------------------------------------------------------------------------------------------------ pooling

def pool_input(d, lo=1, hi=7):
    shape = ([batch()] if chance(0.8) else []) + [ri(1, 3)] + dims(d, lo, hi if d < 3 else 5)
    return shape


def all_windows_hit(size, k, s, p, d, ceil):
    """Whether every pooling window holds at least one input element (PyTorch's output size rule)."""
    for n, kk, ss, pp, dd in zip(size, k, s, p, d):
        span = n + 2 * pp - dd * (kk - 1) - 1
        if span < 0:
            return True   # no output: PyTorch raises
        out = (span + (ss - 1 if ceil else 0)) // ss + 1
        if ceil and (out - 1) * ss >= n + pp:
            out -= 1
        for o in range(out):
            if not any(0 <= o * ss - pp + j * dd < n for j in range(kk)):
                return False
    return True


def max_pool_case(dt):
    d = ri(1, 3)
    k = dims(d, 1, 3)
    stride = pick(None, dims(d, 1, 3))
    # padding past half the kernel is left out: 1.13's max_pool2d corrupts the heap on it (seen on [1, 4, 3] input,
    # kernel 1, padding [1, 0], ceil_mode) instead of raising
    pad = [ri(0, kk // 2) for kk in k]
    dil = dims(d, 1, 2) if chance(0.3) else [1] * d
    ceil = chance(0.4)
    indices = chance(0.3)
    shape = pool_input(d)
    if not all_windows_hit(shape[-d:], k, stride or k, pad, dil, ceil):
        dil = [1] * d   # a window wholly in the padding: 1.13's max_pool3d writes out of bounds (heap corruption)
    x = sample(shape, dt)
    if chance(0.2):   # ties: maxima chosen by index order
        x = torch.round(x)
    fn = getattr(F, "max_pool%dd" % d)
    a = {"kernel_size": k, "stride": stride, "padding": pad, "dilation": dil, "ceil_mode": ceil}
    if indices:
        return case("max_pool%dd_indices" % d, a, [(x, False)], lambda x: fn(x, k, stride, pad, dil, ceil, True)[1])
    return case("max_pool%dd" % d, a, [(x, True)], lambda x: fn(x, k, stride, pad, dil, ceil))


def avg_pool_case(dt):
    d = ri(1, 3)
    k = dims(d, 1, 3)
    stride = pick(None, dims(d, 1, 3))
    pad = [ri(0, kk // 2 + (1 if chance(0.05) else 0)) for kk in k]
    ceil = chance(0.4)
    cip = chance(0.5)
    div = pick(None, None, None, ri(1, 5)) if d > 1 else None
    x = sample(pool_input(d), dt)
    fn = getattr(F, "avg_pool%dd" % d)
    a = {"kernel_size": k, "stride": stride, "padding": pad, "ceil_mode": ceil, "count_include_pad": cip,
         "divisor_override": div}
    if d == 1:
        return case("avg_pool1d", a, [(x, True)], lambda x: fn(x, k, stride, pad, ceil, cip))
    return case("avg_pool%dd" % d, a, [(x, True)], lambda x: fn(x, k, stride, pad, ceil, cip, div))


def adaptive_case(dt):
    d = ri(1, 3)
    kind = pick("avg", "max", "max_indices")
    x = sample(pool_input(d, 1, 7), dt)
    size = dims(d, 1, 5)
    if chance(0.05):
        size[0] = 0
    op = "adaptive_%s_pool%dd" % (kind.replace("_indices", ""), d)
    fn = getattr(F, op)
    a = {"output_size": size}
    if kind == "max_indices":
        return case(op + "_indices", a, [(x, False)], lambda x: fn(x, size, True)[1])
    return case(op, a, [(x, True)], lambda x: fn(x, size))


def lp_pool_case(dt):
    d = ri(1, 2)
    p = pick(1.0, 2.0, 3.0, 1.5)
    k = dims(d, 1, 3)
    stride = pick(None, dims(d, 1, 3))
    ceil = chance(0.3)
    x = sample(pool_input(d), dt, 0.1, 3.0) if chance(0.7) else sample(pool_input(d), dt)
    fn = getattr(F, "lp_pool%dd" % d)
    a = {"norm_type": p, "kernel_size": k, "stride": stride, "ceil_mode": ceil}
    if d == 1:   # lp_pool1d multiplies by kernel_size: an int
        k, stride = k[0], None if stride is None else stride[0]
    return case("lp_pool%dd" % d, a, [(x, True)], lambda x: fn(x, p, k, stride, ceil))


# ------------------------------------------------------------------------------------------------ normalisation

def batch_norm_case(dt):
    c = ri(1, 4)
    shape = [pick(1, 2, 3, 4)] + [c] + dims(ri(0, 2), 1, 3)
    if chance(0.05):
        shape[0] = 0
    training = chance(0.6)
    momentum = pick(0.1, 0.0, 0.5, 1.0)
    eps = pick(1e-5, 1e-3, 0.5)
    stats = chance(0.8) or not training
    rm = sample([c], dt) if stats else None
    rv = sample([c], dt, 0.2, 2.0) if stats else None
    wt = sample([c], dt) if chance(0.6) else None
    bs = sample([c], dt) if chance(0.6) else None
    a = {"training": training, "momentum": momentum, "eps": eps}

    def fn(x, rm, rv, w, b):
        y = F.batch_norm(x, rm, rv, w, b, training, momentum, eps)
        return (y, [rm, rv]) if rm is not None else y
    return case("batch_norm", a, [(sample(shape, dt), True), (rm, False), (rv, False), (wt, wt is not None),
                                  (bs, bs is not None)], fn)


def batch_norm_module_case(dt):
    """BatchNorm1d/2d: two training steps, then evaluation (momentum None: the cumulative average)."""
    d = ri(1, 2)
    c = ri(1, 3)
    momentum = pick(None, None, 0.1, 0.3)
    affine = chance(0.5)
    track = chance(0.8)
    eps = pick(1e-5, 0.1)
    shape = [ri(2, 4), c] + (dims(ri(0, 1), 1, 3) if d == 1 else dims(2, 1, 3))
    m = (nn.BatchNorm1d if d == 1 else nn.BatchNorm2d)(c, eps, momentum, affine, track).to(dt)
    a = {"dim": d, "num_features": c, "eps": eps, "momentum": momentum, "affine": affine,
         "track_running_stats": track}

    def fn(x1, x2, x3):
        m.train()
        m(x1)
        y = m(x2)
        m.eval()
        e = m(x3)
        after = [e] + ([m.running_mean, m.running_var, m.num_batches_tracked.double()] if track else [])
        return y, after
    return case("batch_norm_module", a, [(sample(shape, dt), False), (sample(shape, dt), True),
                                         (sample(shape, dt), False)], fn)


def layer_norm_case(dt):
    shape = dims(ri(1, 4), 1, 4)
    if chance(0.05):
        shape[0] = 0
    k = ri(1, len(shape))
    ns = shape[-k:]
    if chance(0.05):
        ns = [ns[0] + 1] + ns[1:]
    eps = pick(1e-5, 0.1)
    wt = sample(ns, dt) if chance(0.6) else None
    bs = sample(ns, dt) if chance(0.6) else None
    a = {"normalized_shape": ns, "eps": eps}
    return case("layer_norm", a, [(sample(shape, dt), True), (wt, wt is not None), (bs, bs is not None)],
                lambda x, w, b: F.layer_norm(x, ns, w, b, eps))


def group_norm_case(dt):
    g = ri(1, 3)
    c = g * ri(1, 3) if chance(0.95) else g * ri(1, 3) + 1
    shape = [ri(1, 3), c] + dims(ri(0, 2), 1, 4)
    eps = pick(1e-5, 0.1)
    wt = sample([c], dt) if chance(0.6) else None
    bs = sample([c], dt) if chance(0.6) else None
    a = {"num_groups": g, "eps": eps}
    return case("group_norm", a, [(sample(shape, dt), True), (wt, wt is not None), (bs, bs is not None)],
                lambda x, w, b: F.group_norm(x, g, w, b, eps))


def instance_norm_case(dt):
    c = ri(1, 3)
    shape = [ri(1, 3), c] + dims(ri(1, 3), 1, 4)
    use_input = chance(0.8)
    stats = chance(0.5) or not use_input
    momentum = pick(0.1, 0.5)
    eps = pick(1e-5, 0.1)
    rm = sample([c], dt) if stats else None
    rv = sample([c], dt, 0.2, 2.0) if stats else None
    wt = sample([c], dt) if chance(0.5) else None
    bs = sample([c], dt) if chance(0.5) else None
    a = {"use_input_stats": use_input, "momentum": momentum, "eps": eps}

    def fn(x, rm, rv, w, b):
        y = F.instance_norm(x, rm, rv, w, b, use_input, momentum, eps)
        return (y, [rm, rv]) if rm is not None else y
    return case("instance_norm", a, [(sample(shape, dt), True), (rm, False), (rv, False), (wt, wt is not None),
                                     (bs, bs is not None)], fn)


def local_response_norm_case(dt):
    shape = [ri(1, 2), ri(1, 5)] + dims(ri(0 if chance(0.1) else 1, 2), 1, 3)
    size = ri(1, 4)
    alpha, beta, k = pick(1e-4, 0.5), pick(0.75, 0.5), pick(1.0, 2.0)
    a = {"size": size, "alpha": alpha, "beta": beta, "k": k}
    return case("local_response_norm", a, [(sample(shape, dt), True)],
                lambda x: F.local_response_norm(x, size, alpha, beta, k))


# ------------------------------------------------------------------------------------------------ interpolate

def interpolate_case(dt):
    mode = pick("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact")
    d = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}.get(mode, ri(1, 3))
    if chance(0.05):
        d = ri(1, 3)   # a mode for another rank: an error
    shape = [ri(0, 2) if chance(0.1) else ri(1, 2), ri(1, 2)] + dims(d, 1, 5 if d < 3 else 3)
    corners = pick(None, True, False) if mode in ("linear", "bilinear", "bicubic", "trilinear") else None
    if chance(0.5):
        size, scale, recompute = dims(d, 1, 7 if d < 3 else 4), None, None
    else:
        scale = [pick(0.5, 1.5, 2.0, 0.7, 1.3, 3.0) for _ in range(d)]
        size = None
        recompute = pick(None, True, False)
    a = {"size": size, "scale_factor": scale, "mode": mode, "align_corners": corners,
         "recompute_scale_factor": recompute}
    return case("interpolate", a, [(sample(shape, dt), True)],
                lambda x: F.interpolate(x, size, scale, mode, corners, recompute))


def pad_case(dt):
    mode = pick("constant", "reflect", "replicate", "circular")
    n = ri(1, 3)
    shape = [ri(1, 2), ri(1, 2)] + dims(n, 1, 5)
    if chance(0.2):
        shape = shape[1:]
    m = n if mode != "constant" and chance(0.9) else ri(1, n)   # others pad the last 1-3 dims of a 2-5 d input
    pads = [ri(-1 if mode == "constant" else 0, 3) for _ in range(2 * m)]
    value = pick(0.0, 1.5, -2.0) if mode == "constant" else 0.0
    a = {"pad": pads, "mode": mode, "value": value}
    return case("pad", a, [(sample(shape, dt), True)], lambda x: F.pad(x, pads, mode, value))


# ------------------------------------------------------------------------------------------------ layers

def embedding_case(dt):
    num, dim = ri(1, 6), ri(1, 4)
    idx = torch.tensor(R.integers(0, num + (1 if chance(0.05) else 0), ri(0, 3) * ri(1, 3)), dtype=torch.int64)
    if chance(0.3):
        idx = idx.reshape(-1, 1) if idx.numel() else idx
    pidx = pick(None, None, ri(-num, num - 1))
    max_norm = pick(None, None, 1.0, 2.5)
    norm_type = pick(2.0, 1.0, 3.0)
    a = {"padding_idx": pidx, "max_norm": max_norm, "norm_type": norm_type}

    def fn(i, w):
        y = F.embedding(i, w, pidx, max_norm, norm_type)
        return (y, [w]) if max_norm is not None else y
    return case("embedding", a, [(idx, False), (sample([num, dim], dt), True)], fn)


def linear_case(dt):
    fin, fout = ri(1, 5), ri(1, 4)
    shape = dims(ri(0, 3), 0 if chance(0.1) else 1, 3) + [fin]
    w = sample([fout, fin + (1 if chance(0.05) else 0)], dt)
    b = sample([fout], dt) if chance(0.6) else None
    return case("linear", {}, [(sample(shape, dt), True), (w, True), (b, b is not None)], F.linear)


def bilinear_case(dt):
    f1, f2, fo = ri(1, 3), ri(1, 3), ri(1, 3)
    n = ri(0, 3)
    b = sample([fo], dt) if chance(0.6) else None
    return case("bilinear", {}, [(sample([n, f1], dt), True), (sample([n, f2], dt), True),
                                 (sample([fo, f1, f2], dt), True), (b, b is not None)], F.bilinear)


ACTIVATIONS = {
    "elu": lambda: {"alpha": pick(1.0, 0.5, 2.0, -1.0)},
    "leaky_relu": lambda: {"negative_slope": pick(0.01, 0.2, -0.5, 1.5)},
    "softplus": lambda: {"beta": pick(1.0, 2.0, 0.5, -1.0), "threshold": pick(20.0, 1.0, 5.0)},
    "hardtanh": lambda: {"min_val": pick(-1.0, -2.0, 0.5), "max_val": pick(1.0, 2.0, 0.5)},
    "relu6": lambda: {},
    "relu": lambda: {},
    "gelu": lambda: {"approximate": pick("none", "tanh")},
    "silu": lambda: {},
    "mish": lambda: {},
    "logsigmoid": lambda: {},
    "selu": lambda: {},
    "celu": lambda: {"alpha": pick(1.0, 0.5, 2.0)},
    "hardswish": lambda: {},
    "hardsigmoid": lambda: {},
    "softsign": lambda: {},
    "tanhshrink": lambda: {},
    "softshrink": lambda: {"lambd": pick(0.5, 0.0, 1.5)},
    "hardshrink": lambda: {"lambd": pick(0.5, 0.0, 1.5)},
    "threshold": lambda: {"threshold": pick(0.0, 0.5, -1.0), "value": pick(0.0, 2.0, -3.0)},
    "glu": lambda: {"dim": pick(-1, 0, 1)},
    "softmin": lambda: {"dim": pick(-1, 0)},
}


def activation_fn(op, a):
    f = getattr(F, op)
    if op == "threshold":
        return lambda x: f(x, a["threshold"], a["value"])
    if op == "hardtanh":
        return lambda x: f(x, a["min_val"], a["max_val"])
    if op in ("softmin", "glu"):
        return lambda x: f(x, a["dim"])
    return lambda x: f(x, **a)


def activation_case(dt):
    op = pick(*ACTIVATIONS.keys())
    a = ACTIVATIONS[op]()
    shape = dims(ri(0, 3), 0 if chance(0.05) else 1, 4)
    if op == "glu" and chance(0.8) and shape:
        shape[-1] = 2 * ri(1, 2)
        if a["dim"] == 0:
            shape[0] = 2 * ri(1, 2)
    scale = pick(3.0, 3.0, 30.0)
    x = sample(shape, dt, -scale, scale)
    if chance(0.2) and x.numel():   # values on the breakpoints
        flat = x.reshape(-1)
        for v in a.values():
            if isinstance(v, float) and flat.numel():
                flat[ri(0, flat.numel() - 1)] = v
    return case(op, a, [(x, True)], activation_fn(op, a))


def prelu_case(dt):
    shape = dims(ri(0, 4), 1, 4)
    n = pick(1, shape[1] if len(shape) > 1 else 1, 3)
    return case("prelu", {}, [(sample(shape, dt), True), (sample([n], dt, -1, 1), True)], F.prelu)


# ------------------------------------------------------------------------------------------------ losses

def target_case(op, fn, dt, lo=-3.0, hi=3.0, tlo=-3.0, thi=3.0, extra=None, **a):
    shape = dims(ri(0, 3), 0 if chance(0.08) else 1, 4)
    tshape = list(shape)
    if chance(0.05) and shape:
        tshape[-1] += 1   # broadcasting targets warn, mismatched ones raise
    a = dict(a, reduction=pick(*RED))
    ins = [(sample(shape, dt, lo, hi), True), (sample(tshape, dt, tlo, thi), chance(0.15))]
    if extra:
        ins += extra(shape)
    return case(op, a, ins, lambda *t: fn(*t, a))


def pointwise_loss_case(dt):
    op = pick("mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "soft_margin_loss", "kl_div",
              "poisson_nll_loss", "gaussian_nll_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits",
              "hinge_embedding_loss")
    if op == "mse_loss":
        return target_case(op, lambda x, t, a: F.mse_loss(x, t, reduction=a["reduction"]), dt)
    if op == "l1_loss":
        return target_case(op, lambda x, t, a: F.l1_loss(x, t, reduction=a["reduction"]), dt)
    if op == "smooth_l1_loss":
        return target_case(op, lambda x, t, a: F.smooth_l1_loss(x, t, reduction=a["reduction"], beta=a["beta"]), dt,
                           beta=pick(1.0, 0.0, 0.5, 2.0))
    if op == "huber_loss":
        return target_case(op, lambda x, t, a: F.huber_loss(x, t, reduction=a["reduction"], delta=a["delta"]), dt,
                           delta=pick(1.0, 0.5, 2.0))
    if op == "soft_margin_loss":
        return target_case(op, lambda x, t, a: F.soft_margin_loss(x, t, reduction=a["reduction"]), dt)
    if op == "hinge_embedding_loss":
        return target_case(op, lambda x, t, a: F.hinge_embedding_loss(x, t, a["margin"], reduction=a["reduction"]),
                           dt, margin=pick(1.0, 0.5, -1.0))
    if op == "kl_div":
        def fn(x, t, a):
            r = "batchmean" if a["batchmean"] else a["reduction"]
            return F.kl_div(x, t, reduction=r, log_target=a["log_target"])
        log_target = chance(0.5)
        return target_case(op, fn, dt, tlo=-3.0 if log_target else 0.0, log_target=log_target,
                           batchmean=chance(0.3))
    if op == "poisson_nll_loss":
        log_input = chance(0.5)
        return target_case(op, lambda x, t, a: F.poisson_nll_loss(x, t, a["log_input"], a["full"], eps=a["eps"],
                                                                  reduction=a["reduction"]), dt,
                           lo=-2.0 if log_input else 0.0, tlo=0.0, thi=4.0, log_input=log_input,
                           full=chance(0.5), eps=pick(1e-8, 0.1))

    if op == "gaussian_nll_loss":
        def var(shape):
            vshape = pick(list(shape), list(shape[:-1]) + [1] if shape else [], list(shape[:-1]))
            return [(sample(vshape, dt, 0.1 if chance(0.95) else -1.0, 2.0), True)]
        return target_case(op, lambda x, t, v, a: F.gaussian_nll_loss(x, t, v, a["full"], a["eps"], a["reduction"]),
                           dt, extra=var, full=chance(0.5), eps=pick(1e-6, 0.5))
    if op == "binary_cross_entropy":
        def weight(shape):
            return [pick((None, False), (sample(shape, dt, 0, 2), chance(0.1)))]
        return target_case(op, lambda x, t, w, a: F.binary_cross_entropy(x, t, w, reduction=a["reduction"]), dt,
                           lo=0.0, hi=1.0, tlo=0.0, thi=1.0, extra=weight)

    def weights(shape):
        c = shape[-1] if shape else 1
        return [pick((None, False), (sample(shape, dt, 0, 2), chance(0.1))),
                pick((None, False), (sample([c], dt, 0, 3), chance(0.1)))]
    return target_case(op, lambda x, t, w, pw, a: F.binary_cross_entropy_with_logits(
        x, t, w, reduction=a["reduction"], pos_weight=pw), dt, tlo=0.0, thi=1.0, extra=weights)


def class_input(dt, spatial_ok=True):
    """[N, C], [N, C, d1, ...] or [C] logits, and the [N, ...] / [] target shape."""
    c = ri(1, 4)
    n = batch()
    kind = pick("nc", "nc", "ncd", "c") if spatial_ok else pick("nc", "nc", "c")
    if kind == "nc":
        return [n, c], [n], c
    if kind == "c":
        return [c], [], c
    sp = dims(ri(1, 2), 1, 3)
    return [n, c] + sp, [n] + sp, c


def cross_entropy_case(dt):
    shape, tshape, c = class_input(dt)
    probs = chance(0.25)
    ignore = pick(-100, -100, 0, ri(0, c - 1))
    ls = pick(0.0, 0.0, 0.1, 0.5)
    red = pick(*RED)
    if probs:
        t = torch.softmax(sample(shape, dt), 1 if len(shape) > 1 else 0)
    else:
        t = torch.tensor(R.integers(0, c + (1 if chance(0.03) else 0), int(np.prod(tshape)) if tshape else 1)
                         .reshape(tshape), dtype=torch.int64)
        if chance(0.2) and t.numel():
            t.reshape(-1)[0] = ignore
    wt = sample([c], dt, 0.2, 2.0) if chance(0.4) else None
    a = {"ignore_index": ignore, "reduction": red, "label_smoothing": ls}
    return case("cross_entropy", a, [(sample(shape, dt), True), (t, probs and chance(0.3)), (wt, False)],
                lambda x, t, w: F.cross_entropy(x, t, w, ignore_index=ignore, reduction=red, label_smoothing=ls))


def nll_loss_case(dt):
    shape, tshape, c = class_input(dt)
    ignore = pick(-100, 0, ri(0, c - 1))
    red = pick(*RED)
    t = torch.tensor(R.integers(0, c + (1 if chance(0.03) else 0), int(np.prod(tshape)) if tshape else 1)
                     .reshape(tshape), dtype=torch.int64)
    if chance(0.3) and t.numel():
        t.reshape(-1)[0] = ignore
    wt = sample([c], dt, 0.2, 2.0) if chance(0.4) else None
    a = {"ignore_index": ignore, "reduction": red}
    return case("nll_loss", a, [(sample(shape, dt, -4, 0), True), (t, False), (wt, False)],
                lambda x, t, w: F.nll_loss(x, t, w, ignore_index=ignore, reduction=red))


def multi_margin_case(dt):
    shape, tshape, c = class_input(dt, spatial_ok=False)
    p = pick(1, 2)
    margin = pick(1.0, 0.5)
    red = pick(*RED)
    t = torch.tensor(R.integers(0, c, int(np.prod(tshape)) if tshape else 1).reshape(tshape), dtype=torch.int64)
    wt = sample([c], dt, 0.2, 2.0) if chance(0.4) else None
    a = {"p": p, "margin": margin, "reduction": red}
    return case("multi_margin_loss", a, [(sample(shape, dt), True), (t, False), (wt, False)],
                lambda x, t, w: F.multi_margin_loss(x, t, p, margin, w, reduction=red))


def multilabel_soft_margin_case(dt):
    n, c = batch(), ri(1, 4)
    red = pick(*RED)
    wt = sample([c], dt, 0.2, 2.0) if chance(0.4) else None
    t = torch.tensor(R.integers(0, 2, n * c).reshape(n, c), dtype=dt)
    return case("multilabel_soft_margin_loss", {"reduction": red}, [(sample([n, c], dt), True), (t, False),
                                                                     (wt, False)],
                lambda x, t, w: F.multilabel_soft_margin_loss(x, t, w, reduction=red))


def pair_loss_case(dt):
    op = pick("margin_ranking_loss", "cosine_embedding_loss", "triplet_margin_loss")
    red = pick(*RED)
    n = batch()
    if op == "margin_ranking_loss":
        margin = pick(0.0, 0.5)
        shape = [n] if chance(0.7) else []
        t = torch.tensor(R.choice([-1.0, 1.0], int(np.prod(shape)) if shape else 1).reshape(shape), dtype=dt)
        a = {"margin": margin, "reduction": red}
        return case(op, a, [(sample(shape, dt), True), (sample(shape, dt), True), (t, False)],
                    lambda x, y, t: F.margin_ranking_loss(x, y, t, margin, reduction=red))
    d = ri(1, 4)
    if op == "cosine_embedding_loss":
        margin = pick(0.0, 0.3, -0.2)
        t = torch.tensor(R.choice([-1, 1], n), dtype=torch.int64 if chance(0.3) else dt)
        a = {"margin": margin, "reduction": red}
        x1 = sample([n, d], dt)
        if chance(0.1) and n:
            x1[0] = 0
        return case(op, a, [(x1, True), (sample([n, d], dt), True), (t, False)],
                    lambda x, y, t: F.cosine_embedding_loss(x, y, t, margin, reduction=red))
    margin, p, eps, swap = pick(1.0, 0.5), pick(2.0, 1.0, 3.0), pick(1e-6, 0.1), chance(0.4)
    a = {"margin": margin, "p": p, "eps": eps, "swap": swap, "reduction": red}
    shape = [n, d] if chance(0.8) else [d]
    return case(op, a, [(sample(shape, dt), True), (sample(shape, dt), True), (sample(shape, dt), True)],
                lambda x, y, z: F.triplet_margin_loss(x, y, z, margin, p, eps, swap, reduction=red))


# ------------------------------------------------------------------------------------------------ misc

def misc_case(dt):
    op = pick("one_hot", "normalize", "cosine_similarity", "pairwise_distance", "pixel_shuffle", "pixel_unshuffle",
              "unfold", "fold", "channel_shuffle")
    if op == "one_hot":
        n = pick(-1, ri(1, 5))
        t = torch.tensor(R.integers(0, 5, ri(0, 6)), dtype=torch.int64)
        return case(op, {"num_classes": n}, [(t, False)], lambda t: F.one_hot(t, n))
    if op == "normalize":
        shape = dims(ri(1, 3), 1, 4)
        p, dim, eps = pick(2.0, 1.0, 3.0, float("inf")), ri(-len(shape), len(shape) - 1), pick(1e-12, 0.5)
        x = sample(shape, dt)
        if chance(0.1):
            x = x * 0
        return case(op, {"p": p, "dim": dim, "eps": eps}, [(x, True)], lambda x: F.normalize(x, p, dim, eps))
    if op == "cosine_similarity":
        shape = dims(ri(1, 3), 1, 4)
        s2 = [1 if chance(0.2) else s for s in shape]
        dim, eps = ri(-len(shape), len(shape) - 1), pick(1e-8, 0.5)
        x = sample(shape, dt)
        if chance(0.1):
            x = x * 0
        return case(op, {"dim": dim, "eps": eps}, [(x, True), (sample(s2, dt), True)],
                    lambda x, y: F.cosine_similarity(x, y, dim, eps))
    if op == "pairwise_distance":
        shape = [batch(), ri(1, 4)] if chance(0.8) else [ri(1, 4)]
        p, eps, keep = pick(2.0, 1.0, 3.0, 0.5), pick(1e-6, 0.1), chance(0.3)
        return case(op, {"p": p, "eps": eps, "keepdim": keep}, [(sample(shape, dt), True), (sample(shape, dt), True)],
                    lambda x, y: F.pairwise_distance(x, y, p, eps, keep))
    if op == "pixel_shuffle":
        r = ri(1, 3)
        shape = [ri(1, 2), r * r * ri(1, 2) + (1 if chance(0.05) else 0), ri(1, 3), ri(1, 3)]
        return case(op, {"upscale_factor": r}, [(sample(shape, dt), True)], lambda x: F.pixel_shuffle(x, r))
    if op == "pixel_unshuffle":
        r = ri(1, 3)
        shape = [ri(1, 2), ri(1, 2), r * ri(1, 2), r * ri(1, 2) + (1 if chance(0.05) else 0)]
        return case(op, {"downscale_factor": r}, [(sample(shape, dt), True)], lambda x: F.pixel_unshuffle(x, r))
    if op == "channel_shuffle":
        g = ri(1, 3)
        shape = [ri(1, 2), g * ri(1, 2), ri(1, 3)]
        # 1.13 has no derivative for channel_shuffle
        return case(op, {"groups": g}, [(sample(shape, dt), False)], lambda x: F.channel_shuffle(x, g))
    k, dil, pad, st = dims(2, 1, 3), dims(2, 1, 2), dims(2, 0, 1), dims(2, 1, 2)
    a = {"kernel_size": k, "dilation": dil, "padding": pad, "stride": st}
    if op == "unfold":
        shape = ([ri(1, 2)] if chance(0.8) else []) + [ri(1, 2)] + dims(2, 1, 5)
        return case(op, a, [(sample(shape, dt), True)], lambda x: F.unfold(x, k, dil, pad, st))
    size = dims(2, 1, 5)
    blocks = 1
    for i in range(2):
        blocks *= max((size[i] + 2 * pad[i] - dil[i] * (k[i] - 1) - 1) // st[i] + 1, 0)
    c = ri(1, 2)
    blocks = blocks if chance(0.9) else blocks + 1
    shape = ([ri(1, 2)] if chance(0.8) else []) + [c * k[0] * k[1], blocks]
    a["output_size"] = size
    return case(op, a, [(sample(shape, dt), True)], lambda x: F.fold(x, size, k, dil, pad, st))


# ------------------------------------------------------------------------------------------------ optimizers

def optim_run(dt):
    kind = pick("SGD", "Adam", "AdamW", "RMSprop", "Adagrad")
    o = {"lr": pick(0.1, 0.01, 1.0, 0.5)}
    if kind == "SGD":
        o["momentum"] = pick(0.0, 0.9, 0.5)
        o["dampening"] = pick(0.0, 0.1) if not chance(0.3) else 0.0
        o["nesterov"] = chance(0.4) and o["momentum"] > 0 and o["dampening"] == 0
        o["weight_decay"] = pick(0.0, 0.1)
        o["maximize"] = chance(0.3)
    elif kind in ("Adam", "AdamW"):
        o["betas"] = (pick(0.9, 0.5, 0.0), pick(0.999, 0.9))
        o["eps"] = pick(1e-8, 1e-3)
        o["weight_decay"] = pick(0.0, 0.1, 1e-2)
        o["amsgrad"] = chance(0.4)
        o["maximize"] = chance(0.3)
    elif kind == "RMSprop":
        o["alpha"] = pick(0.99, 0.5)
        o["eps"] = pick(1e-8, 1e-3)
        o["weight_decay"] = pick(0.0, 0.1)
        o["momentum"] = pick(0.0, 0.9)
        o["centered"] = chance(0.4)
        o["maximize"] = chance(0.3)
    else:
        o["lr_decay"] = pick(0.0, 0.1)
        o["weight_decay"] = pick(0.0, 0.1)
        o["initial_accumulator_value"] = pick(0.0, 0.5)
        o["eps"] = pick(1e-10, 1e-3)
        o["maximize"] = chance(0.3)
    shapes = [dims(ri(0, 2), 1, 3) for _ in range(ri(1, 3))]
    params = [sample(s, dt).requires_grad_(True) for s in shapes]
    init = [hexs(p) for p in params]
    opt = getattr(torch.optim, kind)(params, foreach=pick(None, False), **o)
    steps = []
    for _ in range(ri(2, 5)):
        grads = [sample(s, dt) for s in shapes]
        for p, g in zip(params, grads):
            p.grad = g.clone()
        opt.step()
        steps.append({"grads": [hexs(g) for g in grads], "params": [hexs(p) for p in params]})
    opts = {k: (list(v) if isinstance(v, tuple) else v) for k, v in o.items()}
    return {"optimizer": kind, "dtype": str(dt).replace("torch.", ""), "options": opts, "shapes": shapes,
            "init": init, "steps": steps}


FAMILIES = [  # generator, cases per dtype
    (conv_case, 220), (conv_transpose_case, 120), (conv_module_case, 90),
    (max_pool_case, 140), (avg_pool_case, 120), (adaptive_case, 80), (lp_pool_case, 50),
    (batch_norm_case, 90), (batch_norm_module_case, 50), (layer_norm_case, 50), (group_norm_case, 50),
    (instance_norm_case, 50), (local_response_norm_case, 25),
    (interpolate_case, 160), (pad_case, 100),
    (embedding_case, 60), (linear_case, 40), (bilinear_case, 25),
    (activation_case, 250), (prelu_case, 25),
    (pointwise_loss_case, 200), (cross_entropy_case, 120), (nll_loss_case, 70), (multi_margin_case, 40),
    (multilabel_soft_margin_case, 25), (pair_loss_case, 70),
    (misc_case, 150),
]


def main():
    cases = []
    optim = []
    for dtype, dt in golden.DTYPES.items():
        for gen, n in FAMILIES:
            for _ in range(n):
                c = gen(dt)
                c["dtype"] = dtype
                cases.append(c)
        optim += [optim_run(dt) for _ in range(30)]
    doc = {"torch": torch.__version__, "note": "backward of (out * w).sum()", "cases": cases, "optim": optim}
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(json.dumps(doc, separators=(",", ":")).encode())
    errors = sum(1 for c in cases if "error" in c)
    print("wrote", OUT, len(cases), "cases,", errors, "raised;", len(optim), "optimizer runs")


if __name__ == "__main__":
    main()
