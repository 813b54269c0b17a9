#!/usr/bin/python3
"""Golden training traces: Linear + MSELoss + SGD in PyTorch 1.13 with the reference BLAS.

Run from the repository root (Debian's python3-torch; the script re-executes itself with
LD_LIBRARY_PATH pointing at Debian's reference libblas3, /usr/lib/x86_64-linux-gnu/blas, and
checks from /proc/self/maps that torch has that libblas mapped, whatever the libblas.so.3
alternative points to):

    /usr/bin/python3 tools/golden/training_traces.py

Writes core/src/test/resources/golden/torch_traces.json.gz: 240 random configurations (in and out
features 1-64, batch 1-64, bias on/off, both MSE reductions, every SGD option, float32 and float64),
10 steps each. Inputs are not stored: each configuration draws, after torch.manual_seed(seed), the
weight [out, in], the bias [out] (when it has one), then per step x [batch, in] and y [batch, out],
all with tensor.uniform_(-1, 1) in that order (grad4j's Generator reproduces the stream). Per step
it stores the loss (float.hex) and a 64-bit FNV-1a hash of the bits of the prediction, each
gradient, each parameter after the step and each momentum buffer (float64 values as their 64-bit
pattern, float32 as their 32-bit pattern, in row-major order), so every value is checked bit for
bit in little space.
"""
import gzip
import json
import os
import random
import struct
import sys

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "torch_traces.json.gz")
FNV_OFFSET = 0xcbf29ce484222325
FNV_PRIME = 0x100000001b3
MASK = (1 << 64) - 1


def blas_check():
    maps = open("/proc/self/maps").read()
    libs = sorted({line.split()[-1] for line in maps.splitlines() if "blas" in line})
    assert any(l.startswith(REF_BLAS + "/libblas.so") for l in libs), libs
    return libs


def fnv(t):
    t = t.detach().contiguous().reshape(-1)
    if t.dtype == torch.float64:
        raw = struct.pack("<%dd" % t.numel(), *t.tolist())
        words = struct.unpack("<%dQ" % t.numel(), raw)
    else:
        raw = struct.pack("<%df" % t.numel(), *t.tolist())
        words = struct.unpack("<%dI" % t.numel(), raw)
    h = FNV_OFFSET
    for w in words:
        h = ((h ^ w) * FNV_PRIME) & MASK
    return "%016x" % h


def features(rng):
    # half of the sizes small (1-8), where the order matters most, the rest up to 64
    return rng.randint(1, 8) if rng.random() < 0.5 else rng.randint(1, 64)


def config(rng, index):
    momentum = rng.choice([0.0, 0.0, 0.5, 0.9])
    nesterov = momentum > 0 and rng.random() < 0.4
    return {
        "seed": 1000 + index,
        "dtype": "float64" if index % 2 == 0 else "float32",
        "in": features(rng), "out": 1 if rng.random() < 0.2 else features(rng), "batch": features(rng),
        "bias": rng.random() < 0.75,
        "reduction": rng.choice(["mean", "sum"]),
        "lr": rng.choice([0.1, 0.05, 0.01, 0.003]),
        "momentum": momentum,
        "dampening": 0.0 if nesterov or momentum == 0 or rng.random() < 0.5 else rng.choice([0.1, 0.5]),
        "nesterov": nesterov,
        "weight_decay": rng.choice([0.0, 0.0, 0.01, 0.1]),
        "maximize": rng.random() < 0.25,
    }


def trace(c, steps=10):
    dtype = getattr(torch, c["dtype"])
    fc = torch.nn.Linear(c["in"], c["out"], bias=c["bias"], dtype=dtype)
    torch.manual_seed(c["seed"])   # after the layer's own init: the draws below start the stream
    with torch.no_grad():
        fc.weight.copy_(torch.empty(c["out"], c["in"], dtype=dtype).uniform_(-1, 1))
        if c["bias"]:
            fc.bias.copy_(torch.empty(c["out"], dtype=dtype).uniform_(-1, 1))
    params = [fc.weight] + ([fc.bias] if c["bias"] else [])
    sgd = torch.optim.SGD(params, lr=c["lr"], momentum=c["momentum"], dampening=c["dampening"],
                          nesterov=c["nesterov"], weight_decay=c["weight_decay"], maximize=c["maximize"])
    loss_fn = torch.nn.MSELoss(reduction=c["reduction"])
    out = []
    for _ in range(steps):
        x = torch.empty(c["batch"], c["in"], dtype=dtype).uniform_(-1, 1)
        y = torch.empty(c["batch"], c["out"], dtype=dtype).uniform_(-1, 1)
        pred = fc(x)
        loss = loss_fn(pred, y)
        sgd.zero_grad()
        loss.backward()
        grads = [fnv(p.grad) for p in params]
        sgd.step()
        step = {"loss": float(loss).hex(), "pred": fnv(pred), "grads": grads, "params": [fnv(p) for p in params]}
        if c["momentum"] > 0:
            step["buffers"] = [fnv(sgd.state[p]["momentum_buffer"]) for p in params]
        out.append(step)
    return out


def main():
    libs = blas_check()
    rng = random.Random(20261201)
    traces = []
    for i in range(240):
        c = config(rng, i)
        c["steps"] = trace(c)
        traces.append(c)
    data = {"torch": torch.__version__, "blas": libs, "threads": 1, "traces": traces}
    with gzip.open(OUT, "wt", compresslevel=9) as f:
        json.dump(data, f, separators=(",", ":"))
    print(len(traces), "traces ->", os.path.relpath(OUT, ROOT), os.path.getsize(OUT), "bytes; blas:", libs)


if __name__ == "__main__":
    main()
