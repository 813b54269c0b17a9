#!/usr/bin/python3
"""Golden cases for torch.special beyond the op table's own (op_table_golden.py), from PyTorch 1.13.

    /usr/bin/python3 tools/golden/special_golden.py

Writes core/src/test/resources/golden/special.json, read by SpecialConformance: special points of every special op
(poles, signed zeros, infinities, NaN, tails, large arguments), the composites (polygamma, mvlgamma/multigammaln,
ndtr), the Python-number forms of zeta and xlog1py, integer inputs (promoted to the default dtype), the aliases
(expit, psi, gammaln, round, softmax, ...), and PyTorch's errors. Each case: inputs (float.hex), output and its
dtype, the gradient of (out * w).sum() for each input that requires grad, grad_fn's name, or the error's kind and
message. Elementwise only: no BLAS is involved.
"""
import json
import os

import numpy as np
import torch

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "special.json")
DTYPES = {"float32": torch.float32, "float64": torch.float64}
rng = np.random.default_rng(20261208)
INF = float("inf")
NAN = float("nan")


def hexs(t):
    return [float(v).hex() for v in t.detach().double().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": hexs(t)}


def case(fn, args, inputs, grad=None):
    """fn(*inputs, **args) with the inputs in `grad` requiring grad (all floating ones by default)."""
    grad = [x.is_floating_point() for x in inputs] if grad is None else grad
    leaves = [x.clone().requires_grad_(g) for x, g in zip(inputs, grad)]
    c = {"fn": fn, "args": args, "inputs": [enc(x) for x in leaves], "grad": grad}
    try:
        out = CALL[fn](leaves, args)
    except Exception as e:  # PyTorch's error: kind and first line
        c["error"] = {"kind": type(e).__name__, "message": str(e).split("\n")[0]}
        return c
    c["out"] = enc(out)
    if out.grad_fn is None:
        return c
    c["grad_fn"] = out.grad_fn.name()
    w = torch.tensor(rng.uniform(-1.5, 1.5, list(out.shape)), dtype=torch.float64).to(out.dtype)
    c["w"] = enc(w)
    try:
        (out * w).sum().backward()
        c["grads"] = [enc(x.grad) if g else None for x, g in zip(leaves, grad)]
    except Exception as e:
        c["backward_error"] = {"kind": type(e).__name__, "message": str(e).split("\n")[0]}
    return c


def unary(f):
    return lambda xs, a: f(xs[0])


CALL = {
    "erfinv": unary(torch.special.erfinv),
    "gammaln": unary(torch.special.gammaln),
    "lgamma": unary(torch.lgamma),
    "digamma": unary(torch.special.digamma),
    "psi": unary(torch.special.psi),
    "polygamma": lambda xs, a: torch.special.polygamma(a["n"], xs[0]),
    "multigammaln": lambda xs, a: torch.special.multigammaln(xs[0], a["p"]),
    "mvlgamma": lambda xs, a: torch.mvlgamma(xs[0], a["p"]),
    "i0": unary(torch.special.i0),
    "i0e": unary(torch.special.i0e),
    "i1": unary(torch.special.i1),
    "i1e": unary(torch.special.i1e),
    "ndtr": unary(torch.special.ndtr),
    "ndtri": unary(torch.special.ndtri),
    "log_ndtr": unary(torch.special.log_ndtr),
    "erfcx": unary(torch.special.erfcx),
    "entr": unary(torch.special.entr),
    "zeta": lambda xs, a: torch.special.zeta(xs[0], xs[1]),
    "zeta_scalar_x": lambda xs, a: torch.special.zeta(a["s"], xs[0]),
    "zeta_scalar_q": lambda xs, a: torch.special.zeta(xs[0], a["s"]),
    "xlog1py": lambda xs, a: torch.special.xlog1py(xs[0], xs[1]),
    "gammainc": lambda xs, a: torch.special.gammainc(xs[0], xs[1]),
    "gammaincc": lambda xs, a: torch.special.gammaincc(xs[0], xs[1]),
    "igamma": lambda xs, a: torch.igamma(xs[0], xs[1]),
    "igammac": lambda xs, a: torch.igammac(xs[0], xs[1]),
    "xlog1py_scalar_x": lambda xs, a: torch.special.xlog1py(a["s"], xs[0]),
    "xlog1py_scalar_y": lambda xs, a: torch.special.xlog1py(xs[0], a["s"]),
    "expit": unary(torch.special.expit),
    "logit": lambda xs, a: torch.special.logit(xs[0], a.get("eps")),
    "exp2": unary(torch.special.exp2),
    "expm1": unary(torch.special.expm1),
    "log1p": unary(torch.special.log1p),
    "round": unary(torch.special.round),
    "sinc": unary(torch.special.sinc),
    "erf": unary(torch.special.erf),
    "erfc": unary(torch.special.erfc),
    "xlogy": lambda xs, a: torch.special.xlogy(xs[0], xs[1]),
    "softmax": lambda xs, a: torch.special.softmax(xs[0], a["dim"]),
    "log_softmax": lambda xs, a: torch.special.log_softmax(xs[0], a["dim"]),
    "logsumexp": lambda xs, a: torch.special.logsumexp(xs[0], a["dims"], a["keepdim"]),
}

SPECIALS = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, -2.5, 1e-30, -1e-30, 1e-300, INF, -INF, NAN]
# per op: extra special points (tails, large arguments, near poles and near the domain's ends)
EXTRA = {
    "erfinv": [0.7, -0.7, 0.70000001, 0.9999999, -0.9999999, 1 - 2 ** -53, -(1 - 2 ** -53), 1e-10, 0.3, 1.5, -1.5],
    "gammaln": [-0.999, -1.001, -3.7, -10.5, -100.25, 3.0, 10.0, 23.0, 24.0, 0.999, 1.001, 1.9, 2.1, 1e5, 1e10, 1e300,
                -1e5 + 0.5, 1e-10, 2.5e305, 1e306, 1e307],
    "digamma": [-0.999, -1.001, -3.7, -10.5, -100.25, 3.0, 10.0, 9.0, 11.0, 1.4616321449683622, 1e5, 1e10, 1e17, 1e300,
                -1e5 + 0.5, 1e-10, 0.25],
    "i0": [8.0, -8.0, 7.99, 8.01, 30.0, -30.0, 100.0, 700.0, 709.0, 710.0, -710.0, 1e4, 0.1],
    "ndtri": [1e-300, 1e-20, 1e-14, 1.3e-14, 0.1, 0.135, 0.136, 0.3, 0.7, 0.864, 0.865, 0.9, 1 - 1e-16, 0.99999, 1.5],
    "log_ndtr": [-1.0, -1.0000001, -0.999, -5.0, -10.0, -38.0, -40.0, -1e3, -1e10, 3.0, 10.0, 40.0],
    "erfcx": [1.49, 1.5, 1.51, 5.0, 26.0, 26.6, 26.8, 30.0, 50.0, 1e5, 1e8, 1.1e8, 1e300, -5.0, -26.0, -26.6, -26.8,
              -30.0],
    "entr": [1e-300, 5e-324, 0.3, 3.0, 1e300],
    "ndtr": [-10.0, -40.0, 10.0, 40.0, -1e3, 0.3],
}
EXTRA["lgamma"] = EXTRA["gammaln"]
EXTRA["psi"] = EXTRA["digamma"]
for name in ("i0e", "i1", "i1e"):
    EXTRA[name] = EXTRA["i0"]


def special_points():
    out = []
    for dtype, dt in DTYPES.items():
        for name in ("erfinv", "gammaln", "lgamma", "digamma", "psi", "i0", "i0e", "i1", "i1e", "ndtr", "ndtri",
                     "log_ndtr", "erfcx", "entr"):
            x = torch.tensor(SPECIALS + EXTRA.get(name, []), dtype=torch.float64).to(dt)
            out.append(case(name, {}, [x]))
        for n in (0, 1, 2, 3, 4, 7):
            pts = SPECIALS + [-0.999, -1.001, -3.7, -10.5, 3.0, 10.0, 1e5, 1e10, 0.25, 30.5, -30.5]
            out.append(case("polygamma", {"n": n}, [torch.tensor(pts, dtype=torch.float64).to(dt)]))
    return out


def ordinary():
    out = []
    for dtype, dt in DTYPES.items():
        def u(lo, hi, shape):
            return torch.tensor(rng.uniform(lo, hi, shape), dtype=torch.float64).to(dt)
        for n in (0, 1, 2, 3, 5):
            out.append(case("polygamma", {"n": n}, [u(0.2, 6.0, [3, 4])]))
            out.append(case("polygamma", {"n": n}, [u(-4.0, -0.1, [5])]))
            out.append(case("polygamma", {"n": n}, [u(0.5, 3.0, [4, 3]).t()]))
        for p in (1, 2, 3, 5):
            out.append(case("mvlgamma", {"p": p}, [u((p - 1) / 2 + 0.05, 6.0, [3, 4])]))
            out.append(case("multigammaln", {"p": p}, [u((p - 1) / 2 + 0.05, 6.0, [2, 3])]))
        out.append(case("mvlgamma", {"p": 3}, [u(1.5, 4.0, [])]))
        out.append(case("mvlgamma", {"p": 2}, [u(1.0, 4.0, [0, 3])]))
        out.append(case("mvlgamma", {"p": 3}, [torch.tensor([0.2, -0.7, 0.0, INF, NAN], dtype=dt)]))
        out.append(case("ndtr", {}, [u(-4, 4, [3, 4])]))
        out.append(case("zeta", {}, [u(1.1, 6.0, [3, 4]), u(0.2, 4.0, [3, 4])], grad=[False, True]))
        out.append(case("zeta", {}, [u(1.1, 6.0, [3, 1]), u(0.2, 4.0, [1, 4])], grad=[False, True]))
        out.append(case("zeta", {}, [u(1.1, 6.0, [3]), u(0.2, 4.0, [3])], grad=[True, False]))
        out.append(case("zeta", {}, [torch.tensor([2.0, 3.0, 4.0, 2.0, 3.0, 30.0, 2.0], dtype=dt),
                                     torch.tensor([-1.5, -2.5, -0.5, -30.5, -7.25, -2.5, 1e10], dtype=dt)], grad=[False, True]))
        for s in (2.0, 3.5, 1.0, 0.5):
            out.append(case("zeta_scalar_x", {"s": s}, [u(0.2, 4.0, [3, 4])]))
        for s in (1.5, 0.5, -1.5, 0.0):
            out.append(case("zeta_scalar_q", {"s": s}, [u(1.1, 6.0, [4])]))
        out.append(case("xlog1py", {}, [u(-2, 2, [3, 4]), u(-0.9, 3, [3, 4])]))
        out.append(case("xlog1py", {}, [torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0, -0.0, 2.0], dtype=dt),
                                        torch.tensor([-1.0, -2.0, NAN, 1.0, -1.0, INF, -0.5], dtype=dt)]))
        for s in (0.5, -1.0, -2.0, 0.0):
            out.append(case("xlog1py_scalar_y", {"s": s}, [torch.tensor([0.0, 1.5, -2.0, 0.25], dtype=dt)]))
        for s in (0.0, 1.5, -2.0):
            out.append(case("xlog1py_scalar_x", {"s": s}, [torch.tensor([0.5, -0.5, 3.0, -1.0], dtype=dt)]))
        for name in ("expit", "exp2", "expm1", "log1p", "round", "sinc", "erf", "erfc"):
            out.append(case(name, {}, [u(-2.5, 2.5, [3, 4]) if name != "log1p" else u(-0.5, 2.5, [3, 4])]))
        out.append(case("logit", {}, [u(0.05, 0.95, [5])]))
        out.append(case("logit", {"eps": 0.2}, [u(0.05, 0.95, [5])]))
        out.append(case("xlogy", {}, [u(-2, 2, [3, 4]), u(0.1, 3, [3, 4])]))
        out.append(case("softmax", {"dim": 1}, [u(-2, 2, [3, 4])]))
        out.append(case("log_softmax", {"dim": 0}, [u(-2, 2, [3, 4])]))
        out.append(case("logsumexp", {"dims": [1], "keepdim": True}, [u(-2, 2, [3, 4])]))
    return out


def incomplete_gamma():
    """gammainc / gammaincc over every method's region (series, continued fraction, a ~ x where PyTorch takes the
    uniform asymptotic expansion) and the boundary values; x's gradient; the first argument's missing derivative."""
    out = []
    pts_a = [0.0, 0.5, 1.0, 2.5, 10.0, 25.0, 50.0, 150.0, 300.0, 1000.0, INF, NAN, -1.0]
    pts_x = [0.0, 0.1, 0.6, 1.0, 1.5, 2.5, 9.0, 24.0, 27.0, 50.0, 55.0, 140.0, 310.0, 1020.0, INF, NAN, -1.0]
    for dtype, dt in DTYPES.items():
        a = torch.tensor([p for p in pts_a for _ in pts_x], dtype=dt)
        x = torch.tensor([q for _ in pts_a for q in pts_x], dtype=dt)
        for name in ("gammainc", "gammaincc"):
            out.append(case(name, {}, [a, x], grad=[False, True]))
        u = torch.tensor(rng.uniform(0.2, 8.0, [3, 4]), dtype=dt)
        v = torch.tensor(rng.uniform(0.1, 9.0, [3, 4]), dtype=dt)
        for name in ("igamma", "igammac"):
            out.append(case(name, {}, [u, v], grad=[False, True]))
            out.append(case(name, {}, [u[:, :1], v[:1]], grad=[False, True]))
            out.append(case(name, {}, [u, v], grad=[True, False]))
    return out


def integers():
    out = []
    x = torch.tensor([[1, 2, 3], [4, 5, 6]])
    for name in ("erfinv", "gammaln", "digamma", "i0", "i0e", "i1", "i1e", "ndtr", "ndtri", "log_ndtr", "erfcx", "entr",
                 "expit"):
        out.append(case(name, {}, [x - 2 if name in ("erfinv", "ndtri") else x]))
    out.append(case("polygamma", {"n": 2}, [x]))
    out.append(case("polygamma", {"n": 1}, [x]))
    out.append(case("mvlgamma", {"p": 2}, [x]))
    out.append(case("zeta", {}, [x + 1, x]))
    out.append(case("xlog1py", {}, [x, x]))
    out.append(case("gammainc", {}, [x, x]))
    out.append(case("gammaln", {}, [torch.tensor([True, False])]))
    return out


def errors():
    x = torch.tensor([1.5, 2.5], dtype=torch.float64)
    return [
        case("polygamma", {"n": -1}, [x]),
        case("mvlgamma", {"p": 0}, [x]),
        case("multigammaln", {"p": -2}, [x]),
        case("mvlgamma", {"p": 2}, [torch.tensor([True, False])]),
        case("zeta_scalar_q", {"s": 2.0}, [x]),   # backward through x: not implemented
    ]


def main():
    cases = special_points() + ordinary() + integers() + errors() + incomplete_gamma()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "note": "backward of (out * w).sum()", "cases": cases}, f,
                  separators=(",", ":"))
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
