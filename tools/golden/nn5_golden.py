#!/usr/bin/python3
"""Golden cases for the nn5 branch's modules, from PyTorch 1.13 (CPU): the lazy modules (LazyLinear, LazyConv1d/2d/3d,
LazyConvTranspose1d/2d/3d, LazyBatchNorm1d/2d/3d, LazyInstanceNorm1d/2d/3d).

    /usr/bin/python3 tools/golden/nn5_golden.py

Writes core/src/test/resources/golden/nn5.json.gz, read by Nn5Conformance:
- "lazy": for each module (kind and args as Nn5Conformance.lazyModule spells them) after torch.manual_seed(seed): the
  repr and state_dict keys before the first forward; an SGD(lr=0.1) built over the placeholders before it; the first
  forward's input and output, the repr and state dict after it; the gradients of (out * w).sum() for the input and each
  parameter; the parameters after one SGD step; a second forward's output; the next torch.rand(1) (the draws used);
- "lazy_errors": PyTorch's refusals of a first forward (wrong rank, groups not dividing in_channels, ...) and of
  using a placeholder.
Values are float.hex. Runs with Debian's reference BLAS, selected as layers3_golden.py does.
"""
import gzip
import os
import sys
import warnings

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import json  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

import tensor_ops_golden as golden  # noqa: E402
from nn_more_golden import enc  # noqa: E402
from tensor_ops_golden import ROOT, sample  # noqa: E402

warnings.simplefilter("ignore")
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "nn5.json.gz")
golden.use_rng(np.random.default_rng(5505))


# ------------------------------------------------------------------------------------------------ lazy modules

LAZY = [  # kind, args (Python keyword names), input shape
    ("LazyLinear", {"out_features": 4}, [3, 5]),
    ("LazyLinear", {"out_features": 3, "bias": False}, [2, 2, 6]),
    ("LazyConv1d", {"out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1}, [2, 3, 9]),
    ("LazyConv1d", {"out_channels": 4, "kernel_size": 3, "groups": 2}, [2, 4, 8]),
    ("LazyConv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}, [2, 3, 5, 5]),
    ("LazyConv2d", {"out_channels": 2, "kernel_size": 2, "bias": False}, [3, 4, 4]),
    ("LazyConv3d", {"out_channels": 2, "kernel_size": 2}, [1, 2, 3, 4, 3]),
    ("LazyConvTranspose1d", {"out_channels": 4, "kernel_size": 3, "stride": 2}, [2, 3, 5]),
    ("LazyConvTranspose2d", {"out_channels": 4, "kernel_size": 3, "groups": 2}, [1, 4, 3, 3]),
    ("LazyConvTranspose3d", {"out_channels": 2, "kernel_size": 2, "stride": 2}, [1, 3, 2, 2, 2]),
    ("LazyBatchNorm1d", {}, [4, 3]),
    ("LazyBatchNorm2d", {"momentum": None}, [3, 2, 3, 3]),
    ("LazyBatchNorm3d", {"affine": False}, [2, 2, 2, 2, 2]),
    ("LazyInstanceNorm1d", {}, [2, 3, 6]),
    ("LazyInstanceNorm2d", {"affine": False, "track_running_stats": False}, [2, 3, 4, 4]),
    ("LazyInstanceNorm3d", {"eps": 1e-3}, [1, 2, 3, 3, 3]),
]


def lazy_case(kind, args, shape, dt, seed):
    torch.manual_seed(seed)
    m = getattr(nn, kind)(**args, dtype=dt)
    c = {"kind": kind, "args": args, "dtype": str(dt).replace("torch.", ""), "seed": seed,
         "repr_before": repr(m), "keys_before": list(m.state_dict().keys())}
    params = list(m.parameters())
    opt = torch.optim.SGD(params, lr=0.1) if params else None   # over the placeholders: PyTorch allows it
    x = sample(shape, dt).requires_grad_(True)
    y = m(x)
    c["x"] = enc(x.detach())
    c["out"] = enc(y.detach())
    c["repr_after"] = repr(m)
    c["state"] = {k: enc(v) for k, v in m.state_dict().items()}
    w = sample(list(y.shape), dt)
    (y * w).sum().backward()
    c["w"] = enc(w)
    c["x_grad"] = enc(x.grad)
    c["grads"] = {k: enc(p.grad) for k, p in m.named_parameters()}
    if opt is not None:
        opt.step()
    c["stepped"] = {k: enc(p.detach()) for k, p in m.named_parameters()}
    c["out2"] = enc(m(x.detach()).detach())
    c["after"] = float.hex(torch.rand(1).item())
    return c


def lazy_cases():
    seed = 11
    for dt in (torch.float32, torch.float64):
        for kind, args, shape in LAZY:
            seed += 1
            yield lazy_case(kind, args, shape, dt, seed)


def lazy_errors():
    specs = [  # kind, args, input shape: PyTorch refuses the first forward
        ("LazyLinear", {"out_features": 4}, []),
        ("LazyConv2d", {"out_channels": 4, "kernel_size": 3}, [3, 4]),
        ("LazyConv2d", {"out_channels": 4, "kernel_size": 3, "groups": 2}, [1, 3, 4, 4]),
        ("LazyConv1d", {"out_channels": 4, "kernel_size": 3}, [2, 3, 4, 5]),
        ("LazyConvTranspose3d", {"out_channels": 2, "kernel_size": 2}, [2, 3]),
        ("LazyConvTranspose1d", {"out_channels": 4, "kernel_size": 2, "groups": 2}, [1, 3, 4]),
        ("LazyBatchNorm1d", {}, [3]),
        ("LazyBatchNorm2d", {}, [2, 3]),
        ("LazyInstanceNorm1d", {}, [3, 5]),   # 1.13 reads num_features from dimension 1, 5; the affine weight refuses
        ("LazyLinear", {"out_features": 4}, [2, 0]),
    ]
    out = []
    for kind, args, shape in specs:
        m = getattr(nn, kind)(**args, dtype=torch.float64)
        c = {"kind": kind, "args": args, "dtype": "float64", "x": enc(sample(shape, torch.float64))}
        try:
            y = m(torch.tensor(np.zeros(shape), dtype=torch.float64) if shape else torch.tensor(1.0,
                                                                                              dtype=torch.float64))
            c["out_shape"] = list(y.shape)   # PyTorch accepts it (grad4j must too)
        except Exception as e:
            c["error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
        out.append(c)
    m = nn.LazyLinear(3)
    try:
        m.weight + 1
    except ValueError as e:
        out.append({"kind": "LazyLinear", "args": {"out_features": 3}, "use": "weight",
                    "error": "ValueError: " + str(e)})
    return out


def main():
    doc = {"lazy": list(lazy_cases()), "lazy_errors": lazy_errors()}
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(json.dumps(doc, separators=(",", ":")).encode())
    print("wrote", OUT, {k: len(v) for k, v in doc.items()})


if __name__ == "__main__":
    main()
