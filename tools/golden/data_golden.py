#!/usr/bin/python3
"""Golden data for org.grad4j.data and the integer/creation draws of org.grad4j.Generator.

Run with Debian's PyTorch (python3-torch 1.13):  /usr/bin/python3 tools/golden/data_golden.py
Writes core/src/test/resources/golden/data.json: torch.randperm / torch.randint / random_ values per seed,
DataLoader batch orders (shuffle with and without a generator, drop_last, two epochs, and what the loop
consumes from the default generator), random_split indices, default_collate dtypes and shapes, and the
creation ops (*_like, eye, arange, linspace, randint, randperm). float64 values are float.hex() strings,
float32 values IEEE-754 bit patterns (like Java's Float.floatToRawIntBits).
"""
import json
import os
import struct

import torch
from torch.utils.data import DataLoader, TensorDataset, random_split

SEEDS = [0, 1, 42, 2**40 + 7]


def enc(t):
    t = t.detach().reshape(-1)
    if t.dtype == torch.float64:
        return [float(v).hex() for v in t.tolist()]
    if t.dtype == torch.float32:
        return [struct.unpack("<i", struct.pack("<f", v))[0] for v in t.tolist()]
    return t.tolist()


def gen(seed):
    return torch.Generator().manual_seed(seed)


def randperm_cases():
    out = []
    for seed in SEEDS:
        for n in [0, 1, 2, 3, 5, 10, 100, 1797]:
            out.append(dict(seed=seed, n=n, values=torch.randperm(n, generator=gen(seed)).tolist()))
    return out


RANDINT = [(0, 10, 7), (-5, 5, 20), (0, 1, 3), (3, 2**32 - 1, 5), (0, 2**32, 5), (-2**40, 2**40, 6),
           (-2**62, 2**62, 4), (0, 1797, 40)]


def randint_cases():
    out = []
    for seed in SEEDS:
        for low, high, n in RANDINT:
            v = torch.randint(low, high, (n,), generator=gen(seed))
            assert v.dtype == torch.int64
            out.append(dict(seed=seed, low=low, high=high, n=n, values=v.tolist()))
    return out


def random_long_cases():
    out = []
    for seed in SEEDS:
        g = gen(seed)
        out.append(dict(seed=seed, values=[torch.empty((), dtype=torch.int64).random_(generator=g).item()
                                           for _ in range(3)]))
    return out


def sequence_cases():
    """State carries across kinds of draws on one generator."""
    out = []
    for seed in SEEDS:
        g = gen(seed)
        a = torch.randperm(7, generator=g).tolist()
        b = torch.randint(0, 100, (5,), generator=g).tolist()
        c = torch.randperm(20, generator=g).tolist()
        d = torch.rand(3, dtype=torch.float64, generator=g)
        out.append(dict(seed=seed, randperm7=a, randint5=b, randperm20=c, rand3=enc(d)))
    return out


def order(loader, epochs=2):
    return [[[int(v) for v in batch[0].tolist()] for batch in loader] for _ in range(epochs)]


def loader_cases():
    out = []
    for n, bs, shuffle, drop_last in [(10, 3, True, False), (10, 3, True, True), (10, 5, True, True),
                                      (10, 3, False, False), (10, 3, False, True), (100, 32, True, False),
                                      (1, 4, True, False), (7, 7, True, True), (5, 8, True, True)]:
        ds = TensorDataset(torch.arange(n))
        for seed in SEEDS[:3]:
            g = gen(seed)
            loader = DataLoader(ds, batch_size=bs, shuffle=shuffle, drop_last=drop_last, generator=g)
            batches = order(loader)
            after = torch.rand(2, dtype=torch.float64, generator=g)
            # no generator: the loop draws from the default generator (base seed; the sampler's seed)
            torch.manual_seed(seed)
            loader = DataLoader(ds, batch_size=bs, shuffle=shuffle, drop_last=drop_last)
            batches_default = order(loader)
            after_default = torch.rand(2, dtype=torch.float64)
            out.append(dict(n=n, batch_size=bs, shuffle=shuffle, drop_last=drop_last, seed=seed,
                            len=len(loader), batches=batches, after=enc(after),
                            batches_default=batches_default, after_default=enc(after_default)))
    return out


def split_cases():
    out = []
    for n, lengths in [(10, [3, 7]), (30, [0.3, 0.3, 0.4]), (5, [0.5, 0.5]), (1797, [0.8, 0.2]),
                       (7, [0.1, 0.2, 0.7]), (4, [4, 0]), (9, [2, 3, 4])]:
        for seed in SEEDS[:3]:
            parts = random_split(range(n), lengths, generator=gen(seed))
            out.append(dict(n=n, lengths=lengths, seed=seed, indices=[list(p.indices) for p in parts]))
    return out


def collate_cases():
    out = []
    for xdtype in [torch.float32, torch.float64]:
        x = torch.arange(24, dtype=xdtype).reshape(6, 2, 2) / 7
        y = torch.arange(6) * 3
        m = torch.tensor([True, False, True, True, False, False])
        loader = DataLoader(TensorDataset(x, y, m), batch_size=4)
        for batch in loader:
            out.append(dict(xdtype=str(xdtype), shapes=[list(t.shape) for t in batch],
                            dtypes=[str(t.dtype) for t in batch], values=[enc(t) for t in batch]))
    return out


def creation_cases():
    out = {}
    x32 = torch.zeros(2, 3)
    x64 = torch.zeros(2, 3, dtype=torch.float64)
    out["eye"] = [dict(n=n, m=m, values=torch.eye(n, m, dtype=torch.float64).reshape(-1).tolist())
                  for n, m in [(0, 0), (1, 1), (3, 3), (2, 4), (4, 2)]]
    out["eye_int64_3"] = torch.eye(3, dtype=torch.int64).reshape(-1).tolist()
    like = []
    for seed in SEEDS:
        for name, x in [("float32", x32), ("float64", x64)]:
            torch.manual_seed(seed)
            r = torch.rand_like(x)
            torch.manual_seed(seed)
            rn = torch.randn_like(x)
            torch.manual_seed(seed)
            big = torch.randn_like(torch.zeros(20, dtype=x.dtype))
            like.append(dict(seed=seed, dtype=name, rand=enc(r), randn=enc(rn), randn20=enc(big)))
    out["like"] = like
    out["full_like_int64"] = torch.full_like(torch.zeros(3, dtype=torch.int64), 2.7).tolist()
    out["zeros_like_dtype"] = str(torch.zeros_like(torch.zeros(2, dtype=torch.int64)).dtype)
    ar = []
    for args in [(5,), (2, 9), (2, 9, 3), (10, 0, -3), (0,)]:
        t = torch.arange(*args)
        ar.append(dict(args=list(args), dtype=str(t.dtype), values=t.tolist()))
    for args in [(0.0, 1.0, 0.1), (1.0, 2.5, 0.5), (-1.0, 1.0, 0.3), (0.1, 7.3, 0.07), (-3.3, 2.0, 0.011)]:
        for dtype in [torch.float64, torch.float32]:
            t = torch.arange(*args, dtype=dtype)
            ar.append(dict(args=list(args), dtype=str(t.dtype), values=enc(t)))
    out["arange"] = ar
    errors = []
    for args in [(0, 5, 0), (5, 0, 1), (0, 5, -1), (0.0, 1.0, 0.0), (0.0, 1.0, -0.1), (1.0, 0.0, 0.5), (-2 ** 63, 2 ** 63 - 1, 1),
                 (0.0, float("inf"), 1.0), (float("nan"), 1.0, 1.0), (0.0, 1.0, float("nan"))]:
        try:
            torch.arange(*args)
            raise AssertionError(args)
        except RuntimeError as e:
            errors.append(dict(args=[a if isinstance(a, int) else str(a) for a in args],
                               integer=all(isinstance(a, int) for a in args), message=str(e)))
    out["arange_errors"] = errors
    out["logspace"] = [dict(start=a, end=b, steps=s, base=base, dtype=str(d),
                            values=enc(torch.logspace(a, b, s, base, dtype=d)))
                       for a, b, s, base in [(0.0, 1.0, 11, 10.0), (-3.0, 7.0, 7, 10.0), (0.0, 1.0, 1, 10.0),
                                             (0.1, 0.9, 100, 10.0), (1.0, 0.0, 6, 2.0), (0.0, 1.0, 0, 10.0),
                                             (-1.3, 2.9, 37, 10.0), (-10.0, 10.0, 1001, 10.0), (0.0, 8.0, 9, 2.0),
                                             (-2.5, 3.3, 250, 2.718281828459045), (2.0, 2.0, 3, 10.0),
                                             (-40.0, 40.0, 81, 10.0), (0.3, -0.7, 1, 3.0)]
                       for d in [torch.float64, torch.float32]]
    negative = []
    for op, fn in [("zeros", lambda: torch.zeros(-1, 2)), ("ones", lambda: torch.ones(2, -3)),
                   ("full", lambda: torch.full((4, -1), 1.0)), ("rand", lambda: torch.rand(-2)),
                   ("randn", lambda: torch.randn(3, -1)), ("randint", lambda: torch.randint(0, 3, (-1, 5)))]:
        try:
            fn()
            raise AssertionError(op)
        except RuntimeError as e:
            negative.append(dict(op=op, message=str(e)))
    out["negative_size_errors"] = negative
    # torch.full infers int64 from a Python int, bool from a bool, the default dtype from a float
    out["full_inferred"] = [dict(shape=list(shape), value=v, type=type(v).__name__, repr=repr(torch.full(shape, v)))
                            for shape, v in [((2, 3), 7), ((), -5), ((3,), 2 ** 62 + 1), ((0, 2), 4),
                                             ((2,), True), ((2, 2), False), ((2,), 7.0)]]
    out["linspace"] = [dict(start=a, end=b, steps=s, dtype=str(d), values=enc(torch.linspace(a, b, s, dtype=d)))
                       for a, b, s in [(0.0, 1.0, 11), (-3.0, 7.0, 7), (0.0, 1.0, 1), (0.1, 0.9, 100),
                                       (1.0, 0.0, 6), (0.0, 1.0, 0), (-1.3, 2.9, 37)]
                       for d in [torch.float64, torch.float32]]
    out["randint_default"] = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        out["randint_default"].append(dict(seed=seed, values=torch.randint(3, 9, (2, 4)).reshape(-1).tolist(),
                                           perm=torch.randperm(6).tolist()))
    return out


def main():
    assert torch.__version__.startswith("1.13"), torch.__version__
    data = dict(torch_version=torch.__version__, randperm=randperm_cases(), randint=randint_cases(),
                random_long=random_long_cases(), sequences=sequence_cases(), loader=loader_cases(),
                split=split_cases(), collate=collate_cases(), creation=creation_cases())
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "core", "src", "test", "resources", "golden", "data.json")
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
