#!/usr/bin/python3
"""Golden cases for the gradient of mse_loss under an upstream gradient other than one, from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/mse_backward_golden.py

Writes core/src/test/resources/golden/mse_backward.json, read by MseBackwardConformance. PyTorch's
mse_backward kernel rounds norm * (x - y) * g in that order (norm = 2/N for mean, 2 otherwise); a
different order, such as (x - y) * (norm * g), differs in the last bit for most elements, so each
case backpropagates a gradient g drawn at random and the test compares the input's gradient bit for
bit. Values are float.hex.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "mse_backward.json")
rng = np.random.default_rng(16)


def hexs(t):
    return [float(v).hex() for v in t.detach().double().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "data": hexs(t)}


def sample(shape, dtype, scale=3.0):
    return torch.tensor(rng.uniform(-scale, scale, shape), dtype=torch.float64).to(dtype)


cases = []
for dtype_name, dtype in (("float64", torch.float64), ("float32", torch.float32)):
    for reduction in ("mean", "sum", "none"):
        for shape in ((7, 3), (1, 1), (5,)):
            x = sample(shape, dtype).requires_grad_(True)
            y = sample(shape, dtype)
            out = F.mse_loss(x, y, reduction=reduction)
            g = sample(tuple(out.shape), dtype, 5.0)
            out.backward(g)
            cases.append({"dtype": dtype_name, "reduction": reduction, "input": enc(x), "target": enc(y),
                          "grad_output": enc(g), "output": enc(out), "grad_input": enc(x.grad)})

with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
print("wrote", OUT, len(cases), "cases")
