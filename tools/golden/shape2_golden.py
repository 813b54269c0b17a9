#!/usr/bin/python3
"""Golden cases for the shape2 branch's composite functions, from PyTorch 1.13 (CPU): rot90, fliplr/flipud,
moveaxis, ravel, msort, diagflat, vander, tril/triu_indices, cartesian_prod, combinations, block_diag,
atleast_1d/2d/3d, broadcast_tensors/shapes, sum_to_size, unique_consecutive, histogram, trapezoid /
cumulative_trapezoid, gradient, cov, corrcoef, inner, ger, vdot, addr, addbmm, dist, cdist, pdist, renorm.

    /usr/bin/python3 tools/golden/shape2_golden.py

Writes core/src/test/resources/golden/shape2.json.gz, read by Shape2Conformance: "cases" in nn_more_golden.py's
layout (op and args as Shape2Conformance.apply spells them, inputs, PyTorch's output or error, grad_fn's name and
the gradient of (out * w).sum() for each input requiring grad). An op with several outputs (broadcast_tensors,
unique_consecutive, histogram, gradient) has one case per output, picked by the "part" argument. Values are
float.hex. The products run with Debian's reference BLAS, selected as ops_more_golden.py does.
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
import torch.nn.functional as F  # noqa: E402

import tensor_ops_golden as golden  # noqa: E402
from nn_more_golden import case as nn_case  # noqa: E402
from tensor_ops_golden import ROOT, sample  # noqa: E402

OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "shape2.json.gz")
golden.use_rng(np.random.default_rng(4242))
INF = float("inf")


def plain(v):
    """JSON without Infinity: infinite arguments as "inf" / "-inf"."""
    if isinstance(v, float) and v in (INF, -INF):
        return "inf" if v > 0 else "-inf"
    if isinstance(v, dict):
        return {k: plain(e) for k, e in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(e) for e in v]
    return v


def case(op, args, inputs, fn, message=True):
    args = plain(args)
    try:
        c = nn_case(op, args, inputs, fn, message)
    except AttributeError:
        # the op returned its (leaf) input itself: checked without gradients, "same" marks it
        c = nn_case(op, args, [(x, False) for x, _ in inputs], fn, message)
        c["same"] = True
    except RuntimeError as e:
        # 1.13's own backward fails (vander's in-place cumprod): the forward without gradients
        print("no backward in 1.13:", op, args, str(e)[:60])
        c = nn_case(op, args, [(x, False) for x, _ in inputs], fn, message)
        c["backward_fails"] = True
    if "grad_fn" in c:
        c["grad_fn"] = c["grad_fn"].replace("torch::autograd::", "")
    return c


def g(x):
    """An input requiring grad when it is floating."""
    return (x, x.is_floating_point())


def n(x):
    return (x, False)


def ints(shape, lo=-3, hi=4):
    k = int(np.prod(shape)) if len(shape) else 1
    return torch.tensor(golden.rng.integers(lo, hi, k).reshape(shape), dtype=torch.int64)


def dummy():
    return n(torch.zeros(1, dtype=torch.int64))


# ------------------------------------------------------------------------------------------------ shape ops

def shape_cases(dt):
    x = sample([3, 4], dt)
    x3 = sample([2, 3, 4], dt)
    for k, dims in ((1, [0, 1]), (2, [0, 1]), (3, [0, 1]), (0, [0, 1]), (4, [0, 1]), (-1, [0, 1]), (-3, [1, 0]),
                    (1, [2, 0]), (1, [-1, -3]), (2, [1, 2])):
        src = x if max(dims) < 2 and min(dims) >= -2 else x3
        yield case("rot90", {"k": k, "dims": dims}, [g(src)], (lambda k, d: lambda t: torch.rot90(t, k, d))(k, dims))
    for k, dims, src in ((1, [0], x), (1, [1, 1], x), (1, [1, -1], x), (1, [0, 0], sample([4], dt)), (1, [0, 2], x),
                         (1, [0, 3], x3), (1, [-4, 0], x3)):
        yield case("rot90", {"k": k, "dims": dims}, [g(src)], (lambda k, d: lambda t: torch.rot90(t, k, d))(k, dims))
    for op, fn in (("fliplr", torch.fliplr), ("flipud", torch.flipud)):
        for s in ([3, 4], [2, 3, 4], [5], []):
            yield case(op, {}, [g(sample(s, dt))], fn)
    for src, dst in ((0, 1), (-1, 0), ([0, 1], [2, 0]), ([0], [-1]), ([0, 1], [1])):
        yield case("moveaxis", {"source": src, "destination": dst}, [g(x3)],
                   (lambda s, d: lambda t: torch.moveaxis(t, s, d))(src, dst))
    yield case("ravel", {}, [g(x3)], torch.ravel)
    yield case("ravel", {"transpose": True}, [g(x)], lambda t: torch.ravel(t.t()))
    yield case("ravel", {}, [g(sample([], dt))], torch.ravel)
    for s in ([5, 3], [4], [], [2, 3, 2], [0, 3]):
        yield case("msort", {}, [g(sample(s, dt))], torch.msort)
    ties = torch.tensor([[1.0, 2.0], [1.0, -1.0], [0.0, 2.0], [1.0, 2.0]], dtype=dt)
    yield case("msort", {}, [g(ties)], torch.msort)
    for s, off in (([4], 0), ([3], 1), ([3], -2), ([2, 3], 0), ([2, 3], 2), ([], 0), ([0], 1)):
        yield case("diagflat", {"offset": off}, [g(sample(s, dt))],
                   (lambda o: lambda t: torch.diagflat(t, o))(off))
    for nn_, inc in ((None, False), (None, True), (3, False), (3, True), (6, True), (6, False), (1, True), (1, False),
                     (0, False), (2, True)):
        yield case("vander", {"N": nn_, "increasing": inc}, [g(sample([4], dt, -2, 2))],
                   (lambda m, i: lambda t: torch.vander(t, m, i))(nn_, inc))
    yield case("vander", {"N": None, "increasing": False}, [g(sample([0], dt))], lambda t: torch.vander(t))
    yield case("vander", {"N": None, "increasing": False}, [g(x)], lambda t: torch.vander(t))
    yield case("vander", {"N": -1, "increasing": False}, [g(sample([3], dt))], lambda t: torch.vander(t, -1))
    yield case("vander", {"N": None, "increasing": False}, [g(sample([], dt))], lambda t: torch.vander(t))
    v = sample([4], dt)
    w = sample([3], dt)
    yield case("cartesian_prod", {}, [g(v), g(w)], lambda a, b: torch.cartesian_prod(a, b))
    yield case("cartesian_prod", {}, [g(v), g(w), g(sample([2], dt))], lambda a, b, c: torch.cartesian_prod(a, b, c))
    yield case("cartesian_prod", {}, [g(v)], lambda a: torch.cartesian_prod(a))
    yield case("cartesian_prod", {}, [g(v), g(sample([0], dt))], lambda a, b: torch.cartesian_prod(a, b))
    yield case("cartesian_prod", {}, [g(x), g(v)], lambda a, b: torch.cartesian_prod(a, b))
    yield case("cartesian_prod", {}, [g(v), n(ints([2]))], lambda a, b: torch.cartesian_prod(a, b), message=False)
    for r, rep in ((2, False), (3, False), (2, True), (3, True), (1, False), (0, False), (5, False), (5, True)):
        yield case("combinations", {"r": r, "with_replacement": rep}, [g(v)],
                   (lambda r, rep: lambda t: torch.combinations(t, r, rep))(r, rep))
    yield case("combinations", {"r": 2, "with_replacement": False}, [g(sample([0], dt))],
               lambda t: torch.combinations(t))
    yield case("combinations", {"r": 2, "with_replacement": False}, [g(x)], lambda t: torch.combinations(t))
    yield case("combinations", {"r": -1, "with_replacement": False}, [g(v)], lambda t: torch.combinations(t, -1))
    yield case("block_diag", {}, [g(x), g(v), g(sample([], dt)), g(sample([2, 2], dt))],
               lambda *t: torch.block_diag(*t))
    yield case("block_diag", {}, [g(sample([2, 0], dt)), g(sample([0, 3], dt)), g(x)], lambda *t: torch.block_diag(*t))
    yield case("block_diag", {}, [g(x)], lambda *t: torch.block_diag(*t))
    yield case("block_diag", {}, [g(x3)], lambda *t: torch.block_diag(*t))
    other = torch.float64 if dt == torch.float32 else torch.float32
    yield case("block_diag", {}, [g(x), g(sample([2, 2], other)), n(ints([2]))], lambda *t: torch.block_diag(*t))
    for op, fn in (("atleast_1d", torch.atleast_1d), ("atleast_2d", torch.atleast_2d), ("atleast_3d", torch.atleast_3d)):
        for s in ([], [4], [3, 4], [2, 3, 4], [2, 1, 3, 2]):
            yield case(op, {}, [g(sample(s, dt))], fn)
    for shapes in (([3, 4], [4]), ([3, 1], [1, 4], []), ([2, 1, 3], [5, 1], [3]), ([3, 4], [3, 4])):
        ts = [g(sample(s, dt)) for s in shapes]
        for i in range(len(shapes)):
            yield case("broadcast_tensors", {"part": i}, ts, (lambda i: lambda *t: torch.broadcast_tensors(*t)[i])(i))
    yield case("broadcast_tensors", {"part": 0}, [g(x), g(sample([3], dt))], lambda *t: torch.broadcast_tensors(*t)[0])
    for s in ([1, 4], [4], [1, 1], [3, 4], [3, 1], []):
        yield case("sum_to_size", {"size": s}, [g(x)], (lambda s: lambda t: t.sum_to_size(s))(s))
    yield case("sum_to_size", {"size": [3, 1]}, [g(x3)], lambda t: t.sum_to_size([3, 1]))
    for s in ([2, 4], [1, 3, 4], [5]):
        yield case("sum_to_size", {"size": s}, [g(x)], (lambda s: lambda t: t.sum_to_size(s))(s))


def int_shape_cases():
    """Integer and bool inputs (no gradient) and the ops without tensor inputs."""
    m = ints([3, 4])
    b = ints([3, 4], 0, 2).bool()
    for src in (m, b):
        yield case("rot90", {"k": 1, "dims": [0, 1]}, [n(src)], lambda t: torch.rot90(t))
        yield case("fliplr", {}, [n(src)], torch.fliplr)
        yield case("msort", {}, [n(src)], torch.msort)
        yield case("diagflat", {"offset": -1}, [n(src[0])], lambda t: torch.diagflat(t, -1))
        yield case("vander", {"N": None, "increasing": False}, [n(src[0])], lambda t: torch.vander(t))
        yield case("vander", {"N": 5, "increasing": True}, [n(src[1])], lambda t: torch.vander(t, 5, True))
        yield case("combinations", {"r": 2, "with_replacement": True}, [n(src[0])],
                   lambda t: torch.combinations(t, 2, True))
        yield case("ravel", {}, [n(src)], torch.ravel)
        yield case("sum_to_size", {"size": [1, 4]}, [n(src)], lambda t: t.sum_to_size(1, 4))
    yield case("block_diag", {}, [n(m), n(b)], lambda *t: torch.block_diag(*t))
    yield case("block_diag", {}, [n(b), n(b[0])], lambda *t: torch.block_diag(*t))
    yield case("cartesian_prod", {}, [n(m[0]), n(m[1])], lambda a, c: torch.cartesian_prod(a, c))
    for op, fn in (("tril_indices", torch.tril_indices), ("triu_indices", torch.triu_indices)):
        for r, c, off in ((3, 4, 0), (4, 3, 1), (4, 3, -1), (5, 5, -7), (5, 5, 9), (0, 4, 0), (3, 0, 0), (1, 1, 0),
                          (6, 2, 2), (-1, 4, 0), (3, -4, 0)):
            yield case(op, {"row": r, "col": c, "offset": off}, [dummy()],
                       (lambda r, c, o: lambda _: fn(r, c, o))(r, c, off))


def broadcast_shapes_cases():
    """(shapes, result or error) pairs."""
    out = []
    for shapes in (([3, 1], [4]), ([2, 1, 3], [5, 1], [3]), ([], [2]), ([0], [1]), ([3, 2], [4]), ([3, -1], [4]),
                   ([1, 0], [3, 1]), ([2, 0], [3, 1]), ([5],)):
        try:
            out.append({"shapes": shapes, "out": list(torch.broadcast_shapes(*shapes))})
        except Exception as e:
            out.append({"shapes": shapes, "error": type(e).__name__ + ": " + str(e).split("\n")[0]})
    return out


# ------------------------------------------------------------------------------------------------ numerics

def unique_cases(dt):
    runs = torch.tensor([1.0, 1.0, 2.0, 2.0, 2.0, -1.0, 1.0, 1.0, float("nan"), float("nan"), 0.0, -0.0], dtype=dt)
    rows = torch.tensor([[1.0, 2.0], [1.0, 2.0], [3.0, 1.0], [1.0, 2.0], [1.0, 2.0]], dtype=dt)
    iv = ints([3, 4], 0, 2)
    for src in (runs, runs.view(3, 4), iv, iv.bool(), torch.zeros(0, dtype=dt)):
        for part in ("values", "inverse", "counts"):
            yield case("unique_consecutive", {"part": part, "dim": None}, [n(src)],
                       (lambda p: lambda t: pick(torch.unique_consecutive(t, return_inverse=True, return_counts=True),
                                                 p))(part))
    for src, dim in ((rows, 0), (rows, 1), (rows.t(), 1), (rows.t(), -1), (iv, 1), (iv, 0), (rows, 2)):
        for part in ("values", "inverse", "counts"):
            yield case("unique_consecutive", {"part": part, "dim": dim}, [n(src)],
                       (lambda p, d: lambda t: pick(torch.unique_consecutive(t, return_inverse=True, return_counts=True,
                                                                             dim=d), p))(part, dim), message=False)


def pick(res, part):
    return res[{"values": 0, "inverse": 1, "counts": 2, "hist": 0, "bin_edges": 1}[part]]


def histogram_cases(dt):
    x = sample([4, 5], dt)
    w = sample([4, 5], dt, 0, 2)
    edge = torch.tensor([0.0, 0.5, 1.0, 1.0, 2.0, 3.0, -1.0, 2.0, 0.25, 0.75], dtype=dt)
    for src, bins, rng, wt, dens in ((x, 4, None, None, False), (x, 7, None, w, False), (x, 3, (-1.0, 1.0), None, True),
                                     (x, 5, None, w, True), (edge, 4, None, None, False), (edge, 3, (0.0, 2.0), None,
                                                                                            False),
                                     (torch.full([3], 2.0, dtype=dt), 2, None, None, False),
                                     (torch.zeros(0, dtype=dt), 3, None, None, False),
                                     (sample([50], dt), 13, None, None, False),
                                     (torch.linspace(0, 1, 21, dtype=dt), 10, None, None, False),
                                     (x, 0, None, None, False), (x, 3, (2.0, 1.0), None, False),
                                     (x, 3, None, sample([5], dt), False),
                                     (ints([5]), 3, None, None, False)):
        for part in ("hist", "bin_edges"):
            a = {"part": part, "bins": bins, "range": None if rng is None else list(rng), "density": dens}
            ins = [n(src)] + ([n(wt)] if wt is not None else [])
            yield case("histogram", a, ins,
                       (lambda b, r, d, p: lambda t, *ws: pick(torch.histogram(t, b, range=r, weight=ws[0] if ws else
                                                                               None, density=d), p))(bins, rng, dens,
                                                                                                     part))
    for bins in (torch.tensor([-1.0, 0.0, 0.5, 2.0], dtype=dt), torch.tensor([0.0, 1.0, 1.0, 3.0], dtype=dt),
                 torch.tensor([0.0, 1.0], dtype=torch.float64 if dt == torch.float32 else torch.float32),
                 torch.ones(2, 2, dtype=dt)):
        for dens in (False, True):
            for part in ("hist", "bin_edges"):
                a = {"part": part, "density": dens}
                yield case("histogram_tensor", a, [n(edge), n(bins)],
                           (lambda d, p: lambda t, b: pick(torch.histogram(t, b, density=d), p))(dens, part))


def trapezoid_cases(dt):
    y = sample([3, 5], dt)
    for dim in (-1, 0, 1):
        yield case("trapezoid_dx", {"dx": 1.0, "dim": dim}, [g(y)], (lambda d: lambda t: torch.trapezoid(t, dim=d))(dim))
        yield case("trapezoid_dx", {"dx": 0.3, "dim": dim}, [g(y)],
                   (lambda d: lambda t: torch.trapezoid(t, dx=0.3, dim=d))(dim))
        yield case("cumulative_trapezoid_dx", {"dx": 1.0, "dim": dim}, [g(y)],
                   (lambda d: lambda t: torch.cumulative_trapezoid(t, dim=d))(dim))
        yield case("cumulative_trapezoid_dx", {"dx": 2.5, "dim": dim}, [g(y)],
                   (lambda d: lambda t: torch.cumulative_trapezoid(t, dx=2.5, dim=d))(dim))
    xs = torch.sort(sample([5], dt))[0]
    for x, dim in ((xs, -1), (sample([3], dt), 0), (sample([3, 5], dt), 1), (sample([5], dt), 1), (sample([1, 5], dt), -1),
                   (ints([5]), -1), (sample([4], dt), -1)):
        for op, fn in (("trapezoid", torch.trapezoid), ("cumulative_trapezoid", torch.cumulative_trapezoid)):
            yield case(op, {"dim": dim}, [g(y), g(x)], (lambda f, d: lambda a, b: f(a, b, dim=d))(fn, dim))
    yi = ints([3, 5])
    yield case("trapezoid_dx", {"dx": 1.0, "dim": -1}, [n(yi)], lambda t: torch.trapezoid(t))
    yield case("trapezoid_dx", {"dx": 0.5, "dim": 0}, [n(yi)], lambda t: torch.trapezoid(t, dx=0.5, dim=0))
    yield case("cumulative_trapezoid_dx", {"dx": 1.0, "dim": -1}, [n(yi)], lambda t: torch.cumulative_trapezoid(t))
    yield case("trapezoid", {"dim": -1}, [n(yi), n(ints([5]))], lambda a, b: torch.trapezoid(a, b))
    yield case("trapezoid_dx", {"dx": 1.0, "dim": 1}, [g(sample([3, 0], dt))], lambda t: torch.trapezoid(t, dim=1))
    yield case("trapezoid_dx", {"dx": 1.0, "dim": 2}, [g(y)], lambda t: torch.trapezoid(t, dim=2), message=False)
    yield case("trapezoid_dx", {"dx": 1.0, "dim": -1}, [g(sample([], dt))], lambda t: torch.trapezoid(t),
               message=False)
    yield case("trapezoid_dx", {"dx": 1.0, "dim": -1}, [n(yi.bool())], lambda t: torch.trapezoid(t))
    yield case("trapezoid", {"dim": -1}, [g(y), g(sample([4], dt))], lambda a, b: torch.trapezoid(a, b))


def gradient_cases(dt):
    x = sample([4, 5], dt)
    x3 = sample([3, 4, 3], dt)
    coords = [torch.tensor([0.0, 0.5, 1.5, 3.0], dtype=dt), torch.tensor([-1.0, 0.0, 0.25, 1.0, 2.0], dtype=dt)]
    specs = [  # input, spacing kind, spacing, dims, edge order
        (x, "scalar", [1.0], None, 1), (x, "scalar", [1.0], None, 2), (x, "scalar", [0.5], None, 1),
        (x, "scalar", [2.0], [1], 2), (x, "list", [0.5, 2.0], None, 1), (x, "list", [0.5, 2.0], None, 2),
        (x, "list", [3.0], [0], 1), (x3, "scalar", [1.0], [0, 2], 2), (x3, "scalar", [1.0], [-1], 1),
        (x, "coords", coords, None, 1), (x, "coords", coords, None, 2), (x, "coords", coords[1:], [1], 2),
        (x, "coords", coords[:1], [-2], 1), (sample([5], dt), "scalar", [1.0], None, 1),
        (ints([4, 3]), "scalar", [1.0], None, 1), (ints([4, 3]), "scalar", [2.0], None, 2),
        (x, "coords", [torch.tensor([0, 1, 3, 4]), torch.tensor([0, 2, 3, 5, 6])], None, 2),
    ]
    for src, kind, sp, dims, eo in specs:
        for part in range(len(dims) if dims is not None else src.dim()):
            a = {"part": part, "kind": kind, "dims": dims, "edge_order": eo}
            ins = [g(src)]
            if kind == "coords":
                ins += [n(c) for c in sp]
            else:
                a["spacing"] = sp
            yield case("gradient", a, ins, (lambda kind, sp, dims, eo, part: lambda t, *cs: torch.gradient(
                t, spacing=(list(cs) if kind == "coords" else (sp[0] if kind == "scalar" else sp)), dim=dims,
                edge_order=eo)[part])(kind, sp, dims, eo, part))
    for src, kind, sp, dims, eo in ((sample([1, 4], dt), "scalar", [1.0], None, 1), (sample([2, 4], dt), "scalar",
                                                                                     [1.0], None, 2),
                                    (x, "scalar", [1.0], None, 3), (x, "list", [1.0, 2.0, 3.0], None, 1),
                                    (x, "scalar", [1.0], [0, 0], 1), (x, "list", [1.0, 2.0], [0], 1)):
        a = {"part": 0, "kind": kind, "dims": dims, "edge_order": eo, "spacing": sp}
        yield case("gradient", a, [g(src)], (lambda kind, sp, dims, eo: lambda t: torch.gradient(
            t, spacing=(sp[0] if kind == "scalar" else sp), dim=dims, edge_order=eo)[0])(kind, sp, dims, eo))


def cov_cases(dt):
    x = sample([3, 6], dt)
    fw = torch.tensor([1, 2, 0, 3, 1, 1])
    aw = sample([6], dt, 0.1, 2.0)
    for src, corr, f, a in ((x, 1, None, None), (x, 0, None, None), (x, 2, None, None), (x, 1, fw, None),
                            (x, 1, None, aw), (x, 1, fw, aw), (x, 0, fw, aw), (x, 3, fw, aw), (sample([6], dt), 1, None,
                                                                                              None),
                            (sample([6], dt), 1, None, aw), (sample([1, 6], dt), 1, None, None), (x, 6, None, None),
                            (ints([2, 6]), 1, None, None), (ints([2, 6]), 1, fw, None)):
        ins = [g(src), n(f) if f is not None else (None, False), g(a) if a is not None else (None, False)]
        yield case("cov", {"correction": corr}, ins,
                   (lambda c: lambda t, f, a: torch.cov(t, correction=c, fweights=f, aweights=a))(corr))
    for f, a, src in ((sample([6], dt), None, x), (torch.tensor([1, -1, 1, 1, 1, 1]), None, x),
                      (torch.tensor([1, 1, 1]), None, x), (None, ints([6], 0, 3), x), (None, -aw, x),
                      (None, None, sample([2, 2, 2], dt)), (None, None, ints([2, 3], 0, 2).bool()),
                      (torch.ones(2, 3, dtype=torch.int64), None, x), (torch.zeros(6, dtype=torch.int64), None, x)):
        ins = [g(src), n(f) if f is not None else (None, False), n(a) if a is not None else (None, False)]
        yield case("cov", {"correction": 1}, ins, lambda t, f, a: torch.cov(t, fweights=f, aweights=a))
    for src in (x, sample([6], dt), sample([4, 3], dt), ints([2, 5]), sample([2, 2, 2], dt),
                torch.tensor([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]], dtype=dt)):
        yield case("corrcoef", {}, [g(src)], torch.corrcoef)


def product_cases(dt):
    a = sample([3, 4], dt)
    for o in (sample([4], dt), sample([2, 4], dt), sample([2, 5, 4], dt), sample([], dt), sample([3], dt)):
        yield case("inner", {}, [g(a), g(o)], torch.inner)
    yield case("inner", {}, [g(sample([4], dt)), g(sample([4], dt))], torch.inner)
    yield case("inner", {}, [n(ints([3])), n(ints([2, 3]))], torch.inner)
    yield case("inner", {}, [g(sample([4], dt)), n(ints([4]))], torch.inner, message=False)
    v = sample([4], dt)
    w = sample([3], dt)
    yield case("ger", {}, [g(w), g(v)], torch.ger)
    yield case("ger", {}, [n(ints([3])), n(ints([2]))], torch.ger)
    yield case("vdot", {}, [g(v), g(sample([4], dt))], torch.vdot)
    yield case("vdot", {}, [n(ints([5])), n(ints([5]))], torch.vdot)
    yield case("vdot", {}, [g(v), g(w)], torch.vdot)
    yield case("vdot", {}, [g(a), g(a)], torch.vdot)
    yield case("vdot", {}, [g(v), n(ints([4]))], torch.vdot)
    nan = sample([3, 4], dt)
    nan[0, 0] = float("nan")
    for self_, beta, alpha in ((sample([3, 4], dt), 1.0, 1.0), (sample([3, 4], dt), 0.5, -2.0), (nan, 0.0, 1.5),
                               (sample([4], dt), 2.0, 1.0), (sample([3, 1], dt), 1.0, 0.0), (sample([], dt), -1.0, 3.0)):
        yield case("addr", {"beta": beta, "alpha": alpha}, [g(self_), g(w), g(v)],
                   (lambda b, al: lambda s, x, y: torch.addr(s, x, y, beta=b, alpha=al))(beta, alpha))
    yield case("addr", {"beta": 2.0, "alpha": 3.0}, [n(ints([3, 4])), n(ints([3])), n(ints([4]))],
               lambda s, x, y: torch.addr(s, x, y, beta=2, alpha=3))
    yield case("addr", {"beta": 1.0, "alpha": 1.0}, [n(ints([3, 4], 0, 2).bool()), n(ints([3], 0, 2).bool()),
                                                      n(ints([4], 0, 2).bool())], lambda s, x, y: torch.addr(s, x, y))
    yield case("addr", {"beta": 1.0, "alpha": 1.0}, [g(sample([3, 4], dt)), g(v), g(v)], torch.addr)
    yield case("addr", {"beta": 1.0, "alpha": 1.0}, [g(sample([3, 4], dt)), g(a), g(v)], torch.addr)
    yield case("addr", {"beta": 1.0, "alpha": 1.5}, [n(ints([3, 4])), n(ints([3])), n(ints([4]))],
               lambda s, x, y: torch.addr(s, x, y, alpha=1.5))
    b1 = sample([2, 3, 5], dt)
    b2 = sample([2, 5, 4], dt)
    for self_, beta, alpha in ((sample([3, 4], dt), 1.0, 1.0), (sample([3, 4], dt), 0.5, 2.0), (nan, 0.0, -1.0),
                               (sample([4], dt), 1.0, 1.0)):
        yield case("addbmm", {"beta": beta, "alpha": alpha}, [g(self_), g(b1), g(b2)],
                   (lambda b, al: lambda s, x, y: torch.addbmm(s, x, y, beta=b, alpha=al))(beta, alpha))
    yield case("addbmm", {"beta": 0.5, "alpha": 1.0}, [g(sample([3, 4], dt)), g(sample([0, 3, 5], dt)),
                                                        g(sample([0, 5, 4], dt))],
               lambda s, x, y: torch.addbmm(s, x, y, beta=0.5))
    yield case("addbmm", {"beta": 2.0, "alpha": 3.0}, [n(ints([3, 4])), n(ints([2, 3, 5])), n(ints([2, 5, 4]))],
               lambda s, x, y: torch.addbmm(s, x, y, beta=2, alpha=3))
    yield case("addbmm", {"beta": 0.0, "alpha": 1.0}, [n(ints([3, 4])), n(ints([2, 3, 5])), n(ints([2, 5, 4]))],
               lambda s, x, y: torch.addbmm(s, x, y, beta=0))
    other = torch.float64 if dt == torch.float32 else torch.float32
    yield case("addbmm", {"beta": 1.0, "alpha": 1.0}, [g(sample([3, 4], dt)), g(sample([2, 3, 5], other)),
                                                        g(sample([2, 5, 4], other))], torch.addbmm, message=False)
    yield case("addbmm", {"beta": 1.0, "alpha": 1.0}, [g(sample([3, 4], dt)), g(b1), g(sample([3, 5, 4], dt))],
               torch.addbmm)
    yield case("addbmm", {"beta": 1.0, "alpha": 1.0}, [g(sample([3, 4], dt)), g(sample([3, 5], dt)),
                                                        g(sample([5, 4], dt))], torch.addbmm, message=False)


def distance_cases(dt):
    a = sample([3, 4], dt)
    for b, p in ((sample([3, 4], dt), 2.0), (sample([4], dt), 1.0), (sample([3, 4], dt), 0.0), (sample([3, 1], dt), INF),
                 (sample([3, 4], dt), -INF), (sample([3, 4], dt), 3.0), (sample([3, 4], dt), 0.5), (a, 2.0),
                 (sample([3], dt), 2.0)):
        yield case("dist", {"p": p}, [g(a), g(b)], (lambda p: lambda x, y: torch.dist(x, y, p))(p))
    yield case("dist", {"p": 2.0}, [n(ints([3])), n(ints([3]))], lambda x, y: torch.dist(x, y))
    x1 = sample([4, 3], dt)
    x2 = sample([5, 3], dt)
    x2[1] = x1[2]   # a zero distance
    ties = torch.tensor([[0.0, 1.0, -1.0], [2.0, 2.0, 0.0]], dtype=dt)
    tie2 = torch.tensor([[1.0, 0.0, 0.0], [2.0, 2.0, 0.0], [0.0, 3.0, 2.0]], dtype=dt)
    for p in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, INF):
        yield case("cdist", {"p": p, "mode": None}, [g(x1), g(x2)], (lambda p: lambda x, y: torch.cdist(x, y, p))(p))
        yield case("cdist", {"p": p, "mode": None}, [g(sample([2, 3, 4], dt)), g(sample([1, 2, 4], dt))],
                   (lambda p: lambda x, y: torch.cdist(x, y, p))(p))
        yield case("cdist", {"p": p, "mode": None}, [g(ties), g(tie2)], (lambda p: lambda x, y: torch.cdist(x, y, p))(p))
        yield case("pdist", {"p": p}, [g(torch.cat([x1, x1[:1]]))], (lambda p: lambda x: torch.pdist(x, p))(p))
        yield case("pdist", {"p": p}, [g(torch.cat([ties, tie2]))], (lambda p: lambda x: torch.pdist(x, p))(p))
    for mode in ("use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist", "use_mm_for_euclid_dist_if_necessary"):
        # no zero distance here: through the matmul it is rounding noise, and so is its gradient
        yield case("cdist", {"p": 2.0, "mode": mode}, [g(sample([4, 3], dt)), g(sample([5, 3], dt))],
                   (lambda m: lambda x, y: torch.cdist(x, y, compute_mode=m))(mode))
        yield case("cdist", {"p": 2.0, "mode": mode}, [g(sample([30, 3], dt)), g(sample([2, 3], dt))],
                   (lambda m: lambda x, y: torch.cdist(x, y, compute_mode=m))(mode))
    yield case("cdist", {"p": 1.0, "mode": None}, [g(sample([27, 2], dt)), g(sample([3, 2], dt))],
               lambda x, y: torch.cdist(x, y, 1.0))
    yield case("cdist", {"p": 2.0, "mode": None}, [g(sample([0, 3], dt)), g(x2)], lambda x, y: torch.cdist(x, y))
    yield case("cdist", {"p": 2.0, "mode": None}, [g(sample([2, 3, 3], dt)), g(x2)], lambda x, y: torch.cdist(x, y))
    for e1, e2, p in (([4], [4, 4], 2.0), ([4, 3], [2, 4], 2.0), ([2, 3], [2, 3], -1.0), ([2, 3, 4], [3, 5, 4], 2.0)):
        yield case("cdist", {"p": p, "mode": None}, [g(sample(e1, dt)), g(sample(e2, dt))],
                   (lambda p: lambda x, y: torch.cdist(x, y, p))(p), message=False)
    yield case("cdist", {"p": 2.0, "mode": None}, [n(ints([2, 2])), n(ints([2, 2]))], lambda x, y: torch.cdist(x, y))
    for s, p in (([1, 3], 2.0), ([0, 3], 2.0), ([4], 2.0), ([3, 2], -1.0), ([3, 0], 2.0)):
        # 1.13's backward of an empty pdist crashes the process: those run without gradients
        t = sample(s, dt)
        yield case("pdist", {"p": p}, [g(t) if t.numel() > 0 and len(s) == 2 and s[0] > 1 else n(t)],
                   (lambda p: lambda x: torch.pdist(x, p))(p))
    yield case("pdist", {"p": 2.0}, [n(ints([3, 2]))], lambda x: torch.pdist(x))


def renorm_cases(dt):
    x = sample([3, 4], dt)
    x3 = sample([2, 3, 4], dt)
    for src, p, dim, mx in ((x, 2.0, 0, 1.0), (x, 1.0, 1, 2.0), (x, 3.0, -1, 0.5), (x, INF, 0, 1.0), (x3, 2.0, 1, 2.0),
                            (x, 2.0, 0, 100.0), (x, 2.0, 0, 0.0), (x, 0.5, 0, 3.0), (x3, 1.5, 2, 2.5)):
        yield case("renorm", {"p": p, "dim": dim, "maxnorm": mx}, [g(src)],
                   (lambda p, d, m: lambda t: torch.renorm(t, p, d, m))(p, dim, mx))
        yield case("renorm_", {"p": p, "dim": dim, "maxnorm": mx}, [g(src)],
                   (lambda p, d, m: lambda t: (t * 1).renorm_(p, d, m))(p, dim, mx))
    for src, p, dim, mx, msg in ((x, 0.0, 0, 1.0, True), (x, -1.0, 0, 1.0, True), (x, 2.0, 0, -1.0, True),
                                 (sample([4], dt), 2.0, 0, 1.0, True), (x, 2.0, 2, 1.0, False),
                                 (ints([2, 3]), 2.0, 0, 1.0, True)):
        yield case("renorm", {"p": p, "dim": dim, "maxnorm": mx}, [g(src)],
                   (lambda p, d, m: lambda t: torch.renorm(t, p, d, m))(p, dim, mx), message=msg)


GENERATORS = [shape_cases, unique_cases, histogram_cases, trapezoid_cases, gradient_cases, cov_cases, product_cases,
              distance_cases, renorm_cases]


def main():
    cases = []
    for dtype, dt in golden.DTYPES.items():
        for gen in GENERATORS:
            for c in gen(dt):
                c["dtype"] = dtype
                cases.append(c)
    for c in int_shape_cases():
        c["dtype"] = "int64"
        cases.append(c)
    doc = {"torch": torch.__version__, "note": "backward of (out * w).sum()", "cases": cases,
           "broadcast_shapes": broadcast_shapes_cases()}
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(json.dumps(doc, separators=(",", ":")).encode())
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
