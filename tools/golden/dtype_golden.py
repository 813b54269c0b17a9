#!/usr/bin/python3
"""Generates core/src/test/resources/golden/torch_dtypes.json: int64 and bool tensors in PyTorch 1.13.

Run with Debian's python3-torch:
    /usr/bin/python3 tools/golden/dtype_golden.py

Each case applies one op (named as in DTypeConformance.apply) to input tensors and records the
result's dtype, shape, values and repr(), or the error PyTorch raises. Values are exact strings:
int64 as decimal, bool as 0/1, floats as float.hex() (or nan/inf/-inf).
"""
import os
import warnings

import torch

from exact_json import case, write

assert torch.__version__.startswith("1.13"), torch.__version__
warnings.simplefilter("ignore")
torch.manual_seed(1413)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "torch_dtypes.json")


def ints(*shape, lo=-50, hi=50):
    return torch.randint(lo, hi, shape, dtype=torch.int64)


def bools(*shape):
    return torch.randint(0, 2, shape).bool()


def floats(*shape, dtype=torch.float32):
    return (torch.randn(*shape, dtype=torch.float64) * 10).to(dtype)


BIG = torch.tensor([2 ** 62, -2 ** 62 - 5, 2 ** 63 - 1, -2 ** 63, 9007199254740993, -9007199254740993, 7, -7])

# ---------------------------------------------------------------- binary, tensor-tensor, with promotion
BINARY = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "floor_divide": torch.floor_divide,
    "maximum": torch.maximum, "minimum": torch.minimum, "pow": torch.pow,
    "eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le, "gt": torch.gt, "ge": torch.ge,
}
PAIRS = [
    ("i64 i64", lambda: (ints(3, 4), ints(3, 4, lo=1, hi=9))),
    ("i64 i64 bcast", lambda: (ints(2, 3, 1), ints(4, lo=1, hi=9))),
    ("i64 f32", lambda: (ints(3, 4), floats(3, 4))),
    ("f64 i64", lambda: (floats(2, 3, dtype=torch.float64), ints(3, lo=1, hi=9))),
    ("bool bool", lambda: (bools(3, 4), bools(3, 4))),
    ("bool i64", lambda: (bools(2, 3), ints(2, 3, lo=1, hi=9))),
    ("bool f32", lambda: (bools(5), floats(5))),
    ("big", lambda: (BIG, torch.tensor([4, 3, 2, 1, -1, 1, 2, -2]))),
]
for name, fn in BINARY.items():
    for label, make in PAIRS:
        a, b = make()
        if name == "pow" and label.startswith("i64"):
            b = b % 5
        case(name, [a, b], {"label": label}, fn)
# integer pow with negative exponents (PyTorch's powi gives 0 for |base| > 1)
case("pow", [torch.tensor([2, 1, -1, -1, 3, 0]), torch.tensor([-1, -5, -3, -2, 0, 3])], {"label": "neg exp"}, torch.pow)
case("floor_divide", [torch.tensor([-7, 7, -7, 7, 0, -1]), torch.tensor([2, 2, -2, -2, 3, 3])], {"label": "signs"},
     torch.floor_divide)
case("floor_divide", [torch.tensor([-7.5, 7.0, -0.5, 1.0, 5.0, float("nan"), float("inf")]),
                      torch.tensor([2.0, -2.0, 3.0, 0.0, -0.0, 1.0, 2.0])], {"label": "float"}, torch.floor_divide)
case("floor_divide", [torch.tensor([1, 2]), torch.tensor([0, 1])], {"label": "zero"}, torch.floor_divide)
case("eq", [torch.tensor([1.0, float("nan"), 2.0]), torch.tensor([1.0, float("nan"), 3.0])], {"label": "nan"}, torch.eq)
case("ne", [torch.tensor([1.0, float("nan"), 2.0]), torch.tensor([1.0, float("nan"), 3.0])], {"label": "nan"}, torch.ne)

# ---------------------------------------------------------------- scalars: Python int and Python float
for s in [3, -2, 0]:
    for name, fn in [("add_int", lambda a, s=s: a + s), ("sub_int", lambda a, s=s: a - s), ("mul_int", lambda a, s=s: a * s),
                     ("rsub_int", lambda a, s=s: s - a), ("div_int", lambda a, s=s: a / s),
                     ("floor_divide_int", lambda a, s=s: torch.floor_divide(a, s)), ("pow_int", lambda a, s=s: a ** s)]:
        for a in [ints(2, 3), bools(4), floats(3)]:
            case(name, [a], {"scalar": s}, fn)
for s in [2.5, -0.75]:
    for name, fn in [("add_float", lambda a, s=s: a + s), ("mul_float", lambda a, s=s: a * s),
                     ("div_float", lambda a, s=s: a / s), ("floor_divide_float", lambda a, s=s: torch.floor_divide(a, s))]:
        for a in [ints(2, 3), bools(4)]:
            case(name, [a], {"scalar": s.hex()}, fn)
for s in [2, -1.5, 0]:
    for name, fn in [("eq_s", torch.eq), ("ne_s", torch.ne), ("lt_s", torch.lt), ("le_s", torch.le), ("gt_s", torch.gt),
                     ("ge_s", torch.ge)]:
        for a in [torch.tensor([-2, -1, 0, 1, 2, 3]), torch.tensor([1.5, -1.5, 0.0, 2.0, float("nan")]), bools(4)]:
            case(name, [a], {"scalar": float(s).hex()}, lambda a, fn=fn, s=s: fn(a, s))
case("eq_s", [torch.tensor([2 ** 62, 2 ** 62 + 1])], {"scalar": "4611686018427387904"},
     lambda a: a == 2 ** 62)
case("mul_int", [torch.tensor([2 ** 62, 3])], {"scalar": 4}, lambda a: a * 4)
case("add_int", [torch.tensor([2 ** 63 - 1])], {"scalar": 1}, lambda a: a + 1)

# ---------------------------------------------------------------- unary
for name, fn in [("neg", torch.neg), ("abs", torch.abs), ("sign", torch.sign), ("relu", torch.relu), ("exp", torch.exp),
                 ("sqrt", torch.sqrt), ("tanh", torch.tanh), ("sigmoid", torch.sigmoid), ("log", torch.log)]:
    for a in [torch.tensor([-3, 0, 2, 7]), bools(3)]:
        case(name, [a], {}, fn)
case("neg", [torch.tensor([-2 ** 63, 2 ** 63 - 1])], {}, torch.neg)
case("abs", [torch.tensor([-2 ** 63, -5])], {}, torch.abs)

# ---------------------------------------------------------------- conversions
SPECIAL = [float("nan"), float("inf"), float("-inf"), 1e30, -1e30, -2.7, 2.7, -0.5, 0.5, -0.0, 0.0, 9.2233720368547758e18,
           -9.2233720368547758e18, 4.5e15 + 0.5, 123456789.75]
for target, fn in [("to_int64", lambda a: a.long()), ("to_bool", lambda a: a.bool()),
                   ("to_float32", lambda a: a.float()), ("to_float64", lambda a: a.double())]:
    for a in [torch.tensor(SPECIAL, dtype=torch.float64), torch.tensor(SPECIAL, dtype=torch.float32), BIG,
              torch.tensor([True, False])]:
        case(target, [a], {}, fn)

# ---------------------------------------------------------------- reductions
for a in [ints(3, 4), bools(3, 4), floats(3, 4)]:
    case("sum", [a], {}, torch.sum)
    case("max", [a], {}, torch.max)
    for d in [0, 1, -1]:
        case("argmax_dim", [a], {"dim": d, "keepdim": False}, lambda a, d=d: torch.argmax(a, d))
        case("argmin_dim", [a], {"dim": d, "keepdim": True}, lambda a, d=d: torch.argmin(a, d, True))
        case("max_dim", [a], {"dim": d, "keepdim": False}, lambda a, d=d: tuple(torch.max(a, d)))
        case("min_dim", [a], {"dim": d, "keepdim": True}, lambda a, d=d: tuple(torch.min(a, d, True)))
    case("argmax", [a], {}, torch.argmax)
    case("argmin", [a], {}, torch.argmin)
case("argmax_dim", [torch.tensor([[1, 3, 3], [2, 2, 1]])], {"dim": 1, "keepdim": False}, lambda a: torch.argmax(a, 1))
case("argmin_dim", [torch.tensor([[-2 ** 63, 0, -2 ** 63], [5, 5, 5]])], {"dim": 1, "keepdim": False},
     lambda a: torch.argmin(a, 1))
case("min_dim", [torch.tensor([[-2 ** 63, 0], [2 ** 63 - 1, 5]])], {"dim": 1, "keepdim": False},
     lambda a: tuple(torch.min(a, 1)))
case("argmax", [torch.tensor([1.0, float("nan"), 3.0])], {}, torch.argmax)
case("argmin", [torch.tensor([1.0, float("nan"), -3.0])], {}, torch.argmin)
case("mean", [ints(3)], {}, torch.mean)
case("sum", [BIG[:2]], {}, torch.sum)

# ---------------------------------------------------------------- creation (no inputs) and printing
for args in [(5,), (0,), (2, 11, 3), (10, 0, -3), (-3, 3), (0, 1, 5)]:
    case("arange", [], {"args": list(args)}, lambda args=args: torch.arange(*args))
case("arange", [], {"args": [0, 2000]}, lambda: torch.arange(0, 2000))
for shape in [(2, 3), (0,), (2, 0), ()]:
    case("zeros_int64", [], {"shape": list(shape)}, lambda shape=shape: torch.zeros(shape, dtype=torch.int64))
    case("ones_bool", [], {"shape": list(shape)}, lambda shape=shape: torch.ones(shape, dtype=torch.bool))
for a in [torch.tensor([1, 2]), torch.tensor([-1, 100, 2 ** 62]), BIG, torch.tensor(3), torch.tensor(-2 ** 63),
          torch.tensor(True), torch.tensor([True, False]), torch.tensor([[True], [False]]), torch.tensor([False] * 40),
          torch.randint(-10 ** 12, 10 ** 12, (4, 9)), torch.randint(-5, 5, (3, 2, 4)), torch.arange(1500),
          torch.arange(1500).reshape(30, 50), torch.tensor([], dtype=torch.int64),
          torch.tensor([], dtype=torch.bool), torch.zeros(0, 3, dtype=torch.int64), torch.randint(0, 2, (1001,)).bool()]:
    case("repr", [a], {}, lambda a: a)

# ---------------------------------------------------------------- errors
case("requires_grad", [ints(2)], {}, lambda a: a.requires_grad_(True))
case("requires_grad", [bools(2)], {}, lambda a: a.requires_grad_(True))
case("add_float_", [ints(2)], {"scalar": (1.5).hex()}, lambda a: a.add_(1.5))
case("add_", [ints(2), floats(2)], {}, lambda a, b: a.add_(b))
case("add_", [bools(2), ints(2)], {}, lambda a, b: a.add_(b))
case("add_", [ints(2), bools(2)], {}, lambda a, b: a.add_(b))
case("mul_int_", [ints(3)], {"scalar": 3}, lambda a: a.mul_(3))

write(OUT)
