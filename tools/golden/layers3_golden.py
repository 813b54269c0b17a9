#!/usr/bin/python3
"""Golden cases for the layers3 branch's layers, from PyTorch 1.13 (CPU): conv3d, conv_transpose1d/3d,
max_pool3d (indices, ceil_mode, dilation), avg_pool3d, adaptive_avg_pool3d, adaptive_max_pool3d, the padding
modules, pixel_shuffle / pixel_unshuffle / channel_shuffle, and the seeded modules (Conv3d, ConvTranspose1d/3d,
BatchNorm3d, InstanceNorm3d).

    /usr/bin/python3 tools/golden/layers3_golden.py

Writes core/src/test/resources/golden/layers3.json.gz, read by Layers3Conformance:
- "cases": op and arguments (as Layers3Conformance.apply spells them), inputs (those marked "grad" are leaves
  requiring grad; null for an absent bias), PyTorch's output or error, the gradient of (out * w).sum() for each
  such leaf and grad_fn's name (nn_more_golden.py's case());
- "modules": modules built from torch.manual_seed(11): repr, state dict, two training steps (output, input
  gradient) and one evaluation, then the parameters' gradients and the final state;
- "reprs": module reprs keyed as Layers3Conformance builds each module.
Values are float.hex. The convolutions run with Debian's reference BLAS, selected as ops_more_golden.py does.
"""
import gzip
import os
import sys

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
from nn_more_golden import case, enc  # noqa: E402
from tensor_ops_golden import ROOT, sample  # noqa: E402

OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "layers3.json.gz")
golden.use_rng(np.random.default_rng(3303))


def ties(shape, dt):
    """Small integers as floats: windows with equal maxima (the first one wins)."""
    n = int(np.prod(shape))
    return torch.tensor(golden.rng.integers(-2, 3, n).reshape(shape), dtype=dt)


# ------------------------------------------------------------------------------------------------ convolutions

def conv3d_cases(dt):
    def f(a):
        return lambda x, w, b: F.conv3d(x, w, b, a["stride"], a["padding"], a["dilation"], a["groups"])
    specs = [  # input, weight, bias?, stride, padding, dilation, groups
        ([2, 4, 5, 6, 5], [6, 4, 3, 2, 3], True, 1, 0, 1, 1),
        ([2, 4, 5, 6, 5], [6, 2, 3, 3, 2], True, [2, 1, 2], [1, 0, 2], [1, 2, 1], 2),
        ([1, 3, 7, 5, 6], [2, 3, 2, 3, 3], False, [1, 2, 3], 1, 2, 1),
        ([4, 5, 4, 6], [3, 4, 2, 2, 2], True, 2, [0, 1, 1], 1, 1),
        ([2, 6, 4, 4, 4], [6, 1, 3, 3, 3], True, 1, 1, 1, 6),
        ([2, 4, 5, 6, 5], [6, 4, 3, 2, 3], True, 1, "same", [2, 1, 1], 1),
        ([2, 4, 5, 6, 5], [4, 2, 2, 3, 4], False, 1, "same", 1, 2),
        ([2, 4, 5, 6, 5], [6, 4, 3, 2, 3], True, 1, "valid", 1, 1),
        ([2, 0, 3, 3, 3], [2, 0, 2, 2, 2], True, 1, 0, 1, 1),
    ]
    for xs, ws, bias, s, p, d, g in specs:
        a = {"stride": s, "padding": p, "dilation": d, "groups": g}
        b = sample([ws[0]], dt) if bias else None
        yield case("conv3d", a, [(sample(xs, dt), True), (sample(ws, dt), True), (b, bias)], f(a))
    a = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1}
    yield case("conv3d", a, [(sample([2, 3, 4, 4, 4], dt), False), (sample([2, 3, 2, 2, 2], dt), True), (None, False)],
               f(a))
    # errors
    for xs, ws, bs, s, p, d, g in (([4, 4, 4], [2, 4, 1, 1, 1], None, 1, 0, 1, 1),
                                   ([1, 2, 4, 4, 4], [3, 2, 5, 1, 1], None, 1, 0, 1, 1),
                                   ([1, 2, 4, 4, 4], [4, 1, 3, 3, 3], None, 1, 0, 1, 3),
                                   ([1, 2, 4, 4, 4], [4, 1, 3, 3, 3], None, 1, 0, 1, 1),
                                   ([1, 2, 4, 4, 4], [4, 2, 3, 3, 3], [3], 1, 0, 1, 1),
                                   ([1, 2, 4, 4, 4], [4, 2, 3, 3], None, 1, 0, 1, 1),
                                   ([1, 2, 4, 4, 4], [4, 2, 3, 3, 3], None, 2, "same", 1, 1),
                                   ([1, 2, 4, 4, 4], [4, 2, 3, 3, 3], None, 1, "full", 1, 1)):
        a = {"stride": s, "padding": p, "dilation": d, "groups": g}
        yield case("conv3d", a, [(sample(xs, dt), True), (sample(ws, dt), True),
                                 (None if bs is None else sample(bs, dt), bs is not None)], f(a), message=False)


def conv_transpose_cases(dt):
    def f(op, a):
        fn = F.conv_transpose1d if op == "conv_transpose1d" else F.conv_transpose3d
        return lambda x, w, b: fn(x, w, b, a["stride"], a["padding"], a["output_padding"], a["groups"], a["dilation"])
    specs1 = [([2, 4, 7], [4, 3, 3], True, 1, 0, 0, 1, 1),
              ([2, 4, 7], [4, 3, 3], True, 2, 1, 1, 2, 1),
              ([3, 6], [3, 2, 4], False, 3, 2, 1, 1, 2),
              ([2, 4, 5], [4, 2, 3], True, 2, 3, 0, 1, 2),
              ([1, 2, 5], [2, 3, 2], True, 1, 0, 0, 1, 3)]
    for xs, ws, bias, s, p, op_, g, d in specs1:
        a = {"stride": s, "padding": p, "output_padding": op_, "groups": g, "dilation": d}
        b = sample([ws[1] * g], dt) if bias else None
        yield case("conv_transpose1d", a, [(sample(xs, dt), True), (sample(ws, dt), True), (b, bias)],
                   f("conv_transpose1d", a))
    specs3 = [([2, 4, 3, 4, 3], [4, 3, 2, 3, 2], True, 1, 0, 0, 1, 1),
              ([2, 4, 3, 3, 2], [4, 2, 3, 2, 3], True, [2, 1, 2], [1, 0, 1], [1, 0, 0], 2, 1),
              ([3, 3, 2, 4], [3, 2, 2, 2, 2], False, 2, 1, 1, 1, [1, 2, 1]),
              ([1, 2, 2, 3, 2], [2, 3, 3, 3, 3], True, [1, 2, 3], [0, 1, 2], [0, 1, 2], 1, [2, 1, 1])]
    for xs, ws, bias, s, p, op_, g, d in specs3:
        a = {"stride": s, "padding": p, "output_padding": op_, "groups": g, "dilation": d}
        b = sample([ws[1] * g], dt) if bias else None
        yield case("conv_transpose3d", a, [(sample(xs, dt), True), (sample(ws, dt), True), (b, bias)],
                   f("conv_transpose3d", a))
    for op, xs, ws, s, p, op_, g, d in (("conv_transpose1d", [2, 4, 4, 4], [4, 2, 3], 1, 0, 0, 1, 1),
                                        ("conv_transpose1d", [2, 3, 5], [4, 2, 3], 1, 0, 0, 1, 1),
                                        ("conv_transpose1d", [2, 4, 5], [4, 2, 3], 2, 0, 2, 1, 1),
                                        ("conv_transpose3d", [2, 4, 4, 4], [4, 2, 3, 3, 3], 1, 0, 0, 1, 1),
                                        ("conv_transpose3d", [1, 2, 3, 3, 3], [2, 2, 3, 3], 1, 0, 0, 1, 1),
                                        ("conv_transpose3d", [1, 4, 3, 3, 3], [4, 2, 2, 2, 2], 1, 0, 1, 1, 1)):
        a = {"stride": s, "padding": p, "output_padding": op_, "groups": g, "dilation": d}
        yield case(op, a, [(sample(xs, dt), True), (sample(ws, dt), True), (None, False)], f(op, a), message=False)


# ------------------------------------------------------------------------------------------------ poolings

def max3d_args(k, s, p, d, ceil):
    return {"kernel_size": k, "stride": s, "padding": p, "dilation": d, "ceil_mode": ceil}


def max3d(a, indices=False):
    return lambda x: F.max_pool3d(x, a["kernel_size"], a["stride"], a["padding"], a["dilation"], a["ceil_mode"],
                                  return_indices=True)[1 if indices else 0]


MAX3D = [(2, None, 0, 1, False), (3, 2, 1, 1, False), (3, 2, 1, 1, True), ([3, 2, 2], [2, 1, 2], [1, 0, 1], [1, 2, 1], True),
         (2, 1, 1, 2, True), ([2, 3, 1], [1, 2, 1], [1, 1, 0], 1, False)]


def max_pool3d_cases(dt):
    for cfg in MAX3D:
        a = max3d_args(*cfg)
        for shape in ([2, 2, 5, 6, 5], [3, 4, 5, 6]):
            x = sample(shape, dt)
            yield case("max_pool3d", a, [(x, True)], max3d(a))
            yield case("max_pool3d_indices", a, [(x, False)], max3d(a, True))
        yield case("max_pool3d", a, [(ties([1, 2, 4, 5, 5], dt), True)], max3d(a))
        yield case("max_pool3d_indices", a, [(ties([1, 2, 4, 5, 5], dt), False)], max3d(a, True))
    x = sample([1, 2, 3, 4, 4], dt)
    x[0, 0, 1, 1, 1] = float("nan")
    x[0, 0, 0, 0, 0] = float("nan")
    x[0, 1, :, :2, :] = float("-inf")
    x[0, 1, 2, 3, 3] = float("inf")
    for cfg in ((2, None, 0, 1, False), (3, 2, 1, 1, True), (2, 1, 1, 2, True)):
        a = max3d_args(*cfg)
        yield case("max_pool3d", a, [(x, True)], max3d(a))
        yield case("max_pool3d_indices", a, [(x, False)], max3d(a, True))
    for grad in (True, False):
        for cfg, shape in (((3, 2, 2, 1, False), [1, 2, 4, 4, 4]), ((5, None, 0, 1, False), [1, 2, 4, 4, 4]),
                           ((2, 0, 0, 1, False), [1, 2, 4, 4, 4]), ((2, 1, 0, 0, False), [1, 2, 4, 4, 4]),
                           ((2, None, 0, 1, False), [4, 4, 4]), (([2, 2], None, 0, 1, False), [1, 2, 4, 4, 4])):
            a = max3d_args(*cfg)
            yield case("max_pool3d", a, [(sample(shape, dt), grad)], max3d(a), message=False)


AVG3D = [(2, None, 0, False, True, None), (3, 2, 1, False, True, None), (3, 2, 1, False, False, None),
         (3, 2, 1, True, True, None), (3, 2, 1, True, False, None), ([3, 2, 2], [2, 1, 2], [1, 0, 1], True, True, None),
         (3, 2, 1, True, True, 5), (2, None, 0, False, True, 3), (2, 2, 1, True, False, None)]


def avg3d(a):
    return lambda x: F.avg_pool3d(x, a["kernel_size"], a["stride"], a["padding"], a["ceil_mode"],
                                  a["count_include_pad"], a["divisor_override"])


def avg_pool3d_cases(dt):
    for k, s, p, ceil, cip, div in AVG3D:
        a = {"kernel_size": k, "stride": s, "padding": p, "ceil_mode": ceil, "count_include_pad": cip,
             "divisor_override": div}
        for shape in ([2, 2, 5, 6, 5], [3, 4, 5, 6]):
            yield case("avg_pool3d", a, [(sample(shape, dt), True)], avg3d(a))
    for (k, s, p, div), shape in (((3, 2, 2, None), [1, 2, 4, 4, 4]), ((5, None, 0, None), [1, 2, 4, 4, 4]),
                                  ((2, None, 0, 0), [1, 2, 4, 4, 4]), ((2, None, 0, None), [4, 4, 4])):
        a = {"kernel_size": k, "stride": s, "padding": p, "ceil_mode": False, "count_include_pad": True,
             "divisor_override": div}
        yield case("avg_pool3d", a, [(sample(shape, dt), True)], avg3d(a), message=False)


def adaptive3d_cases(dt):
    for out, shape in (([2, 3, 2], [2, 3, 5, 7, 4]), ([1, 1, 1], [2, 2, 3, 4, 5]), ([3, 2, 4], [2, 3, 4]),
                       ([4, 7, 4], [1, 2, 4, 7, 4]), ([5, 1, 3], [2, 6, 2, 5]), ([2, None, 3], [1, 2, 5, 4, 6])):
        x = sample(shape, dt)
        yield case("adaptive_avg_pool3d", {"output_size": out}, [(x, True)],
                   (lambda o: lambda x: F.adaptive_avg_pool3d(x, o))(out))
        yield case("adaptive_max_pool3d", {"output_size": out}, [(x, True)],
                   (lambda o: lambda x: F.adaptive_max_pool3d(x, o))(out))
        yield case("adaptive_max_pool3d_indices", {"output_size": out}, [(x, False)],
                   (lambda o: lambda x: F.adaptive_max_pool3d(x, o, True)[1])(out))
    yield case("adaptive_max_pool3d", {"output_size": [2, 2, 2]}, [(ties([1, 2, 4, 5, 5], dt), True)],
               lambda x: F.adaptive_max_pool3d(x, 2))
    yield case("adaptive_max_pool3d_indices", {"output_size": [2, 3, 2]}, [(ties([1, 2, 4, 5, 5], dt), False)],
               lambda x: F.adaptive_max_pool3d(x, [2, 3, 2], True)[1])
    for shape in ([4, 4, 4], [2, 3, 0, 4, 4]):
        yield case("adaptive_avg_pool3d", {"output_size": [2, 2, 2]}, [(sample(shape, dt), True)],
                   lambda x: F.adaptive_avg_pool3d(x, 2), message=False)
        yield case("adaptive_max_pool3d", {"output_size": [2, 2, 2]}, [(sample(shape, dt), True)],
                   lambda x: F.adaptive_max_pool3d(x, 2), message=False)


# ------------------------------------------------------------------------------------------------ padding modules

PADS = [("ZeroPad2d", [1, 2, 0, 3], [2, 3, 4, 5], None), ("ZeroPad2d", [2], [3, 4, 5], None),
        ("ZeroPad2d", [-1, 2, 1, -2], [2, 3, 4, 5], None),
        ("ConstantPad1d", [2, 1], [2, 3, 4], 3.5), ("ConstantPad1d", [3], [3, 4], -1.0),
        ("ConstantPad2d", [1, 0, 2, 1], [2, 3, 4, 5], 0.5), ("ConstantPad3d", [1, 2, 0, 1, 2, 0], [2, 2, 3, 4, 3], -2.0),
        ("ConstantPad3d", [1], [2, 3, 4, 3], 1.25),
        ("ReflectionPad1d", [2, 3], [2, 3, 5], None), ("ReflectionPad1d", [1], [3, 4], None),
        ("ReflectionPad2d", [1, 2, 3, 0], [2, 3, 4, 5], None), ("ReflectionPad2d", [2], [3, 4, 5], None),
        ("ReflectionPad3d", [1, 0, 2, 1, 1, 2], [2, 2, 3, 4, 3], None), ("ReflectionPad3d", [1], [2, 3, 4, 3], None),
        ("ReplicationPad1d", [2, 3], [2, 3, 5], None), ("ReplicationPad1d", [4], [3, 4], None),
        ("ReplicationPad2d", [1, 2, 3, 0], [2, 3, 4, 5], None), ("ReplicationPad2d", [2], [3, 4, 5], None),
        ("ReplicationPad3d", [1, 0, 2, 1, 1, 2], [2, 2, 3, 4, 3], None), ("ReplicationPad3d", [2], [2, 3, 4, 3], None),
        # errors: reflection wider than the input, wrong ranks
        ("ReflectionPad1d", [5, 1], [2, 3, 5], None), ("ReflectionPad2d", [1], [4, 5], None),
        ("ReplicationPad3d", [1], [4, 5, 3], None)]


def pad_module(name, padding, value):
    p = padding[0] if len(padding) == 1 else tuple(padding)
    cls = getattr(nn, name)
    return cls(p) if value is None else cls(p, value)


def padding_cases(dt):
    for name, padding, shape, value in PADS:
        a = {"padding": padding, "value": value}
        yield case(name, a, [(sample(shape, dt), True)], pad_module(name, padding, value), message=False)


# ------------------------------------------------------------------------------------------------ shuffles

def shuffle_cases(dt):
    for r, shape in ((2, [2, 8, 3, 4]), (3, [9, 2, 2]), (1, [2, 3, 4, 5]), (2, [2, 3, 4, 4, 3]), (2, [4, 3, 3])):
        yield case("pixel_shuffle", {"factor": r}, [(sample(shape, dt), True)],
                   (lambda r: lambda x: F.pixel_shuffle(x, r))(r), message=False)
    for r, shape in ((2, [2, 2, 6, 4]), (3, [1, 6, 3]), (1, [2, 3, 4, 5]), (2, [2, 1, 3, 4, 6]), (2, [2, 3, 4])):
        yield case("pixel_unshuffle", {"factor": r}, [(sample(shape, dt), True)],
                   (lambda r: lambda x: F.pixel_unshuffle(x, r))(r), message=False)
    for g, shape in ((2, [2, 6, 3, 2]), (3, [2, 6, 5]), (1, [3, 4, 2, 2]), (6, [1, 6, 2, 2, 2]), (4, [2, 6, 3, 3]),
                     (2, [3])):
        # no gradient: PyTorch 1.13 has no derivative for channel_shuffle
        yield case("channel_shuffle", {"groups": g}, [(sample(shape, dt), False)],
                   (lambda g: lambda x: nn.ChannelShuffle(g)(x))(g), message=False)


GENERATORS = [conv3d_cases, conv_transpose_cases, max_pool3d_cases, avg_pool3d_cases, adaptive3d_cases,
              padding_cases, shuffle_cases]


# ------------------------------------------------------------------------------------------------ fold, bilinear, ...

def fold_cases(dt):
    def unf(a):
        return lambda x: F.unfold(x, a["kernel_size"], a["dilation"], a["padding"], a["stride"])

    def fol(a):
        return lambda x: F.fold(x, a["output_size"], a["kernel_size"], a["dilation"], a["padding"], a["stride"])
    for k, d, p, s, shape in ((2, 1, 0, 1, [2, 3, 4, 5]), ([2, 3], [1, 2], [1, 0], [2, 1], [2, 2, 5, 6]),
                              (3, 1, 1, 2, [3, 6, 5]), (1, 1, 0, 1, [1, 2, 3, 3])):
        a = {"kernel_size": k, "dilation": d, "padding": p, "stride": s}
        yield case("unfold", a, [(sample(shape, dt), True)], unf(a))
        cols = F.unfold(sample(shape if len(shape) == 4 else [1] + shape, dt), k, d, p, s)
        if len(shape) == 3:
            cols = cols[0]
        b = dict(a, output_size=shape[-2:])
        yield case("fold", b, [(cols, True)], fol(b))
    for a, shape in (({"kernel_size": 3, "dilation": 1, "padding": 4, "stride": 1}, [1, 2, 3, 3]),
                     ({"kernel_size": 5, "dilation": 1, "padding": 0, "stride": 1}, [1, 2, 3, 3]),
                     ({"kernel_size": 2, "dilation": 1, "padding": 0, "stride": 0}, [1, 2, 3, 3]),
                     ({"kernel_size": 2, "dilation": 1, "padding": 0, "stride": 1}, [2, 3]),
                     ({"kernel_size": 2, "dilation": 1, "padding": 0, "stride": 1}, [1, 2, 3, 3, 3])):
        yield case("unfold", a, [(sample(shape, dt), True)], unf(a), message=False)
    for a, shape in (({"output_size": [4, 5], "kernel_size": 2, "dilation": 1, "padding": 0, "stride": 1}, [2, 12, 7]),
                     ({"output_size": [4, 5], "kernel_size": 2, "dilation": 1, "padding": 0, "stride": 1}, [2, 13, 12]),
                     ({"output_size": [4, 5], "kernel_size": 2, "dilation": 1, "padding": 0, "stride": 1},
                      [2, 12, 12, 1])):
        yield case("fold", a, [(sample(shape, dt), True)], fol(a))


def bilinear_cases(dt):
    for s1, s2, ws, bias in (([4, 3], [4, 5], [2, 3, 5], True), ([2, 3, 3], [2, 3, 4], [5, 3, 4], False),
                             ([3], [2], [4, 3, 2], True)):
        b = sample([ws[0]], dt) if bias else None
        yield case("bilinear", {}, [(sample(s1, dt), True), (sample(s2, dt), True), (sample(ws, dt), True), (b, bias)],
                   F.bilinear)
    for s1, s2, ws, bs in (([4, 3], [4, 5], [2, 3, 4], None), ([4, 3], [3, 5], [2, 3, 5], None),
                           ([4, 2], [4, 5], [2, 3, 5], None), ([4, 3], [4, 5], [2, 3, 5], [3]),
                           ([4, 3], [4, 1, 5], [2, 3, 5], None)):
        yield case("bilinear", {}, [(sample(s1, dt), True), (sample(s2, dt), True), (sample(ws, dt), True),
                                    (None if bs is None else sample(bs, dt), bs is not None)], F.bilinear)


def lp_lrn_cases(dt):
    for p, k, s, ceil, shape in ((2.0, 3, None, False, [2, 3, 7, 8]), (1.5, [2, 3], [1, 2], True, [3, 7, 6]),
                                 (3.0, 2, 1, False, [1, 2, 4, 4])):
        a = {"norm_type": p, "kernel_size": k, "stride": s, "ceil_mode": ceil}
        lo = 0.0 if p != 3.0 else -2.0
        yield case("lp_pool2d", a, [(sample(shape, dt, lo, 3.0), True)],
                   (lambda a: lambda x: F.lp_pool2d(x, a["norm_type"], a["kernel_size"], a["stride"], a["ceil_mode"]))(a))
    for p, k, s, ceil, shape in ((2.0, 3, None, False, [2, 3, 9]), (1.5, 2, 1, True, [3, 7]), (4.0, 3, 2, True, [2, 2, 8])):
        a = {"norm_type": p, "kernel_size": k, "stride": s, "ceil_mode": ceil}
        yield case("lp_pool1d", a, [(sample(shape, dt, 0.0, 3.0), True)],
                   (lambda a: lambda x: F.lp_pool1d(x, a["norm_type"], a["kernel_size"], a["stride"], a["ceil_mode"]))(a))
    for size, alpha, beta, k, shape in ((3, 1e-4, 0.75, 1.0, [2, 5, 4]), (2, 0.5, 0.6, 2.0, [2, 6, 3, 4]),
                                        (5, 1e-2, 1.2, 0.5, [1, 4, 2, 3, 2]), (1, 1.0, 0.5, 1.0, [2, 3, 4]),
                                        (3, 1e-4, 0.75, 1.0, [2, 3])):
        a = {"size": size, "alpha": alpha, "beta": beta, "k": k}
        yield case("local_response_norm", a, [(sample(shape, dt), True)],
                   (lambda a: lambda x: F.local_response_norm(x, a["size"], a["alpha"], a["beta"], a["k"]))(a),
                   message=False)
    for shape in ([2, 3, 4, 5], [3, 2, 4], [3, 4]):
        yield case("Softmax2d", {}, [(sample(shape, dt), True)], nn.Softmax2d(), message=False)


GENERATORS += [fold_cases, bilinear_cases, lp_lrn_cases]


def embedding_bag_cases(dt):
    # no scale_grad_by_freq cases: PyTorch 1.13's CPU backward scales by the counts of other indices (for
    # [1, 2, 4, 5, 4, 3, 2, 9, 0, 4] row 0's gradient is 0, row 4's 3); grad4j scales by 1 / count as documented
    def eb(a):
        return lambda w, i, o, p: F.embedding_bag(i, w, o, a["max_norm"], a["norm_type"], a["scale_grad_by_freq"],
                                                  a["mode"], False, p, a["include_last_offset"], a["padding_idx"])

    def args(mode, max_norm=None, norm_type=2.0, freq=False, last=False, pad=None):
        return {"mode": mode, "max_norm": max_norm, "norm_type": norm_type, "scale_grad_by_freq": freq,
                "include_last_offset": last, "padding_idx": pad}
    idx = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9, 0, 4])
    off = torch.tensor([0, 3, 3, 6])
    ties_w = torch.tensor(golden.rng.integers(-2, 3, 30).reshape(10, 3), dtype=dt)
    for a, i, o, psw in ((args("sum"), idx, off, None), (args("mean"), idx, off, None), (args("max"), idx, off, None),
                         (args("sum"), idx, off, sample([10], dt)), (args("mean", pad=4), idx, off, None),
                         (args("sum", pad=-1), idx, off, None), (args("max", pad=2), idx, off, None),
                         (args("mean", last=True), idx, torch.tensor([0, 3, 3, 6, 10]), None),
                         (args("mean"), idx.reshape(2, 5), None, None), (args("sum"), idx.reshape(5, 2), None,
                                                                          sample([5, 2], dt)),
                         (args("max"), idx.reshape(2, 5), None, None),
                         (args("mean", max_norm=1.5), idx, off, None), (args("sum", max_norm=2.0, norm_type=1.0), idx,
                                                                       off, None)):
        yield case("embedding_bag", a, [(sample([10, 3], dt), True), (i, False), (o, False),
                                        (psw, psw is not None)], eb(a))
    yield case("embedding_bag", args("max"), [(ties_w, True), (idx, False), (off, False), (None, False)],
               eb(args("max")))
    # errors
    for a, i, o, psw in ((args("mean"), idx, off, sample([10], dt)), (args("sum"), idx, None, None),
                         (args("sum"), idx.reshape(2, 5), off, None), (args("sum"), idx, torch.tensor([1, 3]), None),
                         (args("sum"), idx, torch.tensor([0, 11]), None), (args("max", freq=True), idx, off, None),
                         (args("min"), idx, off, None), (args("sum"), torch.tensor([1, 10]), torch.tensor([0]), None),
                         (args("sum"), idx, off, sample([9], dt)), (args("sum"), idx.reshape(1, 2, 5), None, None)):
        yield case("embedding_bag", a, [(sample([10, 3], dt), True), (i, False), (o, False),
                                        (psw, psw is not None)], eb(a), message=False)


GENERATORS += [embedding_bag_cases]


def random_cases():
    """Seeded draws: alpha dropout, feature alpha dropout and rrelu, each after torch.manual_seed(5)."""
    out = []
    for dt in (torch.float32, torch.float64):
        for op, shape, args in (("alpha_dropout", [3, 4, 5], {"p": 0.5}), ("alpha_dropout", [200], {"p": 0.2}),
                                ("alpha_dropout", [2, 3], {"p": 1.0}),
                                ("feature_alpha_dropout", [3, 4, 2, 2], {"p": 0.5}),
                                ("feature_alpha_dropout", [5, 6, 3], {"p": 0.3}),
                                ("rrelu", [3, 4, 5], {"lower": 0.125, "upper": 1.0 / 3, "training": True}),
                                ("rrelu", [300], {"lower": 0.1, "upper": 0.8, "training": True}),
                                ("rrelu", [3, 4], {"lower": 0.125, "upper": 1.0 / 3, "training": False})):
            x = sample(shape, dt)
            x.reshape(-1)[0] = 0.0
            xg = x.clone().requires_grad_(True)
            torch.manual_seed(5)
            if op == "alpha_dropout":
                y = F.alpha_dropout(xg, args["p"], True)
            elif op == "feature_alpha_dropout":
                y = F.feature_alpha_dropout(xg, args["p"], True)
            else:
                y = F.rrelu(xg, args["lower"], args["upper"], args["training"])
            w = sample(list(y.shape), dt)
            (y * w).sum().backward()
            out.append({"op": op, "dtype": str(dt).replace("torch.", ""), "args": args, "x": enc(x), "out": enc(y),
                        "w": enc(w), "x_grad": enc(xg.grad), "grad_fn": y.grad_fn.name(),
                        "after": float(torch.rand(1)).hex()})
    return out


# ------------------------------------------------------------------------------------------------ seeded modules

class BilinearPair(nn.Module):
    """Bilinear on one input split along its last dim (first in1_features, then the rest): one input per step."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, x):
        return self.m(x[..., :self.m.in1_features], x[..., self.m.in1_features:])

    def __repr__(self):
        return repr(self.m)

    def state_dict(self):
        return self.m.state_dict()

    def named_parameters(self):
        return self.m.named_parameters()


class BagPair(nn.Module):
    """EmbeddingBag on indices made from a float input: (|x| * 7) mod 10, one bag per row; its gradient is zero."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, x):
        return self.m((x.detach().abs() * 7).long() % 10) + 0 * x.sum()

    def __repr__(self):
        return repr(self.m)

    def state_dict(self):
        return self.m.state_dict()

    def named_parameters(self):
        return self.m.named_parameters()


class OutputSized(nn.Module):
    """A transposed convolution called with output_size."""

    def __init__(self, m, size):
        super().__init__()
        self.m = m
        self.size = size

    def forward(self, x):
        return self.m(x, output_size=self.size)

    def __repr__(self):
        return repr(self.m)

    def state_dict(self):
        return self.m.state_dict()

    def named_parameters(self):
        return self.m.named_parameters()


def module_cases():
    out = []
    for dt in (torch.float32, torch.float64):
        name = str(dt).replace("torch.", "")
        specs = [
            ("Conv3d(3, 4, 2)", lambda: nn.Conv3d(3, 4, 2, dtype=dt), [2, 3, 4, 4, 3]),
            ("Conv3d(4, 6, [3, 2, 1], 2, 1, 1, 2, false)",
             lambda: nn.Conv3d(4, 6, (3, 2, 1), 2, 1, 1, 2, False, dtype=dt), [2, 4, 5, 4, 3]),
            ("Conv3d(2, 2, 3, same, reflect)", lambda: nn.Conv3d(2, 2, 3, padding="same", padding_mode="reflect",
                                                                 dtype=dt), [2, 2, 4, 3, 4]),
            ("Conv3d(2, 3, 2, 1, 1, circular)", lambda: nn.Conv3d(2, 3, 2, 1, 1, padding_mode="circular", dtype=dt),
             [2, 2, 3, 3, 4]),
            ("Conv3d(2, 3, 3, 1, [1, 0, 2], replicate)",
             lambda: nn.Conv3d(2, 3, 3, 1, (1, 0, 2), padding_mode="replicate", dtype=dt), [2, 2, 3, 3, 4]),
            ("ConvTranspose1d(4, 6, 3, 2, 1, 1, 2)", lambda: nn.ConvTranspose1d(4, 6, 3, 2, 1, 1, 2, dtype=dt),
             [2, 4, 5]),
            ("ConvTranspose1d(3, 2, 4)", lambda: nn.ConvTranspose1d(3, 2, 4, dtype=dt), [2, 3, 5]),
            ("ConvTranspose3d(4, 2, [2, 3, 2], 2, 1, 1, 2, false, 1)",
             lambda: nn.ConvTranspose3d(4, 2, (2, 3, 2), 2, 1, 1, 2, False, 1, dtype=dt), [2, 4, 2, 3, 2]),
            ("ConvTranspose3d(2, 3, 2)", lambda: nn.ConvTranspose3d(2, 3, 2, dtype=dt), [2, 2, 2, 3, 2]),
            ("BatchNorm3d(3)", lambda: nn.BatchNorm3d(3, dtype=dt), [2, 3, 2, 3, 2]),
            ("BatchNorm3d(2, 0.001, null, false, true)", lambda: nn.BatchNorm3d(2, 0.001, None, False, True, dtype=dt),
             [3, 2, 2, 2, 3]),
            ("InstanceNorm3d(3, affine, track)", lambda: nn.InstanceNorm3d(3, affine=True, track_running_stats=True,
                                                                           dtype=dt), [2, 3, 2, 3, 2]),
            ("InstanceNorm3d(2)", lambda: nn.InstanceNorm3d(2, dtype=dt), [2, 3, 2, 2]),
            ("ConvTranspose1d(3, 2, 3, 2) size [12]", lambda: OutputSized(nn.ConvTranspose1d(3, 2, 3, 2, dtype=dt), [12]),
             [2, 3, 5]),
            ("ConvTranspose3d(2, 2, 2, 2) size [2, 2, 5, 6, 7]",
             lambda: OutputSized(nn.ConvTranspose3d(2, 2, 2, 2, dtype=dt), [2, 2, 5, 6, 7]), [2, 2, 2, 3, 3]),
            ("EmbeddingBag(10, 3, mode=sum)", lambda: BagPair(nn.EmbeddingBag(10, 3, mode="sum", dtype=dt)), [2, 4]),
            ("EmbeddingBag(10, 3, pad 2)", lambda: BagPair(nn.EmbeddingBag(10, 3, padding_idx=2, dtype=dt)), [3, 4]),
            ("Bilinear(3, 4, 2)", lambda: BilinearPair(nn.Bilinear(3, 4, 2, dtype=dt)), [5, 7]),
            ("Bilinear(2, 3, 4, false)", lambda: BilinearPair(nn.Bilinear(2, 3, 4, False, dtype=dt)), [2, 3, 5]),
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


def reprs():
    """Module reprs, keyed as Layers3Conformance builds each module."""
    r = {
        "MaxPool3d(2)": nn.MaxPool3d(2),
        "MaxPool3d([3, 2, 2], [2], [1], [2], true, true)": nn.MaxPool3d((3, 2, 2), 2, 1, 2, True, True),
        "AvgPool3d(2)": nn.AvgPool3d(2),
        "AvgPool3d([3], [2, 1, 2], [1], true, false, 5)": nn.AvgPool3d(3, (2, 1, 2), 1, True, False, 5),
        "AdaptiveAvgPool3d([2, null, 3])": nn.AdaptiveAvgPool3d((2, None, 3)),
        "AdaptiveAvgPool3d([4])": nn.AdaptiveAvgPool3d(4),
        "AdaptiveMaxPool3d([2], true)": nn.AdaptiveMaxPool3d(2, True),
        "AdaptiveMaxPool3d([1, 2, 3], false)": nn.AdaptiveMaxPool3d((1, 2, 3)),
        "PixelShuffle(3)": nn.PixelShuffle(3),
        "PixelUnshuffle(2)": nn.PixelUnshuffle(2),
        "ChannelShuffle(4)": nn.ChannelShuffle(4),
        "LocalResponseNorm(3)": nn.LocalResponseNorm(3),
        "LocalResponseNorm(2, 0.5, 0.6, 2.0)": nn.LocalResponseNorm(2, 0.5, 0.6, 2.0),
        "LPPool2d(2, 3)": nn.LPPool2d(2, 3),
        "LPPool2d(1.5, [2, 3], [1, 2], true)": nn.LPPool2d(1.5, (2, 3), (1, 2), True),
        "LPPool1d(3, 2)": nn.LPPool1d(3, 2),
        "Fold([4, 5], [2], [1], [0], [1])": nn.Fold((4, 5), 2),
        "Unfold([2, 3], [1], [1], [2])": nn.Unfold((2, 3), 1, 1, 2),
        "Softmax2d()": nn.Softmax2d(),
        "AlphaDropout(0.2)": nn.AlphaDropout(0.2),
        "FeatureAlphaDropout(0.3, true)": nn.FeatureAlphaDropout(0.3, True),
        "RReLU()": nn.RReLU(),
        "EmbeddingBag(10, 3, 1.5, 1.0, true, sum, false, -1)": nn.EmbeddingBag(10, 3, 1.5, 1.0, True, "sum",
                                                                               padding_idx=-1),
        "EmbeddingBag(5, 2)": nn.EmbeddingBag(5, 2),
        "RReLU(0.1, 0.3, true)": nn.RReLU(0.1, 0.3, True),
    }
    for name, padding, _, value in PADS[:20]:
        r[name + str(padding) + ("" if value is None else " " + repr(value))] = pad_module(name, padding, value)
    return {k: repr(v) for k, v in r.items()}


def main():
    cases = []
    for dtype, dt in golden.DTYPES.items():
        for gen in GENERATORS:
            for c in gen(dt):
                c["dtype"] = dtype
                cases.append(c)
    doc = {"torch": torch.__version__, "note": "backward of (out * w).sum()", "cases": cases,
           "modules": module_cases(), "reprs": reprs(),
           "random": random_cases()}
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(json.dumps(doc, separators=(",", ":")).encode())
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
