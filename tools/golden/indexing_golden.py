#!/usr/bin/python3
"""Golden cases for grad4j's indexing, joining and shape ops, from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/indexing_golden.py

Writes core/src/test/resources/golden/indexing.json, read by IndexingConformance: each case names an op and its
arguments (as IndexingConformance.apply spells them), the inputs (any dtype; "noncontig" inputs are passed
transposed: the stored data is the transposed tensor's contiguous source), PyTorch's output (or the error it
raised), the gradient of (out * w).sum() for each floating input, and grad_fn's name. Values are float.hex.
Multi-output ops (split, chunk, ...) take a "part" argument: the case checks that one output.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "indexing.json")
rng = np.random.default_rng(14)


def hexs(t):
    return [float(v).hex() for v in t.detach().double().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": hexs(t)}


def sample(shape, dtype=torch.float64):
    n = int(np.prod(shape)) if len(shape) else 1
    return torch.tensor(rng.uniform(-3, 3, n).reshape(shape), dtype=torch.float64).to(dtype)


def ints(shape, lo, hi):
    n = int(np.prod(shape)) if len(shape) else 1
    return torch.tensor(rng.integers(lo, hi, n).reshape(shape), dtype=torch.int64)


def bools(shape):
    n = int(np.prod(shape)) if len(shape) else 1
    return torch.tensor(rng.integers(0, 2, n).reshape(shape).astype(bool))


class T:
    """An input passed transposed (a non-contiguous view); base holds the contiguous source."""
    def __init__(self, base):
        self.base = base


def case(op, args, inputs, fn):
    leaves, xs, encs = [], [], []
    for x in inputs:
        nc = isinstance(x, T)
        base = x.base if nc else x
        leaf = base.clone().requires_grad_(base.is_floating_point())
        leaves.append(leaf)
        xs.append(leaf.t() if nc else leaf)
        e = enc(leaf)
        e["noncontig"] = nc
        encs.append(e)
    c = {"op": op, "args": args, "inputs": encs}
    try:
        out = fn(*xs)
    except Exception as e:  # PyTorch refuses: grad4j must refuse too
        c["error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
        return c
    c["out"] = enc(out)
    c["view"] = out._base is not None
    if out.requires_grad:
        w = sample(list(out.shape), out.dtype)
        c["grad_fn"] = out.grad_fn.name()
        try:
            (out * w).sum().backward()
        except RuntimeError as e:  # scatter_add's src larger than index: PyTorch 1.13's backward refuses
            c["backward_error"] = str(e).split("\n")[0]
            return c
        c["w"] = enc(w)
        c["grad_fn"] = out.grad_fn.name()
        c["grads"] = [enc(x.grad) if x.grad is not None else None for x in leaves]
    return c


def gather_cases(dt):
    x = sample([3, 4], dt)
    yield case("gather", {"dim": 1}, [x, ints([3, 2], 0, 4)], lambda x, i: x.gather(1, i))
    yield case("gather", {"dim": 0}, [x, ints([5, 4], 0, 3)], lambda x, i: x.gather(0, i))
    yield case("gather", {"dim": -1}, [x, ints([2, 6], 0, 4)], lambda x, i: x.gather(-1, i))
    yield case("gather", {"dim": 0}, [T(sample([4, 3], dt)), ints([2, 3], 0, 3)], lambda x, i: x.gather(0, i))
    yield case("gather", {"dim": 1}, [sample([2, 3, 4], dt), ints([2, 2, 3], 0, 3)], lambda x, i: x.gather(1, i))
    yield case("gather", {"dim": 1}, [x, ints([3, 0], 0, 4)], lambda x, i: x.gather(1, i))
    yield case("gather", {"dim": 0}, [sample([], dt), torch.tensor(0)], lambda x, i: x.gather(0, i))
    yield case("gather", {"dim": 1}, [x, torch.tensor([[4]])], lambda x, i: x.gather(1, i))
    yield case("gather", {"dim": 1}, [x, torch.tensor([[-1]])], lambda x, i: x.gather(1, i))
    yield case("gather", {"dim": 1}, [x, torch.tensor([[1.0]], dtype=dt)], lambda x, i: x.gather(1, i))
    yield case("gather", {"dim": 1}, [x, torch.tensor([1])], lambda x, i: x.gather(1, i))
    yield case("gather", {"dim": 1}, [x, ints([4, 1], 0, 4)], lambda x, i: x.gather(1, i))
    yield case("gather", {"dim": 2}, [x, ints([1, 1], 0, 4)], lambda x, i: x.gather(2, i))
    yield case("gather", {"dim": 0}, [ints([3, 4], -5, 5), ints([2, 4], 0, 3)], lambda x, i: x.gather(0, i))


def index_select_cases(dt):
    x = sample([3, 4], dt)
    yield case("index_select", {"dim": 0}, [x, torch.tensor([2, 0, 2, 1])], lambda x, i: x.index_select(0, i))
    yield case("index_select", {"dim": -1}, [x, torch.tensor([3, 3])], lambda x, i: x.index_select(-1, i))
    yield case("index_select", {"dim": 1}, [T(sample([4, 3], dt)), torch.tensor([1, 0])], lambda x, i: x.index_select(1, i))
    yield case("index_select", {"dim": 1}, [sample([2, 3, 2], dt), torch.tensor(2)], lambda x, i: x.index_select(1, i))
    yield case("index_select", {"dim": 0}, [x, torch.tensor([], dtype=torch.int64)], lambda x, i: x.index_select(0, i))
    yield case("index_select", {"dim": 0}, [sample([0, 2], dt), torch.tensor([], dtype=torch.int64)],
               lambda x, i: x.index_select(0, i))
    yield case("index_select", {"dim": 1}, [x, torch.tensor([4])], lambda x, i: x.index_select(1, i))
    yield case("index_select", {"dim": 1}, [x, torch.tensor([-1])], lambda x, i: x.index_select(1, i))
    yield case("index_select", {"dim": 1}, [x, torch.tensor([[1]])], lambda x, i: x.index_select(1, i))
    yield case("index_select", {"dim": 1}, [x, torch.tensor([1.0], dtype=dt)], lambda x, i: x.index_select(1, i))
    yield case("index_select", {"dim": 2}, [x, torch.tensor([0])], lambda x, i: x.index_select(2, i))
    yield case("index_select", {"dim": 0}, [bools([3, 2]), torch.tensor([2, 2, 0])], lambda x, i: x.index_select(0, i))


def scatter_cases(dt):
    for op, fn in (("scatter_add", torch.scatter_add), ("scatter", torch.scatter)):
        f = (lambda fn: lambda d: lambda x, i, s: fn(x, d, i, s))(fn)
        # scatter with repeated indices is unspecified in PyTorch: only scatter_add gets repeats
        idx1 = ints([3, 5], 0, 4) if op == "scatter_add" else torch.stack([torch.randperm(4, generator=torch.Generator().manual_seed(k))[:3] for k in range(3)])
        yield case(op, {"dim": 1}, [sample([3, 4], dt), idx1, sample(list(idx1.shape), dt)], f(1))
        idx0 = ints([4, 3], 0, 2) if op == "scatter_add" else torch.tensor([[0, 1, 0], [1, 0, 1]])
        yield case(op, {"dim": 0}, [sample([2, 3], dt), idx0, sample(list(idx0.shape), dt)], f(0))
        yield case(op, {"dim": 0}, [sample([2, 3], dt), idx0, sample([5, 3], dt)], f(0))
        yield case(op, {"dim": -1}, [T(sample([4, 3], dt)), torch.tensor([[0, 2], [2, 1], [1, 0]]), T(sample([2, 3], dt))], f(-1))
        yield case(op, {"dim": 1}, [sample([3, 4], dt), ints([3, 0], 0, 4), sample([3, 2], dt)], f(1))
        yield case(op, {"dim": 1}, [sample([3, 4], dt), torch.tensor([[4]]), sample([3, 2], dt)], f(1))
        yield case(op, {"dim": 1}, [sample([3, 4], dt), torch.tensor([[-1]]), sample([3, 2], dt)], f(1))
        yield case(op, {"dim": 1}, [sample([3, 4], dt), torch.tensor([[0, 1, 2]]), sample([3, 2], dt)], f(1))
        yield case(op, {"dim": 1}, [sample([3, 4], dt), torch.tensor([[0]]), sample([3, 2], torch.float32 if dt == torch.float64 else torch.float64)], f(1))
        yield case(op, {"dim": 1}, [sample([3, 4], dt), torch.tensor([[0.0]], dtype=dt), sample([3, 2], dt)], f(1))
        yield case(op, {"dim": 1}, [sample([3, 4], dt), torch.tensor([0]), sample([3, 2], dt)], f(1))
    yield case("scatter_add", {"dim": 0}, [ints([3], -5, 5), torch.tensor([0, 0, 2, 0]), ints([4], -5, 5)],
               lambda x, i, s: x.scatter_add(0, i, s))
    yield case("scatter_value", {"dim": 1, "value": 2.5}, [sample([3, 4], dt), torch.tensor([[0, 3], [1, 1], [2, 0]])],
               lambda x, i: x.scatter(1, i, 2.5))


def where_cases(dt):
    yield case("where", {}, [bools([3, 4]), sample([3, 4], dt), sample([3, 4], dt)], torch.where)
    yield case("where", {}, [bools([4]), sample([3, 1], dt), sample([], dt)], torch.where)
    yield case("where", {}, [bools([3, 1]), T(sample([4, 3], dt)), sample([4], dt)], torch.where)
    yield case("where", {}, [bools([0, 3]), sample([1, 3], dt), sample([3], dt)], torch.where)
    yield case("where", {}, [bools([2, 3]), sample([2, 3], torch.float32), sample([2, 3], torch.float64)], torch.where)
    yield case("where", {}, [bools([2, 3]), ints([2, 3], -4, 4), sample([3], dt)], torch.where)
    yield case("where", {}, [bools([2, 3]), ints([2, 3], -4, 4), ints([1], -4, 4)], torch.where)
    yield case("where", {}, [ints([2, 3], 0, 2), sample([2, 3], dt), sample([2, 3], dt)], torch.where)
    yield case("where", {}, [bools([2]), sample([3], dt), sample([3], dt)], torch.where)
    yield case("where_scalar_b", {"b": 1.5}, [bools([2, 3]), sample([2, 3], dt)], lambda c, a: torch.where(c, a, 1.5))
    yield case("where_scalar_a", {"a": -2.0}, [bools([2, 3]), sample([3], dt)], lambda c, b: torch.where(c, -2.0, b))
    yield case("where_scalars", {"a": 1.0, "b": 0.5}, [bools([2, 2])], lambda c: torch.where(c, 1.0, 0.5))


def masked_fill_cases(dt):
    yield case("masked_fill", {"value": -1.5}, [sample([3, 4], dt), bools([3, 4])], lambda x, m: x.masked_fill(m, -1.5))
    yield case("masked_fill", {"value": "inf"}, [T(sample([4, 3], dt)), bools([4])], lambda x, m: x.masked_fill(m, float("inf")))
    yield case("masked_fill", {"value": 2.0}, [sample([0, 4], dt), bools([4])], lambda x, m: x.masked_fill(m, 2.0))
    yield case("masked_fill", {"value": 2.0}, [sample([3, 4], dt), bools([2, 4])], lambda x, m: x.masked_fill(m, 2.0))
    yield case("masked_fill", {"value": 2.0}, [sample([4], dt), bools([3, 4])], lambda x, m: x.masked_fill(m, 2.0))
    yield case("masked_fill", {"value": 7.0}, [ints([2, 3], -3, 3), bools([2, 3])], lambda x, m: x.masked_fill(m, 7.0))
    yield case("masked_fill_tensor", {}, [sample([2, 3], dt), bools([3]), sample([], dt)], lambda x, m, v: x.masked_fill(m, v))
    yield case("masked_fill_tensor", {}, [sample([2, 3], dt), bools([3]), sample([1], dt)], lambda x, m, v: x.masked_fill(m, v))


GENERATORS = [gather_cases, index_select_cases, scatter_cases, where_cases, masked_fill_cases]


def main():
    cases = []
    for dtype, dt in (("float32", torch.float32), ("float64", torch.float64)):
        for gen in GENERATORS:
            for c in gen(dt):
                c["dtype"] = dtype
                cases.append(c)
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "note": "backward of (out * w).sum()", "cases": cases}, f,
                  separators=(",", ":"))
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
