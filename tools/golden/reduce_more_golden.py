#!/usr/bin/python3
"""Golden cases for the reductions of ReduceMore (median, nanmedian, kthvalue, mode, nansum, nanmean, aminmax, var_mean,
std_mean, count_nonzero, cummax, cummin, logcumsumexp, quantile, nanquantile,
searchsorted, bucketize, histc, ...)
from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/reduce_more_golden.py

Writes core/src/test/resources/golden/reduce_more.json.gz, read by ReduceMoreConformance, in tensor_ops.json's format
and with its helpers (tensor_ops_golden.py; this script's own seed): op + args as the Java suite's switch spells
them, inputs, PyTorch's output or error, the gradient of (out * w).sum() for each floating input, grad_fn's name.
An op returning values and indices is one case per part ({"part": "values"} or "indices"). Inputs with ties
check PyTorch's choice of index (median: stable order; kthvalue: ATen's quick select; mode: the last position).
"""
import gzip
import os
import shutil

import numpy as np
import torch

import tensor_ops_golden as golden
from tensor_ops_golden import ROOT, case, collect, ints, sample, write

OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "reduce_more.json")   # then gzipped
golden.use_rng(np.random.default_rng(20261202))
NAN, INF = float("nan"), float("inf")


def ties(shape, dt, lo=-2, hi=3):
    """Small integers as floats: many equal values."""
    return ints(shape, lo, hi).to(dt)


def with_nans(shape, dt, p=0.3):
    x = sample(shape, dt)
    n = x.numel()
    mask = torch.tensor(golden.rng.uniform(0, 1, n) < p).reshape(shape)
    return x.masked_fill(mask, NAN)


def inputs(dt):
    """Float inputs of every kind, and (float64 pass only) integer ones."""
    xs = [sample([7], dt), sample([3, 4], dt), sample([2, 3, 5], dt), ties([4, 6], dt), ties([3, 8], dt, 0, 2),
          ties([2, 3, 5], dt), with_nans([4, 5], dt), torch.tensor([[NAN, NAN, NAN, NAN], [1.0, NAN, 2.0, NAN]], dtype=dt),
          torch.tensor([[INF, -INF, 0.0, -0.0, 1.0]], dtype=dt), sample([], dt), ties([20, 3], dt), with_nans([17, 2], dt, 0.5)]
    return xs


def pair(op, args, x, fn, transpose=False):
    for part, i in (("values", 0), ("indices", 1)):
        yield case(op, {**args, "part": part}, [x], (lambda f, j: lambda t: f(t)[j])(fn, i), transpose)


def median_cases(dt):
    for name, full, bydim in (("median", torch.median, torch.median), ("nanmedian", torch.nanmedian, torch.nanmedian)):
        for x in inputs(dt) + [torch.zeros(0, dtype=dt), torch.zeros(0, 3, dtype=dt), torch.tensor([1.0, 2.0, 2.0, 3.0], dtype=dt)]:
            yield case(name + "_all", {}, [x], full)
        for x in inputs(dt):
            for d in range(-x.dim() if x.dim() else -1, max(x.dim(), 1)):
                for keep in (False, True):
                    yield from pair(name, {"dim": d, "keepdim": keep}, x,
                                    (lambda f, dd, k: lambda t: f(t, dd, k))(bydim, d, keep))
        yield from pair(name, {"dim": 1, "keepdim": False}, sample([4, 3], dt), lambda t: bydim(t, 1), transpose=True)
        yield from pair(name, {"dim": 1, "keepdim": False}, torch.zeros(0, 3, dtype=dt), lambda t: bydim(t, 1))
        yield from pair(name, {"dim": 0, "keepdim": True}, torch.zeros(0, 3, dtype=dt), lambda t: bydim(t, 0, True))
        yield from pair(name, {"dim": 1, "keepdim": False}, torch.zeros(0, 0, dtype=dt), lambda t: bydim(t, 1))
        yield from pair(name, {"dim": 2, "keepdim": False}, sample([2, 3], dt), lambda t: bydim(t, 2))
        if dt == torch.float64:
            for x in (ints([3, 5]), ints([6]), torch.tensor([], dtype=torch.int64)):
                yield case(name + "_all", {}, [x], full)
            yield from pair(name, {"dim": 1, "keepdim": False}, ints([3, 6], 0, 3), lambda t: bydim(t, 1))
            yield case(name + "_all", {}, [torch.tensor([True, False])], full)
            yield from pair(name, {"dim": 0, "keepdim": False}, torch.tensor([True, False]), lambda t: bydim(t, 0))


def kthvalue_cases(dt):
    for x in inputs(dt):
        n = x.shape[-1] if x.dim() else 1
        for k in sorted({1, (n + 1) // 2, n}):
            yield from pair("kthvalue", {"k": k, "dim": -1, "keepdim": False}, x,
                            (lambda kk: lambda t: torch.kthvalue(t, kk))(k))
        if x.dim() >= 2:
            for k in (1, 2, x.shape[0]):
                yield from pair("kthvalue", {"k": k, "dim": 0, "keepdim": True}, x,
                                (lambda kk: lambda t: torch.kthvalue(t, kk, 0, True))(k))
    yield from pair("kthvalue", {"k": 2, "dim": 1, "keepdim": False}, ties([5, 7], dt), lambda t: torch.kthvalue(t, 2, 1),
                    transpose=True)
    for k in (0, 4, -1):
        yield from pair("kthvalue", {"k": k, "dim": -1, "keepdim": False}, sample([2, 3], dt),
                        (lambda kk: lambda t: torch.kthvalue(t, kk))(k))
    yield from pair("kthvalue", {"k": 1, "dim": 0, "keepdim": False}, torch.zeros(0, 3, dtype=dt), lambda t: torch.kthvalue(t, 1, 0))
    yield from pair("kthvalue", {"k": 1, "dim": 1, "keepdim": False}, torch.zeros(0, 3, dtype=dt), lambda t: torch.kthvalue(t, 1, 1))
    yield from pair("kthvalue", {"k": 1, "dim": 0, "keepdim": True}, sample([], dt), lambda t: torch.kthvalue(t, 1, 0, True))
    if dt == torch.float64:
        yield from pair("kthvalue", {"k": 3, "dim": -1, "keepdim": False}, ints([4, 9], 0, 4), lambda t: torch.kthvalue(t, 3))
        yield from pair("kthvalue", {"k": 1, "dim": 0, "keepdim": False}, torch.tensor([True, False]), lambda t: torch.kthvalue(t, 1, 0))


def mode_cases(dt):
    xs = [x for x in inputs(dt) if not torch.isnan(x).any()]   # NaN: std::sort with NaN is unspecified in ATen
    for x in xs:
        for d in range(-x.dim() if x.dim() else -1, max(x.dim(), 1)):
            for keep in (False, True):
                yield from pair("mode", {"dim": d, "keepdim": keep}, x,
                                (lambda dd, k: lambda t: torch.mode(t, dd, k))(d, keep))
    yield from pair("mode", {"dim": 1, "keepdim": False}, torch.zeros(0, 3, dtype=dt), lambda t: torch.mode(t, 1))
    yield from pair("mode", {"dim": 0, "keepdim": False}, torch.zeros(0, 3, dtype=dt), lambda t: torch.mode(t, 0))
    yield from pair("mode", {"dim": 1, "keepdim": False}, ties([5, 9], dt), lambda t: torch.mode(t, 1), transpose=True)
    if dt == torch.float64:
        yield from pair("mode", {"dim": -1, "keepdim": False}, ints([4, 9], 0, 4), lambda t: torch.mode(t))
        yield from pair("mode", {"dim": 0, "keepdim": False}, torch.tensor([True, False, True]), lambda t: torch.mode(t, 0))


def nan_sum_mean_cases(dt):
    for name, fn in (("nansum", torch.nansum), ("nanmean", torch.nanmean)):
        for x in inputs(dt) + [torch.zeros(0, 3, dtype=dt), torch.full([2, 3], NAN, dtype=dt)]:
            yield case(name, {"dims": [], "keepdim": False}, [x], fn)
            yield case(name, {"dims": [], "keepdim": True}, [x], lambda t: fn(t, [], True) if t.dim() else fn(t))
            for dims in ([0], [-1], [0, -1]):
                if x.dim() or dims != [0, -1]:
                    for keep in (False, True):
                        yield case(name, {"dims": dims, "keepdim": keep}, [x],
                                   (lambda ds, k: lambda t: fn(t, ds, k))(dims, keep))
        yield case(name, {"dims": [1], "keepdim": False}, [with_nans([4, 3], dt)], lambda t: fn(t, 1), transpose=True)
        yield case(name, {"dims": [2], "keepdim": False}, [sample([2, 3], dt)], lambda t: fn(t, 2))
        yield case(name, {"dims": [0, 0], "keepdim": False}, [sample([2, 3], dt)], lambda t: fn(t, [0, 0]))
        if dt == torch.float64:
            yield case(name, {"dims": [], "keepdim": False}, [ints([3, 4])], fn)
            yield case(name, {"dims": [1], "keepdim": False}, [ints([3, 4])], lambda t: fn(t, 1))
            yield case(name, {"dims": [], "keepdim": False}, [torch.tensor([True, False, True])], fn)


def aminmax_cases(dt):
    # forward only (detached): PyTorch 1.13 records grad_fn NotImplemented for aminmax, grad4j no node
    def parts(args, x, fn):
        for part, i in (("min", 0), ("max", 1)):
            yield case("aminmax", {**args, "part": part}, [x], (lambda j: lambda t: fn(t.detach())[j])(i))
    for x in inputs(dt) + [torch.zeros(0, 3, dtype=dt)]:
        yield from parts({"dim": None, "keepdim": False}, x, torch.aminmax)
        yield from parts({"dim": None, "keepdim": True}, x, lambda t: torch.aminmax(t, keepdim=True))
        for d in range(-x.dim() if x.dim() else -1, max(x.dim(), 1)):
            for keep in (False, True):
                yield from parts({"dim": d, "keepdim": keep}, x, (lambda dd, k: lambda t: torch.aminmax(t, dim=dd, keepdim=k))(d, keep))
    if dt == torch.float64:
        yield from parts({"dim": 1, "keepdim": False}, ints([3, 4]), lambda t: torch.aminmax(t, dim=1))
        yield from parts({"dim": None, "keepdim": False}, torch.tensor([True, False]), torch.aminmax)


def var_mean_cases(dt):
    for name, fn in (("var_mean", torch.var_mean), ("std_mean", torch.std_mean)):
        def parts(args, x, f):
            for i in (0, 1):
                yield case(name, {**args, "part": i}, [x], (lambda j: lambda t: f(t)[j])(i))
        # not 0-d inputs with N - correction <= 0: there PyTorch's gradient is -inf where (x - mean) * inf gives NaN
        # (var's too); grad4j gives NaN
        xs = [x for x in inputs(dt) if x.dim() > 0]
        for x in xs + [sample([3, 300], dt), sample([2000], dt), torch.zeros(0, 3, dtype=dt), torch.zeros(0, dtype=dt),
                       torch.tensor([[2.5, 2.5, 2.5]], dtype=dt)]:
            yield from parts({"dims": [], "correction": 1, "keepdim": False}, x, fn)
            for dims in ([0], [-1], [0, -1]):
                if x.dim() or dims != [0, -1]:
                    for corr, keep in ((1, False), (0, True), (2, False), (5, True)):
                        yield from parts({"dims": dims, "correction": corr, "keepdim": keep}, x,
                                         (lambda ds, c, k: lambda t: fn(t, ds, correction=c, keepdim=k))(dims, corr, keep))
        yield from parts({"dims": [1], "correction": 1, "keepdim": False}, sample([4, 3], dt),
                         lambda t: fn(t, [1]), )
        yield from parts({"dims": [2], "correction": 1, "keepdim": False}, sample([2, 3], dt), lambda t: fn(t, [2]))
        yield from parts({"dims": [0], "correction": 0, "keepdim": False}, sample([], dt), lambda t: fn(t, 0, correction=0))
        if dt == torch.float64:
            yield from parts({"dims": [], "correction": 1, "keepdim": False}, ints([3, 4]), fn)


def count_nonzero_cases(dt):
    xs = inputs(dt) + [torch.tensor([[0.0, -0.0, 1.0], [NAN, 0.0, INF]], dtype=dt), torch.zeros(0, 3, dtype=dt)]
    if dt == torch.float64:
        xs += [ints([3, 4], -1, 2), torch.tensor([[True, False], [True, True]])]
    for x in xs:
        yield case("count_nonzero", {"dims": []}, [x], torch.count_nonzero)
        for dims in ([0], [-1], [0, -1]):
            if x.dim() or dims != [0, -1]:
                yield case("count_nonzero", {"dims": dims}, [x], (lambda ds: lambda t: torch.count_nonzero(t, ds))(dims))
    yield case("count_nonzero", {"dims": [0, 0]}, [sample([2, 3], dt)], lambda t: torch.count_nonzero(t, [0, 0]))
    yield case("count_nonzero", {"dims": [2]}, [sample([2, 3], dt)], lambda t: torch.count_nonzero(t, [2]))


def cumulative_cases(dt):
    xs = inputs(dt) + [torch.zeros(0, 3, dtype=dt), torch.tensor([[INF, 1.0, INF, -INF, NAN, 2.0, NAN, 5.0]], dtype=dt),
                       torch.tensor([[-INF, -INF, 0.0, INF, INF, -1.0]], dtype=dt), sample([3, 40], dt, -30, 30)]
    for x in xs:
        for d in range(-x.dim() if x.dim() else -1, max(x.dim(), 1)):
            for name, fn in (("cummax", torch.cummax), ("cummin", torch.cummin)):
                yield from pair(name, {"dim": d}, x, (lambda f, dd: lambda t: f(t, dd))(fn, d))
            yield case("logcumsumexp", {"dim": d}, [x], (lambda dd: lambda t: torch.logcumsumexp(t, dd))(d))
    for name, fn in (("cummax", torch.cummax), ("cummin", torch.cummin)):
        yield from pair(name, {"dim": 1}, ties([5, 4], dt), lambda t: fn(t, 1), transpose=True)
        yield from pair(name, {"dim": 2}, sample([2, 3], dt), lambda t: fn(t, 2))
        if dt == torch.float64:
            yield from pair(name, {"dim": 1}, ints([3, 6], 0, 3), lambda t: fn(t, 1))
            yield from pair(name, {"dim": 0}, torch.tensor([False, True, False]), lambda t: fn(t, 0))
    yield case("logcumsumexp", {"dim": 1}, [sample([5, 4], dt)], lambda t: torch.logcumsumexp(t, 1), transpose=True)
    yield case("logcumsumexp", {"dim": 2}, [sample([2, 3], dt)], lambda t: torch.logcumsumexp(t, 2))
    if dt == torch.float64:
        yield case("logcumsumexp", {"dim": 0}, [ints([4])], lambda t: torch.logcumsumexp(t, 0))


def quantile_cases(dt):
    def one(name, fn, x, q, dim, keep, interp, transpose=False):
        # a q tensor goes in args (its values, shape and dtype), not as a leaf: its gradient is not checked
        args = {"q": q, "dim": dim, "keepdim": keep, "interpolation": interp}
        if not isinstance(q, float):
            args["q"] = {"values": [float(v).hex() for v in q.reshape(-1).tolist()], "shape": list(q.shape),
                         "dtype": str(q.dtype).replace("torch.", "")}
        return case(name, args, [x], lambda t: fn(t, q, dim=dim, keepdim=keep, interpolation=interp), transpose)
    qs = [0.0, 0.25, 0.5, 1.0, 0.3, torch.tensor([0.1, 0.5, 0.9], dtype=dt), torch.tensor(0.75, dtype=dt),
          torch.tensor([0.0, 1.0, 0.33], dtype=dt)]
    # no ties: PyTorch's unstable sort may send the gradient to another of equal values than grad4j's stable one
    xs = [x for x in inputs(dt) if x.unique().numel() == x.numel() and not torch.isnan(x).any()]
    xs += [torch.tensor([[1.0, NAN, 3.0, 2.0]], dtype=dt)]   # one NaN: more would be ties of the sort too
    for name, fn in (("quantile", torch.quantile), ("nanquantile", torch.nanquantile)):
        for x in xs + ([with_nans([3, 5], dt, 0.4), torch.tensor([[NAN, NAN, 1.0]], dtype=dt)] if name == "nanquantile" else []):
            for qi, q in enumerate(qs):
                for interp in ("linear", "lower", "higher", "midpoint", "nearest"):
                    if qi < 2 or interp in ("linear", "nearest") or q is qs[5]:
                        yield one(name, fn, x, q, None, False, interp)
                for d in range(-x.dim() if x.dim() else -1, max(x.dim(), 1)):
                    yield one(name, fn, x, q, d, qi % 2 == 0, "linear" if qi % 3 else "midpoint")
        yield one(name, fn, sample([4, 5], dt), qs[5], 0, True, "linear", transpose=True)
        yield one(name, fn, sample([4, 5], dt), None and 0.5 or 0.5, None, True, "linear")
        for bad in (1.5, -0.1, torch.tensor([0.5, 1.2], dtype=dt), torch.tensor([[0.5]], dtype=dt)):
            yield one(name, fn, sample([3, 4], dt), bad, None, False, "linear")
        yield one(name, fn, torch.zeros(0, 3, dtype=dt), 0.5, None, False, "linear")
        yield one(name, fn, sample([3, 4], dt), 0.5, None, False, "cubic")
        yield one(name, fn, sample([3, 4], dt), 0.5, 2, False, "linear")
        if dt == torch.float64:
            yield one(name, fn, sample([3, 4], dt), torch.tensor([0.5], dtype=torch.float32), None, False, "linear")
            yield one(name, fn, ints([3, 4]), 0.5, None, False, "linear")


def searchsorted_cases(dt):
    seq = torch.tensor([-1.0, 0.0, 0.0, 1.5, 2.0, 2.0, 2.0, 4.0], dtype=dt)
    vals = torch.tensor([[-2.0, -1.0, 0.0, 0.5, 2.0], [4.0, 5.0, NAN, INF, -INF]], dtype=dt)
    nd_seq = torch.sort(sample([2, 3, 6], dt)).values
    nd_vals = torch.cat([sample([2, 3, 4], dt), nd_seq[..., :2]], -1)
    for right in (False, True):
        for s_, v in ((seq, vals), (seq, sample([7], dt)), (seq, sample([], dt)), (nd_seq, nd_vals), (seq, torch.zeros(0, dtype=dt)),
                      (torch.tensor([1.0, NAN, 3.0], dtype=dt), torch.tensor([0.0, 2.0, 4.0, NAN], dtype=dt))):
            yield case("searchsorted", {"right": right}, [s_, v],
                       (lambda r: lambda a, b: torch.searchsorted(a.detach(), b.detach(), right=r))(right))
            yield case("bucketize", {"right": right}, [v, s_],
                       (lambda r: lambda a, b: torch.bucketize(a.detach(), b.detach(), right=r))(right))
    yield case("searchsorted", {"right": False, "side": "right"}, [seq, vals], lambda a, b: torch.searchsorted(a.detach(), b.detach(), side="right"))
    yield case("searchsorted", {"right": True, "side": "left"}, [seq, vals], lambda a, b: torch.searchsorted(a.detach(), b.detach(), right=True, side="left"))
    yield case("searchsorted", {"right": False, "int32": True}, [seq, vals], lambda a, b: torch.searchsorted(a.detach(), b.detach(), out_int32=True))
    yield case("bucketize", {"right": True, "int32": True}, [vals, seq], lambda a, b: torch.bucketize(a.detach(), b.detach(), out_int32=True, right=True))
    yield case("searchsorted", {"right": False}, [torch.zeros(2, 3, dtype=dt), torch.zeros(3, 1, dtype=dt)], lambda a, b: torch.searchsorted(a.detach(), b.detach()))
    yield case("searchsorted", {"right": False}, [sample([], dt), sample([2], dt)], lambda a, b: torch.searchsorted(a.detach(), b.detach()))
    yield case("bucketize", {"right": False}, [sample([2], dt), torch.zeros(2, 2, dtype=dt)], lambda a, b: torch.bucketize(a.detach(), b.detach()))
    if dt == torch.float64:
        yield case("searchsorted", {"right": False}, [torch.tensor([1, 3, 3, 7]), torch.tensor([0, 3, 4, 8])], torch.searchsorted)
        yield case("searchsorted", {"right": True}, [seq, torch.tensor([0, 2, 3])], lambda a, b: torch.searchsorted(a.detach(), b, right=True))
        yield case("bucketize", {"right": False}, [torch.tensor([0, 3, 4, 8]), torch.tensor([1, 3, 3, 7])], torch.bucketize)


def histc_cases(dt):
    # forward only (detached): PyTorch 1.13 has no derivative for histc
    def one(args, x):
        return case("histc", args, [x], lambda t: torch.histc(t.detach(), args["bins"], args["min"], args["max"]))
    xs = [sample([50], dt), sample([7, 9], dt, -10, 10), with_nans([30], dt), torch.tensor([1.0, 1.0, 1.0], dtype=dt),
          torch.tensor([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 10.0], dtype=dt), sample([], dt), torch.zeros(0, dtype=dt),
          torch.tensor([0.1, 0.2, 0.3, 0.7, 0.9, 1.0], dtype=dt), torch.tensor([-INF, 0.0, 1.0, INF], dtype=dt)]
    for x in xs:
        for bins, lo, hi in ((100, 0.0, 0.0), (10, 0.0, 0.0), (7, -1.0, 1.0), (3, 0.0, 1.0), (5, 0.25, 0.25), (1, -2.0, 3.0)):
            yield one({"bins": bins, "min": lo, "max": hi}, x)
    for bins, lo, hi in ((0, 0.0, 1.0), (-1, 0.0, 1.0), (4, 2.0, 1.0)):
        yield one({"bins": bins, "min": lo, "max": hi}, sample([5], dt))
    if dt == torch.float64:
        yield one({"bins": 4, "min": 0.0, "max": 0.0}, ints([6]))


GENERATORS = [median_cases, kthvalue_cases, mode_cases, nan_sum_mean_cases, aminmax_cases, var_mean_cases,
              count_nonzero_cases, cumulative_cases,
              quantile_cases, searchsorted_cases, histc_cases]

if __name__ == "__main__":
    write(OUT, collect(GENERATORS))
    with open(OUT, "rb") as f, gzip.GzipFile(OUT + ".gz", "wb", mtime=0) as g:
        shutil.copyfileobj(f, g)
    os.remove(OUT)
