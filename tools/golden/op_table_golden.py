#!/usr/bin/python3
"""Golden cases for every elementwise op of grad4j's op table (spi/UnaryOp, spi/BinaryOp), from PyTorch 1.13.

    /usr/bin/python3 tools/golden/op_table_golden.py

Writes core/src/test/resources/golden/op_table.json. OpTableConformance runs each case through the public
Tensor method named after the op (PyTorch's name in lowerCamelCase) and fails for an op of the table that has no
case here: adding an op to the table means adding one line to UNARY or BINARY below.
Each case: inputs (float.hex), forward output, the gradient of (out * w).sum() for every input, and grad_fn's name.
Inputs cover the op's domain on ordinary shapes, 0-d, empty and non-contiguous inputs, and special values
(0, -0, inf, nan, and base 0 for pow).
"""
import json
import os

import numpy as np
import torch

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "op_table.json")
DTYPES = {"float32": torch.float32, "float64": torch.float64}
rng = np.random.default_rng(20261201)

# torch name -> (function, domain): "all", "positive", "away_from_zero" as in UnaryOp.Domain
UNARY = {
    "clone": (torch.clone, "all"),
    "neg": (torch.neg, "all"),
    "exp": (torch.exp, "all"),
    "log": (torch.log, "positive"),
    "sqrt": (torch.sqrt, "positive"),
    "abs": (torch.abs, "away_from_zero"),
    "relu": (torch.relu, "away_from_zero"),
    "tanh": (torch.tanh, "all"),
    "sigmoid": (torch.sigmoid, "all"),
    "sign": (torch.sign, "away_from_zero"),
    "sin": (torch.sin, "all"),
    "cos": (torch.cos, "all"),
    "tan": (torch.tan, "all"),
    "erf": (torch.erf, "all"),
    "floor": (torch.floor, "all"),
    "ceil": (torch.ceil, "all"),
    "round": (torch.round, "all"),
    "trunc": (torch.trunc, "all"),
    "rsqrt": (torch.rsqrt, "positive"),
    "log2": (torch.log2, "positive"),
    "log10": (torch.log10, "positive"),
    "exp2": (torch.exp2, "all"),
    "log1p": (torch.log1p, "positive"),
    "expm1": (torch.expm1, "all"),
    "silu": (torch.nn.functional.silu, "all"),
    "mish": (torch.nn.functional.mish, "all"),
    "logsigmoid": (torch.nn.functional.logsigmoid, "all"),
    "gelu": (torch.nn.functional.gelu, "all"),
    "gelu_tanh": (lambda x: torch.nn.functional.gelu(x, approximate="tanh"), "all"),
}
# Ops added to the table later: one line each here; their cases come last, from their own seed (later_ops), so
# that adding one leaves every earlier case byte-identical.
LATER_UNARY = {
    "reciprocal": (torch.reciprocal, "away_from_zero"),
}
# The opsmore session's unary ops, from their own seed, after LATER_UNARY's cases (opsmore_ops).
OPSMORE_UNARY = {
    "asin": (torch.asin, "open_unit"),
    "acos": (torch.acos, "open_unit"),
    "atan": (torch.atan, "all"),
    "sinh": (torch.sinh, "all"),
    "cosh": (torch.cosh, "all"),
    "asinh": (torch.asinh, "all"),
    "acosh": (torch.acosh, "above_one"),
    "atanh": (torch.atanh, "open_unit"),
    "frac": (torch.frac, "all"),
    "erfc": (torch.erfc, "all"),
    "sinc": (torch.sinc, "all"),
    "logit": (torch.logit, "probability"),
}
# The special session's unary ops (torch.special's names without the prefix), from their own seed (special_ops).
SPECIAL_UNARY = {
    "erfinv": (torch.erfinv, "open_unit"),
    "lgamma": (torch.lgamma, "positive"),
    "digamma": (torch.digamma, "positive"),
    "trigamma": (lambda x: torch.polygamma(1, x), "positive"),
    "i0": (torch.i0, "all"),
    "i0e": (torch.special.i0e, "away_from_zero"),
    "i1": (torch.special.i1, "all"),
    "i1e": (torch.special.i1e, "all"),
    "ndtri": (torch.special.ndtri, "probability"),
    "log_ndtr": (torch.special.log_ndtr, "all"),
    "erfcx": (torch.special.erfcx, "all"),
    "entr": (torch.special.entr, "positive"),
}
# torch name -> (function, domain of a, domain of b, differentiable)
BINARY = {
    "add": (torch.add, "all", "all", True),
    "sub": (torch.sub, "all", "all", True),
    "mul": (torch.mul, "all", "all", True),
    "div": (torch.div, "all", "positive", True),
    "pow": (torch.pow, "positive", "all", True),
    "maximum": (torch.maximum, "all", "all", True),
    "minimum": (torch.minimum, "all", "all", True),
    "eq": (torch.eq, "all", "all", False),
    "gt": (torch.gt, "all", "all", False),
    "lt": (torch.lt, "all", "all", False),
    "ne": (torch.ne, "all", "all", False),
    "le": (torch.le, "all", "all", False),
    "ge": (torch.ge, "all", "all", False),
    "floor_divide": (torch.floor_divide, "all", "positive", False),
    "remainder": (torch.remainder, "all", "positive", True),
}
# The opsmore session's binary ops, from their own seed, after all others (opsmore_binary).
OPSMORE_BINARY = {
    "atan2": (torch.atan2, "all", "all", True),
    "hypot": (torch.hypot, "all", "all", True),
    "fmod": (torch.fmod, "all", "positive", True),
    "copysign": (torch.copysign, "all", "all", True),
    "logaddexp": (torch.logaddexp, "all", "all", True),
    "logaddexp2": (torch.logaddexp2, "all", "all", True),
    "xlogy": (torch.xlogy, "all", "positive", True),
    "heaviside": (torch.heaviside, "all", "all", False),
}
# The special session's binary ops, from their own seed, after all others (special_binary). zeta, igamma and igammac
# have no gradient in their first argument in PyTorch 1.13 (SpecialConformance checks the other one and the error).
SPECIAL_BINARY = {
    "zeta": (torch.special.zeta, "above_one", "positive", False),
    "xlog1py": (torch.special.xlog1py, "all", "positive", True),
    "igamma": (torch.igamma, "positive", "positive", False),
    "igammac": (torch.igammac, "positive", "positive", False),
}
# The math2 session's ops, from their own seed, after all others (math2_ops). nextafter has no derivative in 1.13.
MATH2_UNARY = {
    "sgn": (torch.sgn, "away_from_zero"),
}
MATH2_BINARY = {
    "fmax": (torch.fmax, "all", "all", True),
    "fmin": (torch.fmin, "all", "all", True),
    "nextafter": (torch.nextafter, "all", "all", False),
}
SPECIALS = [0.0, -0.0, 1.0, -1.0, 2.5, -2.5, float("inf"), float("-inf"), float("nan"), 1e-30, 0.5, -0.5, 30.0, -30.0]


def hexs(t):
    if t._is_zerotensor():   # sgn's gradient is an efficient zero tensor, with no storage to read
        t = torch.zeros(t.shape, dtype=t.dtype)
    return [float(v).hex() for v in t.detach().double().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "data": hexs(t)}


def sample(shape, domain, dtype):
    n = int(np.prod(shape)) if len(shape) else 1
    if domain == "positive":
        v = rng.uniform(0.5, 2.0, n)
    elif domain == "away_from_zero":
        v = rng.uniform(0.3, 1.5, n) * rng.choice([-1.0, 1.0], n)
    elif domain == "open_unit":
        v = rng.uniform(-0.9, 0.9, n)
    elif domain == "above_one":
        v = rng.uniform(1.2, 3.0, n)
    elif domain == "probability":
        v = rng.uniform(0.1, 0.9, n)
    else:
        v = rng.uniform(-1.5, 1.5, n)
    return torch.tensor(v.reshape(shape), dtype=torch.float64).to(dtype)


def case(name, dtype, inputs, fn, differentiable, transpose=False):
    leaves = [x.clone().requires_grad_(differentiable) for x in inputs]
    args = [x.t() if transpose else x for x in leaves]
    out = fn(*args)
    c = {"op": name, "dtype": dtype, "transpose": transpose, "inputs": [enc(x) for x in leaves], "out": enc(out.double())}
    if differentiable:
        w = sample(list(out.shape), "all", DTYPES[dtype])
        (out * w).sum().backward()
        c["w"] = enc(w)
        c["grads"] = [enc(x.grad) for x in leaves]
        c["grad_fn"] = out.grad_fn.name()
    return c


def signed_zero_ties():
    """maximum/minimum of zeros of both signs: PyTorch's CPU loop gives b where its AVX2 body reached the element
    (two vectors a step: 16 float32, 8 float64, over a row whose operands are unit-stride or one a broadcast
    scalar) and a in the scalar rest (std::max). Sizes around the steps, both operand orders, a broadcast scalar,
    broadcast rows, transposed pairs (walked in memory order). Weights from their own seed, appended last, so
    that no earlier case moved."""
    global rng
    saved, rng = rng, np.random.default_rng(20261202)
    out = []
    for dtype, dt in DTYPES.items():
        for name in ("maximum", "minimum"):
            fn = BINARY[name][0]
            for n in (1, 7, 8, 9, 15, 16, 17, 31, 33, 40, 70):
                a = torch.tensor([(-0.0, 0.0, 1.0)[i % 3] if i % 5 else -0.0 for i in range(n)], dtype=dt)
                b = torch.tensor([0.0 if i % 2 else -0.0 for i in range(n)], dtype=dt)
                out.append(case(name, dtype, [a, b], fn, True))
                out.append(case(name, dtype, [b, a], fn, True))
            zeros = torch.tensor([0.0 if i % 2 else -0.0 for i in range(40)], dtype=dt)
            for s in (torch.tensor(0.0, dtype=dt), torch.tensor(-0.0, dtype=dt)):
                out.append(case(name, dtype, [zeros, s], fn, True))
                out.append(case(name, dtype, [s, zeros], fn, True))
            rows = torch.tensor([[0.0 if (i + j) % 2 else -0.0 for j in range(20)] for i in range(3)], dtype=dt)
            out.append(case(name, dtype, [rows, zeros[:20].neg()], fn, True))
            out.append(case(name, dtype, [rows, torch.tensor([[0.0], [-0.0], [0.0]], dtype=dt)], fn, True))
    for dtype, dt in DTYPES.items():   # transposed pairs: PyTorch walks them in memory order
        for name in ("maximum", "minimum"):
            for rows in (5, 20):
                a = torch.tensor([[0.0 if (i + j) % 2 else -0.0 for j in range(3)] for i in range(rows)], dtype=dt)
                out.append(case(name, dtype, [a, a.neg()], BINARY[name][0], True, transpose=True))
    rng = saved
    return out


def later_ops(ops=LATER_UNARY, seed=20261203):
    """LATER_UNARY's cases, as main() makes UNARY's, from their own seed, appended after all others."""
    global rng
    saved, rng = rng, np.random.default_rng(seed)
    out = []
    for dtype, dt in DTYPES.items():
        for name, (fn, domain) in ops.items():
            for shape in ([3, 4], [], [0], [2, 3, 5]):
                out.append(case(name, dtype, [sample(shape, domain, dt)], fn, True))
            out.append(case(name, dtype, [sample([4, 3], domain, dt)], fn, True, transpose=True))
            # logit's gradient at -0.0 is g * inf in PyTorch's scalar tail, g / (x (1 - x)) = -g * inf in its vector
            # body (grad4j's choice): a code-path sign, left out
            specials = [v for v in SPECIALS if not (name == "logit" and str(v) == "-0.0")]
            out.append(case(name, dtype, [torch.tensor(specials, dtype=dt)], fn, True))
    rng = saved
    return out


def binary_cases(ops):
    """Each op of ops on ordinary, broadcast, 0-d, empty and transposed operands, and on every pair of SPECIALS."""
    out = []
    for dtype, dt in DTYPES.items():
        for name, (fn, da, db, diff) in ops.items():
            for sa, sb in ([3, 4], [3, 4]), ([3, 1], [1, 4]), ([2, 3], [3]), ([], []), ([2, 3], []), ([0, 3], [3]):
                out.append(case(name, dtype, [sample(sa, da, dt), sample(sb, db, dt)], fn, diff))
            out.append(case(name, dtype, [sample([4, 3], da, dt), sample([4, 3], db, dt)], fn, diff, transpose=True))
            a = torch.tensor([x for x in SPECIALS for _ in SPECIALS], dtype=dt)
            b = torch.tensor([y for _ in SPECIALS for y in SPECIALS], dtype=dt)
            out.append(case(name, dtype, [a, b], fn, diff))
    return out


def opsmore_binary():
    """OPSMORE_BINARY's cases, from their own seed, appended after all others."""
    global rng
    saved, rng = rng, np.random.default_rng(20261205)
    out = binary_cases(OPSMORE_BINARY)
    rng = saved
    return out


def special_binary():
    """SPECIAL_BINARY's cases, from their own seed, appended after all others."""
    global rng
    saved, rng = rng, np.random.default_rng(20261207)
    out = binary_cases(SPECIAL_BINARY)
    rng = saved
    return out


def math2_ops():
    """MATH2_UNARY's and MATH2_BINARY's cases, from their own seed, appended after all others; fmax/fmin also on
    ties of zeros of both signs and on NaN against NaN over rows long enough for PyTorch's vector loop."""
    global rng
    saved, rng = rng, np.random.default_rng(20261208)
    out = later_ops(MATH2_UNARY, 20261209)
    out += binary_cases(MATH2_BINARY)
    nan = float("nan")
    for dtype, dt in DTYPES.items():
        for name in ("fmax", "fmin"):
            a = torch.tensor([(-0.0, 0.0, nan, 1.0)[i % 4] for i in range(40)], dtype=dt)
            b = torch.tensor([(0.0, -0.0, nan, nan, 2.0)[i % 5] for i in range(40)], dtype=dt)
            out.append(case(name, dtype, [a, b], MATH2_BINARY[name][0], True))
            out.append(case(name, dtype, [b, a], MATH2_BINARY[name][0], True))
    rng = saved
    return out


def main():
    cases = []
    for dtype, dt in DTYPES.items():
        for name, (fn, domain) in UNARY.items():
            for shape in ([3, 4], [], [0], [2, 3, 5]):
                cases.append(case(name, dtype, [sample(shape, domain, dt)], fn, True))
            cases.append(case(name, dtype, [sample([4, 3], domain, dt)], fn, True, transpose=True))
            cases.append(case(name, dtype, [torch.tensor(SPECIALS, dtype=dt)], fn, True))
        for name, (fn, da, db, diff) in BINARY.items():
            for sa, sb in ([3, 4], [3, 4]), ([3, 1], [1, 4]), ([2, 3], [3]), ([], []), ([2, 3], []), ([0, 3], [3]):
                cases.append(case(name, dtype, [sample(sa, da, dt), sample(sb, db, dt)], fn, diff))
            cases.append(case(name, dtype, [sample([4, 3], da, dt), sample([4, 3], db, dt)], fn, diff, transpose=True))
            a = torch.tensor([x for x in SPECIALS for _ in SPECIALS], dtype=dt)
            b = torch.tensor([y for _ in SPECIALS for y in SPECIALS], dtype=dt)
            cases.append(case(name, dtype, [a, b], fn, diff))
    cases += signed_zero_ties()
    cases += later_ops()
    cases += later_ops(OPSMORE_UNARY, 20261204)
    cases += opsmore_binary()
    cases += later_ops(SPECIAL_UNARY, 20261206)
    cases += special_binary()
    cases += math2_ops()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "note": "backward of (out * w).sum()", "cases": cases}, f, separators=(",", ":"))
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
