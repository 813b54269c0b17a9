#!/usr/bin/python3
"""Golden cases for the second part of org.grad4j.Linalg from PyTorch 1.13 (CPU, Debian's reference BLAS/LAPACK):
LU (lu_factor, lu_factor_ex, lu, lu_unpack, lu_solve), triangular solves (solve_triangular, triangular_solve),
cholesky_solve, cholesky_inverse, the _ex variants, matrix_exp, householder_product, geqrf, tensorinv, tensorsolve,
cond and diagonal.

    /usr/bin/python3 tools/golden/linalg2_golden.py

Writes core/src/test/resources/golden/linalg2.json.gz, read by Linalg2Conformance, in linalg.json's format (see
linalg_golden.py: op, args, inputs, out or error, w, grads, grad_fn, backward_error). Ops with several outputs pick
one with args["part"]. Integer inputs (LU pivots) are int32, as PyTorch makes them.
"""
import gzip
import os
import shutil
import sys
import warnings

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import tensor_ops_golden as golden  # noqa: E402
from linalg_golden import blas_check, case, spd, square  # noqa: E402
from tensor_ops_golden import ROOT, collect, sample, write  # noqa: E402

OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "linalg2.json")   # then gzipped
golden.use_rng(np.random.default_rng(20261204))
L = torch.linalg
INF = float("inf")
PARTS_LU = (("P", 0), ("L", 1), ("U", 2))


def lu_factor_cases(dt):
    for shape in ([3, 3], [2, 4, 4], [3, 5], [5, 3], [2, 3, 4], [2, 4, 2], [1, 1], [0, 0], [2, 0, 0], [0, 3], [3, 0]):
        x = square(shape, dt) if shape[-1] == shape[-2] else sample(shape, dt)
        for part, i in (("LU", 0), ("pivots", 1)):
            yield case("lu_factor", {"part": part}, [x], (lambda j: lambda a: L.lu_factor(a)[j])(i))
        for part, i in (("LU", 0), ("pivots", 1), ("info", 2)):
            yield case("lu_factor_ex", {"part": part, "check_errors": False}, [x],
                       (lambda j: lambda a: L.lu_factor_ex(a)[j])(i))
        for part, i in PARTS_LU:
            yield case("lu", {"part": part, "pivot": True}, [x], (lambda j: lambda a: L.lu(a)[j])(i))
    singular = torch.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.5, 0.25]], dtype=dt)
    batch = torch.stack([torch.eye(3, dtype=dt), torch.zeros(3, 3, dtype=dt)])
    for x in (singular, batch, torch.zeros(2, 2, dtype=dt)):
        yield case("lu_factor", {"part": "LU"}, [x], lambda a: L.lu_factor(a)[0])
        for check in (False, True):
            for part, i in (("LU", 0), ("pivots", 1), ("info", 2)):
                yield case("lu_factor_ex", {"part": part, "check_errors": check}, [x],
                           (lambda j, c: lambda a: L.lu_factor_ex(a, check_errors=c)[j])(i, check))
        for part, i in PARTS_LU:
            yield case("lu", {"part": part, "pivot": True}, [x], (lambda j: lambda a: L.lu(a)[j])(i))
    # ties in the pivot column: the first largest wins
    ties = torch.tensor([[1.0, 2.0, 0.5], [-1.0, 1.0, 2.0], [1.0, -3.0, 1.0]], dtype=dt)
    for part, i in PARTS_LU:
        yield case("lu", {"part": part, "pivot": True}, [ties], (lambda j: lambda a: L.lu(a)[j])(i))
    x = square([3, 3], dt)
    yield case("lu_factor", {"part": "LU", "pivot": False}, [x], lambda a: L.lu_factor(a, pivot=False)[0])
    yield case("lu", {"part": "L", "pivot": False}, [x], lambda a: L.lu(a, pivot=False)[1])
    yield case("lu_factor", {"part": "LU"}, [sample([3], dt)], lambda a: L.lu_factor(a)[0])
    yield case("lu", {"part": "L", "pivot": True}, [sample([3], dt)], lambda a: L.lu(a)[1])
    yield case("lu_factor", {"part": "LU"}, [torch.ones(3, 3, dtype=torch.int64)], lambda a: L.lu_factor(a)[0])
    yield case("lu", {"part": "L", "pivot": True}, [torch.ones(3, 3, dtype=torch.int64)], lambda a: L.lu(a)[1])


def lu_unpack_cases(dt):
    for shape in ([3, 3], [2, 4, 4], [3, 5], [5, 3], [2, 2, 3], [1, 1]):
        x = square(shape, dt) if shape[-1] == shape[-2] else sample(shape, dt)
        lu, piv = L.lu_factor(x)
        for part, i in PARTS_LU:
            for data, pivots in ((True, True), (True, False), (False, True)):
                if not data and part != "P":
                    continue   # 1.13's backward of the empty L and U corrupts its heap
                yield case("lu_unpack", {"part": part, "unpack_data": data, "unpack_pivots": pivots}, [lu, piv],
                           (lambda j, d, p: lambda a, q: torch.lu_unpack(a, q, d, p)[j])(i, data, pivots))
    lu, piv = L.lu_factor(square([3, 3], dt))
    yield case("lu_unpack", {"part": "L", "unpack_data": True, "unpack_pivots": True}, [lu, piv.long()],
               lambda a, q: torch.lu_unpack(a, q)[1])
    yield case("lu_unpack", {"part": "L", "unpack_data": True, "unpack_pivots": True}, [lu, piv[:2]],
               lambda a, q: torch.lu_unpack(a, q)[1])
    # out-of-range pivots corrupt 1.13's heap (no golden case; grad4j refuses them)


def lu_solve_cases(dt):
    for ashape, bshape in (([3, 3], [3, 2]), ([2, 4, 4], [2, 4, 3]), ([2, 3, 3], [3, 1]), ([3, 3], [2, 3, 2]),
                           ([1, 1], [1, 2]), ([2, 1, 3, 3], [4, 3, 2])):
        lu, piv = L.lu_factor(square(ashape, dt))
        for left in (True, False):
            for adjoint in (False, True):
                b = sample(bshape, dt) if left else sample(bshape[:-2] + [bshape[-1], bshape[-2]], dt)
                yield case("lu_solve", {"left": left, "adjoint": adjoint}, [lu, piv, b],
                           (lambda l_, a_: lambda f, p, y: L.lu_solve(f, p, y, left=l_, adjoint=a_))(left, adjoint))
    lu, piv = L.lu_factor(square([3, 3], dt))
    yield case("lu_solve", {"left": True, "adjoint": False}, [lu, piv, sample([3], dt)],
               lambda f, p, y: L.lu_solve(f, p, y))
    yield case("lu_solve", {"left": True, "adjoint": False}, [lu, piv, sample([4, 2], dt)],
               lambda f, p, y: L.lu_solve(f, p, y))
    yield case("lu_solve", {"left": False, "adjoint": False}, [lu, piv, sample([3, 2], dt)],
               lambda f, p, y: L.lu_solve(f, p, y, left=False))
    yield case("lu_solve", {"left": True, "adjoint": False}, [lu, piv.long(), sample([3, 2], dt)],
               lambda f, p, y: L.lu_solve(f, p, y))
    yield case("lu_solve", {"left": True, "adjoint": False}, [lu[:, :2], piv, sample([3, 2], dt)],
               lambda f, p, y: L.lu_solve(f, p, y))


def solve_triangular_cases(dt):
    for ashape, bshape in (([3, 3], [3, 2]), ([2, 4, 4], [2, 4, 3]), ([2, 3, 3], [3, 1]), ([3, 3], [2, 3, 2]),
                           ([1, 1], [1, 1]), ([0, 0], [0, 2])):
        a = square(ashape, dt)
        for upper in (True, False):
            for left in (True, False):
                for unit in (False, True):
                    b = sample(bshape, dt) if left else sample(bshape[:-2] + [bshape[-1], bshape[-2]], dt)
                    yield case("solve_triangular", {"upper": upper, "left": left, "unitriangular": unit}, [a, b],
                               (lambda u, l_, t: lambda x, y: L.solve_triangular(x, y, upper=u, left=l_,
                                                                                unitriangular=t))(upper, left, unit))
    a = square([3, 3], dt)
    yield case("solve_triangular", {"upper": True, "left": True, "unitriangular": False}, [a, sample([3], dt)],
               lambda x, y: L.solve_triangular(x, y, upper=True))
    yield case("solve_triangular", {"upper": True, "left": True, "unitriangular": False}, [a, sample([4, 2], dt)],
               lambda x, y: L.solve_triangular(x, y, upper=True))
    yield case("solve_triangular", {"upper": True, "left": True, "unitriangular": False}, [sample([3, 4], dt),
                                                                                        sample([3, 2], dt)],
               lambda x, y: L.solve_triangular(x, y, upper=True))
    yield case("solve_triangular", {"upper": False, "left": True, "unitriangular": False},
               [torch.tensor([[1.0, 0.0], [2.0, 0.0]], dtype=dt), sample([2, 1], dt)],
               lambda x, y: L.solve_triangular(x, y, upper=False))
    # triangular_solve(b, A): the old form, (solution, cloned_coefficient)
    for ashape, bshape in (([3, 3], [3, 2]), ([2, 4, 4], [2, 4, 3]), ([2, 3, 3], [3, 1]), ([3, 3], [2, 3, 2])):
        a = square(ashape, dt)
        for upper in (True, False):
            for transpose in (False, True):
                for unit in (False, True):
                    for part, i in (("solution", 0), ("cloned_coefficient", 1)):
                        yield case("triangular_solve", {"upper": upper, "transpose": transpose, "unitriangular": unit,
                                                        "part": part}, [sample(bshape, dt), a],
                                   (lambda u, t, n, j: lambda y, x: torch.triangular_solve(
                                       y, x, upper=u, transpose=t, unitriangular=n)[j])(upper, transpose, unit, i))
    yield case("triangular_solve", {"upper": True, "transpose": False, "unitriangular": False, "part": "solution"},
               [sample([3], dt), a], lambda y, x: torch.triangular_solve(y, x)[0])


def cholesky_solve_cases(dt):
    for ashape, bshape in (([3, 3], [3, 2]), ([2, 4, 4], [2, 4, 3]), ([2, 3, 3], [3, 1]), ([3, 3], [2, 3, 2]),
                           ([1, 1], [1, 2])):
        for upper in (False, True):
            f = L.cholesky(spd(ashape, dt), upper=upper)
            f = f + (0.3 * sample(ashape, dt)).triu(1) if not upper else f + (0.3 * sample(ashape, dt)).tril(-1)
            yield case("cholesky_solve", {"upper": upper}, [sample(bshape, dt), f],
                       (lambda u: lambda y, x: torch.cholesky_solve(y, x, upper=u))(upper))
            yield case("cholesky_inverse", {"upper": upper}, [f],
                       (lambda u: lambda x: torch.cholesky_inverse(x, upper=u))(upper))
    f = L.cholesky(spd([3, 3], dt))
    yield case("cholesky_solve", {"upper": False}, [sample([3], dt), f], lambda y, x: torch.cholesky_solve(y, x))
    yield case("cholesky_solve", {"upper": False}, [sample([4, 2], dt), f], lambda y, x: torch.cholesky_solve(y, x))
    yield case("cholesky_solve", {"upper": False}, [sample([3, 2], dt), sample([3, 4], dt)],
               lambda y, x: torch.cholesky_solve(y, x))
    yield case("cholesky_inverse", {"upper": False}, [sample([3, 4], dt)], lambda x: torch.cholesky_inverse(x))
    yield case("cholesky_inverse", {"upper": False}, [sample([3], dt)], lambda x: torch.cholesky_inverse(x))
    yield case("cholesky_inverse", {"upper": False}, [sample([2, 3, 3], dt).tril()], lambda x: torch.cholesky_inverse(x))


def ex_cases(dt):
    for x in (spd([3, 3], dt), spd([2, 4, 4], dt), -torch.eye(3, dtype=dt),
              torch.stack([torch.eye(3, dtype=dt), -torch.eye(3, dtype=dt)])):
        pd = bool((L.eigvalsh(x) > 0).all())
        for upper in (False, True):
            for check in (False, True):
                for part, i in (("L", 0), ("info", 1)):
                    if part == "L" and not pd and not check:
                        continue   # LAPACK leaves the failed factor unspecified
                    yield case("cholesky_ex", {"upper": upper, "check_errors": check, "part": part}, [x],
                               (lambda u, c, j: lambda a: L.cholesky_ex(a, upper=u, check_errors=c)[j])(upper, check, i))
    singular = torch.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.5, 0.25]], dtype=dt)
    batch = torch.stack([torch.eye(3, dtype=dt), torch.zeros(3, 3, dtype=dt)])
    for x in (square([3, 3], dt), square([2, 4, 4], dt), torch.zeros(3, 3, dtype=dt), batch):
        ok = bool((L.det(x) != 0).all())
        for check in (False, True):
            for part, i in (("inverse", 0), ("info", 1)):
                if part == "inverse" and not ok and not check:
                    continue
                yield case("inv_ex", {"check_errors": check, "part": part}, [x],
                           (lambda c, j: lambda a: L.inv_ex(a, check_errors=c)[j])(check, i))
    for a, b in ((square([3, 3], dt), sample([3, 2], dt)), (square([2, 3, 3], dt), sample([2, 3], dt)),
                 (square([3, 3], dt), sample([3], dt)), (singular, sample([3, 1], dt)), (batch, sample([2, 3, 2], dt))):
        ok = bool((L.det(a) != 0).all())
        for left in (True, False):
            if not left and b.dim() < 2 or not left and a.dim() == 3 and b.dim() == 2:
                continue
            bb = b if left else b.mT
            for check in (False, True):
                for part, i in (("result", 0), ("info", 1)):
                    if part == "result" and not ok and not check:
                        continue
                    yield case("solve_ex", {"left": left, "check_errors": check, "part": part}, [a, bb],
                               (lambda l_, c, j: lambda x, y: L.solve_ex(x, y, left=l_, check_errors=c)[j])(left, check, i))
    for a, b in ((square([3, 3], dt), sample([2, 3], dt)), (square([2, 3, 3], dt), sample([2, 4, 3], dt))):
        yield case("solve", {"left": False}, [a, b], lambda x, y: L.solve(x, y, left=False))


def matrix_exp_cases(dt):
    # norms spanning every degree of the Taylor selection, and scaling and squaring
    for scale in (0.0, 1e-9, 1e-5, 1e-3, 0.03, 0.2, 0.9, 2.0, 6.0, 40.0):
        x = sample([4, 4], torch.float64, -1, 1) * scale
        yield case("matrix_exp", {}, [x.to(dt)], L.matrix_exp)
    for shape in ([2, 3, 3], [1, 1], [0, 0], [2, 0, 0], [3, 2, 2], [6, 6]):
        yield case("matrix_exp", {}, [sample(shape, dt, -1, 1)], L.matrix_exp)
    yield case("matrix_exp", {}, [torch.stack([sample([3, 3], dt) * 0.01, sample([3, 3], dt) * 3])], L.matrix_exp)
    yield case("matrix_exp_tensor", {}, [sample([3, 3], dt, -1, 1)], torch.Tensor.matrix_exp)
    yield case("matrix_exp", {}, [sample([2, 3], dt)], L.matrix_exp)
    yield case("matrix_exp", {}, [sample([3], dt)], L.matrix_exp)
    yield case("matrix_exp", {}, [torch.ones(2, 2, dtype=torch.int64)], L.matrix_exp)


def householder_cases(dt):
    for ashape, k in (([4, 3], 3), ([4, 3], 2), ([3, 3], 3), ([5, 2], 1), ([2, 4, 3], 2), ([3, 3], 0), ([4, 4], 3)):
        a = sample(ashape, dt, -1, 1)
        tau = sample(ashape[:-2] + [k], dt, 0.2, 1.5)
        yield case("householder_product", {}, [a, tau], L.householder_product)
    for shape in ([4, 3], [3, 3], [3, 5], [2, 4, 3], [0, 3]):
        x = sample(shape, dt)
        for part, i in (("a", 0), ("tau", 1)):
            yield case("geqrf", {"part": part}, [x], (lambda j: lambda a: torch.geqrf(a)[j])(i))
    yield case("householder_product", {}, [sample([3, 4], dt), sample([3], dt)], L.householder_product)
    yield case("householder_product", {}, [sample([4, 3], dt), sample([4], dt)], L.householder_product)
    yield case("householder_product", {}, [sample([2, 4, 3], dt), sample([3, 2], dt)], L.householder_product)
    yield case("householder_product", {}, [sample([4], dt), sample([1], dt)], L.householder_product)


def tensor_cases(dt):
    for shape, ind in (([4, 6, 8, 3], 2), ([6, 2, 3], 1), ([2, 3, 6], 2), ([3, 3], 1)):
        n = int(np.prod(shape[:ind]))
        base = square([n, n], dt)
        x = base.reshape(shape)
        yield case("tensorinv", {"ind": ind}, [x], (lambda i: lambda a: L.tensorinv(a, ind=i))(ind))
    yield case("tensorinv", {"ind": 2}, [sample([4, 6, 8, 2], dt)], lambda a: L.tensorinv(a, ind=2))
    yield case("tensorinv", {"ind": 0}, [sample([2, 2], dt)], lambda a: L.tensorinv(a, ind=0))
    yield case("tensorinv", {"ind": 1}, [torch.zeros(2, 2, dtype=dt)], lambda a: L.tensorinv(a, ind=1))
    for ashape, bshape, dims in (([2, 3, 6], [2, 3], None), ([6, 2, 3], [6], None), ([2, 3, 2, 3], [2, 3], None),
                                 ([6, 2, 3], [2, 3], [0]), ([2, 6, 3], [6], [0, 2])):
        n = int(np.prod(bshape))
        a = square([n, n], dt).reshape(list(bshape) + [s for i, s in enumerate(ashape) if dims and i in dims]
                                       if dims else ashape)
        if dims:   # A's dims listed move to the end: place them back where dims says
            a = torch.movedim(a, list(range(a.dim() - len(dims), a.dim())), dims).contiguous()
        yield case("tensorsolve", {"dims": dims}, [a, sample(bshape, dt)],
                   (lambda d: lambda x, y: L.tensorsolve(x, y, dims=d))(dims))
    yield case("tensorsolve", {"dims": None}, [sample([2, 3, 4], dt), sample([2, 3], dt)], L.tensorsolve)
    yield case("tensorsolve", {"dims": None}, [sample([2, 3, 6], dt), sample([3, 2], dt)], L.tensorsolve)


def cond_cases(dt):
    for shape in ([3, 3], [2, 4, 4], [3, 5], [5, 3], [1, 1]):
        x = square(shape, dt) if shape[-1] == shape[-2] else sample(shape, dt)
        for p in (None, "fro", "nuc", INF, -INF, 1.0, -1.0, 2.0, -2.0):
            args = {"p": p if p is None or isinstance(p, str) else float(p).hex()}
            yield case("cond", args, [x], (lambda q: lambda a: L.cond(a, q))(p))
    singular = torch.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.5, 0.25]], dtype=dt)
    # an exactly singular matrix: its smallest singular value is rounding noise, so only the inverse's orders
    for p in ("fro", INF, 1.0):
        yield case("cond", {"p": p if isinstance(p, str) else float(p).hex()}, [singular],
                   (lambda q: lambda a: L.cond(a, q))(p))
    for x in (torch.zeros(3, 3, dtype=dt), torch.zeros(0, 0, dtype=dt), torch.zeros(2, 0, 0, dtype=dt)):
        for p in (None, "fro", "nuc", INF, 1.0, -2.0):
            args = {"p": p if p is None or isinstance(p, str) else float(p).hex()}
            yield case("cond", args, [x], (lambda q: lambda a: L.cond(a, q))(p))
    yield case("cond", {"p": float(3).hex()}, [square([3, 3], dt)], lambda a: L.cond(a, 3))
    yield case("cond", {"p": "foo"}, [square([3, 3], dt)], lambda a: L.cond(a, "foo"))
    yield case("cond", {"p": None}, [sample([3], dt)], L.cond)
    yield case("cond", {"p": None}, [torch.ones(3, 3, dtype=torch.int64)], L.cond)
    for offset, d1, d2 in ((0, -2, -1), (1, -2, -1), (-1, 0, 1), (0, 0, 2), (2, 1, 0)):
        yield case("diagonal", {"offset": offset, "dim1": d1, "dim2": d2}, [sample([3, 4, 4], dt)],
                   (lambda o, a_, b_: lambda a: L.diagonal(a, offset=o, dim1=a_, dim2=b_))(offset, d1, d2))


def dtype_cases(dt):
    """Integer inputs, mixed float dtypes and mismatched pivots: PyTorch's messages (or its promotion)."""
    i33 = torch.ones(3, 3, dtype=torch.int64)
    other = torch.float64 if dt == torch.float32 else torch.float32
    yield case("solve_triangular", {"upper": True, "left": True, "unitriangular": False}, [i33, i33],
               lambda x, y: L.solve_triangular(x, y, upper=True))
    if dt == torch.float64:   # float32 A: B's float64 gradient carries PyTorch's float32 rounding
        yield case("solve_triangular", {"upper": True, "left": True, "unitriangular": False},
                   [square([3, 3], dt), sample([3, 2], other)], lambda x, y: L.solve_triangular(x, y, upper=True))
    yield case("cholesky_solve", {"upper": False}, [i33, i33], torch.cholesky_solve)
    yield case("triangular_solve", {"upper": True, "transpose": False, "unitriangular": False, "part": "solution"},
               [i33, i33], lambda y, x: torch.triangular_solve(y, x)[0])
    yield case("cholesky_ex", {"upper": False, "check_errors": False, "part": "L"}, [i33], lambda a: L.cholesky_ex(a)[0])
    yield case("cholesky_ex", {"upper": False, "check_errors": False, "part": "L"}, [sample([2, 3], dt)],
               lambda a: L.cholesky_ex(a)[0])
    yield case("inv_ex", {"check_errors": False, "part": "inverse"}, [i33], lambda a: L.inv_ex(a)[0])
    yield case("inv_ex", {"check_errors": False, "part": "inverse"}, [sample([2, 3], dt)], lambda a: L.inv_ex(a)[0])
    yield case("solve_ex", {"left": True, "check_errors": False, "part": "result"}, [i33, torch.ones(3, dtype=torch.int64)],
               lambda x, y: L.solve_ex(x, y)[0])
    yield case("solve_ex", {"left": True, "check_errors": False, "part": "result"}, [sample([2, 3], dt), sample([2], dt)],
               lambda x, y: L.solve_ex(x, y)[0])
    yield case("householder_product", {}, [torch.ones(3, 2, dtype=torch.int64), torch.ones(2, dtype=torch.int64)],
               L.householder_product)
    yield case("tensorinv", {"ind": 1}, [torch.ones(2, 2, dtype=torch.int64)], lambda a: L.tensorinv(a, ind=1))
    yield case("cholesky_inverse", {"upper": False}, [i33], torch.cholesky_inverse)
    lu, piv = L.lu_factor(square([2, 3, 3], dt))
    yield case("lu_solve", {"left": True, "adjoint": False}, [lu, piv[0].expand(3, 3).contiguous(), sample([2, 3, 1], dt)],
               lambda f, p, y: L.lu_solve(f, p, y))
    for part, i in PARTS_LU:
        yield case("lu_unpack", {"part": part, "unpack_data": True, "unpack_pivots": True}, [lu, piv[0]],
                   (lambda j: lambda a, q: torch.lu_unpack(a, q)[j])(i))


def large_cases(dt):
    a = square([40, 40], dt)
    for part, i in PARTS_LU:
        yield case("lu", {"part": part, "pivot": True}, [a], (lambda j: lambda x: L.lu(x)[j])(i))
    lu, piv = L.lu_factor(a)
    yield case("lu_solve", {"left": True, "adjoint": False}, [lu, piv, sample([40, 3], dt)],
               lambda f, p, y: L.lu_solve(f, p, y))
    yield case("solve_triangular", {"upper": True, "left": True, "unitriangular": False}, [a, sample([40, 3], dt)],
               lambda x, y: L.solve_triangular(x, y, upper=True))
    yield case("cholesky_inverse", {"upper": False}, [L.cholesky(spd([40, 40], dt))], torch.cholesky_inverse)
    yield case("matrix_exp", {}, [sample([20, 20], dt, -0.3, 0.3)], L.matrix_exp)


GENERATORS = [lu_factor_cases, lu_unpack_cases, lu_solve_cases, solve_triangular_cases, cholesky_solve_cases, ex_cases,
              matrix_exp_cases, householder_cases, tensor_cases, cond_cases, dtype_cases, large_cases]


def main():
    blas_check()
    warnings.simplefilter("ignore")   # torch.triangular_solve and lu_unpack's forms are deprecated
    torch.set_num_threads(1)
    cases = collect(GENERATORS)
    write(OUT, cases)
    with open(OUT, "rb") as f, gzip.GzipFile(OUT + ".gz", "wb", compresslevel=9, mtime=0) as g:
        shutil.copyfileobj(f, g)
    os.remove(OUT)


if __name__ == "__main__":
    main()
