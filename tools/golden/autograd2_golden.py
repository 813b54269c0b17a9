"""Golden values for torch.autograd.functional (PyTorch 1.13): jacobian, hessian, vjp, jvp (double-backward trick),
vhp and hvp of elementwise functions (mul, add, exp, sum: no BLAS) with one tensor and with tuples of inputs and
outputs, create_graph, and strict's errors; and torch.rand drawn in the Dataset of a DataLoader with
num_workers=2 (each worker seeded base_seed + worker_id). AutogradFunctionalConformance replays them. Values as
float.hex strings. Run with the reference BLAS:

    /usr/bin/python3 tools/golden/autograd2_golden.py   (writes core/src/test/resources/golden/autograd2.json.gz)
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
import torch.autograd.functional as AF  # noqa: E402

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   "core", "src", "test", "resources", "golden", "autograd2.json.gz")
NAMES = {torch.float32: "float32", torch.float64: "float64"}


def enc(t):
    return {"shape": list(t.shape), "data": [float(v).hex() for v in t.detach().reshape(-1).tolist()],
            "requires_grad": bool(t.requires_grad)}


def encs(ts):
    if isinstance(ts, torch.Tensor):
        return [enc(ts)]
    return [encs(t) if isinstance(t, tuple) else enc(t) for t in ts]


# The functions, named so that the Java test builds the same ones.
def f_rows(x):                  # R^{2,3} -> R^{2}
    return (x * x * x + x.exp()).sum(dim=1)


def f_pair(x, y):               # (R^{2,3}, R^{3}) -> (R^{2,3}, R^{})
    return x * y + x, (x * x).sum() + (y.exp() * y).sum()


def f_const(x, y):              # output 1 independent of y, output 0 of x
    return y * 2.0, x.exp().sum()


def g_scalar(x):                # R^{2,3} -> R
    return (x * x * x + x.exp() * x).sum()


def g_pair(x, y):               # (R^{2,3}, R^{3}) -> R
    return (x * x * y).sum() + (x.exp() * y).sum() + (y * y * y).sum()


FUNCS = {"f_rows": f_rows, "f_pair": f_pair, "g_scalar": g_scalar, "g_pair": g_pair}

cases = []
for dtype in (torch.float32, torch.float64):
    g = torch.Generator().manual_seed(20261203)
    x = torch.randn(2, 3, generator=g, dtype=torch.float64).to(dtype)
    y = torch.randn(3, generator=g, dtype=torch.float64).to(dtype)
    vx = torch.randn(2, 3, generator=g, dtype=torch.float64).to(dtype)
    vy = torch.randn(3, generator=g, dtype=torch.float64).to(dtype)
    vr = torch.randn(2, generator=g, dtype=torch.float64).to(dtype)
    vs = torch.randn((), generator=g, dtype=torch.float64).to(dtype)
    c = {"dtype": NAMES[dtype], "x": enc(x), "y": enc(y), "vx": enc(vx), "vy": enc(vy), "vr": enc(vr), "vs": enc(vs)}
    c["jacobian_rows"] = encs(AF.jacobian(f_rows, x))
    c["jacobian_pair"] = encs(AF.jacobian(f_pair, (x, y)))
    c["vjp_rows"] = encs(AF.vjp(f_rows, x, vr))
    c["vjp_pair"] = encs(AF.vjp(f_pair, (x, y), (vx, vs)))
    c["jvp_rows"] = encs(AF.jvp(f_rows, x, vx))
    c["jvp_pair"] = encs(AF.jvp(f_pair, (x, y), (vx, vy)))
    c["hessian_scalar"] = encs(AF.hessian(g_scalar, x))
    c["hessian_pair"] = encs(AF.hessian(g_pair, (x, y)))
    c["vhp_scalar"] = encs(AF.vhp(g_scalar, x, vx))
    c["vhp_pair"] = encs(AF.vhp(g_pair, (x, y), (vx, vy)))
    c["hvp_scalar"] = encs(AF.hvp(g_scalar, x, vx))
    c["hvp_pair"] = encs(AF.hvp(g_pair, (x, y), (vx, vy)))
    # create_graph: the results carry a graph; differentiate their sum once more.
    xr = x.clone().requires_grad_(True)
    jac = AF.jacobian(f_rows, xr, create_graph=True)
    c["jacobian_rows_cg"] = encs(jac)
    c["jacobian_rows_cg_grad"] = encs(torch.autograd.grad(jac.sum(), xr))
    xr = x.clone().requires_grad_(True)
    out, prod = AF.vjp(g_scalar, xr, None, create_graph=True)
    c["vjp_scalar_cg"] = encs((out, prod))
    c["vjp_scalar_cg_grad"] = encs(torch.autograd.grad((prod * vx).sum(), xr))
    cases.append(c)

errors = {}
x = torch.ones(2, 3, dtype=torch.float64)
y = torch.ones(3, dtype=torch.float64)
for key, f in {
    "jacobian_strict": lambda: AF.jacobian(f_const, (x, y), strict=True),
    "vjp_strict": lambda: AF.vjp(lambda a, b: a * 2.0 + b.detach(), (x, y), (x,), strict=True),
    "vjp_strict_output": lambda: AF.vjp(lambda a: a.detach() * 2.0, x, x, strict=True),
    "jvp_strict": lambda: AF.jvp(lambda a, b: a * 2.0, (x, y), (x, y), strict=True),
    "hessian_strict_linear": lambda: AF.hessian(lambda a: (a * 2.0).sum(), x, strict=True),
    "vjp_v_size": lambda: AF.vjp(f_rows, x, y),
    "vjp_v_size_tuple": lambda: AF.vjp(f_pair, (x, y), (x, y)),
    "vjp_v_length": lambda: AF.vjp(f_pair, (x, y), (x,)),
    "vjp_v_none": lambda: AF.vjp(f_rows, x),
    "jvp_v_none": lambda: AF.jvp(f_rows, x),
    "hessian_not_scalar": lambda: AF.hessian(f_rows, x),
    "hvp_not_scalar": lambda: AF.hvp(f_rows, x, x),
}.items():
    try:
        f()
        errors[key] = None
    except RuntimeError as e:
        errors[key] = str(e)

# Per-worker generators: each worker's default generator is seeded base_seed + worker_id, base_seed being one
# int64 the epoch draws from the loader's generator (here the default one after manual_seed).


class RandDataset(torch.utils.data.Dataset):
    def __len__(self):
        return 6

    def __getitem__(self, i):
        return torch.rand(3, dtype=torch.float64) + i * 0.0


workers = []
for seed in (0, 77):
    torch.manual_seed(seed)
    loader = torch.utils.data.DataLoader(RandDataset(), batch_size=2, num_workers=2)
    batches = [enc(b) for b in loader]
    after = enc(torch.rand(2, dtype=torch.float64))
    workers.append({"seed": seed, "batches": batches, "main_after": after})

with gzip.open(OUT, "wt") as f:
    json.dump({"torch": torch.__version__, "cases": cases, "errors": errors, "workers": workers}, f, indent=0)
print("wrote", OUT)
