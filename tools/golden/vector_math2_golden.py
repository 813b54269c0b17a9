"""Golden values for PyTorch 1.13's CPU transcendental kernels that call SLEEF's 1-ulp AVX2 functions (topic sleef2).

Debian's torch.sin, cos, tan, asin, acos, atan, log2, log10, log1p and expm1 evaluate every element, the tail too,
with Sleef_*f8_u10 / Sleef_*d4_u10; sinh, cosh, atan2 and pow (tensor ** tensor, and tensor ** number without a
shortcut) do so on their vectorised part (the last n % 16 floats / n % 8 doubles take glibc's, so every length
here is a multiple of 16). A vector kernel of sin/cos/tan picks its argument reduction for a whole vector of 8
floats or 4 doubles (Cody-Waite below 125 / 15, Payne-Hanek above), so each input tensor keeps its aligned groups
on one side of those thresholds: small, middle and huge values and NaN/inf each form a tensor of their own.
Gradients are recorded on the main range of each op. Inputs and outputs are float.hex strings;
VectorMathConformance replays them and wants the bits on the CPU. Run with the reference BLAS (the preamble
re-executes itself):

    /usr/bin/python3 tools/golden/vector_math2_golden.py   (writes core/src/test/resources/golden/vector_math2.json.gz)
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

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   "core", "src", "test", "resources", "golden", "vector_math2.json.gz")
NAMES = {torch.float32: "float32", torch.float64: "float64"}


def hexes(t):
    return [float(v).hex() if v == v and abs(v) != float("inf") else ("nan" if v != v else ("inf" if v > 0 else "-inf"))
            for v in t.detach().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "data": hexes(t)}


def pad16(values, fill):
    values = list(values)
    while len(values) % 16:
        values.append(fill)
    return values


g = torch.Generator().manual_seed(20261203)


def uniform(n, lo, hi):
    return torch.rand(n, generator=g, dtype=torch.float64) * (hi - lo) + lo


def log_uniform(n, lo, hi):   # magnitudes 10^lo .. 10^hi, random signs
    sign = torch.where(torch.rand(n, generator=g, dtype=torch.float64) < 0.5, -1.0, 1.0)
    return sign * torch.pow(10.0, uniform(n, lo, hi))


def trig_inputs(dtype):
    """Named input tensors for sin and cos, each homogeneous in SLEEF's choice of reduction per vector."""
    f32 = dtype == torch.float32
    small_max = 124.9 if f32 else 14.9
    mid_lo, mid_hi = (125.0, 3.0e38) if f32 else (15.0, 9.9e13)
    huge_lo = 1e14
    tiny = [0.0, -0.0, 1e-45 if f32 else 5e-324, -1e-40 if f32 else -1e-310, 1e-30, -1e-20, 1e-8, 0.5, -0.75,
            1.5707963267948966, 3.141592653589793, -3.141592653589793, 6.283185307179586, 10.0]
    cases = {
        "small": uniform(2048, -small_max, small_max),
        "unit": uniform(512, -1.0, 1.0),
        "tiny": torch.tensor(pad16(tiny, 0.25), dtype=torch.float64),
        "middle": torch.cat([uniform(512, mid_lo, 1000.0), -uniform(256, mid_lo, 1000.0),
                             log_uniform(768, 2.2, 9.0 if f32 else 13.9).abs().clamp(min=mid_lo) *
                             torch.where(torch.rand(768, generator=g, dtype=torch.float64) < 0.5, -1.0, 1.0)]),
        "huge": torch.cat([log_uniform(1024, 14.1, 38.5 if f32 else 308.2)]),
        "special": torch.tensor(pad16([float("nan"), float("inf"), float("-inf"), 3.4028234663852886e38, -1e38,
                                        1.7976931348623157e308 if not f32 else 2e38, 1e22, 1e15], 1e20),
                                dtype=torch.float64),
    }
    if f32:
        cases["middle"] = cases["middle"].clamp(-3.0e38, 3.0e38)
        cases["huge"] = cases["huge"].clamp(-3.0e38, 3.0e38)
    return {k: v.to(dtype) for k, v in cases.items()}


def specials(dtype, extra):
    f32 = dtype == torch.float32
    v = [0.0, -0.0, float("inf"), float("-inf"), float("nan"), 1e-45 if f32 else 5e-324, 1e-40 if f32 else 1e-310,
         -1e-30, 1e-20, 1.0, -1.0, 0.5, -0.5, 2.0, 3.4e38 if f32 else 1.7e308, -3.4e38 if f32 else -1.7e308] + extra
    return torch.tensor(pad16(v, 0.25), dtype=torch.float64)


def top(dtype):   # the largest decimal exponent of the dtype
    return 38.5 if dtype == torch.float32 else 308.2


def log1p_inputs(dtype):
    return {k: v.to(dtype) for k, v in {
        "positive": uniform(1024, -0.999, 10.0),
        "tiny": log_uniform(512, -30.0, -1.0),
        "wide": torch.pow(10.0, uniform(512, 0.0, top(dtype))),
        "special": specials(dtype, [-1.0, -2.0, -0.9999999, 1e30, 7.0]),
    }.items()}


def expm1_inputs(dtype):
    hi = 89.0 if dtype == torch.float32 else 710.0
    return {k: v.to(dtype) for k, v in {
        "positive": uniform(1024, -20.0, 20.0),
        "tiny": log_uniform(512, -30.0, -1.0),
        "wide": uniform(512, -hi * 1.2, hi * 1.05),
        "special": specials(dtype, [88.7, 88.8, -103.0, -104.5, 709.7, 709.8, -745.0, 1e-8, -17.0]),
    }.items()}


def log_inputs(dtype):
    return {k: v.to(dtype) for k, v in {
        "positive": uniform(1024, 0.0, 10.0),
        "wide": torch.pow(10.0, uniform(1024, -top(dtype) + 1, top(dtype))),
        "special": specials(dtype, [-5.0, 8.0, 1024.0, 1e-300, 10.0, 1000.0, 0.1]),
    }.items()}


def atan_inputs(dtype):
    return {k: v.to(dtype) for k, v in {
        "positive": uniform(1024, -10.0, 10.0),
        "tiny": log_uniform(512, -30.0, 0.0),
        "wide": log_uniform(512, 0.0, top(dtype)),
        "special": specials(dtype, [1e10, -1e20]),
    }.items()}


def unit_inputs(dtype):
    near_one = 1.0 - torch.pow(10.0, uniform(256, -15.0 if dtype == torch.float64 else -7.0, -1.0))
    return {k: v.to(dtype) for k, v in {
        "positive": uniform(1024, -1.0, 1.0),
        "tiny": log_uniform(512, -30.0, 0.0),
        "edge": torch.cat([near_one, -near_one]),
        "special": specials(dtype, [0.49999, 0.5, -0.5000001, 1.0000001, 0.999]),
    }.items()}


OPS = [("sin", torch.sin, trig_inputs), ("cos", torch.cos, trig_inputs), ("tan", torch.tan, trig_inputs),
       ("log1p", torch.log1p, log1p_inputs), ("expm1", torch.expm1, expm1_inputs),
       ("log2", torch.log2, log_inputs), ("log10", torch.log10, log_inputs), ("atan", torch.atan, atan_inputs),
       ("sinh", torch.sinh, expm1_inputs), ("cosh", torch.cosh, expm1_inputs),
       ("asin", torch.asin, unit_inputs), ("acos", torch.acos, unit_inputs)]
GRADIENT_RANGES = ("small", "positive")


def pow_inputs(dtype):
    """(base, exponent) pairs for tensor ** tensor: positive bases, negative bases with integer exponents, C99's
    special cases (0, -0, 1, -1, inf, nan in both places), overflow and underflow."""
    n = 1024
    specials = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, float("inf"), float("-inf"), float("nan"), 1e-40, 3.0]
    sb, se = zip(*[(a, b) for a in specials for b in specials])
    cases = {
        "positive": (uniform(n, 0.0, 10.0), uniform(n, -8.0, 8.0)),
        "wide": (torch.pow(10.0, uniform(n, -30.0, 30.0)), uniform(n, -12.0, 12.0)),
        "integer": (uniform(n, -6.0, 6.0), torch.randint(-12, 13, (n,), generator=g).double()),
        "negative": (-uniform(n, 0.0, 4.0), uniform(n, -3.0, 3.0)),   # NaN but for integer exponents
        "special": (torch.tensor(pad16(sb, 1.0), dtype=torch.float64), torch.tensor(pad16(se, 1.0), dtype=torch.float64)),
    }
    return {k: (b.to(dtype), e.to(dtype)) for k, (b, e) in cases.items()}


def atan2_inputs(dtype):
    """(y, x) pairs for atan2: all four quadrants over several magnitudes, tiny abscissas, zeros and infinities."""
    n = 1024
    specials = [0.0, -0.0, 1.0, -1.0, float("inf"), float("-inf"), float("nan"), 1e-40, -3.0, 1e30]
    sy, sx = zip(*[(a, b) for a in specials for b in specials])
    cases = {
        "positive": (uniform(n, -10.0, 10.0), uniform(n, -10.0, 10.0)),
        "wide": (log_uniform(n, -30.0, 30.0), log_uniform(n, -30.0, 30.0)),
        "special": (torch.tensor(pad16(sy, 1.0), dtype=torch.float64), torch.tensor(pad16(sx, 1.0), dtype=torch.float64)),
    }
    return {k: (a.to(dtype), b.to(dtype)) for k, (a, b) in cases.items()}


POW_SCALARS = [2.5, -1.5, 1.0 / 3.0, 7.0, -3.7, 0.25, 1e-3]

elementwise, binary = [], []
for dtype in (torch.float32, torch.float64):
    for name, fn, inputs in OPS:
        for label, x in inputs(dtype).items():
            assert x.numel() % 16 == 0, (name, label)
            case = {"op": name, "dtype": NAMES[dtype], "range": label, "x": enc(x), "y": enc(fn(x))}
            if label in GRADIENT_RANGES:   # the gradient: sin's is g * cos(x), cos's is g * -sin(x)
                xg = x.clone().requires_grad_()
                up = torch.randn(x.shape, generator=g, dtype=torch.float64).to(dtype)
                case["up"] = enc(up)
                case["gx"] = enc(torch.autograd.grad(fn(xg), xg, up)[0])
            elementwise.append(case)
    for label, (b, e) in pow_inputs(dtype).items():
        assert b.numel() % 16 == 0, label
        binary.append({"op": "pow", "dtype": NAMES[dtype], "range": label, "x": enc(b), "other": enc(e),
                       "y": enc(torch.pow(b, e))})
    for label, (a, b) in atan2_inputs(dtype).items():   # cpu_kernel_vec: SLEEF on lengths that are multiples of 16
        assert a.numel() % 16 == 0, label
        case = {"op": "atan2", "dtype": NAMES[dtype], "range": label, "x": enc(a), "other": enc(b),
                "y": enc(torch.atan2(a, b))}
        if label == "positive":
            ag, bg = a.clone().requires_grad_(), b.clone().requires_grad_()
            up = torch.randn(a.shape, generator=g, dtype=torch.float64).to(dtype)
            ga, gb = torch.autograd.grad(torch.atan2(ag, bg), (ag, bg), up)
            case.update({"up": enc(up), "gx": enc(ga), "gother": enc(gb)})
        binary.append(case)
    base = uniform(1024, 0.0, 10.0).to(dtype)
    for s in POW_SCALARS:   # tensor ** number: SLEEF unless a shortcut (2, 3, -2, 0.5, -0.5, -1) applies
        xg = base.clone().requires_grad_()
        up = torch.randn(base.shape, generator=g, dtype=torch.float64).to(dtype)
        binary.append({"op": "pow", "dtype": NAMES[dtype], "range": "scalar", "x": enc(base), "scalar": s,
                       "y": enc(torch.pow(base, s)), "up": enc(up),
                       "gx": enc(torch.autograd.grad(torch.pow(xg, s), xg, up)[0])})

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with gzip.open(OUT, "wt") as f:
    json.dump({"torch": torch.__version__, "elementwise": elementwise, "binary": binary}, f)
print("wrote", OUT, len(elementwise) + len(binary), "cases,",
      sum(len(c["x"]["data"]) for c in elementwise + binary), "values")
