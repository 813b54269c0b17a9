#!/usr/bin/python3
"""Golden cases for the math2 session's ops beyond the op table's own (op_table_golden.py), from PyTorch 1.13.

    /usr/bin/python3 tools/golden/math2_golden.py

Writes core/src/test/resources/golden/math2.json, read by Math2Conformance: gcd, lcm and the bit shifts on every
integer dtype (negative and large shift counts, overflow, Python-int forms, in-place), fmax/fmin/nextafter/sgn on
integer, bool and mixed dtypes, ldexp, float_power's float64 promotion (all three forms), frexp, isneginf/isposinf/
isreal, isin (tensor and number forms, invert, assume_unique, promotion), the alias names (their values and grad_fn
names, which are the targets'), the in-place forms, and PyTorch's errors. Each case: inputs and outputs with their
dtype (integers as exact decimal strings, floats as float.hex), the gradient of (out * w).sum() for each input that
requires grad, grad_fn's name, or the error's kind and message. Elementwise only: no BLAS is involved.
"""
import json
import os

import numpy as np
import torch

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "math2.json")
rng = np.random.default_rng(20261210)
INF = float("inf")
NAN = float("nan")
I64_MIN = -2 ** 63
I64_MAX = 2 ** 63 - 1


def enc(t):
    t = t.detach()
    if t._is_zerotensor():
        t = torch.zeros(t.shape, dtype=t.dtype)
    if t.is_floating_point():
        data = [float(v).hex() for v in t.double().reshape(-1).tolist()]
    else:
        data = [str(int(v)) for v in t.reshape(-1).tolist()]
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": data}


def case(fn, args, inputs, grad=None):
    """fn(*inputs, **args); floating inputs require grad unless `grad` says otherwise."""
    grad = [x.is_floating_point() for x in inputs] if grad is None else grad
    leaves = [x.clone().requires_grad_(g) for x, g in zip(inputs, grad)]
    c = {"fn": fn, "args": args, "inputs": [enc(x) for x in leaves], "grad": grad}
    try:
        out = CALL[fn](leaves, args)
    except Exception as e:  # PyTorch's error: kind and first line
        c["error"] = {"kind": type(e).__name__, "message": str(e).split("\n")[0]}
        return c
    outs = list(out) if isinstance(out, tuple) else [out]
    c["outs"] = [enc(o) for o in outs]
    out = outs[0]
    if out.grad_fn is None or not any(grad):
        return c
    c["grad_fn"] = out.grad_fn.name()
    w = torch.tensor(rng.uniform(-1.5, 1.5, list(out.shape)), dtype=torch.float64).to(out.dtype)
    c["w"] = enc(w)
    try:
        (out * w).sum().backward()
        c["grads"] = [enc(x.grad) if g and x.grad is not None else None for x, g in zip(leaves, grad)]
    except Exception as e:
        c["backward_error"] = {"kind": type(e).__name__, "message": str(e).split("\n")[0]}
    return c


def mode(a):
    return {"rounding_mode": a["rounding_mode"]} if a.get("rounding_mode") else {}


def inplace(name):
    """x.clone().name_(*rest): the in-place form on a non-leaf copy (the leaf keeps requiring grad)."""
    return lambda xs, a: getattr(xs[0].clone(), name)(*xs[1:], **a)


def inplace_scalar(name):
    return lambda xs, a: getattr(xs[0].clone(), name)(a["s"])


CALL = {
    "gcd": lambda xs, a: torch.gcd(xs[0], xs[1]),
    "lcm": lambda xs, a: torch.lcm(xs[0], xs[1]),
    "bitwise_left_shift": lambda xs, a: torch.bitwise_left_shift(xs[0], xs[1]),
    "bitwise_right_shift": lambda xs, a: torch.bitwise_right_shift(xs[0], xs[1]),
    "bitwise_left_shift_scalar": lambda xs, a: torch.bitwise_left_shift(xs[0], a["s"]),
    "bitwise_right_shift_scalar": lambda xs, a: torch.bitwise_right_shift(xs[0], a["s"]),
    "bitwise_left_shift_scalar_first": lambda xs, a: torch.bitwise_left_shift(a["s"], xs[0]),
    "bitwise_right_shift_scalar_first": lambda xs, a: torch.bitwise_right_shift(a["s"], xs[0]),
    "gcd_": inplace("gcd_"),
    "lcm_": inplace("lcm_"),
    "bitwise_left_shift_": inplace("bitwise_left_shift_"),
    "bitwise_right_shift_": inplace("bitwise_right_shift_"),
    "bitwise_left_shift__scalar": inplace_scalar("bitwise_left_shift_"),
    "bitwise_right_shift__scalar": inplace_scalar("bitwise_right_shift_"),
    "fmax": lambda xs, a: torch.fmax(xs[0], xs[1]),
    "fmin": lambda xs, a: torch.fmin(xs[0], xs[1]),
    "nextafter": lambda xs, a: torch.nextafter(xs[0], xs[1]),
    "nextafter_": inplace("nextafter_"),
    "sgn": lambda xs, a: torch.sgn(xs[0]),
    "sgn_": inplace("sgn_"),
    "ldexp": lambda xs, a: torch.ldexp(xs[0], xs[1]),
    "ldexp_": inplace("ldexp_"),
    "float_power": lambda xs, a: torch.float_power(xs[0], xs[1]),
    "float_power_scalar": lambda xs, a: torch.float_power(xs[0], a["s"]),
    "float_power_scalar_first": lambda xs, a: torch.float_power(a["s"], xs[0]),
    "float_power_": inplace("float_power_"),
    "float_power__scalar": inplace_scalar("float_power_"),
    "frexp": lambda xs, a: tuple(torch.frexp(xs[0])),
    "isneginf": lambda xs, a: torch.isneginf(xs[0]),
    "isposinf": lambda xs, a: torch.isposinf(xs[0]),
    "isreal": lambda xs, a: torch.isreal(xs[0]),
    "isin": lambda xs, a: torch.isin(xs[0], xs[1], **a),
    "isin_scalar": lambda xs, a: torch.isin(xs[0], a["s"], invert=a["invert"]),
    "isin_scalar_first": lambda xs, a: torch.isin(a["s"], xs[0], invert=a["invert"]),
    "hypot_": inplace("hypot_"),
    "copysign_": inplace("copysign_"),
    "copysign__scalar": inplace_scalar("copysign_"),
    "xlogy_": inplace("xlogy_"),
    "xlogy__scalar": inplace_scalar("xlogy_"),
    "heaviside_": inplace("heaviside_"),
    # aliases: the alias's own function, so that its value and grad_fn are PyTorch's for that name
    "absolute": lambda xs, a: torch.absolute(xs[0]),
    "arccos": lambda xs, a: torch.arccos(xs[0]),
    "arcsin": lambda xs, a: torch.arcsin(xs[0]),
    "arctan": lambda xs, a: torch.arctan(xs[0]),
    "arccosh": lambda xs, a: torch.arccosh(xs[0]),
    "arcsinh": lambda xs, a: torch.arcsinh(xs[0]),
    "arctanh": lambda xs, a: torch.arctanh(xs[0]),
    "negative": lambda xs, a: torch.negative(xs[0]),
    "positive": lambda xs, a: torch.positive(xs[0]),
    "fix": lambda xs, a: torch.fix(xs[0]),
    "arctan2": lambda xs, a: torch.arctan2(xs[0], xs[1]),
    "clip": lambda xs, a: torch.clip(xs[0], a["min"], a["max"]),
    "clip_tensor": lambda xs, a: torch.clip(xs[0], xs[1], xs[2]),
    # rounding_mode=None spelled out picks div.Tensor_mode (DivBackward2); grad4j's null mode is plain div, so the
    # None cases call torch.divide without it
    "divide": lambda xs, a: torch.divide(xs[0], xs[1], **mode(a)),
    "divide_scalar": lambda xs, a: torch.divide(xs[0], a["s"], **mode(a)),
    "true_divide": lambda xs, a: torch.true_divide(xs[0], xs[1]),
    "true_divide_scalar": lambda xs, a: torch.true_divide(xs[0], a["s"]),
    "multiply": lambda xs, a: torch.multiply(xs[0], xs[1]),
    "multiply_scalar": lambda xs, a: torch.multiply(xs[0], a["s"]),
    "subtract": lambda xs, a: torch.subtract(xs[0], xs[1], **a),
    "subtract_scalar": lambda xs, a: torch.subtract(xs[0], a["s"]),
    "greater": lambda xs, a: torch.greater(xs[0], xs[1]),
    "greater_equal": lambda xs, a: torch.greater_equal(xs[0], xs[1]),
    "less": lambda xs, a: torch.less(xs[0], xs[1]),
    "less_equal": lambda xs, a: torch.less_equal(xs[0], xs[1]),
    "not_equal": lambda xs, a: torch.not_equal(xs[0], xs[1]),
    "greater_scalar": lambda xs, a: torch.greater(xs[0], a["s"]),
    "greater_equal_scalar": lambda xs, a: torch.greater_equal(xs[0], a["s"]),
    "less_scalar": lambda xs, a: torch.less(xs[0], a["s"]),
    "less_equal_scalar": lambda xs, a: torch.less_equal(xs[0], a["s"]),
    "not_equal_scalar": lambda xs, a: torch.not_equal(xs[0], a["s"]),
}
for _name in ("absolute", "arccos", "arcsin", "arctan", "arccosh", "arcsinh", "arctanh", "negative", "fix"):
    CALL[_name + "_"] = inplace(_name + "_")
for _name in ("arctan2", "divide", "true_divide", "multiply", "subtract", "greater", "greater_equal", "less",
              "less_equal", "not_equal"):
    CALL[_name + "_"] = inplace(_name + "_")
    CALL[_name + "__scalar"] = inplace_scalar(_name + "_")
CALL["clip_"] = lambda xs, a: xs[0].clone().clip_(a["min"], a["max"])
CALL["divide__mode"] = lambda xs, a: xs[0].clone().divide_(xs[1], rounding_mode=a["rounding_mode"])
CALL["subtract__alpha"] = lambda xs, a: xs[0].clone().subtract_(xs[1], alpha=a["alpha"])


def t(v, dtype):
    return torch.tensor(v, dtype=dtype)


def u(lo, hi, shape, dtype=torch.float64):
    return torch.tensor(rng.uniform(lo, hi, shape), dtype=torch.float64).to(dtype)


INTS = {"int64": torch.int64, "int32": torch.int32, "uint8": torch.uint8}
FLOATS = {"float32": torch.float32, "float64": torch.float64}


def integer_ops():
    out = []
    a64 = [0, 1, -1, 12, -18, 35, 7, I64_MIN, I64_MAX, 2 ** 40, -(2 ** 40) - 1, 1000000007]
    b64 = [0, 0, 6, -8, 27, 0, -49, 0, 6, 2 ** 40 + 1, 3, 998244353]
    a32 = [0, 1, -1, 12, -18, 35, 7, -2 ** 31, 2 ** 31 - 1, 65536, -46341, 1000000007]
    b32 = [0, 0, 6, -8, 27, 0, -49, 0, 6, 65537, 46341, 3]
    a8 = [0, 1, 255, 12, 18, 35, 7, 128, 200, 64, 250, 16]
    b8 = [0, 0, 6, 8, 27, 0, 49, 0, 3, 96, 125, 24]
    for name in ("gcd", "lcm"):
        out.append(case(name, {}, [t(a64, torch.int64), t(b64, torch.int64)]))
        out.append(case(name, {}, [t(a32, torch.int32), t(b32, torch.int32)]))
        out.append(case(name, {}, [t(a8, torch.uint8), t(b8, torch.uint8)]))
        out.append(case(name, {}, [t(a32, torch.int32), t(b8, torch.uint8)]))   # promotion to int32
        # broadcast (not INT64_MIN against an odd number: lcm divides it by gcd -1, which traps in C)
        out.append(case(name, {}, [t(a64[:7] + [I64_MAX, 2 ** 40, -(2 ** 40) - 1, 1000000007, 3], torch.int64).reshape(3, 4),
                                   t([6, -4, 0, 15], torch.int64)]))
        out.append(case(name, {}, [t(a32, torch.int32), t(2 ** 32 + 6, torch.int64)]))   # 0-d int64 keeps int32
        out.append(case(name, {}, [t([[4], [6]], torch.int64), t([[9, 10, 0]], torch.int64).t().t()]))
        out.append(case(name, {}, [t([], torch.int64), t([], torch.int64)]))
        out.append(case(name, {}, [t([True, False], torch.bool), t([3, 4], torch.int64)]))   # bool beside int64
        out.append(case(name, {}, [t([1.0, 2.0], torch.float32), t([3, 4], torch.int64)]))   # error: Float
        out.append(case(name, {}, [t([1, 2], torch.int64), t([3.0, 4.0], torch.float64)]))   # error: Double
        out.append(case(name, {}, [t([True], torch.bool), t([False], torch.bool)]))   # error: Bool
        out.append(case(name + "_", {}, [t(a32, torch.int32), t(b32, torch.int32)]))
        out.append(case(name + "_", {}, [t(a32, torch.int32), t(b64, torch.int64)]))   # int64 result into int32
        out.append(case(name + "_", {}, [t([4, 6], torch.int64), t([[2], [3]], torch.int64)]))   # error: shape
    counts64 = [-65, -64, -1, 0, 1, 3, 31, 32, 62, 63, 64, 65, 100, 127]
    vals64 = [1, -8, 5, -1, 2 ** 62, I64_MIN, I64_MAX, 12345678901]
    va = torch.tensor([v for v in vals64 for _ in counts64], dtype=torch.int64)
    vc = torch.tensor([c for _ in vals64 for c in counts64], dtype=torch.int64)
    counts32 = [-33, -32, -1, 0, 1, 7, 8, 9, 31, 32, 33, 40, 100]
    vals32 = [1, -8, 5, -1, 2 ** 30, -2 ** 31, 2 ** 31 - 1, 123456]
    wa = torch.tensor([v for v in vals32 for _ in counts32], dtype=torch.int32)
    wc = torch.tensor([c for _ in vals32 for c in counts32], dtype=torch.int32)
    counts8 = [0, 1, 7, 8, 9, 31, 32, 33, 40, 255]
    vals8 = [1, 3, 128, 255, 100]
    ua = torch.tensor([v for v in vals8 for _ in counts8], dtype=torch.uint8)
    uc = torch.tensor([c for _ in vals8 for c in counts8], dtype=torch.uint8)
    for name in ("bitwise_left_shift", "bitwise_right_shift"):
        out.append(case(name, {}, [va, vc]))
        out.append(case(name, {}, [va[::3], vc[::3]]))   # strided, a different length (PyTorch's loop is scalar)
        out.append(case(name, {}, [wa, wc]))
        out.append(case(name, {}, [ua, uc]))
        out.append(case(name, {}, [wa, wc.to(torch.int64)]))   # promotion to int64
        out.append(case(name, {}, [ua, t(3, torch.int64)]))   # 0-d int64: stays uint8
        out.append(case(name, {}, [t([[1], [-3]], torch.int64), t([0, 1, 70], torch.int64)]))   # broadcast
        out.append(case(name, {}, [t([True, False], torch.bool), t([1, 2], torch.int64)]))
        out.append(case(name, {}, [t([1.0], torch.float32), t([1], torch.int64)]))   # error: Float
        out.append(case(name, {}, [t([True], torch.bool), t([True], torch.bool)]))   # error: Bool
        for s in (0, 1, 3, 63, 64, 65, -1, 300):
            out.append(case(name + "_scalar", {"s": s}, [t(vals64, torch.int64)]))
            out.append(case(name + "_scalar", {"s": s}, [t(vals8, torch.uint8)]))
        out.append(case(name + "_scalar", {"s": 2}, [t(vals32, torch.int32)]))
        out.append(case(name + "_scalar", {"s": 1}, [t([True, False], torch.bool)]))
        out.append(case(name + "_scalar", {"s": 1}, [t([1.5], torch.float64)]))   # error: Double
        for s in (1, -5, 2 ** 40):
            out.append(case(name + "_scalar_first", {"s": s}, [t([0, 1, 2, 63, 64, -1], torch.int64)]))
        out.append(case(name + "_scalar_first", {"s": 5}, [t([0, 1, 2, 9], torch.uint8)]))
        out.append(case(name + "_", {}, [wa, wc]))
        out.append(case(name + "_", {}, [ua, uc.to(torch.int64)]))
        out.append(case(name + "__scalar", {"s": 4}, [t(vals8, torch.uint8)]))
        out.append(case(name + "__scalar", {"s": 65}, [t(vals64, torch.int64)]))
    return out


def table_dtypes():
    """The op table's new ops on integer, bool and mixed dtypes, their in-place forms and errors."""
    out = []
    i = t([4, -6, 0, 9, 7], torch.int64)
    j = t([6, 4, 0, -3, 7], torch.int64)
    f = t([0.5, NAN, 3.0, -0.0, 7.0], torch.float32)
    for name in ("fmax", "fmin"):
        out.append(case(name, {}, [i, j]))
        out.append(case(name, {}, [i.to(torch.int32), j.to(torch.uint8)]))
        out.append(case(name, {}, [i.bool(), t([False, True, False, True, False], torch.bool)]))
        out.append(case(name, {}, [i, f]))   # int64 with float32: float32
        out.append(case(name, {}, [f, t(2.0, torch.float64)]))   # 0-d float64 keeps float32
        out.append(case(name, {}, [f.double(), f]))
        out.append(case(name, {}, [u(-1, 1, [3, 1]), u(-1, 1, [4], torch.float32)]))
    out.append(case("nextafter", {}, [f, t([1.0, 2.0, NAN, 0.0, INF], torch.float32)]))
    out.append(case("nextafter", {}, [t([1.0, 0.0, -0.0, 1e-45, 3.4028234663852886e38], torch.float32),
                                      t([2.0, -1.0, 1.0, 0.0, INF], torch.float32)]))
    out.append(case("nextafter", {}, [t([1.0, 0.0, 5e-324, 1.7976931348623157e308], torch.float64),
                                      t([0.0, -1.0, 0.0, INF], torch.float64)]))
    out.append(case("nextafter", {}, [f, t([1], torch.int64)]))   # float32 beside int64
    out.append(case("nextafter", {}, [f, t(1.0, torch.float64)]))   # 0-d float64 keeps float32
    out.append(case("nextafter", {}, [t([1.0, 2.0], torch.float32), t([3.0, 1.0], torch.float64)]))
    out.append(case("nextafter", {}, [i, j]))   # error: Long
    out.append(case("nextafter", {}, [u(-1, 1, [3]), u(-1, 1, [3])], grad=[True, False]))   # backward error
    out.append(case("nextafter_", {}, [t([1.0, 2.0], torch.float32), t([4.0], torch.float32)], grad=[False, False]))
    out.append(case("nextafter_", {}, [t([1.0, 2.0], torch.float32), t([4.0], torch.float64)], grad=[False, False]))
    for x in (i, i.to(torch.int32), i.to(torch.uint8), i.bool(), t([1.5, -2.0, 0.0, -0.0, NAN, INF, -INF], torch.float32)):
        out.append(case("sgn", {}, [x]))
    out.append(case("sgn_", {}, [t([1.5, -2.0, 0.0, NAN], torch.float64)], grad=[False]))
    out.append(case("sgn_", {}, [i], grad=[False]))
    return out


def composites():
    out = []
    for dtype, dt in FLOATS.items():
        out.append(case("ldexp", {}, [u(-2, 2, [3, 4], dt), torch.tensor(rng.integers(-5, 6, [3, 4]))]))
        out.append(case("ldexp", {}, [u(-2, 2, [3, 1], dt), torch.tensor(rng.integers(-5, 6, [4]), dtype=torch.int32)]))
        out.append(case("ldexp", {}, [u(-2, 2, [3], dt), u(-2, 2, [3], dt)]))
        out.append(case("ldexp", {}, [t([1.0, -0.0, INF, NAN, 3.0], dt), t([1, 2, -1, 0, 200], torch.int64)]))
        out.append(case("ldexp", {}, [u(-2, 2, [2], dt), t([True, False], torch.bool)]))
        out.append(case("ldexp_", {}, [u(-2, 2, [3], dt), t([1, -2, 3], torch.int64)], grad=[False, False]))
    out.append(case("ldexp", {}, [t([1, 2, 3, 0], torch.int64), t([7, 4, -2, 5], torch.int64)]))
    out.append(case("ldexp", {}, [u(-2, 2, [3], torch.float32), u(-2, 2, [3], torch.float64)]))
    out.append(case("ldexp_", {}, [t([1, 2], torch.int64), t([1, 2], torch.int64)]))   # error: Float into Long
    b = u(0.5, 2.0, [3, 4], torch.float32)
    e = u(-2, 2, [3, 4], torch.float32)
    out.append(case("float_power", {}, [b, e]))
    out.append(case("float_power", {}, [b, e.double()]))
    out.append(case("float_power", {}, [t([2, 3, 0, -2], torch.int64), t([-1, 2, 0, 3], torch.int64)]))
    out.append(case("float_power", {}, [t([2, 3], torch.int32), u(-2, 2, [2], torch.float32)]))
    out.append(case("float_power", {}, [u(0.5, 2, [3, 1], torch.float32), t([1, 2], torch.uint8)]))
    out.append(case("float_power", {}, [t([True, False], torch.bool), t([2.5], torch.float32)]))
    for s in (2, 2.0, 0.5, -1, 3, -0.5, 0, 1.7):
        out.append(case("float_power_scalar", {"s": s}, [b]))
    out.append(case("float_power_scalar", {"s": 2}, [t([1, -2, 3], torch.int64)]))
    out.append(case("float_power_scalar", {"s": 2}, [t([True, False], torch.bool)]))
    for s in (2.0, 0.5, 0.0, 3, -2.0):
        out.append(case("float_power_scalar_first", {"s": s}, [t([-1.0, 0.0, 0.5, 2.0, -0.0, NAN], torch.float32)]))
    out.append(case("float_power_scalar_first", {"s": 2}, [t([1, -2, 3], torch.int64)]))
    out.append(case("float_power_", {}, [u(0.5, 2, [3]), u(-2, 2, [3], torch.float32)], grad=[False, False]))
    out.append(case("float_power__scalar", {"s": 2}, [u(0.5, 2, [3])], grad=[False]))
    out.append(case("float_power_", {}, [u(0.5, 2, [3], torch.float32), u(-2, 2, [3])]))   # error: Float base
    out.append(case("float_power__scalar", {"s": 2}, [t([1, 2], torch.int64)]))   # error: Long base
    return out


def frexp_and_tests():
    out = []
    specials = [1.0, -2.5, 0.0, -0.0, INF, -INF, NAN, 0.75, 1e-40, 3e38, -1e-45, 1024.0, 0.1]
    for dtype, dt in FLOATS.items():
        out.append(case("frexp", {}, [t(specials, dt)]))
        out.append(case("frexp", {}, [u(-100, 100, [3, 4], dt)]))
        out.append(case("frexp", {}, [u(-100, 100, [4, 3], dt).t()]))
        out.append(case("frexp", {}, [u(-1, 1, [], dt)]))
    out.append(case("frexp", {}, [t([5e-324, 2.2250738585072014e-308, 1e-310, 1.7976931348623157e308, -1e300], torch.float64)]))
    out.append(case("frexp", {}, [t([1, 2], torch.int64)]))   # error
    for name in ("isneginf", "isposinf", "isreal"):
        out.append(case(name, {}, [t([1.0, -INF, INF, NAN, -0.0], torch.float32)]))
        out.append(case(name, {}, [t([[1.0, -INF], [INF, NAN]], torch.float64)]))
        out.append(case(name, {}, [t([1, -2], torch.int64)]))
        out.append(case(name, {}, [t([3, 255], torch.uint8)]))
        out.append(case(name, {}, [t([True, False], torch.bool)]))
        out.append(case(name, {}, [t([], torch.float32)]))
    return out


def isin_cases():
    out = []
    e = t([[1, 2, 3], [4, 5, 2]], torch.int64)
    for unique in (False, True):
        for invert in (False, True):
            args = {"assume_unique": unique, "invert": invert}
            out.append(case("isin", args, [e, t([2, 3, 9], torch.int64)]))
            out.append(case("isin", args, [u(-2, 2, [4, 5]).round(), t([0.0, 1.0, -2.0], torch.float64)]))
    args = {"assume_unique": False, "invert": False}
    out.append(case("isin", args, [t([NAN, 0.0, -0.0, 1.0, INF], torch.float32), t([NAN, 0.0, INF], torch.float32)]))
    out.append(case("isin", args, [t([16777217, 3], torch.int64), t([16777216.0], torch.float32)]))
    out.append(case("isin", args, [t([0.1, 0.2], torch.float64), t([0.1], torch.float32)]))
    out.append(case("isin", args, [t([1, 2], torch.int32), t(2 ** 32 + 2, torch.int64)]))   # 0-d: stays int32
    out.append(case("isin", args, [t(3, torch.int64), t([3, 4], torch.int64)]))
    out.append(case("isin", args, [t([[3]], torch.int64), t(3, torch.int64)]))
    out.append(case("isin", args, [t([1, 2, 200], torch.uint8), t([-56, 2], torch.int64)]))
    out.append(case("isin", args, [t([1, 1, 2], torch.int64), t([1, 1], torch.int64)]))
    out.append(case("isin", {"assume_unique": True, "invert": False}, [t([1, 1, 2], torch.int64), t([1, 1], torch.int64)]))
    out.append(case("isin", args, [torch.zeros(0, 3), t([1.0], torch.float32)]))
    out.append(case("isin", args, [t([1.0, 2.0], torch.float32), torch.zeros(0)]))
    out.append(case("isin", args, [torch.tensor(rng.integers(0, 50, [40])), torch.tensor(rng.integers(0, 50, [30]))]))
    out.append(case("isin", args, [t([True, False], torch.bool), t([1.0], torch.float32)]))   # error
    out.append(case("isin", args, [t([1.0, 2.0], torch.float32), t([True], torch.bool)]))   # error
    for s, inv in ((2, False), (2, True), (2.0, False), (258, False), (0.1, False), (16777216.0, False)):
        out.append(case("isin_scalar", {"s": s, "invert": inv}, [t([1, 2, 16777217], torch.int64)]))
        out.append(case("isin_scalar", {"s": s, "invert": inv}, [t([0.1, 2.0], torch.float32)]))
        out.append(case("isin_scalar", {"s": s, "invert": inv}, [t([1, 2], torch.uint8)]))
    for s, inv in ((2, False), (2, True), (2.5, False), (0.1, False), (16777217, False)):
        out.append(case("isin_scalar_first", {"s": s, "invert": inv}, [t([1, 2, 16777216], torch.int64)]))
        out.append(case("isin_scalar_first", {"s": s, "invert": inv}, [t([0.1, 2.0, 16777216.0], torch.float32)]))
        out.append(case("isin_scalar_first", {"s": s, "invert": inv}, [t([0.1, 2.5], torch.float64)]))
    out.append(case("isin_scalar", {"s": 1, "invert": False}, [t([True], torch.bool)]))   # error
    out.append(case("isin_scalar_first", {"s": 1, "invert": False}, [t([True], torch.bool)]))   # error
    return out


def aliases():
    out = []
    for dtype, dt in FLOATS.items():
        x = u(-0.9, 0.9, [3, 4], dt)
        y = u(-2, 2, [3, 4], dt)
        p = u(0.5, 2, [3, 4], dt)
        for name in ("absolute", "arccos", "arcsin", "arctan", "arcsinh", "arctanh", "negative", "positive", "fix"):
            out.append(case(name, {}, [x]))
        out.append(case("fix", {}, [u(-5, 5, [6], dt)]))
        out.append(case("arccosh", {}, [u(1.2, 3, [3, 4], dt)]))
        out.append(case("arctan2", {}, [x, y]))
        out.append(case("clip", {"min": -0.5, "max": 0.25}, [x]))
        out.append(case("clip", {"min": -0.5, "max": None}, [x]))
        out.append(case("clip", {"min": None, "max": 0.25}, [x]))
        out.append(case("clip_tensor", {}, [x, u(-0.5, 0, [4], dt), u(0, 0.5, [3, 1], dt)]))
        for mode in (None, "trunc", "floor"):
            out.append(case("divide", {"rounding_mode": mode}, [y, p]))
            out.append(case("divide_scalar", {"s": 0.75, "rounding_mode": mode}, [y]))
        out.append(case("true_divide", {}, [y, p]))
        out.append(case("true_divide_scalar", {"s": 3}, [y]))
        out.append(case("multiply", {}, [x, y]))
        out.append(case("multiply_scalar", {"s": -1.5}, [x]))
        out.append(case("subtract", {}, [x, y]))
        out.append(case("subtract", {"alpha": 2.5}, [x, y]))
        out.append(case("subtract_scalar", {"s": 0.5}, [x]))
        for name in ("greater", "greater_equal", "less", "less_equal", "not_equal"):
            out.append(case(name, {}, [x, x.where(x > 0, y)]))
            out.append(case(name + "_scalar", {"s": 0.25}, [x]))
    ints = t([[5, -7, 0], [3, 8, -2]], torch.int64)
    ints2 = t([2, 3, -3], torch.int64)
    out.append(case("absolute", {}, [ints]))
    out.append(case("negative", {}, [ints]))
    out.append(case("fix", {}, [ints]))
    out.append(case("positive", {}, [ints]))
    out.append(case("positive", {}, [t([True], torch.bool)]))   # error
    out.append(case("negative", {}, [t([True], torch.bool)]))   # error
    out.append(case("arctan2", {}, [ints, ints2]))
    out.append(case("clip", {"min": -1, "max": 4}, [ints]))
    for mode in (None, "trunc", "floor"):
        out.append(case("divide", {"rounding_mode": mode}, [ints, ints2]))
        out.append(case("divide_scalar", {"s": 2, "rounding_mode": mode}, [ints]))
    out.append(case("true_divide", {}, [ints, ints2]))
    out.append(case("multiply", {}, [ints, ints2]))
    out.append(case("multiply_scalar", {"s": 3}, [ints]))
    out.append(case("subtract", {"alpha": 2}, [ints, ints2]))
    out.append(case("subtract_scalar", {"s": 4}, [ints]))
    out.append(case("greater", {}, [ints, ints2]))
    out.append(case("not_equal_scalar", {"s": 3}, [ints]))
    return out


def inplace_forms():
    """The in-place forms (aliases' and the op table's binary ops that lacked them), on non-leaf copies."""
    out = []
    for dtype, dt in FLOATS.items():
        x = u(-0.9, 0.9, [3, 4], dt)
        y = u(-2, 2, [3, 4], dt)
        p = u(0.5, 2, [4], dt)
        for name in ("absolute_", "arccos_", "arcsin_", "arctan_", "arcsinh_", "arctanh_", "negative_", "fix_"):
            out.append(case(name, {}, [x]))
        out.append(case("arccosh_", {}, [u(1.2, 3, [3, 4], dt)]))
        out.append(case("arctan2_", {}, [x, y]))
        out.append(case("clip_", {"min": -0.5, "max": 0.25}, [x]))
        out.append(case("divide_", {}, [y, p]))
        out.append(case("divide__mode", {"rounding_mode": "floor"}, [y, p]))
        out.append(case("divide__mode", {"rounding_mode": "trunc"}, [y, p], grad=[False, False]))
        out.append(case("divide__scalar", {"s": 0.75}, [y]))
        out.append(case("true_divide_", {}, [y, p]))
        out.append(case("true_divide__scalar", {"s": 4.0}, [y]))
        out.append(case("multiply_", {}, [x, y]))
        out.append(case("multiply__scalar", {"s": -2.0}, [x]))
        out.append(case("subtract_", {}, [x, y]))
        out.append(case("subtract__alpha", {"alpha": -1.5}, [x, y]))
        out.append(case("subtract__scalar", {"s": 0.5}, [x]))
        for name in ("greater", "greater_equal", "less", "less_equal", "not_equal"):
            out.append(case(name + "_", {}, [x, x.where(x > 0, y)], grad=[False, False]))
            out.append(case(name + "__scalar", {"s": 0.25}, [x], grad=[False]))
        out.append(case("hypot_", {}, [x, y]))
        out.append(case("copysign_", {}, [x, y]))
        out.append(case("copysign__scalar", {"s": -1.0}, [x]))
        out.append(case("xlogy_", {}, [y, p]))
        out.append(case("xlogy__scalar", {"s": 2.5}, [y]))
        out.append(case("heaviside_", {}, [t([-1.0, 0.0, 2.0, -0.0], dt), t([0.5], dt)], grad=[False, False]))
    ints = t([[5, -7, 0], [3, 8, -2]], torch.int64)
    out.append(case("absolute_", {}, [ints]))
    out.append(case("greater_", {}, [ints, t([2, 3, -3], torch.int64)]))
    out.append(case("divide__mode", {"rounding_mode": "floor"}, [ints, t([2, 3, -3], torch.int64)]))
    out.append(case("divide_", {}, [ints, t([2, 3, -3], torch.int64)]))   # error: Float into Long
    out.append(case("copysign_", {}, [ints, t([2, 3, -3], torch.int64)]))   # error: Float into Long
    out.append(case("heaviside_", {}, [t([-1, 0, 2], torch.int64), t([7], torch.int64)]))
    return out


def main():
    cases = integer_ops() + table_dtypes() + composites() + frexp_and_tests() + isin_cases() + aliases() + inplace_forms()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "note": "backward of (out * w).sum()", "cases": cases}, f,
                  separators=(",", ":"))
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
