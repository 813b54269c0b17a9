#!/usr/bin/python3
"""Golden cases for grad4j's poolings (max_pool1d/2d with ceil_mode, dilation and indices, max_unpool2d,
avg_pool1d/2d with ceil_mode, count_include_pad and divisor_override), from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/pools_golden.py

Writes core/src/test/resources/golden/pools.json, read by PoolsConformance: each case names an op and its
arguments (as PoolsConformance.apply spells them), the inputs (those marked "grad" are leaves requiring grad),
PyTorch's output or error, the gradient of (out * w).sum() for each such leaf and grad_fn's name. Values are
float.hex. Shares tensor_ops_golden.py's helpers and nn_more_golden.py's case() (this script's own seed).
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

import tensor_ops_golden as golden
from nn_more_golden import case
from tensor_ops_golden import ROOT, sample, write

OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "pools.json")
golden.use_rng(np.random.default_rng(41))


def ties(shape, dt):
    """Small integers as floats: windows with equal maxima (the first one wins)."""
    n = int(np.prod(shape))
    return torch.tensor(golden.rng.integers(-2, 3, n).reshape(shape), dtype=dt)


def specials(dt):
    x = sample([1, 2, 4, 5], dt)
    x[0, 0, 0, 1] = float("inf")
    x[0, 0, 2, 2] = float("-inf")
    x[0, 1, 1, 1] = float("nan")
    x[0, 1, 0, 0] = float("nan")
    x[0, 1, 2, 3] = float("nan")
    x[0, 1, 2, 4] = float("nan")
    x[0, 1, 3, :] = float("-inf")
    x[0, 0, :, 4] = float("-inf")
    x[0, 0, 3, :] = float("-inf")
    return x


# kernel, stride (None: the kernel), padding, dilation, ceil_mode
MAX2D = [(2, None, 0, 1, False), (3, 2, 1, 1, False), (3, 2, 1, 1, True), (2, 2, 0, 1, True),
         ([3, 2], [2, 1], [1, 0], [2, 1], True), (3, 3, 1, 2, True), (4, 3, 2, 1, True), ([2, 3], [3, 2], [1, 1], 1, True),
         (3, 1, 0, 2, False), (5, 4, 2, 1, True)]


def max2d_args(k, s, p, d, ceil):
    return {"kernel_size": k, "stride": s, "padding": p, "dilation": d, "ceil_mode": ceil}


def max2d(a, indices=False):
    return lambda x: F.max_pool2d(x, a["kernel_size"], a["stride"], a["padding"], a["dilation"], a["ceil_mode"],
                                  return_indices=True)[1 if indices else 0]


def max_pool2d_cases(dt):
    for cfg in MAX2D:
        a = max2d_args(*cfg)
        for shape in ([2, 3, 7, 8], [3, 9, 7]):
            x = sample(shape, dt)
            yield case("max_pool2d", a, [(x, True)], max2d(a))
            yield case("max_pool2d_indices", a, [(x, False)], max2d(a, True))
        yield case("max_pool2d", a, [(ties([2, 2, 6, 7], dt), True)], max2d(a))
        yield case("max_pool2d_indices", a, [(ties([2, 2, 6, 7], dt), False)], max2d(a, True))
    for cfg in ((2, None, 0, 1, False), (3, 2, 1, 1, True), (2, 1, 1, 2, True)):
        a = max2d_args(*cfg)
        yield case("max_pool2d", a, [(specials(dt), True)], max2d(a))
        yield case("max_pool2d_indices", a, [(specials(dt), False)], max2d(a, True))
    # the int forms: F.max_pool2d(x, 2) and F.max_pool2d(x, 3, 2)
    yield case("max_pool2d_int", {"kernel_size": 2}, [(sample([2, 3, 6, 5], dt), True)], lambda x: F.max_pool2d(x, 2))
    yield case("max_pool2d_int", {"kernel_size": 3, "stride": 2}, [(sample([3, 7, 7], dt), True)],
               lambda x: F.max_pool2d(x, 3, 2))
    # no gradient: PyTorch's result has no grad_fn
    yield case("max_pool2d", max2d_args(2, 1, 1, 1, True), [(sample([1, 2, 4, 4], dt), False)],
               max2d(max2d_args(2, 1, 1, 1, True)))
    # errors, with and without a gradient to record
    for grad in (True, False):
        for cfg, shape in (((3, 2, 2, 1, False), [2, 3, 7, 7]), ((8, None, 0, 1, False), [2, 3, 7, 7]),
                           ((3, 2, 0, 4, True), [1, 5, 5]), ((2, 0, 0, 1, False), [2, 3, 7, 7]),
                           ((2, 1, 0, 0, False), [2, 3, 7, 7]), ((2, None, 0, 1, False), [7, 7]),
                           ((2, None, 0, 1, False), [2, 3, 4, 5, 6]), (([3, 1], 1, [0, 1], 1, False), [1, 4, 4])):
            a = max2d_args(*cfg)
            yield case("max_pool2d", a, [(sample(shape, dt), grad)], max2d(a))
    a = max2d_args(2, None, 0, 1, False)
    yield case("max_pool2d", a, [(torch.arange(16).reshape(1, 4, 4), False)], max2d(a))


MAX1D = [(2, None, 0, 1, False), (3, 2, 1, 1, True), (2, 2, 0, 1, True), (3, 3, 1, 2, True), (4, 3, 2, 1, True),
         (3, 1, 1, 3, False)]


def max1d(a, indices=False):
    if indices is None:
        return lambda x: F.max_pool1d(x, a["kernel_size"], a["stride"], a["padding"], a["dilation"], a["ceil_mode"])
    return lambda x: F.max_pool1d(x, a["kernel_size"], a["stride"], a["padding"], a["dilation"], a["ceil_mode"],
                                  return_indices=True)[1 if indices else 0]


def max_pool1d_cases(dt):
    for cfg in MAX1D:
        a = max2d_args(*cfg)
        for shape in ([2, 3, 11], [4, 10]):
            x = sample(shape, dt)
            yield case("max_pool1d", a, [(x, True)], max1d(a, None))
            yield case("max_pool1d_with_indices", a, [(x, True)], max1d(a))
            yield case("max_pool1d_indices", a, [(x, False)], max1d(a, True))
        yield case("max_pool1d", a, [(ties([2, 9], dt), False)], max1d(a, None))
        yield case("max_pool1d_indices", a, [(ties([2, 9], dt), False)], max1d(a, True))
    yield case("max_pool1d_int", {"kernel_size": 3}, [(sample([2, 3, 10], dt), True)], lambda x: F.max_pool1d(x, 3))
    for grad in (True, False):
        for cfg, shape in (((3, 2, 2, 1, False), [2, 7]), ((8, None, 0, 1, False), [2, 7]),
                           ((2, 0, 0, 1, False), [2, 7]), ((2, 1, 0, 0, False), [2, 7]),
                           ((2, None, 0, 1, False), [7]), ((2, None, 0, 1, False), [2, 3, 4, 5])):
            a = max2d_args(*cfg)
            yield case("max_pool1d", a, [(sample(shape, dt), grad)], max1d(a, None))
            yield case("max_pool1d_with_indices", a, [(sample(shape, dt), grad)], max1d(a))


# kernel, stride, padding, ceil_mode, count_include_pad, divisor_override
AVG2D = [(2, None, 0, False, True, None), (3, 2, 1, False, True, None), (3, 2, 1, False, False, None),
         (3, 2, 1, True, True, None), (3, 2, 1, True, False, None), (2, 2, 1, True, True, None),
         ([3, 2], [2, 1], [1, 0], True, True, None), ([3, 2], [2, 1], [1, 1], True, False, None),
         (3, 2, 1, True, True, 5), (2, None, 0, False, True, 3), (4, 3, 2, True, False, None), (5, 4, 2, True, True, None),
         (3, 2, 1, False, False, 2)]


def avg2d_args(k, s, p, ceil, cip, div):
    return {"kernel_size": k, "stride": s, "padding": p, "ceil_mode": ceil, "count_include_pad": cip,
            "divisor_override": div}


def avg2d(a):
    return lambda x: F.avg_pool2d(x, a["kernel_size"], a["stride"], a["padding"], a["ceil_mode"],
                                  a["count_include_pad"], a["divisor_override"])


def avg_pool2d_cases(dt):
    for cfg in AVG2D:
        a = avg2d_args(*cfg)
        for shape in ([2, 3, 7, 8], [3, 9, 7]):
            yield case("avg_pool2d", a, [(sample(shape, dt), True)], avg2d(a))
    yield case("avg_pool2d_int", {"kernel_size": 2}, [(sample([2, 3, 6, 5], dt), True)], lambda x: F.avg_pool2d(x, 2))
    yield case("avg_pool2d_int", {"kernel_size": 3, "stride": 2}, [(sample([3, 7, 7], dt), True)],
               lambda x: F.avg_pool2d(x, 3, 2))
    yield case("avg_pool2d", avg2d_args(2, None, 0, False, True, None), [(specials(dt), True)],
               avg2d(avg2d_args(2, None, 0, False, True, None)))
    for cfg, shape in (((3, 2, 2, False, True, None), [2, 3, 7, 7]), ((8, None, 0, False, True, None), [2, 3, 7, 7]),
                       ((3, None, 0, False, True, 0), [2, 3, 7, 7]), ((2, 0, 0, False, True, None), [2, 3, 7, 7]),
                       ((2, None, 0, False, True, None), [7, 7])):
        a = avg2d_args(*cfg)
        yield case("avg_pool2d", a, [(sample(shape, dt), True)], avg2d(a))


AVG1D = [(2, None, 0, False, True), (3, 2, 1, False, False), (3, 2, 1, True, True), (3, 2, 1, True, False),
         (4, 3, 2, True, True), (2, 2, 1, True, False)]


def avg1d(a):
    return lambda x: F.avg_pool1d(x, a["kernel_size"], a["stride"], a["padding"], a["ceil_mode"],
                                  a["count_include_pad"])


def avg_pool1d_cases(dt):
    for cfg in AVG1D:
        a = avg2d_args(*cfg, None)
        for shape in ([2, 3, 11], [4, 10]):
            yield case("avg_pool1d", a, [(sample(shape, dt), True)], avg1d(a))
    yield case("avg_pool1d_int", {"kernel_size": 3}, [(sample([2, 3, 10], dt), True)], lambda x: F.avg_pool1d(x, 3))
    for cfg, shape in (((3, 2, 2, False, True), [2, 7]), ((8, None, 0, False, True), [2, 7]),
                       ((2, None, 0, False, True), [7])):
        a = avg2d_args(*cfg, None)
        yield case("avg_pool1d", a, [(sample(shape, dt), True)], avg1d(a))


def unpool(a):
    return lambda y, i: F.max_unpool2d(y, i, a["kernel_size"], a["stride"], a["padding"], a["output_size"])


def max_unpool2d_cases(dt):
    # kernel, stride, padding of the pooling; the unpooling's output_size
    for (k, s, p), shape, size in (((2, None, 0), [2, 3, 6, 7], None), ((2, None, 0), [2, 3, 7, 7], [7, 7]),
                                   ((3, 2, 1), [1, 2, 7, 8], None), ((3, 2, 1), [1, 2, 7, 8], [2, 2, 7, 8]),
                                   (([2, 3], [2, 3], 0), [3, 6, 9], None), ((3, 1, 1), [1, 1, 5, 5], None)):
        a = {"kernel_size": k, "stride": s, "padding": p, "output_size": size}
        y, i = F.max_pool2d(sample(shape, dt), k, s, p, return_indices=True)
        yield case("max_unpool2d", a, [(y, True), (i, False)], unpool(a))
    a = {"kernel_size": 2, "stride": None, "padding": 0, "output_size": None}
    y, i = F.max_pool2d(sample([2, 3, 7, 7], dt), 2, return_indices=True)
    yield case("max_unpool2d", a, [(y, True), (i, False)], unpool(a))   # index 40 of a 6x6 plane
    yield case("max_unpool2d", dict(a, output_size=[9, 9]), [(y, True), (i, False)], unpool(dict(a, output_size=[9, 9])))
    yield case("max_unpool2d", a, [(y, True), (i.float(), False)], unpool(a), message=False)
    yield case("max_unpool2d", a, [(y, True), (i[:, :, :2], False)], unpool(a), message=False)
    yield case("max_unpool2d", a, [(y[0, 0], True), (i[0, 0], False)], unpool(a), message=False)
    for size in ([2, 3, 9, 9], [1, 6, 6], [7]):
        b = dict(a, output_size=size)
        yield case("max_unpool2d", b, [(y, True), (i, False)], unpool(b))
    b = dict(a, output_size=[3, 7, 7])
    yield case("max_unpool2d", b, [(y[0], True), (i[0], False)], unpool(b))


def adaptive_max_cases(dt):
    for out, shape in (([3, 3], [2, 3, 7, 8]), ([4, 2], [3, 9, 7]), ([1, 1], [2, 2, 5, 5]), ([7, 8], [1, 2, 7, 8]),
                       ([5, 3], [2, 4, 2])):
        x = sample(shape, dt)
        f = (lambda o, i: lambda x: F.adaptive_max_pool2d(x, o, return_indices=True)[i])
        yield case("adaptive_max_pool2d", {"output_size": out}, [(x, True)], f(out, 0))
        yield case("adaptive_max_pool2d_indices", {"output_size": out}, [(x, False)], f(out, 1))
    for out, shape in ((4, [2, 3, 11]), (1, [2, 3, 5]), (5, [2, 3, 5]), (3, [4, 10]), (7, [1, 2, 3])):
        x = sample(shape, dt)
        f = (lambda o, i: lambda x: F.adaptive_max_pool1d(x, o, return_indices=True)[i])
        yield case("adaptive_max_pool1d", {"output_size": out}, [(x, True)],
                   (lambda o: lambda x: F.adaptive_max_pool1d(x, o))(out))
        yield case("adaptive_max_pool1d_with_indices", {"output_size": out}, [(x, True)], f(out, 0))
        yield case("adaptive_max_pool1d_indices", {"output_size": out}, [(x, False)], f(out, 1))
    yield case("adaptive_max_pool1d", {"output_size": 2}, [(ties([2, 9], dt), True)],
               lambda x: F.adaptive_max_pool1d(x, 2))
    yield case("adaptive_max_pool1d_indices", {"output_size": 4}, [(ties([2, 9], dt), False)],
               lambda x: F.adaptive_max_pool1d(x, 4, True)[1])
    for shape in ([7], [2, 3, 4, 5], [2, 0]):
        yield case("adaptive_max_pool1d", {"output_size": 2}, [(sample(shape, dt), True)],
                   lambda x: F.adaptive_max_pool1d(x, 2))


def interp(a):
    return lambda x: F.interpolate(x, a["size"], a["scale_factor"], a["mode"], a["align_corners"],
                                   a["recompute_scale_factor"])


def interpolate_cases(dt):
    def args(mode, size=None, scale=None, corners=None, recompute=None):
        return {"size": size, "scale_factor": scale, "mode": mode, "align_corners": corners,
                "recompute_scale_factor": recompute}
    for mode, shape in (("linear", [2, 3, 7]), ("bilinear", [2, 3, 5, 6]), ("bicubic", [2, 3, 5, 6])):
        sp = len(shape) - 2
        for corners in (None, False, True):
            for size in ([12] * sp, [3] * sp, [13, 4][:sp] if sp == 2 else [29], [7, 6][:sp] if sp == 2 else [7]):
                yield case("interpolate", args(mode, size=size, corners=corners), [(sample(shape, dt), True)],
                           interp(args(mode, size=size, corners=corners)))
            for scale, recompute in (([1.7] * sp, None), ([0.6] * sp, None), ([2.5] * sp, True), ([1.3] * sp, False),
                                     ([2.0] * sp, None)):
                a = args(mode, scale=scale, corners=corners, recompute=recompute)
                yield case("interpolate", a, [(sample(shape, dt), True)], interp(a))
    for mode in ("nearest", "nearest-exact", "area"):
        for shape in ([2, 3, 7], [2, 3, 5, 6]):
            sp = len(shape) - 2
            for size in ([12] * sp, [3] * sp, [13, 4][:sp] if sp == 2 else [29]):
                yield case("interpolate", args(mode, size=size), [(sample(shape, dt), True)], interp(args(mode, size=size)))
            for scale, recompute in (([1.7] * sp, None), ([0.6] * sp, None), ([2.5] * sp, True), ([1.3] * sp, False)):
                a = args(mode, scale=scale, recompute=recompute)
                yield case("interpolate", a, [(sample(shape, dt), True)], interp(a))
    # errors
    x = sample([2, 3, 5, 6], dt)
    for a in (args("nearest-exact", size=[3, 3], corners=True), args("area", size=[3, 3], corners=False),
              args("bilinear", size=[3, 3], recompute=True), args("bilinearr", size=[3, 3]),
              args("linear", size=[3, 3]), args("bilinear"), args("trilinear", size=[3, 3]), args("bilinear", size=[3, 3], scale=[2.0, 2.0])):
        yield case("interpolate", a, [(x, True)], interp(a))
    a = args("bicubic", size=[4])
    yield case("interpolate", a, [(sample([2, 3, 5], dt), True)], interp(a))


def reprs():
    """Module reprs, keyed as PoolsConformance builds each module."""
    nn = torch.nn
    return {
        "MaxPool2d(2)": repr(nn.MaxPool2d(2)),
        "MaxPool2d(3, 2)": repr(nn.MaxPool2d(3, 2)),
        "MaxPool2d([3, 2], null, [1], [1], true, true)": repr(nn.MaxPool2d((3, 2), None, 1, 1, True, True)),
        "MaxPool1d(3, 2, 1, 2, true, true)": repr(nn.MaxPool1d(3, 2, 1, 2, True, True)),
        "AvgPool2d(2)": repr(nn.AvgPool2d(2)),
        "AvgPool2d(3, 2)": repr(nn.AvgPool2d(3, 2)),
        "AvgPool2d([3, 2], [2], [1], true, false, 5)": repr(nn.AvgPool2d((3, 2), 2, 1, True, False, 5)),
        "AvgPool1d(3, 2, 1, true, false)": repr(nn.AvgPool1d(3, 2, 1, True, False)),
        "MaxUnpool2d(2)": repr(nn.MaxUnpool2d(2)),
        "AdaptiveMaxPool2d([2, 3], true)": repr(nn.AdaptiveMaxPool2d((2, 3), True)),
        "AdaptiveMaxPool1d(4, true)": repr(nn.AdaptiveMaxPool1d(4, True)),
        "MaxUnpool2d([3], [2], [1])": repr(nn.MaxUnpool2d(3, 2, 1)),
    }


GENERATORS = [max_pool2d_cases, max_pool1d_cases, avg_pool2d_cases, avg_pool1d_cases, max_unpool2d_cases,
              adaptive_max_cases, interpolate_cases]


def main():
    write(OUT, golden.collect(GENERATORS), reprs=reprs())


if __name__ == "__main__":
    main()
