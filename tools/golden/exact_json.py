"""Exact value strings and the case list shared by dtype_golden.py and int32_uint8_golden.py (format_golden.py uses
hx): integers as decimal strings, bool as 0/1, floats as float.hex() (or nan/inf/-inf).

Not run on its own: the scripts import it (/usr/bin/python3 tools/golden/dtype_golden.py ...).
"""
import json
import math

import torch

NAMES = {torch.int64: "int64", torch.int32: "int32", torch.uint8: "uint8", torch.bool: "bool",
         torch.float32: "float32", torch.float64: "float64"}
INTEGERS = (torch.int64, torch.int32, torch.uint8)
CASES = []


def hx(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v.hex()


def enc(v, dtype):
    if dtype == torch.bool:
        return 1 if v else 0
    if dtype in INTEGERS:
        return str(int(v))
    return hx(v)


def tensor_json(t):
    return {"dtype": NAMES[t.dtype], "shape": list(t.shape),
            "data": [enc(v, t.dtype) for v in t.reshape(-1).tolist()]}


def case(op, inputs, args=None, fn=None):
    """Adds to CASES op applied to copies of inputs: its output (values and repr; a tuple's indices) or error."""
    c = {"op": op, "args": args or {}, "inputs": [tensor_json(t) for t in inputs]}
    try:
        out = fn(*[t.clone() for t in inputs])
        if isinstance(out, tuple):
            c["out"] = tensor_json(out[0])
            c["out"]["repr"] = repr(out[0])
            c["indices"] = tensor_json(out[1])
        else:
            c["out"] = tensor_json(out)
            c["out"]["repr"] = repr(out)
    except Exception as e:  # the error PyTorch raises: the suite expects one too
        c["error"] = str(e).split("\n")[0]
    CASES.append(c)


def write(path):
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": CASES}, f, indent=0)
        f.write("\n")
    print("wrote", path, len(CASES), "cases")
