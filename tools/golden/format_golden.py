#!/usr/bin/python3
"""Generates core/src/test/resources/golden/format.json for org.grad4j.format.

Run with the interpreter that has PyTorch 1.13 and NumPy 1.24:
    /usr/bin/python3 tools/golden/format_golden.py

Every value is stored as float.hex() (or 'inf', '-inf', 'nan') so nothing is lost;
float32 values are stored as the hex of the exact double they widen to.
Expected strings are computed by the real Python / NumPy / PyTorch.
"""
import json
import math
import os
import sys

import numpy as np
import torch

from exact_json import hx

assert torch.__version__.startswith("1.13"), torch.__version__
assert np.__version__.startswith("1.24"), np.__version__

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "format.json")

rng = np.random.RandomState(20240611)


# ---------------------------------------------------------------- scalars
SCALARS = [
    0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 0.1 + 0.2, -0.19999999999999998, 1 / 3, 2 / 3,
    7.0756000000000006, 1.44, 1e-05, 1e-4, 0.0001, 0.00011, 9.999999999999999e-05,
    1.5e16, 1e16, 1e15, 9999999999999998.0, 123456789012345680.0, 1e22, 1e23,
    5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 2.0 ** 53, 2.0 ** 53 + 2,
    18014398509481992.0, 18014398509481988.0, 2.0 ** 60, 2.0 ** -20, 0.5, 100.0,
    123.456, 1e100, 1e-100, math.pi, math.e, -math.pi * 1e-7, 1e8, 99999999.0, 1e7,
    16777216.0, 16777217.0, 3.4028234663852886e38, 1.1754943508222875e-38,
    1.401298464324817e-45, 0.30000001192092896, 1e-45, 1e-40, 65504.0, 4.35, 2.675,
    float("inf"), float("-inf"), float("nan"),
]


def random_doubles(n):
    bits = np.frombuffer(rng.bytes(8 * n), dtype="<u8")
    return [float(v) for v in bits.view(np.float64)]


def random_floats(n):
    bits = np.frombuffer(rng.bytes(4 * n), dtype="<u4")
    return [float(v) for v in bits.view(np.float32)]


def random_human(n):
    out = []
    for _ in range(n):
        m = rng.randn()
        e = rng.randint(-30, 30)
        out.append(float(m * 10.0 ** e))
        out.append(float(round(m, rng.randint(0, 8)) * 10.0 ** rng.randint(-6, 18)))
    return out


python_repr = []
for v in SCALARS + random_doubles(300) + random_human(150):
    python_repr.append({"x": hx(v), "expected": repr(float(v))})

numpy_float32_repr = []
for v in SCALARS + random_floats(300) + random_human(150):
    with np.errstate(over="ignore"):
        f = np.float32(v)
    numpy_float32_repr.append({"x": hx(float(f)), "expected": repr(f)})


# ---------------------------------------------------------------- arrays
def arr(shape, values):
    return (list(shape), np.asarray(values, dtype=np.float64).reshape(shape))


ARRAYS = []


def add(values, shape=None):
    a = np.asarray(values, dtype=np.float64)
    if shape is None:
        shape = a.shape
    ARRAYS.append(arr(shape, a.reshape(-1)))


# hand-picked
for s in [1.44, 7.0756000000000006, 0.0, -0.0, 1.0, 0.3, 1e-8, 1e10, 123456789.0,
          float("nan"), float("inf"), float("-inf"), -0.19999999999999998, 1e16, 1e-5,
          2.5, 100.0, 0.0001, 12345.678]:
    add(np.array(s), ())
add([0.3], (1, 1))
add([0.06], (1, 1))
add([1, 2, 3])
add([1.5, -2.25])
add([0.1, 0.2, 0.3])
add([1e-8, 1e10])
add([1e-8, 1.5e10])
add([float("nan"), float("inf"), float("-inf"), 1.0])
add([float("nan"), float("inf"), float("-inf"), 1.5])
add([float("nan"), 1e-9, 1e10])
add([float("nan")])
add([float("inf"), float("-inf")])
add([float("inf"), 2.0])
add([0.0, 0.0])
add([-0.0, 1.0])
add([-0.0, 0.0])
add([-0.0, 1.5])
add([-0.0, 1e-9])
add([1e8])
add([1e8, 1.0])
add([99999999.0, 1.0])
add([99999999.5, 1.0])
add([123456789.0])
add([0.0001, 1.0])
add([0.00009999, 1.0])
add([0.0001, 0.1])
add([0.00011, 0.1])
add([1.0, 1000.0])
add([1.0, 1000.5])
add([1.0, 1001.0])
add([0.5, 500.0])
add([0.5, 500.25])
add([1.0, 1000.0001])
add([1e-5])
add([1e100, 1e-100])
add([5e-324, 1.0])
add([1e300, -1e-300])
add([1.7976931348623157e308, 1.0])
add([0.123456789, 1.0])
add([0.199999999, 1.0])
add([0.999999999, 1.0])
add([9.99999999, 1.0])
add([12345678.9, 0.5])
add([1e-4, 1e-3, 1e-2])
add([1.23456789e-5, 9.87654321e5])
add([-1.0, -2.0, 3.0])
add([123456.0, 7.0])
add([1e7, 2.0])
add([10000000.0, 100000000.0])
add([0.30000001192092896, 0.1])
add([1.0000001, 1.0])
add([2.675, 4.35, 0.125, 0.375])
add([0.00015, 0.00025, 0.00035])
add([99999.99995, 1.0])
add([9.99995e-5, 1.0])
add([1.5] * 30)
add(np.arange(1, 31, dtype=np.float64))
add(np.arange(1, 31, dtype=np.float64) * 1e10)
add(np.arange(-15, 15, dtype=np.float64) / 7)
add(np.arange(24, dtype=np.float64) / 3, (2, 3, 4))
add(np.arange(16, dtype=np.float64) - 8, (2, 2, 2, 2))
add(np.arange(1001, dtype=np.float64))
add(np.arange(1000, dtype=np.float64))
add(np.arange(2000, dtype=np.float64) / 7)
add(np.arange(1200, dtype=np.float64) / 3, (40, 30))
add(np.arange(1331, dtype=np.float64) * 0.5, (11, 11, 11))
add(np.arange(1200, dtype=np.float64), (3, 400))
add(np.arange(1200, dtype=np.float64) * 1e-3, (400, 3))
add(np.arange(2 * 3 * 10 * 20, dtype=np.float64) - 600, (2, 3, 10, 20))
add(np.arange(7 * 2 * 80, dtype=np.float64) * 1.25e-6, (7, 2, 80))
add([9.999999999, 1.0])
add([0.9999999999, 0.5])
add([-0.0])
add([-0.0, -0.0], (1, 2))
add([float("nan"), 1e-9])
add([float("nan"), 1e9, -3.0])
add([float("inf"), 0.5, 1e-7])
add([1e16, 1.0])
add([123456789012.0, 0.5])
add([1e-300, 1e300])
add([-1e-100])
add([0.00005, 1.0])
add([100000000.0, 3.0])
add([100000001.0, 3.0])
add([100000000.5, 3.0])
add([1e8 + 0.5])
add([0.5, 0.25, 1024.0])
add([3.14159265358979, -2.718281828459045, 1.4142135623730951])
add([1e-4 * 1.5, 2.0, 3.0])
add(np.arange(1024, dtype=np.float64) / 4, (2,) * 10)
add(np.arange(30, dtype=np.float64) * 1.125, (1,) * 12 + (30,))
add(np.arange(30, dtype=np.float64) * 1e-9, (1,) * 30 + (30,))
# ratio edge for float32 max/min computed in float32
add([1.0, 1000.00006])
add([3.0, 3000.0001])
# empty
add(np.zeros(0), (0,))
add(np.zeros(0), (0, 3))
add(np.zeros(0), (2, 0))
add(np.zeros(0), (0, 2, 3))

# seeded random
shapes = [(1,), (5,), (3, 4), (2, 3, 4), (2, 2, 2, 2), (30,), (100,), (4, 25), (8, 11),
          (1001,), (2000,), (3, 5, 7), (1, 1, 1, 1), (6, 1), (7, 7), (2, 600)]
scales = [1.0, 1e-6, 1e6, 1e9, 1e-3, 100.0]
for shape in shapes:
    n = int(np.prod(shape))
    for sc in scales:
        if n > 1000 and sc != 1.0:
            continue
        add(rng.randn(n) * sc, shape)
    # mixed magnitudes
    add(rng.randn(n) * 10.0 ** rng.randint(-10, 10, size=n), shape)
    # integers
    add(rng.randint(-100, 100, size=n).astype(np.float64), shape)
    if n <= 1000:
        add(rng.randint(-10 ** 9, 10 ** 9, size=n).astype(np.float64), shape)
    # with specials
    v = rng.randn(n)
    k = max(1, n // 5)
    idx = rng.choice(n, size=min(k, n), replace=False)
    v[idx] = rng.choice([float("nan"), float("inf"), float("-inf"), 0.0, -0.0], size=len(idx))
    add(v, shape)
    # integers with specials
    w = rng.randint(-5, 5, size=n).astype(np.float64)
    w[idx] = rng.choice([float("nan"), float("inf"), float("-inf"), -0.0], size=len(idx))
    add(w, shape)
    # short decimals
    if n <= 1000:
        add(np.round(rng.randn(n) * 10, rng.randint(0, 5)), shape)

DTYPES = {"FLOAT32": (np.float32, torch.float32), "FLOAT64": (np.float64, torch.float64)}


def values_of(a, npdt):
    with np.errstate(over="ignore"):
        c = a.astype(npdt)
    return c, [hx(v) for v in c.reshape(-1).astype(np.float64)]


# arrays[k] holds the values once; numpy_str and torch_repr cases refer to it by index
arrays = []
numpy_str = []
ARRAY_INDEX = {}
for i, (shape, a) in enumerate(ARRAYS):
    for name, (npdt, _) in DTYPES.items():
        c, vals = values_of(a, npdt)
        ARRAY_INDEX[(i, name)] = len(arrays)
        arrays.append({"dtype": name, "shape": shape, "values": vals})
        numpy_str.append({"array": len(arrays) - 1, "expected": str(c)})


class tensor(torch.Tensor):
    """Fakes a CUDA device so that the device suffix is printed by the real code."""

    @property
    def device(self):
        return torch.device("cuda:0")


def torch_case(c, shape, name, default, device, grad):
    torch.set_default_dtype(DTYPES[default][1])
    try:
        t = torch.tensor(c.reshape(-1).astype(np.float64), dtype=DTYPES[name][1]).reshape(shape)
        if device is not None:
            t = t.as_subclass(tensor)
        if grad == "leaf":
            t.requires_grad_()
        elif grad == "fn":
            t = t.requires_grad_().clone()
        s = repr(t)
        fn = None if t.grad_fn is None else type(t.grad_fn).__name__
        return s, bool(t.requires_grad), fn
    finally:
        torch.set_default_dtype(torch.float32)


torch_repr = []
variants = [(None, None), ("cuda:0", "leaf"), ("cuda:0", "fn"), (None, "fn"), (None, "leaf"),
            ("cuda:0", None)]
for i, (shape, a) in enumerate(ARRAYS):
    for name in DTYPES:
        for default in DTYPES:
            # all combinations for small arrays, a rotating subset for the rest
            for j, (device, grad) in enumerate(variants):
                # every combination for small arrays, one rotating variant for large ones
                if a.size > 40 and (i + j + (name == "FLOAT64") + 2 * (default == "FLOAT64")) % 4 != 0:
                    continue
                c, vals = values_of(a, DTYPES[name][0])
                s, rg, fn = torch_case(c, shape, name, default, device, grad)
                torch_repr.append({"array": ARRAY_INDEX[(i, name)], "defaultDtype": default,
                                   "device": device, "requiresGrad": rg, "gradFn": fn,
                                   "expected": s})

# de-duplicate torch cases (the variant loop above can produce repeats)
seen = set()
uniq = []
for case in torch_repr:
    key = json.dumps(case, sort_keys=True)
    if key not in seen:
        seen.add(key)
        uniq.append(case)
torch_repr = uniq

# NumPy's integer and bool arrays (IntegerFormat / BoolFormat), as print(tensor.numpy()) shows them
INT_DTYPES = {"INT64": np.int64, "INT32": np.int32, "UINT8": np.uint8, "BOOL": np.bool_}
INT_ARRAYS = [
    ("INT64", [3], [1, -20, 3]), ("INT64", [], [7]), ("INT64", [], [-7]), ("INT64", [0], []),
    ("INT64", [0, 3], []), ("INT64", [2, 2], [1, 2, 3, 4]),
    ("INT64", [2], [-2 ** 63, 2 ** 63 - 1]), ("INT64", [40], [i * 37 - 500 for i in range(40)]),
    ("INT64", [3000], list(range(3000))), ("INT64", [2, 1000], [i * i for i in range(2000)]),
    ("INT64", [2, 3, 4], list(range(-12, 12))), ("INT64", [1001, 2], [(-1) ** i * i for i in range(2002)]),
    ("INT32", [4], [5, -6, 70000, 0]), ("UINT8", [5], [0, 1, 2, 200, 255]),
    ("BOOL", [2], [1, 0]), ("BOOL", [], [1]), ("BOOL", [], [0]), ("BOOL", [3, 2], [1, 0, 0, 1, 1, 1]),
    ("BOOL", [30], [i % 3 == 0 for i in range(30)]), ("BOOL", [1200], [i % 7 == 0 for i in range(1200)]),
    ("BOOL", [0], []),
]
numpy_int_str = []
for name, shape, values in INT_ARRAYS:
    a = np.array(values, dtype=INT_DTYPES[name]).reshape(shape)
    numpy_int_str.append({"dtype": name, "shape": shape, "values": [str(int(v)) for v in a.reshape(-1)],
                          "expected": str(a)})

doc = {
    "generator": "tools/golden/format_golden.py",
    "python": sys.version.split()[0],
    "numpy": np.__version__,
    "torch": torch.__version__,
    "python_repr": python_repr,
    "numpy_float32_repr": numpy_float32_repr,
    "arrays": arrays,
    "numpy_str": numpy_str,
    "torch_repr": torch_repr,
    "numpy_int_str": numpy_int_str,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    f.write("{\n")
    keys = list(doc)
    for k_i, k in enumerate(keys):
        v = doc[k]
        f.write(json.dumps(k) + ": ")
        if isinstance(v, list):
            f.write("[\n")
            f.write(",\n".join(json.dumps(x) for x in v))
            f.write("\n]")
        else:
            f.write(json.dumps(v))
        f.write(",\n" if k_i < len(keys) - 1 else "\n")
    f.write("}\n")
print(OUT, {k: len(v) for k, v in doc.items() if isinstance(v, list)})
