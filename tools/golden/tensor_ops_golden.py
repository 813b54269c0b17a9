#!/usr/bin/python3
"""Golden cases for grad4j's tensor ops beyond the elementwise op table, from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/tensor_ops_golden.py

Writes core/src/test/resources/golden/tensor_ops.json, read by TensorOpsConformance: each case names an op
and its arguments (as the Java suite's switch spells them), the inputs, PyTorch's output (or the error it
raised), the gradient of (out * w).sum() for each floating input, and grad_fn's name. Values are float.hex.
To add an op: a generator below, a case in TensorOpsConformance.apply, and a run of this script.
"""
import json
import os

import numpy as np
import torch

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "tensor_ops.json")
DTYPES = {"float32": torch.float32, "float64": torch.float64}
rng = np.random.default_rng(7)


def use_rng(generator):
    """Makes sample() (and so case()'s weights) draw from generator; returns the one it replaces.

    For the scripts that import these helpers (reduce_math, loss and indexing goldens): each keeps its own seeds."""
    global rng
    old, rng = rng, generator
    return old


def hexs(t):
    return [float(v).hex() for v in t.detach().double().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": hexs(t)}


def sample(shape, dtype=torch.float64, lo=-3.0, hi=3.0):
    n = int(np.prod(shape)) if len(shape) else 1
    return torch.tensor(rng.uniform(lo, hi, n).reshape(shape), dtype=torch.float64).to(dtype)


def ints(shape, lo=-4, hi=5):
    n = int(np.prod(shape)) if len(shape) else 1
    return torch.tensor(rng.integers(lo, hi, n).reshape(shape), dtype=torch.int64)


def case(op, args, inputs, fn, transpose=False):
    """inputs: tensors; floating ones become leaves requiring grad. transpose: pass x.t() instead of x."""
    leaves = [x.clone().requires_grad_(x.is_floating_point()) for x in inputs]
    xs = [x.t() if transpose and x.dim() == 2 else x for x in leaves]
    c = {"op": op, "args": args, "transpose": transpose, "inputs": [enc(x) for x in leaves]}
    try:
        out = fn(*xs)
    except Exception as e:  # PyTorch refuses: grad4j must refuse too
        c["error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
        return c
    c["out"] = enc(out)
    if out.requires_grad:
        backward(c, out, leaves)
    return c


def backward(c, out, leaves, encode=enc):
    """Records in case c the weights w, grad_fn's name and each leaf's gradient of (out * w).sum()."""
    w = sample(list(out.shape), out.dtype)
    (out * w).sum().backward()
    c["w"] = encode(w)
    c["grad_fn"] = out.grad_fn.name()
    c["grads"] = [encode(x.grad) if x is not None and x.grad is not None else None for x in leaves]


def softmax_cases(dt):
    for op, fn in (("softmax", torch.softmax), ("log_softmax", torch.log_softmax)):
        for shape, dim in (([4, 7], 1), ([4, 7], 0), ([4, 7], -1), ([2, 3, 5], 1), ([2, 3, 5], -3), ([6], 0), ([], 0),
                           ([0, 3], 1), ([3, 1], 1)):
            yield case(op, {"dim": dim}, [sample(shape, dt)], (lambda f, d: lambda x: f(x, d))(fn, dim))
        yield case(op, {"dim": 1}, [sample([5, 4], dt)], (lambda f: lambda x: f(x, 1))(fn), transpose=True)
        big = torch.tensor([[1000.0, 1001.0, 999.0], [-1000.0, -1001.0, -999.0], [0.0, float("-inf"), 1.0]], dtype=dt)
        yield case(op, {"dim": 1}, [big], (lambda f: lambda x: f(x, 1))(fn))
        yield case(op, {"dim": 2}, [sample([2, 3], dt)], (lambda f: lambda x: f(x, 2))(fn))


def logsumexp_cases(dt):
    for shape, dims, keep in (([4, 7], [1], False), ([4, 7], [0], True), ([2, 3, 5], [0, 2], False),
                              ([2, 3, 5], [-1], True), ([6], [0], False), ([0, 3], [1], False), ([0, 3], [0], False)):
        yield case("logsumexp", {"dims": dims, "keepdim": keep}, [sample(shape, dt)],
                   (lambda d, k: lambda x: torch.logsumexp(x, d, k))(dims, keep))
    inf = torch.tensor([[float("-inf"), float("-inf")], [float("inf"), 1.0], [1000.0, 1000.0]], dtype=dt)
    yield case("logsumexp", {"dims": [1], "keepdim": False}, [inf], lambda x: torch.logsumexp(x, [1], False))


def div_mode_cases(dt):
    """torch.div with rounding_mode: floating quotients (integer ones are in int_semantics_golden.py). Not here:
    quotients past the float64 range (1e300 / 1e-300), where PyTorch's vectorised fmod (Sleef) gives NaN and its
    scalar loop infinity, depending on the element's position."""
    nan, inf = float("nan"), float("inf")
    a = torch.tensor([[7.5, -7.5, 7.5, -7.5, 3.0, -3.0, 0.0, -0.0, 1.0, -1.0],
                      [inf, -inf, nan, 5.0, 1e300, -1e-300, 6.0, -6.0, 2.0, 0.1]], dtype=dt)
    b = torch.tensor([[2.0, 2.0, -2.0, -2.0, 0.0, -0.0, 0.0, 3.0, 3.0, 0.1],
                      [2.0, 3.0, 1.0, nan, 3.0, 1e300, -inf, inf, 0.5, 0.3]], dtype=dt)
    for mode in ("trunc", "floor"):
        yield case("div_mode", {"mode": mode}, [a, b], (lambda m: lambda a, b: torch.div(a, b, rounding_mode=m))(mode))
        yield case("div_mode", {"mode": mode}, [sample([4, 5], dt, -9, 9), sample([5], dt)],
                   (lambda m: lambda a, b: torch.div(a, b, rounding_mode=m))(mode))
        for v in (2.5, -0.3, 0.0):
            yield case("div_mode_scalar", {"mode": mode, "value": v}, [a],
                       (lambda m, v: lambda a: torch.div(a, v, rounding_mode=m))(mode, v))
    yield case("div_mode", {"mode": "round"}, [a, b], lambda a, b: torch.div(a, b, rounding_mode="round"))


def conv_pool_cases(dt):
    """conv2d, max_pool2d, avg_pool2d (grad4j sums in another order: compared within rounding)."""
    F = torch.nn.functional

    def conv(args, shapes):
        inputs = [sample(s, dt) for s in shapes]
        return case("conv2d", args, inputs, lambda x, w, b=None: F.conv2d(
            x, w, b, args["stride"], args["padding"], args["dilation"], args["groups"]))

    base = {"stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "groups": 1}
    yield conv(base, [[2, 3, 7, 6], [4, 3, 3, 2], [4]])
    yield conv(dict(base, stride=[2, 2], padding=[1, 1]), [[2, 3, 7, 6], [4, 3, 3, 3], [4]])
    yield conv(dict(base, stride=[1, 2], padding=[2, 1], dilation=[2, 1]), [[1, 2, 6, 7], [3, 2, 3, 2], [3]])
    yield conv(dict(base, groups=3), [[1, 6, 5, 5], [6, 2, 3, 3], [6]])
    yield conv(dict(base, groups=2, stride=[2, 1]), [[2, 4, 5, 4], [2, 2, 2, 2]])
    yield conv(base, [[3, 5, 5], [2, 3, 3, 3], [2]])
    yield conv(base, [[1, 1, 1, 1], [1, 1, 1, 1], [1]])
    for pad, dil, k in (("same", [1, 1], [3, 3]), ("same", [1, 1], [4, 3]), ("same", [2, 1], [2, 4]),
                        ("valid", [1, 1], [3, 2])):
        yield conv(dict(base, padding=pad, dilation=dil), [[2, 2, 5, 6], [3, 2] + k, [3]])
    yield conv(dict(base, padding="same", stride=[2, 2]), [[1, 2, 5, 5], [3, 2, 3, 3], [3]])
    yield conv(dict(base, padding="full"), [[1, 2, 5, 5], [3, 2, 3, 3], [3]])
    yield conv(base, [[2, 2, 5, 5], [4, 3, 3, 3], [4]])                    # channels do not match
    yield conv(base, [[1, 3, 2, 2], [4, 3, 3, 3], [4]])                    # kernel larger than the input
    yield conv(base, [[3, 5], [2, 3, 3, 3], [2]])                          # 2-D input
    yield conv(base, [[1, 3, 5, 5], [4, 3, 3, 3], [3]])                    # bias of the wrong size
    for op, fn in (("max_pool2d", F.max_pool2d), ("avg_pool2d", F.avg_pool2d)):
        for args, shape in (({"kernel": [2, 2], "stride": [2, 2], "padding": [0, 0]}, [2, 3, 7, 6]),
                            ({"kernel": [3, 3], "stride": [2, 2], "padding": [1, 1]}, [2, 2, 7, 7]),
                            ({"kernel": [3, 2], "stride": [1, 2], "padding": [1, 0]}, [3, 6, 5]),
                            ({"kernel": [5, 5], "stride": [1, 1], "padding": [3, 3]}, [1, 1, 6, 6])):
            yield case(op, args, [sample(shape, dt)],
                       (lambda f, a: lambda x: f(x, a["kernel"], a["stride"], a["padding"]))(fn, args))
    for size, shape in (([2, 3], [2, 3, 7, 6]), ([1, 1], [2, 3, 7, 6]), ([4, 4], [1, 2, 5, 9]), ([8, 9], [3, 6, 6]),
                        ([3, 1], [2, 2, 4, 4])):
        yield case("adaptive_avg_pool2d", {"size": size}, [sample(shape, dt)],
                   (lambda s: lambda x: F.adaptive_avg_pool2d(x, s))(size))
    yield case("adaptive_avg_pool2d", {"size": [1, 1]}, [sample([3, 4], dt)], lambda x: F.adaptive_avg_pool2d(x, 1))
    ties = torch.round(sample([2, 2, 6, 6], dt))   # ties: the gradient goes to each window's first maximum
    yield case("max_pool2d", {"kernel": [3, 3], "stride": [1, 1], "padding": [1, 1]}, [ties],
               lambda x: F.max_pool2d(x, 3, 1, 1))


def alpha_cases(dt):
    """torch.add/sub with alpha: PyTorch's CPU kernel rounds once (fma), so out-of-place results are bit-exact only
    that way. Integer operands take an integral alpha (a fractional one is refused). Its own seed: the cases above
    keep their values. Not here: an `other` broadcast along the innermost dimension (a 0-d other, or [4, 5] + [5]
    laid out column-major), where the tail of PyTorch's vectorised loop rounds twice (see ScaledAdd)."""
    old = use_rng(np.random.default_rng(71 if dt == torch.float32 else 72))
    for op, fn in (("add_alpha", torch.add), ("sub_alpha", torch.sub)):
        for alpha in (0.1, -2.5, 1.0 / 3.0):
            yield case(op, {"alpha": alpha}, [sample([64], dt), sample([64], dt)],
                       (lambda f, a: lambda x, y: f(x, y, alpha=a))(fn, alpha))
        yield case(op, {"alpha": 0.3}, [sample([4, 5], dt), sample([5], dt)], (lambda f: lambda x, y: f(x, y, alpha=0.3))(fn))
        yield case(op, {"alpha": 0.3}, [sample([5, 4], dt), sample([5, 4], dt)], (lambda f: lambda x, y: f(x, y, alpha=0.3))(fn),
                   transpose=True)
        other = torch.float64 if dt == torch.float32 else torch.float32
        yield case(op, {"alpha": 0.7}, [sample([6], dt), sample([6], other)], (lambda f: lambda x, y: f(x, y, alpha=0.7))(fn))
        yield case(op, {"alpha": 0.7}, [sample([], torch.float64), sample([6], dt)],
                   (lambda f: lambda x, y: f(x, y, alpha=0.7))(fn))
        yield case(op, {"alpha": 0.7}, [sample([6], dt), ints([6])], (lambda f: lambda x, y: f(x, y, alpha=0.7))(fn))
        yield case(op, {"alpha": 3}, [ints([6]), ints([6])], (lambda f: lambda x, y: f(x, y, alpha=3))(fn))
        yield case(op, {"alpha": 0.5}, [ints([6]), ints([6])], (lambda f: lambda x, y: f(x, y, alpha=0.5))(fn))
        yield case(op, {"alpha": 2}, [ints([3]), sample([3], dt)], (lambda f: lambda x, y: f(x, y, alpha=2))(fn))
        yield case(op, {"alpha": 0.3}, [sample([3], dt), sample([2], dt)], (lambda f: lambda x, y: f(x, y, alpha=0.3))(fn))
        bools = torch.tensor([True, False, True, False]), torch.tensor([True, True, False, False])
        yield case(op, {"alpha": 2}, list(bools), (lambda f: lambda x, y: f(x, y, alpha=2))(fn))
        yield case(op, {"alpha": 0}, list(bools), (lambda f: lambda x, y: f(x, y, alpha=0))(fn))
        yield case(op, {"alpha": 3}, [ints([4]), bools[0]], (lambda f: lambda x, y: f(x, y, alpha=3))(fn))
    other = torch.float64 if dt == torch.float32 else torch.float32
    for alpha, shapes, dts in ((0.1, ([64], [64]), (dt, dt)), (0.3, ([64], [64]), (dt, other)),
                               (-1.7, ([4, 5], [5]), (dt, dt)), (0.3, ([3], [2]), (dt, dt))):
        yield case("add_alpha_inplace", {"alpha": alpha}, [sample(shapes[0], dts[0]), sample(shapes[1], dts[1])],
                   (lambda a: lambda x, y: x.mul(1).add_(y, alpha=a))(alpha))
    use_rng(old)


GENERATORS = [softmax_cases, logsumexp_cases, div_mode_cases, conv_pool_cases, alpha_cases]


def collect(generators):
    """Every generator's cases for float32, then for float64, each tagged with its dtype."""
    cases = []
    for dtype, dt in DTYPES.items():
        for gen in generators:
            for c in gen(dt):
                c["dtype"] = dtype
                cases.append(c)
    return cases


def write(path, cases, **extra):
    """The golden file: torch's version, the note, the cases, then extra's entries in order."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "note": "backward of (out * w).sum()", "cases": cases, **extra}, f,
                  separators=(",", ":"))
    print("wrote", path, len(cases), "cases")


def main():
    write(OUT, collect(GENERATORS))


if __name__ == "__main__":
    main()
