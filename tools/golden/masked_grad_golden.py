"""Golden gradients of the ops whose backward passes the gradient through a mask (relu, clamp, hardtanh,
relu6, maximum, minimum), as raw bits: PyTorch writes those gradients with where/masked_fill, so a masked
element is +0.0 whatever the upstream gradient is (negative, infinite or NaN), and a tie of maximum/minimum
gets half of it. The upstream gradients here are chosen to tell that apart from grad * mask.

    /usr/bin/python3 tools/golden/masked_grad_golden.py > core/src/test/resources/golden/masked_grad.json
"""
import json
import struct

import torch
import torch.nn.functional as F

X = [-2.0, -0.5, 0.0, 0.5, 1.0, 2.0, 6.0, 7.0, -1.0, 3.0]
OTHER = [-2.0, 0.0, -0.25, 0.5, 2.0, 1.0, 6.0, 8.0, -3.0, 3.0]
G = [-1.0, -2.0, float("nan"), float("-inf"), -3.0, 4.0, -5.0, float("nan"), -0.5, -7.0]

UNARY = {
    "relu": lambda x: torch.relu(x),
    "clamp_min_0": lambda x: torch.clamp(x, min=0.0),
    "clamp_max_1": lambda x: torch.clamp(x, max=1.0),
    "clamp_-1_1": lambda x: torch.clamp(x, min=-1.0, max=1.0),
    "hardtanh": lambda x: F.hardtanh(x),
    "relu6": lambda x: F.relu6(x),
}
BINARY = {
    "maximum": torch.maximum,
    "minimum": torch.minimum,
}


def bits(t):
    if t.dtype == torch.float64:
        return ["%016x" % struct.unpack("<Q", struct.pack("<d", v))[0] for v in t.tolist()]
    return ["%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in t.tolist()]


cases = []
for dtype in (torch.float32, torch.float64):
    g = torch.tensor(G, dtype=dtype)
    for name, f in UNARY.items():
        x = torch.tensor(X, dtype=dtype, requires_grad=True)
        f(x).backward(g)
        cases.append({"op": name, "dtype": str(dtype).replace("torch.", ""), "grads": [bits(x.grad)]})
    for name, f in BINARY.items():
        x = torch.tensor(X, dtype=dtype, requires_grad=True)
        o = torch.tensor(OTHER, dtype=dtype, requires_grad=True)
        f(x, o).backward(g)
        cases.append({"op": name, "dtype": str(dtype).replace("torch.", ""), "grads": [bits(x.grad), bits(o.grad)]})

print(json.dumps({"torch": torch.__version__, "x": X, "other": OTHER,
                  "grad": [repr(v) for v in G], "cases": cases}, indent=1))
