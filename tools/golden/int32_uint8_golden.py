#!/usr/bin/python3
"""Generates core/src/test/resources/golden/torch_int32_uint8.json: int32 and uint8 tensors in PyTorch 1.13.

Run with Debian's python3-torch:
    /usr/bin/python3 tools/golden/int32_uint8_golden.py

Same format as dtype_golden.py (read by DTypeConformance): each case applies one op (named as in
DTypeConformance.apply) to input tensors and records the result's dtype, shape, values and repr(), or the
error PyTorch raises. Integers are decimal strings, bool 0/1, floats float.hex() (or nan/inf/-inf).
Covers promotion (torch.promote_types and result_type with 0-d tensors and Python numbers), wrap-around,
conversions (PyTorch's x86 results for out-of-range floats), unary ops, reductions, scans, index tensors,
printing and errors.
"""
import os
import warnings

import torch

from exact_json import case, write

assert torch.__version__.startswith("1.13"), torch.__version__
warnings.simplefilter("ignore")
torch.manual_seed(1532)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "torch_int32_uint8.json")

I32, U8, I64 = torch.int32, torch.uint8, torch.int64


def ints(*shape, lo=-50, hi=50, dtype=I32):
    return torch.randint(lo, hi, shape, dtype=torch.int64).to(dtype)


def bytes_(*shape, lo=0, hi=256):
    return torch.randint(lo, hi, shape, dtype=torch.int64).to(U8)


def bools(*shape):
    return torch.randint(0, 2, shape).bool()


def floats(*shape, dtype=torch.float32):
    return (torch.randn(*shape, dtype=torch.float64) * 10).to(dtype)


I32_EDGE = torch.tensor([2 ** 31 - 1, -2 ** 31, 65536, -65536, 46341, 7, -7, 0], dtype=I32)
U8_EDGE = torch.tensor([255, 0, 128, 200, 16, 7, 1, 3], dtype=U8)

# ---------------------------------------------------------------- binary, tensor-tensor, with promotion
BINARY = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "floor_divide": torch.floor_divide,
    "maximum": torch.maximum, "minimum": torch.minimum, "pow": torch.pow,
    "eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "ge": torch.ge,
}
PAIRS = [
    ("i32 i32", lambda: (ints(3, 4), ints(3, 4, lo=1, hi=9))),
    ("i32 i64 bcast", lambda: (ints(2, 3, 1), ints(4, lo=1, hi=9, dtype=I64))),
    ("i64 i32", lambda: (ints(3, dtype=I64), ints(3, lo=1, hi=9))),
    ("u8 u8", lambda: (bytes_(3, 4), bytes_(3, 4, lo=1, hi=9))),
    ("u8 bool", lambda: (bytes_(5), bools(5))),
    ("bool u8", lambda: (bools(5), bytes_(5, lo=1, hi=9))),
    ("u8 i32", lambda: (bytes_(2, 3), ints(2, 3, lo=1, hi=9))),
    ("i32 u8", lambda: (ints(2, 3), bytes_(3, lo=1, hi=9))),
    ("u8 i64", lambda: (bytes_(4), ints(4, lo=1, hi=9, dtype=I64))),
    ("i32 f32", lambda: (ints(3, 4), floats(3, 4))),
    ("u8 f64", lambda: (bytes_(4), floats(4, dtype=torch.float64))),
    ("bool i32", lambda: (bools(2, 3), ints(2, 3, lo=1, hi=9))),
    ("i32 edge", lambda: (I32_EDGE, torch.tensor([2, 1, 3, 65536, 46341, 2, -2, 5], dtype=I32))),
    ("u8 edge", lambda: (U8_EDGE, torch.tensor([1, 255, 2, 100, 16, 2, 3, 200], dtype=U8))),
    # 0-d tensors do not promote a dimensioned tensor of the same or a higher category
    ("i32 0d-i64", lambda: (ints(4), torch.tensor(3))),
    ("u8 0d-i64", lambda: (bytes_(4), torch.tensor(300))),
    ("0d-i64 u8", lambda: (torch.tensor(7), bytes_(4, lo=1, hi=9))),
    ("u8 0d-i32", lambda: (bytes_(4), torch.tensor(2, dtype=I32))),
    ("bool 0d-u8", lambda: (bools(4), torch.tensor(2, dtype=U8))),
    ("u8 0d-f64", lambda: (bytes_(4), torch.tensor(2.5, dtype=torch.float64))),
    ("f32 0d-f64", lambda: (floats(4), torch.tensor(0.1, dtype=torch.float64))),
    ("f32 0d-i32", lambda: (floats(4), torch.tensor(3, dtype=I32))),
    ("0d 0d", lambda: (torch.tensor(200, dtype=U8), torch.tensor(100, dtype=I32))),
]
for name, fn in BINARY.items():
    for label, make in PAIRS:
        a, b = make()
        if name == "pow" and not (a.is_floating_point() or b.is_floating_point()):
            b = b % 5 if b.dtype != torch.bool else b
        case(name, [a, b], {"label": label}, fn)
case("floor_divide", [torch.tensor([-7, 7, -7, 7, 0, -1], dtype=I32), torch.tensor([2, 2, -2, -2, 3, 3], dtype=I32)],
     {"label": "signs"}, torch.floor_divide)
case("sub", [bools(3), bytes_(3)], {"label": "bool u8"}, torch.sub)

# ---------------------------------------------------------------- scalars: Python int and Python float
for s in [3, -1, 300, 2 ** 40 + 5]:
    for name, fn in [("add_int", lambda a, s=s: a + s), ("sub_int", lambda a, s=s: a - s),
                     ("mul_int", lambda a, s=s: a * s), ("rsub_int", lambda a, s=s: s - a),
                     ("div_int", lambda a, s=s: a / s), ("floor_divide_int", lambda a, s=s: torch.floor_divide(a, s))]:
        for a in [ints(2, 3), bytes_(4)]:
            case(name, [a], {"scalar": s}, fn)
for s in [2, 3]:
    for a in [ints(2, 3, lo=-9, hi=9), U8_EDGE]:
        case("pow_int", [a], {"scalar": s}, lambda a, s=s: a ** s)
for s in [2.5, -0.75]:
    for name, fn in [("add_float", lambda a, s=s: a + s), ("mul_float", lambda a, s=s: a * s),
                     ("div_float", lambda a, s=s: a / s)]:
        for a in [ints(2, 3), bytes_(4)]:
            case(name, [a], {"scalar": s.hex()}, fn)
for s in [2, -1.0, 300.0, 2.5]:
    for name, fn in [("eq_s", torch.eq), ("lt_s", torch.lt), ("ge_s", torch.ge)]:
        for a in [torch.tensor([-2, -1, 0, 1, 2, 3], dtype=I32), torch.tensor([0, 1, 2, 255, 44], dtype=U8)]:
            case(name, [a], {"scalar": float(s).hex()}, lambda a, fn=fn, s=s: fn(a, s))

# ---------------------------------------------------------------- unary
for name, fn in [("neg", torch.neg), ("abs", torch.abs), ("sign", torch.sign), ("relu", torch.relu), ("exp", torch.exp),
                 ("sqrt", torch.sqrt), ("sigmoid", torch.sigmoid)]:
    for a in [torch.tensor([-3, 0, 2, 7], dtype=I32), torch.tensor([0, 1, 2, 200], dtype=U8)]:
        case(name, [a], {}, fn)
case("neg", [I32_EDGE], {}, torch.neg)
case("abs", [I32_EDGE], {}, torch.abs)

# ---------------------------------------------------------------- conversions
SPECIAL = [float("nan"), float("inf"), float("-inf"), 1e10, -1e10, 3e9 + 7, -3e9, 2.0 ** 31, -2.0 ** 31 - 1,
           -2.0 ** 31 - 0.5, 2.0 ** 31 - 0.5, -2.7, 2.7, -0.5, -0.0, 255.9, 256.0, -1.5, 300.7, 65794.0, 1e20]
INT64S = torch.tensor([-1, 300, 2 ** 40 + 7, -2 ** 40 - 3, 2 ** 31, 2 ** 32 + 5, 2 ** 63 - 1, -2 ** 63, 255, 256])
for target, fn in [("to_int32", lambda a: a.int()), ("to_uint8", lambda a: a.byte())]:
    for a in [torch.tensor(SPECIAL, dtype=torch.float64), torch.tensor(SPECIAL, dtype=torch.float32), INT64S,
              torch.tensor([True, False]), I32_EDGE, U8_EDGE]:
        case(target, [a], {}, fn)
for target, fn in [("to_int64", lambda a: a.long()), ("to_bool", lambda a: a.bool()),
                   ("to_float32", lambda a: a.float()), ("to_float64", lambda a: a.double())]:
    for a in [I32_EDGE, U8_EDGE, torch.tensor([16777217, -16777219], dtype=I32)]:
        case(target, [a], {}, fn)

# ---------------------------------------------------------------- reductions and scans
for a in [ints(3, 4), bytes_(3, 4), I32_EDGE.reshape(2, 4), U8_EDGE.reshape(2, 4)]:
    case("sum", [a], {}, torch.sum)
    case("max", [a], {}, torch.max)
    case("prod", [a], {}, torch.prod)
    case("argmax", [a], {}, torch.argmax)
    case("argmin", [a], {}, torch.argmin)
    for d in [0, -1]:
        case("argmax_dim", [a], {"dim": d, "keepdim": False}, lambda a, d=d: torch.argmax(a, d))
        case("max_dim", [a], {"dim": d, "keepdim": False}, lambda a, d=d: tuple(torch.max(a, d)))
        case("min_dim", [a], {"dim": d, "keepdim": True}, lambda a, d=d: tuple(torch.min(a, d, True)))
        case("sum_dim", [a], {"dim": d, "keepdim": False}, lambda a, d=d: torch.sum(a, d))
        case("cumsum", [a], {"dim": d}, lambda a, d=d: torch.cumsum(a, d))
        case("cumprod", [a], {"dim": d}, lambda a, d=d: torch.cumprod(a, d))
case("mean", [ints(3)], {}, torch.mean)
case("mean", [bytes_(3)], {}, torch.mean)

# ---------------------------------------------------------------- index tensors
x = floats(3, 4)
case("index_select", [x, torch.tensor([2, 0, 2], dtype=I32)], {"dim": 0}, lambda x, i: x.index_select(0, i))
case("index_select", [x, torch.tensor([3, 1], dtype=I32)], {"dim": -1}, lambda x, i: x.index_select(-1, i))
case("index_select", [x, torch.tensor([1, 0], dtype=U8)], {"dim": 0}, lambda x, i: x.index_select(0, i))
case("gather", [x, torch.tensor([[2, 0]], dtype=I32)], {"dim": 1}, lambda x, i: x.gather(1, i))
case("gather", [x, torch.tensor([[2, 0]], dtype=I64)], {"dim": 1}, lambda x, i: x.gather(1, i))
case("index_select", [ints(3, 2), torch.tensor([2, 0], dtype=I32)], {"dim": 0}, lambda x, i: x.index_select(0, i))
case("index_select", [bytes_(3, 2), torch.tensor([1], dtype=I64)], {"dim": 0}, lambda x, i: x.index_select(0, i))

w = floats(5, 3)
case("embedding", [torch.tensor([[4, 0], [1, 4]], dtype=I32), w], {}, lambda i, w: torch.nn.functional.embedding(i, w))
case("embedding", [torch.tensor([1], dtype=U8), w], {}, lambda i, w: torch.nn.functional.embedding(i, w))
case("repeat_interleave", [floats(3), torch.tensor([2, 0, 1], dtype=I32)], {"dim": 0},
     lambda x, r: x.repeat_interleave(r, 0))

for a in [torch.tensor([-9, 0, 5, 200], dtype=I32), torch.tensor([0, 5, 200], dtype=U8)]:
    case("relu6", [a], {}, torch.nn.functional.relu6)
    for lo, hi in ((-1.0, 1.0), (2.0, 6.0), (-1.0, 6.0), (1.5, 6.7)):
        case("hardtanh", [a], {"min": lo.hex(), "max": hi.hex()}, lambda a, lo=lo, hi=hi: torch.nn.functional.hardtanh(a, lo, hi))

# ---------------------------------------------------------------- printing
for a in [torch.tensor([1, 2], dtype=I32), torch.tensor([1, 2], dtype=U8), I32_EDGE, U8_EDGE, torch.tensor(3, dtype=I32),
          torch.tensor(255, dtype=U8), torch.tensor([[1], [-20]], dtype=I32), torch.arange(1500, dtype=I32),
          torch.arange(256, dtype=U8).repeat(5).reshape(40, 32), torch.tensor([], dtype=I32), torch.zeros(0, 3, dtype=U8),
          ints(3, 2, 4, lo=-1000, hi=1000)]:
    case("repr", [a], {}, lambda a: a)

# ---------------------------------------------------------------- errors
case("requires_grad", [ints(2)], {}, lambda a: a.requires_grad_(True))
case("requires_grad", [bytes_(2)], {}, lambda a: a.requires_grad_(True))
case("add_float_", [ints(2)], {"scalar": (1.5).hex()}, lambda a: a.add_(1.5))
case("add_", [bytes_(2), ints(2)], {}, lambda a, b: a.add_(b))
case("add_", [ints(2), bytes_(2)], {}, lambda a, b: a.add_(b))
case("add_", [ints(2), ints(2, dtype=I64)], {}, lambda a, b: a.add_(b))
case("add_", [bytes_(2), torch.tensor(300)], {}, lambda a, b: a.add_(b))
case("mul_int_", [bytes_(3)], {"scalar": 3}, lambda a: a.mul_(3))
case("sub", [bools(3), torch.tensor([True, False, True])], {"label": "bool bool"}, torch.sub)
case("neg", [bools(2)], {}, torch.neg)

write(OUT)
