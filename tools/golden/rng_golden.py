#!/usr/bin/python3
"""Golden data for org.grad4j.Generator: PyTorch 1.13's CPU default generator.

Run with Debian's PyTorch (python3-torch 1.13):  /usr/bin/python3 tools/golden/rng_golden.py
Writes core/src/test/resources/golden/rng.json.

Values are stored exactly: float64 as float.hex() strings, float32 as the IEEE-754
bit pattern (a signed 32-bit integer, like Java's Float.floatToRawIntBits).
"""
import json
import math
import os
import struct

import torch

DEFAULT_SEED = 67280421310721  # seed of a fresh torch.Generator() (c10 default_rng_seed_val)
SEEDS = [0, 1, 42, 2**40 + 7, DEFAULT_SEED]
SIZES = [1, 2, 3, 15, 16, 17, 31, 100, 1000]
BIG_SIZE_SEEDS = {0, 42}  # size 1000 only for these, to keep the file small
DTYPES = {"float64": torch.float64, "float32": torch.float32}
UNIFORM_RANGES = [(0.0, 1.0), (-1.0 / math.sqrt(3.0), 1.0 / math.sqrt(3.0)), (-2.5, 7.0)]
NORMAL_PARAMS = [(0.0, 1.0), (2.0, 0.5)]


def enc(t):
    t = t.detach().reshape(-1)
    if t.dtype == torch.float64:
        return [float(v).hex() for v in t.tolist()]
    assert t.dtype == torch.float32
    return [struct.unpack("<i", struct.pack("<f", v))[0] for v in t.tolist()]


def sizes_for(seed):
    return [n for n in SIZES if n < 1000 or seed in BIG_SIZE_SEEDS]


def single_cases():
    cases = []
    for seed in SEEDS:
        for dname, dtype in DTYPES.items():
            for n in sizes_for(seed):
                for a, b in UNIFORM_RANGES:
                    torch.manual_seed(seed)
                    t = torch.empty(n, dtype=dtype).uniform_(a, b)
                    cases.append(dict(seed=seed, op="uniform", dtype=dname, n=n,
                                      a=float(a).hex(), b=float(b).hex(), values=enc(t)))
                torch.manual_seed(seed)
                r = torch.rand(n, dtype=dtype)
                cases.append(dict(seed=seed, op="rand", dtype=dname, n=n,
                                  a=float(0).hex(), b=float(1).hex(), values=enc(r)))
                for m, s in NORMAL_PARAMS:
                    torch.manual_seed(seed)
                    t = torch.empty(n, dtype=dtype).normal_(m, s)
                    cases.append(dict(seed=seed, op="normal", dtype=dname, n=n,
                                      a=float(m).hex(), b=float(s).hex(), values=enc(t)))
                torch.manual_seed(seed)
                r = torch.randn(n, dtype=dtype)
                cases.append(dict(seed=seed, op="randn", dtype=dname, n=n,
                                  a=float(0).hex(), b=float(1).hex(), values=enc(r)))
    return cases


# Sequences on one generator: the mt19937 state and the cached second normal sample
# of the scalar (< 16 elements) path carry across calls; manual_seed drops the cache.
SEQUENCES = [
    [("uniform", "float64", 5, 0.0, 1.0), ("normal", "float64", 20, 0.0, 1.0), ("uniform", "float32", 7, -1.0, 1.0)],
    [("normal", "float64", 1, 0.0, 1.0), ("normal", "float64", 1, 0.0, 1.0), ("normal", "float64", 1, 0.0, 1.0)],
    [("normal", "float32", 3, 0.0, 1.0), ("uniform", "float64", 2, 0.0, 1.0), ("normal", "float64", 2, 1.0, 3.0),
     ("normal", "float32", 16, 0.0, 1.0), ("normal", "float32", 1, 0.0, 1.0)],
    [("normal", "float64", 1, 0.0, 1.0), ("seed",), ("normal", "float64", 1, 0.0, 1.0)],
    [("normal", "float32", 33, -1.0, 2.0), ("uniform", "float32", 17, 0.0, 1.0), ("normal", "float64", 15, 0.0, 1.0),
     ("normal", "float64", 100, 0.0, 1.0), ("uniform", "float64", 3, -5.0, 5.0)],
]


def sequence_cases():
    cases = []
    for seed in SEEDS:
        for seq in SEQUENCES:
            torch.manual_seed(seed)
            steps = []
            for step in seq:
                if step[0] == "seed":
                    torch.manual_seed(seed)
                    steps.append(dict(op="seed"))
                    continue
                op, dname, n, a, b = step
                t = torch.empty(n, dtype=DTYPES[dname])
                if op == "uniform":
                    t.uniform_(a, b)
                else:
                    t.normal_(a, b)
                steps.append(dict(op=op, dtype=dname, n=n, a=float(a).hex(), b=float(b).hex(), values=enc(t)))
            cases.append(dict(seed=seed, steps=steps))
    return cases


def linear_cases():
    cases = []
    for seed in SEEDS:
        for fin, fout in [(1, 1), (3, 2), (1024, 16)]:
            if fin == 1024 and seed not in BIG_SIZE_SEEDS:
                continue
            torch.manual_seed(seed)
            lin = torch.nn.Linear(fin, fout)
            cases.append(dict(seed=seed, in_features=fin, out_features=fout,
                              weight=enc(lin.weight), bias=enc(lin.bias)))
    return cases


def conv2d_cases():
    """nn.Conv2d's initial parameters (Kaiming-uniform over fan_in = in/groups * kH * kW, then the bias)."""
    cases = []
    for seed in SEEDS[:2]:
        for cin, cout, k, groups in [(1, 4, [3, 3], 1), (6, 4, [3, 2], 2), (3, 8, [5, 5], 1)]:
            torch.manual_seed(seed)
            conv = torch.nn.Conv2d(cin, cout, k, groups=groups)
            cases.append(dict(seed=seed, in_channels=cin, out_channels=cout, kernel=k, groups=groups,
                              weight=enc(conv.weight), bias=enc(conv.bias)))
    return cases


def inplace_cases():
    """t.uniform_(a, b) / t.normal_(m, s) on the default generator, contiguous and not: PyTorch draws in memory order
    (and takes the scalar normal path for any size when the tensor is not contiguous)."""
    cases = []
    for seed in (0, 42):
        for dname, dtype in DTYPES.items():
            for layout, shape in [("contiguous", [4, 5]), ("transposed", [5, 4]), ("narrowed", [6, 5]),
                                  ("contiguous", [3]), ("transposed", [3, 7]), ("permuted", [2, 3, 4])]:
                for op, a, b in [("uniform", -2.0, 3.0), ("normal", 1.0, 0.5), ("init_uniform", -0.5, 0.5),
                                 ("init_normal", 0.0, 2.0)]:
                    torch.manual_seed(seed)
                    base = torch.zeros(shape, dtype=dtype)
                    if layout == "transposed":
                        t = base.t()
                    elif layout == "narrowed":
                        t = base[:, 1:4]
                    elif layout == "permuted":
                        t = base.permute(2, 0, 1)
                    else:
                        t = base
                    if op.startswith("init_"):
                        getattr(torch.nn.init, op[5:] + "_")(t, a, b)
                    else:
                        getattr(t, op + "_")(a, b)
                    after = torch.rand(2, dtype=torch.float64)
                    cases.append(dict(seed=seed, dtype=dname, layout=layout, shape=shape, op=op, a=a, b=b,
                                      base=enc(base), after=enc(after)))
    return cases


def init_error_cases():
    """nn.init's refusals: a non-floating tensor (even an empty one), bounds out of the dtype's range, std < 0."""
    inf, nan = float("inf"), float("nan")
    specs = [("uniform_", "int64", [2, 3], [0.0, 1.0]), ("uniform_", "bool", [0], [0.0, 1.0]),
             ("uniform_", "int32", [2], [2.0, 1.0]), ("uniform_", "uint8", [2], [0.0, 1.0]),
             ("normal_", "int64", [3], [0.0, 1.0]), ("normal_", "int64", [3], [0.0, -1.0]),
             ("normal_", "bool", [0], [0.0, 1.0]), ("kaiming_uniform_", "int64", [2, 3], []),
             ("kaiming_normal_", "int64", [2, 3], []), ("xavier_uniform_", "int32", [2, 3], []),
             ("uniform_", "float32", [3], [0.0, inf]), ("uniform_", "float64", [3], [-inf, 0.0]),
             ("uniform_", "float32", [3], [nan, 1.0]), ("uniform_", "float64", [3], [0.0, nan]),
             ("uniform_", "float32", [3], [-3e38, 3e38]), ("uniform_", "float32", [3], [0.0, 1e39]),
             ("uniform_", "float32", [3], [2.0, 1.0]), ("uniform_", "float64", [3], [1.5, -2.25]),
             ("normal_", "float32", [3], [0.0, -0.5]), ("normal_", "float64", [20], [0.0, nan])]
    dtypes = dict(float32=torch.float32, float64=torch.float64, int64=torch.int64, int32=torch.int32,
                  uint8=torch.uint8, bool=torch.bool)
    cases = []
    for fn, dname, shape, args in specs:
        t = torch.zeros(shape, dtype=dtypes[dname])
        try:
            getattr(torch.nn.init, fn)(t, *args)
            raise AssertionError((fn, dname, shape, args))
        except RuntimeError as e:
            cases.append(dict(fn=fn, dtype=dname, shape=shape, args=[str(a) for a in args], message=str(e)))
    return cases


def main():
    assert torch.__version__.startswith("1.13"), torch.__version__
    out = dict(
        torch_version=torch.__version__,
        cpu_capability=[l.strip() for l in torch.__config__.show().splitlines() if "CPU capability" in l],
        default_seed=DEFAULT_SEED,
        fresh_generator_seed=torch.Generator().initial_seed(),
        single=single_cases(),
        sequences=sequence_cases(),
        linear=linear_cases(),
        conv2d=conv2d_cases(),
        init_errors=init_error_cases(),
        inplace=inplace_cases(),
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "core", "src", "test", "resources", "golden", "rng.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
