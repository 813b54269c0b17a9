#!/usr/bin/python3
"""Golden data for the everyday torch / Tensor API (ApiOps): window functions, torch.range, scalar_tensor,
new_* creation, introspection (is_nonzero, is_signed, element_size, tolist), dtype rules (promote_types,
can_cast, result_type) and set_printoptions' effect on repr, from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/api2_golden.py

(re-executes itself with the reference BLAS, as digits_torch.py does, though nothing here multiplies matrices).
Writes core/src/test/resources/golden/api2.json, read by Api2Conformance. Values use exact_json's encoding
(float.hex(), integers as decimal strings, bool as 0/1); an error case names the Python exception's class and
message. api.json / ApiConformance belong to the earlier tensor-method cases (api_golden.py).
"""
import os
import sys

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import json  # noqa: E402

import torch  # noqa: E402

from exact_json import NAMES, hx, tensor_json  # noqa: E402

assert torch.__version__.startswith("1.13"), torch.__version__

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "api2.json")
DTYPES = [torch.float32, torch.float64, torch.int64, torch.bool, torch.int32, torch.uint8]
FLOATS = [torch.float32, torch.float64]


def run(f):
    """{"out": tensor} or {"error": class, "message": text}."""
    try:
        return {"out": tensor_json(f())}
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__, "message": str(e).split("\n")[0]}


def as_tensors():
    out = []
    cases = [([[1, 2], [3, 4]], None), ([[1.5, 2], [3, 4]], None), ([True, False], None), ([True, 2], None),
             ([True, 2.5], None), ([], None), ([[], []], None), (3, None), (2.5, None), (True, None),
             ([300], torch.uint8), ([-1], torch.uint8), ([1.7, -2.5], torch.int64), ([2 ** 40], torch.int32),
             ([1e40], torch.float32), ([[1, 2], [3]], None), ([-1.5], torch.uint8), ([[0.5, 1], [2, 3]], torch.bool),
             ([[1, 2, 3]], torch.float64), ([2 ** 62 + 1], None), ([[[1], [2]], [[3], [4]]], torch.int32)]
    for data, dt in cases:
        out.append({"data": data, "dtype": None if dt is None else NAMES[dt],
                    **run(lambda: torch.as_tensor(data, dtype=dt))})
    return out


def windows():
    out = []
    lengths = [0, 1, 2, 3, 4, 5, 8, 13, 16, 33, 64]
    for dt in FLOATS + [torch.int64]:
        for periodic in (True, False):
            for n in lengths:
                base = {"dtype": NAMES[dt], "n": n, "periodic": periodic}
                out.append(dict(base, fn="hann", **run(lambda: torch.hann_window(n, periodic, dtype=dt))))
                out.append(dict(base, fn="hamming", **run(lambda: torch.hamming_window(n, periodic, dtype=dt))))
                for alpha, beta in ((0.5, 0.5), (0.6, 0.3), (1.0, 0.0)):
                    out.append(dict(base, fn="hamming", alpha=alpha, beta=beta,
                                    **run(lambda: torch.hamming_window(n, periodic, alpha, beta, dtype=dt))))
                out.append(dict(base, fn="blackman", **run(lambda: torch.blackman_window(n, periodic, dtype=dt))))
                out.append(dict(base, fn="bartlett", **run(lambda: torch.bartlett_window(n, periodic, dtype=dt))))
                for beta in (12.0, 0.0, 5.5, 30.0):
                    out.append(dict(base, fn="kaiser", beta=beta,
                                    **run(lambda: torch.kaiser_window(n, periodic, beta, dtype=dt))))
    for fn in ("hann", "hamming", "blackman", "bartlett", "kaiser"):
        f = getattr(torch, fn + "_window")
        out.append({"fn": fn, "dtype": "float32", "n": -1, "periodic": True, **run(lambda: f(-1))})
    return out


def ranges():
    out = []
    args = [(1, 4, 1), (0, 1, 0.1), (0, 1, 0.3), (-2.5, 2.5, 0.5), (5, 1, -1), (1, 2, 0.25), (0, 0, 1),
            (0, 10, 3), (10, 0, -3), (0.5, 7.3, 1.7), (1, 4, 0), (4, 1, 1), (1, 4, -1), (0, float("inf"), 1),
            (float("nan"), 1, 1), (-3, 3, 2), (0, 1e-3, 1e-4), (1e8, 1e8 + 4, 1)]
    for start, end, step in args:
        for dt in [None] + DTYPES:
            kw = {} if dt is None else {"dtype": dt}
            out.append({"start": hx(start), "end": hx(end), "step": hx(step),
                        "dtype": None if dt is None else NAMES[dt],
                        **run(lambda: torch.range(start, end, step, **kw))})
    return out


def scalar_tensors():
    out = []
    for v in (0.0, -0.0, 1.5, -2.75, 3.0, 1e10, float("nan"), float("inf"), 0.1, 300.7, -1.5):
        for dt in [None] + DTYPES:
            kw = {} if dt is None else {"dtype": dt}
            out.append({"value": hx(v), "dtype": None if dt is None else NAMES[dt],
                        **run(lambda: torch.scalar_tensor(v, **kw))})
    return out


def new_creation():
    out = []
    for dt in DTYPES:
        x = torch.zeros(2, 3, dtype=dt)
        for fn, f in (("new_zeros", lambda: x.new_zeros((2, 2))), ("new_ones", lambda: x.new_ones((3,))),
                      ("new_full", lambda: x.new_full((2,), 2.75)), ("new_full_neg", lambda: x.new_full((2,), -1.5)),
                      ("new_empty", lambda: x.new_empty((0, 2)).zero_()),
                      ("new_tensor", lambda: x.new_tensor([1.5, -2.25, 0.0])),
                      ("new_zeros_f64", lambda: x.new_zeros((1,), dtype=torch.float64)),
                      ("new_ones_i64", lambda: x.new_ones((2,), dtype=torch.int64)),
                      ("new_full_bool", lambda: x.new_full((2,), 3.0, dtype=torch.bool)),
                      ("new_full_big", lambda: x.new_full((1,), 300.7))):
            out.append({"fn": fn, "self": NAMES[dt], **run(f)})
    return out


def introspection():
    out = []
    for dt in DTYPES:
        out.append({"dtype": NAMES[dt], "is_signed": torch.zeros(1, dtype=dt).is_signed(),
                    "element_size": torch.zeros(1, dtype=dt).element_size(),
                    "is_floating_point": torch.zeros(1, dtype=dt).is_floating_point()})
    nonzero = []
    for vals, shape, dt in (([0.0], [], torch.float32), ([-0.0], [], torch.float64), ([0.5], [1], torch.float32),
                            ([float("nan")], [1, 1], torch.float64), ([0], [], torch.int64), ([3], [], torch.int32),
                            ([0], [1], torch.uint8), ([1], [], torch.bool), ([0], [], torch.bool),
                            ([1.0, 2.0], [2], torch.float32), ([], [0], torch.float32), ([], [2, 0], torch.int64)):
        t = torch.tensor(vals, dtype=dt).reshape(shape)
        try:
            nonzero.append({"input": tensor_json(t), "out": t.is_nonzero()})
        except Exception as e:  # noqa: BLE001
            nonzero.append({"input": tensor_json(t), "error": type(e).__name__, "message": str(e)})
    return {"dtypes": out, "is_nonzero": nonzero}


def tolists():
    out = []
    for t in (torch.tensor(1.5), torch.tensor([[1.5, -2.0], [0.1, 3.0]]), torch.tensor([[1.5, -2.0]], dtype=torch.float64),
              torch.tensor(7), torch.tensor([[1, 2, 3]], dtype=torch.int32), torch.tensor([True, False]),
              torch.tensor([200, 3], dtype=torch.uint8), torch.zeros(2, 0, 3), torch.zeros(0),
              torch.arange(24).reshape(2, 3, 4).transpose(0, 2)):
        out.append({"input": tensor_json(t.contiguous()), "strided": list(t.shape) != list(t.contiguous().shape),
                    "out": json.loads(json.dumps(t.tolist()))})
    return out


def dtype_rules():
    promote, cast = [], []
    for a in DTYPES:
        for b in DTYPES:
            promote.append({"a": NAMES[a], "b": NAMES[b], "out": NAMES[torch.promote_types(a, b)]})
            cast.append({"a": NAMES[a], "b": NAMES[b], "out": torch.can_cast(a, b)})
    result = []
    scalars = [("int", 2), ("float", 2.5), ("bool", True)]
    for a in DTYPES:
        for dims in (0, 1):
            ta = torch.zeros([2] * dims, dtype=a)
            for b in DTYPES:
                for dims_b in (0, 1):
                    tb = torch.zeros([3] * dims_b, dtype=b)
                    result.append({"a": {"dtype": NAMES[a], "dim": dims}, "b": {"dtype": NAMES[b], "dim": dims_b},
                                   "out": NAMES[torch.result_type(ta, tb)]})
            for kind, s in scalars:
                result.append({"a": {"dtype": NAMES[a], "dim": dims}, "b": {"scalar": kind},
                               "out": NAMES[torch.result_type(ta, s)]})
                result.append({"a": {"scalar": kind}, "b": {"dtype": NAMES[a], "dim": dims},
                               "out": NAMES[torch.result_type(s, ta)]})
    for ka, sa in scalars:
        for kb, sb in scalars:
            result.append({"a": {"scalar": ka}, "b": {"scalar": kb}, "out": NAMES[torch.result_type(sa, sb)]})
    return {"promote_types": promote, "can_cast": cast, "result_type": result}


def printing():
    torch.manual_seed(20261202)
    big = torch.randn(40, 50, dtype=torch.float64)
    tensors = {
        "small": torch.tensor([1.123456789, -2.5, 3.0]),
        "ints_f": torch.tensor([1.0, 200.0, -3.0]),
        "wide": torch.tensor([1e-5, 1.0, 12345.678]),
        "f64": torch.tensor([[0.1, 0.25], [1.0 / 3, 2.0]], dtype=torch.float64),
        "long_vec": torch.arange(30, dtype=torch.float32) / 7,
        "big": big,
        "big_int": torch.arange(2000).reshape(40, 50),
        "mid": torch.arange(12, dtype=torch.float64).reshape(3, 4) / 3,
        "scalar": torch.tensor(3.14159265),
        "bools": torch.tensor([True, False, True] * 5),
        "zeros": torch.zeros(4),
        "nonfinite": torch.tensor([float("nan"), float("inf"), 1.5]),
        "large": torch.tensor([1e9, 2.5]),
        "req": torch.tensor([0.5, 1.25], requires_grad=True),
        "vec3d": torch.arange(60, dtype=torch.float32).reshape(3, 4, 5) / 9,
    }
    opts = [
        {}, {"precision": 2}, {"precision": 0}, {"precision": 8}, {"threshold": 5}, {"threshold": 5, "edgeitems": 1},
        {"threshold": 5, "edgeitems": 2}, {"linewidth": 40}, {"linewidth": 120}, {"linewidth": 10},
        {"sci_mode": True}, {"sci_mode": False}, {"profile": "short"}, {"profile": "full"},
        {"profile": "default"}, {"profile": "short", "precision": 6}, {"precision": 3, "sci_mode": True, "linewidth": 60},
        {"threshold": 10000}, {"threshold": 10, "edgeitems": 0},
    ]
    out = []
    for o in opts:
        torch.set_printoptions(profile="default")
        torch.set_printoptions(**o)
        for name, t in tensors.items():
            if "edgeitems" in o and o["edgeitems"] == 0 and t.dim() > 1 and t.numel() > o.get("threshold", 1000):
                continue   # PyTorch 1.13 fails printing it ("stack expects a non-empty TensorList")
            out.append({"options": o, "tensor": name, "out": repr(t)})
    torch.set_printoptions(profile="default")
    data = {name: dict(tensor_json(t.detach()), requires_grad=t.requires_grad) for name, t in tensors.items()}
    return {"tensors": data, "cases": out}


def main():
    data = {"as_tensor": as_tensors(), "windows": windows(), "range": ranges(), "scalar_tensor": scalar_tensors(), "new": new_creation(),
            "introspection": introspection(), "tolist": tolists(), "dtype_rules": dtype_rules(),
            "printing": printing()}
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
