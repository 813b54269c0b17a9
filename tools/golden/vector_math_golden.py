"""Golden values for PyTorch 1.13's CPU vector math (SLEEF exp/log, AVX2 kernels), which grad4j reproduces to the bit.

PyTorch evaluates exp, log and tanh with SLEEF's 1-ulp functions on every element, sigmoid and silu as
1 / (1 + exp(-x)) in the tensor's dtype (tanh's, sigmoid's and silu's gradients too), and softmax / log_softmax over a contiguous last dim with its vectorised row kernels
(8 float or 4 double lanes, a fixed fold, FMA-fused backward). This script records inputs and outputs as
float.hex strings: elementwise ops on lengths that are multiples of 16 (sigmoid's and silu's last n % 16
elements take glibc's exp instead), rows of several lengths with forward and backward, and cross_entropy with
its gradient. VectorMathConformance replays them and wants the bits on the CPU. Run with the reference BLAS:

    /usr/bin/python3 tools/golden/vector_math_golden.py   (writes core/src/test/resources/golden/vector_math.json.gz)
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
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   "core", "src", "test", "resources", "golden", "vector_math.json.gz")
NAMES = {torch.float32: "float32", torch.float64: "float64"}


def hexes(t):
    return [float(v).hex() if v == v and abs(v) != float("inf") else ("nan" if v != v else ("inf" if v > 0 else "-inf"))
            for v in t.detach().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "data": hexes(t)}


g = torch.Generator().manual_seed(20261202)
elementwise, rows, losses = [], [], []
for dtype in (torch.float64, torch.float32):
    n = 256
    wide = (torch.rand(n, generator=g, dtype=torch.float64) * 40 - 20).to(dtype)
    big = (torch.rand(n, generator=g, dtype=torch.float64) * 1600 - 800).to(dtype)
    positive = torch.exp(torch.rand(n, generator=g, dtype=torch.float64) * 160 - 80).to(dtype)
    special = torch.tensor([0.0, -0.0, 1.0, -1.0, 1e-30, 0.5, 2.0, 88.7, 88.8, 100.5, -103.0, -104.5, 709.0, 709.9,
                            -745.0, -1001.0, float("inf"), float("-inf"), float("nan"), 1e-310, 1e-40, 0.75, 1.5,
                            float.fromhex("0x1.fffffep+127"), float.fromhex("0x1.0p-126"), float.fromhex("0x1.0p-1022"),
                            3.4e38, 1e300, 1e-300, 7.0], dtype=torch.float64).to(dtype)
    for name, fn, x in [("exp", torch.exp, wide), ("exp", torch.exp, big), ("exp", torch.exp, special),
                        ("log", torch.log, positive), ("log", torch.log, wide.abs()), ("log", torch.log, special),
                        ("sigmoid", torch.sigmoid, wide), ("silu", F.silu, wide), ("tanh", torch.tanh, wide),
                        ("tanh", torch.tanh, wide / 64), ("tanh", torch.tanh, special)]:
        case = {"op": name, "dtype": NAMES[dtype], "x": enc(x), "y": enc(fn(x))}
        if name in ("sigmoid", "tanh", "silu") and x is wide:   # the backward
            xg = x.clone().requires_grad_()
            up = torch.randn(x.shape, generator=g, dtype=torch.float64).to(dtype)
            case["up"] = enc(up)
            case["gx"] = enc(torch.autograd.grad(fn(xg), xg, up)[0])
        elementwise.append(case)
    for shape in [(5, 3), (7, 8), (6, 13), (4, 16), (4, 100), (2, 203), (2, 4, 10)]:
        x = (torch.randn(shape, generator=g, dtype=torch.float64) * 4).to(dtype).requires_grad_()
        up = torch.randn(shape, generator=g, dtype=torch.float64).to(dtype)
        for name, fn in [("softmax", torch.softmax), ("log_softmax", torch.log_softmax)]:
            y = fn(x, -1)
            gx, = torch.autograd.grad(y, x, up)
            rows.append({"op": name, "dtype": NAMES[dtype], "x": enc(x), "up": enc(up), "y": enc(y), "gx": enc(gx)})
    for n, c in [(32, 10), (7, 3), (3, 100)]:
        x = (torch.randn(n, c, generator=g, dtype=torch.float64) * 3).to(dtype).requires_grad_()
        target = torch.randint(0, c, (n,), generator=g)
        loss = F.cross_entropy(x, target)
        gx, = torch.autograd.grad(loss, x)
        losses.append({"dtype": NAMES[dtype], "x": enc(x), "target": target.tolist(), "loss": hexes(loss)[0],
                       "gx": enc(gx)})

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with gzip.open(OUT, "wt") as f:
    json.dump({"torch": torch.__version__, "elementwise": elementwise, "rows": rows, "cross_entropy": losses}, f)
print("wrote", OUT, len(elementwise), "elementwise,", len(rows), "rows,", len(losses), "losses")
