"""Golden values for PyTorch 1.13's softmax and log_softmax over a dim that is not the last, and logsumexp.

Over a non-last dim PyTorch's CPU kernels (_vec_softmax, _vec_logsoftmax and their backwards) walk the inner
dim in vectors of 8 float / 4 double columns, each column's sum running down the softmax dim in the tensor's
dtype; the last inner % 8 (% 4) columns take the scalar path with glibc's exp. logsumexp is amax, exp,
at::sum and log with the maxima's infinities zeroed. The script records inputs and outputs as float.hex strings
for Softmax2Conformance, which wants the bits on the CPU (the glibc-exp columns within a few ulps, see there).
Run with the reference BLAS and one thread:

    /usr/bin/python3 tools/golden/softmax2_golden.py   (writes core/src/test/resources/golden/softmax2.json.gz)
"""
import gzip
import json
import os
import sys

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   "core", "src", "test", "resources", "golden", "softmax2.json.gz")
NAMES = {torch.float32: "float32", torch.float64: "float64"}


def hexes(t):
    return [float(v).hex() if v == v and abs(v) != float("inf") else ("nan" if v != v else ("inf" if v > 0 else "-inf"))
            for v in t.detach().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "data": hexes(t)}


g = torch.Generator().manual_seed(20261203)
softmax, logsumexp, modules, losses = [], [], [], []
for dtype in (torch.float64, torch.float32):
    # non-last dims: vector columns only, scalar tails only, both, one row, long columns
    for shape, dim in [((2, 5, 3, 7), 1), ((6, 20), 0), ((3, 7, 16), 1), ((2, 9, 12), 1), ((40, 3), 0),
                       ((4, 3, 5), 0), ((2, 3, 4, 5), 2), ((1, 33, 8), 1), ((3, 1, 10), 1), ((2, 300, 9), 1)]:
        x = (torch.randn(shape, generator=g, dtype=torch.float64) * 4).to(dtype).requires_grad_()
        up = torch.randn(shape, generator=g, dtype=torch.float64).to(dtype)
        for name, fn in [("softmax", torch.softmax), ("log_softmax", torch.log_softmax)]:
            y = fn(x, dim)
            gx, = torch.autograd.grad(y, x, up)
            softmax.append({"op": name, "dtype": NAMES[dtype], "dim": dim, "x": enc(x), "up": enc(up), "y": enc(y),
                            "gx": enc(gx)})
    # infinities and a NaN down a column
    x = (torch.randn(3, 4, 9, generator=g, dtype=torch.float64) * 3).to(dtype)
    x[0, :, 0] = float("-inf")
    x[1, 2, 1] = float("inf")
    x[2, 1, 2] = float("nan")
    x[1, :, 8] = float("-inf")
    for name, fn in [("softmax", torch.softmax), ("log_softmax", torch.log_softmax)]:
        softmax.append({"op": name, "dtype": NAMES[dtype], "dim": 1, "x": enc(x), "y": enc(fn(x, 1))})

    for shape, dims, keepdim in [((5, 7), [1], False), ((5, 7), [0], True), ((3, 4, 5), [0, 2], False),
                                 ((3, 4, 5), [1, 2], True), ((64, 100), [1], False), ((4, 33), [-1], False),
                                 ((2, 3, 40), [0, 1, 2], False), ((300,), [0], False), ((7, 50, 3), [1], False)]:
        x = (torch.randn(shape, generator=g, dtype=torch.float64) * 5).to(dtype).requires_grad_()
        y = torch.logsumexp(x, dims, keepdim)
        up = torch.randn(y.shape, generator=g, dtype=torch.float64).to(dtype)
        gx, = torch.autograd.grad(y, x, up)
        logsumexp.append({"dtype": NAMES[dtype], "dims": dims, "keepdim": keepdim, "x": enc(x), "y": enc(y),
                          "up": enc(up), "gx": enc(gx)})
    x = (torch.randn(4, 6, generator=g, dtype=torch.float64) * 5).to(dtype)
    x[0, :] = float("-inf")
    x[1, 3] = float("inf")
    x[2, 0] = float("-inf")
    x[3, 5] = float("nan")
    logsumexp.append({"dtype": NAMES[dtype], "dims": [1], "keepdim": False, "x": enc(x),
                      "y": enc(torch.logsumexp(x, [1]))})

    # the modules and the dtype argument over non-last dims
    x = (torch.randn(2, 3, 5, 6, generator=g, dtype=torch.float64) * 3).to(dtype).requires_grad_()
    up = torch.randn(x.shape, generator=g, dtype=torch.float64).to(dtype)
    for name, fn in [("Softmax2d", nn.Softmax2d()), ("Softmin1", nn.Softmin(1)), ("LogSoftmax1", nn.LogSoftmax(1)),
                     ("Softmax0", nn.Softmax(0)), ("softmax_float64", lambda t: torch.softmax(t, 2, dtype=torch.float64))]:
        y = fn(x)
        gx, = torch.autograd.grad(y, x, up.to(y.dtype))
        modules.append({"module": name, "dtype": NAMES[dtype], "x": enc(x), "up": enc(up), "y": enc(y), "gx": enc(gx)})

    # cross_entropy with the class dim 1 of [N, C, d1, d2]
    for shape in [(4, 5, 3, 7), (2, 10, 16), (3, 4, 2, 2, 3)]:
        x = (torch.randn(shape, generator=g, dtype=torch.float64) * 3).to(dtype).requires_grad_()
        target = torch.randint(0, shape[1], (shape[0],) + shape[2:], generator=g)
        for reduction in ("mean", "sum"):
            loss = F.cross_entropy(x, target, reduction=reduction)
            gx, = torch.autograd.grad(loss, x)
            losses.append({"dtype": NAMES[dtype], "reduction": reduction, "x": enc(x), "target": enc(target),
                           "loss": hexes(loss)[0], "gx": enc(gx)})

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with gzip.open(OUT, "wt") as f:
    json.dump({"torch": torch.__version__, "softmax": softmax, "logsumexp": logsumexp, "modules": modules,
               "cross_entropy": losses}, f)
print("wrote", OUT, len(softmax), "softmax,", len(logsumexp), "logsumexp,", len(modules), "modules,", len(losses),
      "cross_entropy")
