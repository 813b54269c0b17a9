"""Exact value strings and the case writing shared by dtype_golden.py, int32_uint8_golden.py and
int_semantics_golden.py (format_golden.py uses hx): integers as decimal strings, bool as 0/1, floats as float.hex() (or nan/inf/-inf).

Not run on its own: the scripts import it (/usr/bin/python3 tools/golden/dtype_golden.py ...).
"""
import json
import math

import torch

NAMES = {torch.int64: "int64", torch.int32: "int32", torch.uint8: "uint8", torch.bool: "bool",
         torch.float32: "float32", torch.float64: "float64"}
INTEGERS = (torch.int64, torch.int32, torch.uint8)


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


class Cases:
    """The cases of one golden file; with kinds=True an error case also names the Python exception's class."""

    def __init__(self, kinds=False):
        self.cases = []
        self.kinds = kinds

    def case(self, op, inputs, args=None, fn=None):
        """Adds op applied to copies of inputs: its output (values and repr; a tuple's indices) or error."""
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


_DEFAULT = Cases()
case = _DEFAULT.case
write = _DEFAULT.write
