#!/usr/bin/python3
"""Differential fuzzing of grad4j's tensor ops against PyTorch 1.13 (CPU): a seeded generator of random, small cases.

    /usr/bin/python3 tools/golden/fuzz_ops_golden.py

Writes core/src/test/resources/golden/fuzz_ops.json.gz, replayed by FuzzOpsConformance. Each case draws an op from
OPS (elementwise unary/binary with broadcasting, type promotion over float32/float64/int64/bool and Python scalars,
in-place forms, comparisons and logical ops, reductions, shape and view ops, joining, indexing, sorting, clamp/lerp,
the matmul family and creation), random valid or invalid arguments, and inputs of random dtype and shape made
contiguous or not. A case records:
- "op", "args" (as FuzzOpsConformance.apply spells them: dims, scalars with their Python type, flags);
- "inputs": each a base tensor ({"shape", "dtype", "data"}, "grad": whether it is a leaf requiring grad) and "make",
  how the op's operand is made from it: "c" the base itself, "t" base.transpose(-2, -1), "s" base[..., ::2],
  "e" base.expand(args' "expand" shape of that input);
- either "error" (PyTorch's exception class and first message line) or "outs": every output tensor, then, when an
  output requires grad, "ws" (a random weight per output, null for the others) and "grads" (each base's gradient of
  sum((out_i * w_i).sum()), null where it has none).
Values are float.hex. Runs with Debian's reference BLAS, as vector_math_golden.py.
"""
import gzip
import json
import os
import sys
import warnings

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
warnings.simplefilter("ignore")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "fuzz_ops.json.gz")
CASES_PER_OP = int(os.environ.get("FUZZ_CASES_PER_OP", "100"))
rng = np.random.default_rng(20261203)
DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}
FLOATS = ("float32", "float64")


# ------------------------------------------------------------------------------------------------ random draws

def pick(seq):
    return seq[int(rng.integers(len(seq)))]


def chance(p):
    return bool(rng.random() < p)


def rand_shape(max_dim=3, max_size=4, allow_empty=True):
    nd = int(rng.integers(0, max_dim + 1))
    return [int(rng.integers(0 if allow_empty and chance(0.08) else 1, max_size + 1)) for _ in range(nd)]


def values(shape, dtype, special=True):
    n = int(np.prod(shape)) if shape else 1
    if dtype == "bool":
        v = rng.integers(0, 2, n).astype(bool)
    elif dtype == "int64":
        v = rng.integers(-5, 6, n)
    else:
        v = np.round(rng.uniform(-3, 3, n), 3 if chance(0.3) else 17)
        if special and n and chance(0.25):
            for i in rng.integers(0, n, int(rng.integers(1, 3))):
                v[i] = pick([0.0, -0.0, 1.0, -1.0, 2.0, 0.5, float("inf"), float("-inf"), float("nan")])
    return torch.tensor(v.reshape(shape), dtype=DTYPES[dtype])


def rand_dtype(floats_weight=0.6):
    return pick(FLOATS) if chance(floats_weight) else pick(("int64", "bool"))


def broadcast_partner(shape):
    """A shape that broadcasts with shape (usually), by dropping leading dims and setting some to 1."""
    s = list(shape[int(rng.integers(0, len(shape) + 1)):]) if shape else []
    s = [1 if chance(0.3) else d for d in s]
    if chance(0.15):
        s = [int(rng.integers(1, 3))] + s
    if chance(0.07) and s:  # a size that does not broadcast
        i = int(rng.integers(len(s)))
        s[i] = s[i] + 2
    return s


class In:
    """One operand: its base tensor, how the operand is made from it, and whether the base requires grad."""

    def __init__(self, shape, dtype, make="c", grad=None, data=None, expand=None):
        self.dtype, self.make, self.expand = dtype, make, expand
        if make == "t" and len(shape) < 2:
            self.make = make = "c"
        if make == "e" and not shape:
            self.make = make = "c"
        if make == "t":
            base = list(shape[:-2]) + [shape[-1], shape[-2]]
        elif make == "s":
            base = list(shape[:-1]) + [shape[-1] * 2 - (1 if shape[-1] and chance(0.5) else 0)] if shape else []
            if not shape:
                self.make = "c"
        elif make == "e":
            base = [1 if chance(0.5) else d for d in shape]
            self.expand = list(shape)
        else:
            base = list(shape)
        self.base = values(base, dtype) if data is None else data
        floating = dtype in FLOATS
        self.grad = floating and (chance(0.5) if grad is None else grad)

    def leaf(self):
        return self.base.clone().requires_grad_(self.grad)

    def operand(self, leaf):
        if self.make == "t":
            return leaf.transpose(-2, -1)
        if self.make == "s":
            return leaf[..., ::2]
        if self.make == "e":
            return leaf.expand(self.expand)
        return leaf

    def enc(self):
        e = enc(self.base)
        e.update({"grad": self.grad, "make": self.make})
        if self.expand is not None:
            e["expand"] = self.expand
        return e


def rand_in(shape, dtype, grad=None):
    return In(shape, dtype, pick("cccctse"), grad)


def hexs(t):
    return [float(v).hex() for v in t.detach().double().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": hexs(t)}


def scalar():
    """A Python scalar and its type's name."""
    kind = pick(("int", "int", "float", "float"))
    if kind == "int":
        return int(rng.integers(-4, 5)), kind
    return float(pick([0.5, -1.5, 2.0, 0.0, 3.25, float(np.round(rng.uniform(-3, 3), 4))])), kind


def rand_dim(nd, allow_bad=True):
    if allow_bad and chance(0.05):
        return pick([nd, -nd - 1, nd + 2])
    if nd == 0:
        return pick([0, -1])
    return int(rng.integers(-nd, nd))


def rand_dims(nd):
    """A dim list: distinct dims, negative ones too, sometimes empty, rarely repeated or out of range."""
    if nd == 0:
        return pick([[], [0], [-1]])
    k = int(rng.integers(0, nd + 1))
    dims = [int(d) for d in rng.permutation(nd)[:k]]
    dims = [d - nd if chance(0.4) else d for d in dims]
    if chance(0.04) and dims:
        dims.append(dims[0])
    if chance(0.04):
        dims.append(nd + 1)
    return dims


# ------------------------------------------------------------------------------------------------ the ops

UNARY = {
    "neg": torch.neg, "abs": torch.abs, "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "sin": torch.sin,
    "cos": torch.cos, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "floor": torch.floor,
    "ceil": torch.ceil, "round": torch.round, "trunc": torch.trunc, "sign": torch.sign,
    "reciprocal": torch.reciprocal, "square": torch.square, "rsqrt": torch.rsqrt, "log2": torch.log2,
    "log10": torch.log10, "exp2": torch.exp2, "log1p": torch.log1p, "expm1": torch.expm1, "erf": torch.erf,
    "frac": torch.frac, "atan": torch.atan, "asin": torch.asin, "sinh": torch.sinh, "logical_not": torch.logical_not,
    "bitwise_not": torch.bitwise_not, "isnan": torch.isnan, "isinf": torch.isinf, "isfinite": torch.isfinite,
    "signbit": torch.signbit, "positive": torch.positive, "deg2rad": torch.deg2rad, "nan_to_num": torch.nan_to_num,
}
UNARY_INPLACE = ["neg_", "abs_", "exp_", "sqrt_", "floor_", "ceil_", "round_", "trunc_", "sign_", "reciprocal_",
                 "square_", "relu_", "sigmoid_", "tanh_", "log_"]
BINARY = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "pow": torch.pow,
    "maximum": torch.maximum, "minimum": torch.minimum, "remainder": torch.remainder, "fmod": torch.fmod,
    "atan2": torch.atan2, "eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le, "gt": torch.gt,
    "ge": torch.ge, "logical_and": torch.logical_and, "logical_or": torch.logical_or,
    "logical_xor": torch.logical_xor, "bitwise_and": torch.bitwise_and, "bitwise_or": torch.bitwise_or,
    "bitwise_xor": torch.bitwise_xor, "floor_divide": torch.floor_divide, "hypot": torch.hypot,
    "copysign": torch.copysign, "fmax": torch.fmax, "fmin": torch.fmin, "logaddexp": torch.logaddexp,
    "xlogy": torch.xlogy,
}
# the binary ops grad4j offers with a Python scalar as the other operand
SCALAR_OK = ["add", "sub", "mul", "div", "pow", "remainder", "fmod", "eq", "ne", "lt", "le", "gt", "ge",
             "floor_divide", "copysign", "xlogy", "bitwise_and", "bitwise_or", "bitwise_xor"]
BINARY_INPLACE = ["add_", "sub_", "mul_", "div_"]


def unary_case(op):
    x = rand_in(rand_shape(), rand_dtype())
    return {}, [x], lambda a: UNARY[op](a)


def unary_inplace_case(op):
    x = rand_in(rand_shape(), rand_dtype(0.75), grad=False)
    return {}, [x], lambda a: getattr(a, op)()


def binary_case(op):
    shape = rand_shape()
    a = rand_in(shape, rand_dtype())
    if op in SCALAR_OK and chance(0.3):
        s, kind = scalar()
        if op.startswith("bitwise"):  # grad4j's bitwise ops take a long: a float scalar cannot be spelled in Java
            s, kind = int(rng.integers(-4, 5)), "int"
        return {"scalar": s, "kind": kind}, [a], lambda x: BINARY[op](x, s)
    b = rand_in(broadcast_partner(shape), rand_dtype() if chance(0.5) else a.dtype)
    if chance(0.5):
        a, b = b, a
    return {}, [a, b], lambda x, y: BINARY[op](x, y)


def div_mode_case(op):
    shape = rand_shape()
    a = rand_in(shape, rand_dtype(0.5))
    mode = pick(["floor", "trunc"])
    if chance(0.3):
        s, kind = scalar()
        return {"scalar": s, "kind": kind, "mode": mode}, [a], lambda x: torch.div(x, s, rounding_mode=mode)
    b = rand_in(broadcast_partner(shape), rand_dtype(0.5))
    return {"mode": mode}, [a, b], lambda x, y: torch.div(x, y, rounding_mode=mode)


def binary_inplace_case(op):
    shape = rand_shape()
    a = rand_in(shape, rand_dtype(0.7), grad=False)
    if chance(0.35):
        s, kind = scalar()
        return {"scalar": s, "kind": kind}, [a], lambda x: getattr(x, op)(s)
    b = rand_in(broadcast_partner(shape) if chance(0.7) else shape + [1] if chance(0.5) else shape,
                rand_dtype(0.7), grad=False)
    return {}, [a, b], lambda x, y: getattr(x, op)(y)


REDUCE_DIMS = {"sum": torch.sum, "mean": torch.mean, "amax": torch.amax, "amin": torch.amin,
               "logsumexp": torch.logsumexp, "nansum": torch.nansum}


def reduce_dims_case(op):
    x = rand_in(rand_shape(), rand_dtype(0.75))
    if chance(0.2) and op in ("sum", "mean", "nansum"):
        return {"all": True}, [x], lambda a: REDUCE_DIMS[op](a)
    dims, keep = rand_dims(len(x_shape(x))), chance(0.5)
    return {"dims": dims, "keepdim": keep}, [x], lambda a: REDUCE_DIMS[op](a, dims, keepdim=keep)


def x_shape(x):
    s = list(x.base.shape)
    if x.make == "t":
        s[-2], s[-1] = s[-1], s[-2]
    elif x.make == "s":
        s[-1] = (s[-1] + 1) // 2
    elif x.make == "e":
        s = x.expand
    return s


REDUCE_DIM = {"prod": torch.prod, "argmax": torch.argmax, "argmin": torch.argmin, "all": torch.all,
              "any": torch.any, "max_dim": torch.max, "min_dim": torch.min}


def reduce_dim_case(op):
    x = rand_in(rand_shape(), rand_dtype(0.6))
    fn = REDUCE_DIM[op]
    if chance(0.25) and op not in ("max_dim", "min_dim"):
        return {"all": True}, [x], lambda a: fn(a)
    dim, keep = rand_dim(len(x_shape(x))), chance(0.5)
    return {"dim": dim, "keepdim": keep}, [x], lambda a: fn(a, dim, keep)


def full_minmax_case(op):
    x = rand_in(rand_shape(), rand_dtype(0.6))
    return {}, [x], lambda a: torch.max(a) if op == "max" else torch.min(a)


def moments_case(op):
    x = rand_in(rand_shape(), rand_dtype(0.9))
    fn = torch.var if op == "var" else torch.std
    if chance(0.2):
        return {"all": True}, [x], lambda a: fn(a)
    dims, corr, keep = rand_dims(len(x_shape(x))), int(pick([0, 1, 1, 2])), chance(0.5)
    return {"dims": dims, "correction": corr, "keepdim": keep}, [x], lambda a: fn(a, dims, correction=corr,
                                                                                   keepdim=keep)


def norm_case(op):
    x = rand_in(rand_shape(), rand_dtype(0.9))
    p = pick([2.0, 1.0, 3.0, float("inf"), float("-inf"), 0.0, "fro"])
    name = p if isinstance(p, str) or abs(p) != float("inf") else str(p)  # JSON has no infinity: "inf", "-inf"
    if chance(0.2) and p != "fro":
        return {"p": name, "all": True}, [x], lambda a: torch.norm(a, p)
    dims, keep = rand_dims(len(x_shape(x))), chance(0.5)
    return {"p": name, "dims": dims, "keepdim": keep}, [x], lambda a: torch.norm(a, p, dims, keep)


def cum_case(op):
    x = rand_in(rand_shape(), rand_dtype(0.6))
    dim = rand_dim(len(x_shape(x)))
    fn = torch.cumsum if op == "cumsum" else torch.cumprod
    return {"dim": dim}, [x], lambda a: fn(a, dim)


def view_case(op):
    shape = rand_shape(3, 4, allow_empty=False)
    x = rand_in(shape, rand_dtype())
    n = int(np.prod(shape)) if shape else 1
    nd = len(shape)
    if op in ("reshape", "view"):
        divisors = [d for d in range(1, n + 1) if n % d == 0]
        d0 = pick(divisors)
        new = pick([[n], [d0, n // d0], [d0, -1], [-1], [1, n, 1], [-1, d0 if chance(0.8) else d0 + 1], []])
        fn = (lambda a: a.reshape(new)) if op == "reshape" else (lambda a: a.view(new))
        return {"shape": new}, [x], fn
    if op == "permute":
        perm = [int(d) - (nd if chance(0.3) else 0) for d in rng.permutation(nd)]
        if chance(0.05):
            perm = perm[:-1]
        return {"dims": perm}, [x], lambda a: a.permute(perm)
    if op == "transpose":
        d0, d1 = rand_dim(nd), rand_dim(nd)
        return {"dim0": d0, "dim1": d1}, [x], lambda a: a.transpose(d0, d1)
    if op == "expand":
        sizes = [1 if chance(0.3) else 3] + [(-1 if chance(0.3) else (d if chance(0.8) else 3)) for d in shape]
        if chance(0.5):
            sizes = sizes[1:]
        return {"sizes": sizes}, [x], lambda a: a.expand(sizes)
    if op == "squeeze":
        if chance(0.3):
            return {}, [x], lambda a: a.squeeze()
        d = rand_dim(nd)
        return {"dim": d}, [x], lambda a: a.squeeze(d)
    if op == "unsqueeze":
        d = int(rng.integers(-nd - 1, nd + 1)) if not chance(0.05) else nd + 2
        return {"dim": d}, [x], lambda a: a.unsqueeze(d)
    if op == "flatten":
        s, e = rand_dim(nd), rand_dim(nd)
        return {"start": s, "end": e}, [x], lambda a: a.flatten(s, e)
    if op == "unflatten":
        d = rand_dim(nd)
        size = shape[d] if -nd <= d < nd and nd else 1
        sizes = pick([[size], [1, size], [-1, 1], [size, 1] if chance(0.8) else [2, size]])
        return {"dim": d, "sizes": sizes}, [x], lambda a: a.unflatten(d, sizes)
    if op == "narrow":
        d = rand_dim(nd)
        size = shape[d] if nd and -nd <= d < nd else 0
        start = int(rng.integers(-size, size + 1)) if size else 0
        length = int(rng.integers(0, size + 2))
        return {"dim": d, "start": start, "length": length}, [x], lambda a: a.narrow(d, start, length)
    if op == "select":
        d = rand_dim(nd)
        size = shape[d] if nd and -nd <= d < nd else 1
        i = int(rng.integers(-size - 1, size + 1))
        return {"dim": d, "index": i}, [x], lambda a: a.select(d, i)
    if op == "movedim":
        s, t = rand_dim(nd), rand_dim(nd)
        return {"source": s, "destination": t}, [x], lambda a: torch.movedim(a, s, t)
    raise ValueError(op)


def split_case(op):
    shape = rand_shape(3, 5)
    x = rand_in(shape, rand_dtype())
    nd = len(shape)
    d = rand_dim(nd)
    if op == "unbind":
        return {"dim": d}, [x], lambda a: a.unbind(d)
    if op == "chunk":
        k = int(rng.integers(1, 5)) if not chance(0.05) else 0
        return {"chunks": k, "dim": d}, [x], lambda a: a.chunk(k, d)
    size = shape[d] if nd and -nd <= d < nd else 1
    if chance(0.5):
        k = int(rng.integers(1, 4))
        return {"size": k, "dim": d}, [x], lambda a: a.split(k, d)
    parts = []
    left = size
    while left > 0:
        p = int(rng.integers(0, left + 1))
        parts.append(p)
        left -= p
    if chance(0.1):
        parts.append(1)
    return {"sizes": parts, "dim": d}, [x], lambda a: a.split(parts, d)


def join_case(op):
    shape = rand_shape(3, 3)
    nd = len(shape)
    dt = rand_dtype()
    k = int(rng.integers(1, 4))
    ins = []
    for _ in range(k):
        s = list(shape)
        if op == "cat" and nd and chance(0.6):
            s[int(rng.integers(nd))] = int(rng.integers(0, 4))
        ins.append(rand_in(s, dt if chance(0.8) else rand_dtype()))
    if op in ("cat", "stack"):
        d = rand_dim(nd + (1 if op == "stack" else 0))
        fn = torch.cat if op == "cat" else torch.stack
        return {"dim": d}, ins, lambda *a: fn(list(a), d)
    fn = torch.hstack if op == "hstack" else torch.vstack
    return {}, ins, lambda *a: fn(list(a))


def index_tensor(shape, size, bad=0.05):
    hi = max(size, 1)
    v = rng.integers(-hi if chance(0.1) else 0, hi + (1 if chance(bad) else 0), int(np.prod(shape)) if shape else 1)
    return In(shape, "int64", "c", False, torch.tensor(v.reshape(shape), dtype=torch.int64))


def indexing_case(op):
    shape = rand_shape(3, 4, allow_empty=False)
    nd = len(shape)
    x = rand_in(shape, rand_dtype(0.7))
    d = rand_dim(nd, allow_bad=False)
    size = shape[d] if nd else 1
    if op == "gather":
        ishape = [int(rng.integers(1, s + 1)) if s else 0 for s in shape] if nd else []
        if nd:
            ishape[d] = int(rng.integers(1, 5))
        idx = index_tensor(ishape, size)
        return {"dim": d}, [x, idx], lambda a, i: torch.gather(a, d, i)
    if op in ("scatter", "scatter_add"):
        ishape = [int(rng.integers(1, s + 1)) for s in shape] if nd else []
        idx = index_tensor(ishape, size)
        src = rand_in(ishape if chance(0.8) else [max(s, 1) + 1 for s in ishape], x.dtype)
        if op == "scatter" and chance(0.3):
            v = float(np.round(rng.uniform(-3, 3), 2))
            return {"dim": d, "value": v}, [x, idx], lambda a, i: torch.scatter(a, d, i, v)
        fn = torch.scatter if op == "scatter" else torch.scatter_add
        return {"dim": d}, [x, idx, src], lambda a, i, s: fn(a, d, i, s)
    if op == "index_select":
        # a 0-d input with an index of k != 1 elements: 1.13 writes k elements into a 0-d result (heap corruption)
        idx = index_tensor([int(rng.integers(0, 5)) if nd else 1], size)
        return {"dim": d}, [x, idx], lambda a, i: torch.index_select(a, d, i)
    if op == "take":
        idx = index_tensor(rand_shape(2, 3), int(np.prod(shape)) if shape else 1)
        return {}, [x, idx], lambda a, i: torch.take(a, i)
    if op in ("masked_select", "masked_fill", "masked_fill_t"):
        m = rand_in(broadcast_partner(shape) if chance(0.5) else shape, "bool" if chance(0.95) else "int64")
        if op == "masked_select":
            return {}, [x, m], lambda a, b: torch.masked_select(a, b)
        if op == "masked_fill_t":
            v = rand_in([], rand_dtype(0.8))
            return {}, [x, m, v], lambda a, b, c: a.masked_fill(b, c)
        v, kind = scalar()
        return {"scalar": v, "kind": kind}, [x, m], lambda a, b: a.masked_fill(b, v)
    if op == "where":
        c = rand_in(broadcast_partner(shape), "bool" if chance(0.95) else "int64")
        y = rand_in(broadcast_partner(shape), rand_dtype(0.7))
        if chance(0.3):
            v, kind = scalar()
            return {"scalar": v, "kind": kind}, [c, x], lambda cc, a: torch.where(cc, a, v)
        return {}, [c, x, y], lambda cc, a, b: torch.where(cc, a, b)
    if op == "index_put":
        k = int(rng.integers(1, nd + 1)) if nd else 1
        ishape = [int(rng.integers(1, 4))]
        idx = [index_tensor(ishape, shape[j] if j < nd else 1) for j in range(k)]
        vshape = pick([[], ishape + list(shape[k:]), [1]])
        v = rand_in(vshape, x.dtype if chance(0.9) else rand_dtype())
        acc = chance(0.4)
        x.grad = False
        return ({"accumulate": acc, "indices": k}, [x, v] + idx,
                lambda a, vv, *ii: a.clone().index_put_(tuple(ii), vv, accumulate=acc))
    if op == "nonzero":
        return {}, [x], lambda a: torch.nonzero(a)
    raise ValueError(op)


def sort_case(op):
    shape = rand_shape(3, 5)
    nd = len(shape)
    dt = pick(FLOATS + ("int64",))
    x = rand_in(shape, dt)
    if dt != "int64" and chance(0.5):  # ties
        x.base = torch.tensor(rng.integers(-2, 3, x.base.shape), dtype=x.base.dtype)
    d = rand_dim(nd)
    size = shape[d] if nd and -nd <= d < nd else 1
    if op == "sort":
        desc, stable = chance(0.5), chance(0.5)
        return {"dim": d, "descending": desc, "stable": stable}, [x], lambda a: torch.sort(a, dim=d, descending=desc, stable=stable)
    if op == "argsort":
        desc = chance(0.5)
        return {"dim": d, "descending": desc}, [x], lambda a: torch.argsort(a, d, desc)
    if op == "topk":
        k = int(rng.integers(0, size + 2))
        largest = chance(0.6)
        return {"k": k, "dim": d, "largest": largest}, [x], lambda a: torch.topk(a, k, d, largest, True)
    if op == "kthvalue":
        k = int(rng.integers(0, size + 2))
        keep = chance(0.5)
        return {"k": k, "dim": d, "keepdim": keep}, [x], lambda a: torch.kthvalue(a, k, d, keep)
    if op == "unique":
        x.grad = False
        inv, cnt = chance(0.5), chance(0.5)
        return ({"inverse": inv, "counts": cnt}, [x],
                lambda a: torch.unique(a, sorted=True, return_inverse=inv, return_counts=cnt))
    raise ValueError(op)


def inplace_more_case(op):
    """clamp_, masked_fill_ and scatter_ on a fresh operand (contiguous or a view; expanded ones must refuse)."""
    shape = rand_shape(3, 4, allow_empty=False)
    x = rand_in(shape, rand_dtype(0.7), grad=False)
    if op == "clamp_":
        lo, hi = pick([(-1, 1), (0, 2), (-0.5, 1.5), (1.25, 2.0), (-2, 0.5)])
        return {"min": lo, "max": hi}, [x], lambda a: a.clamp_(lo, hi)
    if op == "masked_fill_":
        m = rand_in(broadcast_partner(shape) if chance(0.6) else shape, "bool")
        v, kind = scalar()
        return {"scalar": v, "kind": kind}, [x, m], lambda a, b: a.masked_fill_(b, v)
    nd = len(shape)
    d = rand_dim(nd, allow_bad=False)
    ishape = [int(rng.integers(1, s + 1)) for s in shape] if nd else []
    idx = index_tensor(ishape, shape[d] if nd else 1)
    src = rand_in(ishape, x.dtype if chance(0.9) else rand_dtype(), grad=False)
    return {"dim": d}, [x, idx, src], lambda a, i, b: a.scatter_(d, i, b)


def clamp_case(op):
    shape = rand_shape()
    x = rand_in(shape, rand_dtype(0.7))
    if op == "clamp":
        lo = None if chance(0.25) else pick([-1, 0, 1, -1.5, 0.5, 2.25])
        hi = None if chance(0.25) else pick([-1, 0, 1, -0.5, 1.5, 2.75])
        if lo is None and hi is None:
            lo = 0
        return {"min": lo, "max": hi}, [x], lambda a: torch.clamp(a, lo, hi)
    if op == "clamp_t":
        lo = rand_in(broadcast_partner(shape), x.dtype if chance(0.8) else rand_dtype())
        hi = rand_in(broadcast_partner(shape), lo.dtype)
        return {}, [x, lo, hi], lambda a, b, c: torch.clamp(a, b, c)
    if op == "lerp":
        x = rand_in(shape, pick(FLOATS) if chance(0.95) else "int64")
        end = rand_in(broadcast_partner(shape), x.dtype if chance(0.9) else pick(FLOATS))
        if chance(0.5):
            w = float(pick([0.25, 0.5, 0.75, -0.5, 1.5, float(np.round(rng.uniform(0, 1), 3))]))
            return {"weight": w}, [x, end], lambda a, b: torch.lerp(a, b, w)
        w = rand_in(broadcast_partner(shape), x.dtype)
        return {}, [x, end, w], lambda a, b, c: torch.lerp(a, b, c)
    raise ValueError(op)


def matmul_case(op):
    m, k, n = (int(rng.integers(1, 4)) for _ in range(3))
    dt = pick(FLOATS) if chance(0.9) else "int64"
    dt2 = dt if chance(0.9) else pick(FLOATS + ("int64",))
    if op == "matmul":
        batch = rand_shape(2, 3, allow_empty=False)
        sa = pick([[k], [m, k], batch + [m, k]])
        sb = pick([[k], [k, n], broadcast_partner(batch) + [k, n]])
        if chance(0.05):
            sb = [k + 1, n]
        return {}, [rand_in(sa, dt), rand_in(sb, dt2)], lambda a, b: torch.matmul(a, b)
    if op == "mm":
        return {}, [rand_in([m, k], dt), rand_in([k if chance(0.9) else k + 1, n], dt2)], torch.mm
    if op == "bmm":
        b = int(rng.integers(1, 3))
        return {}, [rand_in([b, m, k], dt), rand_in([b, k, n] if chance(0.9) else [b + 1, k, n], dt2)], torch.bmm
    if op == "mv":
        return {}, [rand_in([m, k], dt), rand_in([k if chance(0.9) else k + 1], dt2)], torch.mv
    if op == "dot":
        return {}, [rand_in([k], dt), rand_in([k if chance(0.9) else k + 1], dt2)], torch.dot
    if op == "outer":
        return {}, [rand_in([m], dt), rand_in([n], dt2)], torch.outer
    raise ValueError(op)


def creation_case(op):
    if op == "arange":
        if chance(0.5):
            s, e, st = int(rng.integers(-5, 5)), int(rng.integers(-5, 10)), int(pick([1, 2, 3, -1, -2, 0]))
        else:
            s, e = float(np.round(rng.uniform(-3, 3), 2)), float(np.round(rng.uniform(-3, 5), 2))
            st = float(pick([0.5, 0.25, 1.0, -0.5, 0.3, 0.0]))
        return {"start": s, "end": e, "step": st}, [], lambda: torch.arange(s, e, st)
    if op == "linspace":
        s, e = float(np.round(rng.uniform(-3, 3), 3)), float(np.round(rng.uniform(-3, 3), 3))
        n = int(rng.integers(-1, 9))
        return {"start": s, "end": e, "steps": n}, [], lambda: torch.linspace(s, e, n)
    if op == "full":
        shape = rand_shape(3, 3)
        v, kind = scalar()
        if chance(0.2):
            v, kind = bool(chance(0.5)), "bool"
        return {"shape": shape, "value": v, "kind": kind}, [], lambda: torch.full(shape, v)
    if op == "eye":
        n, m = int(rng.integers(-1, 5)), int(rng.integers(0, 5))
        dt = pick(list(DTYPES))
        return {"n": n, "m": m, "dtype": dt}, [], lambda: torch.eye(n, m, dtype=DTYPES[dt])
    raise ValueError(op)


OPS = {}
OPS.update({op: unary_case for op in UNARY})
OPS.update({op: unary_inplace_case for op in UNARY_INPLACE})
OPS.update({op: binary_case for op in BINARY})
OPS.update({op: binary_inplace_case for op in BINARY_INPLACE})
OPS["div_mode"] = div_mode_case
OPS.update({op: reduce_dims_case for op in REDUCE_DIMS})
OPS.update({op: reduce_dim_case for op in REDUCE_DIM})
OPS.update({op: full_minmax_case for op in ("max", "min")})
OPS.update({op: moments_case for op in ("var", "std")})
OPS["norm"] = norm_case
OPS.update({op: cum_case for op in ("cumsum", "cumprod")})
OPS.update({op: view_case for op in ("reshape", "view", "permute", "transpose", "expand", "squeeze", "unsqueeze",
                                     "flatten", "unflatten", "narrow", "select", "movedim")})
OPS.update({op: split_case for op in ("unbind", "split", "chunk")})
OPS.update({op: join_case for op in ("cat", "stack", "hstack", "vstack")})
OPS.update({op: indexing_case for op in ("gather", "scatter", "scatter_add", "index_select", "take", "masked_select",
                                         "masked_fill", "masked_fill_t", "where", "index_put", "nonzero")})
OPS.update({op: sort_case for op in ("sort", "argsort", "topk", "kthvalue", "unique")})
OPS.update({op: clamp_case for op in ("clamp", "clamp_t", "lerp")})
OPS.update({op: inplace_more_case for op in ("clamp_", "masked_fill_", "scatter_")})
OPS.update({op: matmul_case for op in ("matmul", "mm", "bmm", "mv", "dot", "outer")})
OPS.update({op: creation_case for op in ("arange", "linspace", "full", "eye")})
MULTI_COUNT = 3  # creation ops draw fewer cases: no inputs to vary


# ------------------------------------------------------------------------------------------------ recording

def run(op, args, ins, fn):
    c = {"op": op, "args": args, "inputs": [x.enc() for x in ins]}
    leaves = [x.leaf() for x in ins]
    try:
        out = fn(*[x.operand(leaf) for x, leaf in zip(ins, leaves)])
    except Exception as e:  # PyTorch refuses: grad4j must refuse too, its inputs unchanged
        c["error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
        return c
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    outs = [o for o in outs if o is not None]
    c["outs"] = [enc(o) for o in outs]
    if any(o.requires_grad for o in outs):
        ws = [torch.tensor(rng.uniform(-2, 2, list(o.shape)), dtype=o.dtype) if o.requires_grad else None
              for o in outs]
        loss = sum((o * w).sum() for o, w in zip(outs, ws) if w is not None)
        try:
            loss.backward()
        except (RuntimeError, IndexError) as e:  # a PyTorch 1.13 backward bug: recorded, FuzzOpsConformance skips the gradient
            print("backward failed:", op, args, [x.enc()["dtype"] for x in ins], str(e)[:80])
            c["backward_error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
            return c
        c["ws"] = [None if w is None else enc(w) for w in ws]
        c["grads"] = [enc(leaf.grad) if leaf.grad is not None else None for leaf in leaves]
    return c


def main():
    cases = []
    for op, gen in OPS.items():
        count = MULTI_COUNT * 4 if gen is creation_case else CASES_PER_OP
        for _ in range(count):
            args, ins, fn = gen(op)
            cases.append(run(op, args, ins, fn))
    errors = sum(1 for c in cases if "error" in c)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(json.dumps({"torch": torch.__version__, "note": "backward of sum((out_i * w_i).sum())",
                            "cases": cases}, separators=(",", ":")).encode())
    print("wrote", OUT, len(cases), "cases,", errors, "of them errors")


if __name__ == "__main__":
    main()
