"""Shared case writing of the integer-dtype golden scripts (int32_uint8_golden.py, int_semantics_golden.py).

Each case applies one op to input tensors and records the result's dtype, shape, values and repr(), or the
error PyTorch raises. Integers are decimal strings, bool 0/1, floats float.hex() (or nan/inf/-inf).
"""
import json
import math

import torch

NAMES = {torch.int64: "int64", torch.int32: "int32", torch.uint8: "uint8", torch.bool: "bool",
         torch.float32: "float32", torch.float64: "float64"}


def enc(v, dtype):
    if dtype == torch.bool:
        return 1 if v else 0
    if dtype in (torch.int64, torch.int32, torch.uint8):
        return str(int(v))
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v.hex()


def tensor_json(t):
    return {"dtype": NAMES[t.dtype], "shape": list(t.shape),
            "data": [enc(v, t.dtype) for v in t.reshape(-1).tolist()]}


class Cases:
    """The cases of one golden file; with kinds=True an error case also names the Python exception's class."""

    def __init__(self, kinds=False):
        self.cases = []
        self.kinds = kinds

    def case(self, op, inputs, args=None, fn=None):
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
            if self.kinds:
                c["kind"] = type(e).__name__
        self.cases.append(c)

    def write(self, path):
        with open(path, "w") as f:
            json.dump({"torch": torch.__version__, "cases": self.cases}, f, indent=0)
            f.write("\n")
        print("wrote", path, len(self.cases), "cases")
