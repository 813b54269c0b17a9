#!/usr/bin/python3
"""Golden data for the CPU reduction order: PyTorch 1.13's sum and mean, bit for bit.

Run with Debian's PyTorch (python3-torch 1.13):  /usr/bin/python3 tools/golden/reduction_golden.py
Writes core/src/test/resources/golden/torch_reductions.json.

Each case draws its input with torch.manual_seed(seed); torch.empty(...).uniform_(-1, 1) (grad4j's
Generator reproduces that stream), optionally takes a view of it, and records sum/mean over the
given dims. PyTorch runs single-threaded: above 32768 elements its parallel_reduce splits the work
by thread count, which grad4j does not emulate (see README). Results are float.hex() strings
(a float32 result is exact as a double).
"""
import json
import os
import random

import torch

torch.set_num_threads(1)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "core", "src", "test", "resources", "golden",
                   "torch_reductions.json")


def view(x, kind):
    if kind == "contiguous":
        return x
    if kind == "transposed":
        return x.transpose(-1, -2)
    if kind == "narrowed":
        return x.narrow(-1, 1, x.shape[-1] - 2)
    if kind == "stepped":
        return x[..., ::2]
    raise ValueError(kind)


def main():
    rng = random.Random(13)
    shapes = [[1], [3], [4], [7], [8], [9], [15], [16], [17], [31], [32], [33], [63], [64], [65], [100],
              [127], [128], [129], [255], [256], [257], [1000], [4096], [4099], [20000], [65536 + 37],
              [300000], [2, 3], [3, 5], [4, 8], [5, 17], [17, 5], [8, 33], [33, 8], [64, 64], [16, 100],
              [100, 16], [7, 40], [40, 7], [129, 3], [3, 129], [1, 50], [50, 1], [2, 3, 4], [4, 17, 9],
              [6, 5, 40], [3, 40, 6], [2, 3, 4, 5], [300, 70], [70, 300], [1000, 33], [1024, 64], [256, 130]]
    cases = []
    seed = 0
    for shape in shapes:
        rank = len(shape)
        kinds = ["contiguous"]
        if rank >= 2:
            kinds.append("transposed")
        if shape[-1] >= 4:
            kinds.append("narrowed")
            if shape[-1] % 2 == 0:
                kinds.append("stepped")
        for dtype in ("float32", "float64"):
            for kind in kinds:
                seed += 1
                dims_list = [[]]
                for d in range(rank):
                    dims_list.append([d])
                if rank >= 2:
                    dims_list.append([0, rank - 1])
                if rank >= 3:
                    dims_list.append([rank - 2, rank - 1])
                    dims_list.append([0, 1])
                if shape[0] * (shape[-1] if rank > 1 else 1) > 70000:
                    dims_list = dims_list[:3]
                torch.manual_seed(seed)
                x = torch.empty(shape, dtype=getattr(torch, dtype)).uniform_(-1, 1)
                v = view(x, kind)
                for dims in dims_list:
                    keepdim = rng.random() < 0.5
                    op = "sum" if rng.random() < 0.7 else "mean"
                    f = getattr(torch, op)
                    r = f(v) if not dims else f(v, dims, keepdim=keepdim)
                    if r.numel() > 130:
                        continue   # keeps the file small; the order per output does not depend on the count
                    cases.append({
                        "dtype": dtype, "seed": seed, "shape": shape, "view": kind, "op": op,
                        "dims": dims, "keepdim": keepdim, "outShape": list(r.shape),
                        "result": [float(t).hex() for t in r.reshape(-1).tolist()],
                    })
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "threads": 1, "cases": cases}, f, separators=(",", ":"))
    print(len(cases), "cases ->", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
