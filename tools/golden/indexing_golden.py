#!/usr/bin/python3
"""Golden cases for grad4j's indexing, joining and shape ops, from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/indexing_golden.py

Writes core/src/test/resources/golden/indexing.json, read by IndexingConformance: each case names an op and its
arguments (as IndexingConformance.apply spells them), the inputs (any dtype; "noncontig" inputs are passed
transposed: the stored data is the transposed tensor's contiguous source), PyTorch's output (or the error it
raised), the gradient of (out * w).sum() for each floating input, and grad_fn's name. Values are float.hex.
Multi-output ops (split, chunk, ...) take a "part" argument: the case checks that one output. Shares
tensor_ops_golden.py's helpers (this script's own seed).
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

import tensor_ops_golden as golden
from tensor_ops_golden import ROOT, collect, enc, ints, sample, write

OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "indexing.json")
golden.use_rng(np.random.default_rng(14))


def bools(shape):
    n = int(np.prod(shape)) if len(shape) else 1
    return torch.tensor(golden.rng.integers(0, 2, n).reshape(shape).astype(bool))


class T:
    """An input passed transposed (a non-contiguous view); base holds the contiguous source."""
    def __init__(self, base):
        self.base = base


def case(op, args, inputs, fn, torch_grad_wrong=None):
    """torch_grad_wrong: why PyTorch 1.13's own gradient is wrong here (its gradcheck fails): grads are not recorded."""
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
        if torch_grad_wrong:
            c["torch_grad_wrong"] = torch_grad_wrong
            return c
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
    yield case("where_scalar_b", {"b": 2.0}, [bools([2, 3]), ints([2, 3], -4, 4)], lambda c, a: torch.where(c, a, 2.0))
    yield case("where_scalar_a", {"a": 0.5}, [bools([3]), bools([2, 3])], lambda c, b: torch.where(c, 0.5, b))


def masked_fill_cases(dt):
    yield case("masked_fill", {"value": -1.5}, [sample([3, 4], dt), bools([3, 4])], lambda x, m: x.masked_fill(m, -1.5))
    yield case("masked_fill", {"value": "inf"}, [T(sample([4, 3], dt)), bools([4])], lambda x, m: x.masked_fill(m, float("inf")))
    yield case("masked_fill", {"value": 2.0}, [sample([0, 4], dt), bools([4])], lambda x, m: x.masked_fill(m, 2.0))
    yield case("masked_fill", {"value": 2.0}, [sample([3, 4], dt), bools([2, 4])], lambda x, m: x.masked_fill(m, 2.0))
    yield case("masked_fill", {"value": 2.0}, [sample([4], dt), bools([3, 4])], lambda x, m: x.masked_fill(m, 2.0))
    yield case("masked_fill", {"value": 7.0}, [ints([2, 3], -3, 3), bools([2, 3])], lambda x, m: x.masked_fill(m, 7.0))
    yield case("masked_fill_tensor", {}, [sample([2, 3], dt), bools([3]), sample([], dt)], lambda x, m, v: x.masked_fill(m, v))
    yield case("masked_fill_tensor", {}, [sample([2, 3], dt), bools([3]), sample([1], dt)], lambda x, m, v: x.masked_fill(m, v))


def join_cases(dt):
    a, b = sample([2, 3], dt), sample([4, 3], dt)
    yield case("cat", {"dim": 0}, [a, b], lambda *xs: torch.cat(xs, 0))
    yield case("cat", {"dim": -1}, [a, T(sample([4, 2], dt)), sample([2, 0], dt)], lambda *xs: torch.cat(xs, -1))
    yield case("cat", {"dim": 1}, [a, torch.empty(0, dtype=dt), sample([2, 1], dt)], lambda *xs: torch.cat(xs, 1))
    yield case("cat", {"dim": 0}, [a, sample([1, 3], torch.float64 if dt == torch.float32 else torch.float32)],
               lambda *xs: torch.cat(xs, 0))
    yield case("cat", {"dim": 0}, [ints([2, 2], -3, 3), ints([1, 2], -3, 3)], lambda *xs: torch.cat(xs, 0))
    yield case("cat", {"dim": 1}, [bools([2, 1]), bools([2, 2])], lambda *xs: torch.cat(xs, 1))
    yield case("cat", {"dim": 0}, [a, sample([2, 4], dt)], lambda *xs: torch.cat(xs, 0))
    yield case("cat", {"dim": 0}, [a, sample([3], dt)], lambda *xs: torch.cat(xs, 0))
    yield case("cat", {"dim": 2}, [a, a], lambda *xs: torch.cat(xs, 2))
    yield case("cat", {"dim": 0}, [sample([], dt)], lambda *xs: torch.cat(xs, 0))
    yield case("cat", {"dim": 0}, [sample([2, 0], dt), sample([3, 0], dt)], lambda *xs: torch.cat(xs, 0))
    yield case("cat", {"dim": 0}, [torch.empty(0, dtype=dt), sample([3], dt), torch.empty(0, dtype=dt)], lambda *xs: torch.cat(xs, 0))
    yield case("stack", {"dim": 0}, [a, sample([2, 3], dt)], lambda *xs: torch.stack(xs, 0))
    yield case("stack", {"dim": 2}, [a, T(sample([3, 2], dt)), a], lambda *xs: torch.stack(xs, 2))
    yield case("stack", {"dim": -1}, [sample([0, 2], dt), sample([0, 2], dt)], lambda *xs: torch.stack(xs, -1))
    yield case("stack", {"dim": 0}, [sample([], dt), sample([], dt)], lambda *xs: torch.stack(xs, 0))
    yield case("stack", {"dim": 0}, [a, b], lambda *xs: torch.stack(xs, 0))
    yield case("stack", {"dim": 3}, [a, a], lambda *xs: torch.stack(xs, 3))


def split_cases(dt):
    x = sample([5, 4], dt)
    for part in range(3):
        yield case("split", {"size": 2, "dim": 0, "part": part}, [x], (lambda p: lambda x: x.split(2, 0)[p])(part))
    yield case("split", {"size": 3, "dim": -1, "part": 1}, [T(sample([4, 5], dt))], lambda x: x.split(3, -1)[1])
    yield case("split", {"size": 0, "dim": 1, "part": 0}, [x], lambda x: x.split(0, 1)[0])
    yield case("split", {"size": 2, "dim": 2, "part": 0}, [x], lambda x: x.split(2, 2)[0])
    yield case("split_sizes", {"sizes": [1, 0, 3], "dim": 1, "part": 2}, [x], lambda x: x.split([1, 0, 3], 1)[2])
    yield case("split_sizes", {"sizes": [1, 0, 3], "dim": 1, "part": 1}, [x], lambda x: x.split([1, 0, 3], 1)[1])
    yield case("split_sizes", {"sizes": [2, 2], "dim": 0, "part": 0}, [x], lambda x: x.split([2, 2], 0)[0])
    for chunks, part in ((3, 2), (2, 0), (7, 3)):
        yield case("chunk", {"chunks": chunks, "dim": 0, "part": part}, [x], (lambda c, p: lambda x: x.chunk(c, 0)[p])(chunks, part))
    yield case("chunk", {"chunks": 0, "dim": 0, "part": 0}, [x], lambda x: x.chunk(0, 0)[0])


def select_cases(dt):
    x = sample([3, 4], dt)
    yield case("masked_select", {}, [x, bools([3, 4])], lambda x, m: x.masked_select(m))
    yield case("masked_select", {}, [T(sample([4, 3], dt)), bools([4])], lambda x, m: x.masked_select(m),
               torch_grad_wrong="masked_select of a transposed input: 1.13's masked_scatter_ backward fills in memory "
                                "order (torch.autograd.gradcheck fails); IndexingConformance.gradcheck covers it")
    yield case("masked_select", {}, [sample([4], dt), bools([3, 1])], lambda x, m: x.masked_select(m))
    yield case("masked_select", {}, [x, bools([2, 4])], lambda x, m: x.masked_select(m))
    yield case("masked_select", {}, [x, ints([3, 4], 0, 2)], lambda x, m: x.masked_select(m))
    yield case("nonzero", {}, [torch.tensor([[0.0, 1.5, float("nan")], [0.0, -0.0, 2.0]], dtype=dt)], lambda x: x.nonzero())
    yield case("nonzero", {}, [ints([2, 2, 3], -1, 2)], lambda x: x.nonzero())
    yield case("nonzero", {}, [bools([5])], lambda x: x.nonzero())
    yield case("nonzero", {}, [sample([0, 3], dt)], lambda x: x.nonzero())
    yield case("nonzero", {}, [torch.tensor(3.0, dtype=dt)], lambda x: x.nonzero())
    yield case("index", {}, [x, torch.tensor([2, 0, -1, 2])], lambda x, i: x[i])
    yield case("index", {}, [x, torch.tensor([[1, 0], [2, 2]])], lambda x, i: x[i])
    yield case("index", {}, [T(sample([4, 3], dt)), torch.tensor([], dtype=torch.int64)], lambda x, i: x[i])
    yield case("index", {}, [x, torch.tensor([3])], lambda x, i: x[i])
    yield case("index", {}, [x, torch.tensor([-4])], lambda x, i: x[i])
    yield case("index", {}, [x, bools([3])], lambda x, m: x[m])
    yield case("index", {}, [x, bools([3, 4])], lambda x, m: x[m])
    yield case("index", {}, [T(sample([4, 3], dt)), bools([3, 4])], lambda x, m: x[m])
    yield case("index", {}, [x, bools([2])], lambda x, m: x[m])
    yield case("index", {}, [x, torch.tensor([1.0], dtype=dt)], lambda x, i: x[i])
    yield case("index", {}, [ints([3, 2], -9, 9), torch.tensor([1, 1])], lambda x, i: x[i])
    yield case("index_dim", {"dim": 1}, [x, torch.tensor([3, 0, 3])], lambda x, i: x[:, i])
    yield case("index_dim", {"dim": -1}, [sample([2, 3, 4], dt), torch.tensor([[0, -1], [2, 2]])], lambda x, i: x[..., i])
    yield case("index_dim", {"dim": 1}, [x, torch.tensor([4])], lambda x, i: x[:, i])


def view_cases(dt):
    x = sample([4, 6], dt)
    for args in ((0, 1, 6, 2), (1, -5, 100, 3), (1, 5, 2, 1), (0, -100, -1, 1), (1, 0, 6, 10), (0, 0, 4, 0)):
        d, st, en, sp = args
        yield case("slice", {"dim": d, "start": st, "end": en, "step": sp}, [x],
                   (lambda d, st, en, sp: lambda x: x[(slice(None),) * d + (slice(st, en, sp),)] if sp > 0
                    else torch.ops.aten.slice(x, d, st, en, sp))(d, st, en, sp))
    yield case("slice", {"dim": 0, "start": 1, "end": 3, "step": 1}, [T(sample([6, 4], dt))], lambda x: x[1:3])
    yield case("permute", {"dims": [2, 0, 1]}, [sample([2, 3, 4], dt)], lambda x: x.permute(2, 0, 1))
    yield case("permute", {"dims": [-1, 0]}, [T(sample([6, 4], dt))], lambda x: x.permute(-1, 0))
    yield case("permute", {"dims": [0, 0]}, [x], lambda x: x.permute(0, 0))
    yield case("permute", {"dims": [0]}, [x], lambda x: x.permute(0))
    yield case("flatten", {"start": 0, "end": -1}, [sample([2, 3, 4], dt)], lambda x: x.flatten())
    yield case("flatten", {"start": 1, "end": 2}, [sample([2, 3, 4], dt)], lambda x: x.flatten(1, 2))
    yield case("flatten", {"start": 0, "end": 1}, [T(sample([6, 4], dt))], lambda x: x.flatten(0, 1))
    yield case("flatten", {"start": 0, "end": -1}, [sample([], dt)], lambda x: x.flatten())
    yield case("flatten", {"start": 1, "end": 0}, [x], lambda x: x.flatten(1, 0))
    yield case("unflatten", {"dim": 1, "sizes": [2, 3]}, [x], lambda x: x.unflatten(1, (2, 3)))
    yield case("unflatten", {"dim": -2, "sizes": [-1, 2]}, [T(sample([6, 4], dt))], lambda x: x.unflatten(-2, (-1, 2)))
    yield case("unflatten", {"dim": 1, "sizes": [4, 2]}, [x], lambda x: x.unflatten(1, (4, 2)))
    yield case("diagonal", {"offset": 0, "dim1": 0, "dim2": 1}, [x], lambda x: x.diagonal())
    yield case("diagonal", {"offset": 2, "dim1": 0, "dim2": 1}, [x], lambda x: x.diagonal(2))
    yield case("diagonal", {"offset": -1, "dim1": 1, "dim2": 0}, [T(sample([6, 4], dt))], lambda x: x.diagonal(-1, 1, 0))
    yield case("diagonal", {"offset": 1, "dim1": -1, "dim2": 0}, [sample([3, 2, 4], dt)], lambda x: x.diagonal(1, -1, 0))
    yield case("diagonal", {"offset": 9, "dim1": 0, "dim2": 1}, [x], lambda x: x.diagonal(9))
    yield case("diagonal", {"offset": 0, "dim1": 0, "dim2": 0}, [x], lambda x: x.diagonal(0, 0, 0))


def copy_cases(dt):
    x = sample([2, 3], dt)
    yield case("repeat", {"repeats": [2, 3]}, [x], lambda x: x.repeat(2, 3))
    yield case("repeat", {"repeats": [2, 1, 2]}, [T(sample([3, 2], dt))], lambda x: x.repeat(2, 1, 2))
    yield case("repeat", {"repeats": [0, 2]}, [x], lambda x: x.repeat(0, 2))
    yield case("repeat", {"repeats": [2]}, [x], lambda x: x.repeat(2))
    yield case("repeat_interleave", {"repeats": 2, "dim": 0}, [x], lambda x: x.repeat_interleave(2, dim=0))
    yield case("repeat_interleave", {"repeats": 3, "dim": -1}, [T(sample([3, 2], dt))], lambda x: x.repeat_interleave(3, dim=-1))
    yield case("repeat_interleave_flat", {"repeats": 2}, [x], lambda x: x.repeat_interleave(2))
    yield case("repeat_interleave_tensor", {"dim": 1}, [x, torch.tensor([1, 0, 2])], lambda x, r: x.repeat_interleave(r, dim=1))
    yield case("repeat_interleave", {"repeats": -1, "dim": 0}, [x], lambda x: x.repeat_interleave(-1, dim=0))
    sq = sample([4, 5], dt)
    for k in (0, 1, -2, 9):
        yield case("tril", {"diagonal": k}, [sq], (lambda k: lambda x: x.tril(k))(k))
        yield case("triu", {"diagonal": k}, [sq], (lambda k: lambda x: x.triu(k))(k))
    yield case("tril", {"diagonal": 0}, [T(sample([2, 4, 3], dt).reshape(8, 3))], lambda x: x.tril())
    yield case("triu", {"diagonal": 0}, [sample([2, 3, 3], dt)], lambda x: x.triu())
    yield case("triu", {"diagonal": 1}, [torch.tensor([[float("nan"), 1.0], [2.0, float("inf")]], dtype=dt)], lambda x: x.triu(1))
    yield case("tril", {"diagonal": 0}, [ints([3, 3], -3, 3)], lambda x: x.tril())
    yield case("tril", {"diagonal": 0}, [sample([3], dt)], lambda x: x.tril())
    yield case("flip", {"dims": [0]}, [x], lambda x: x.flip(0))
    yield case("flip", {"dims": [-1, 0]}, [T(sample([3, 2], dt))], lambda x: x.flip(-1, 0))
    yield case("flip", {"dims": [1]}, [sample([2, 0], dt)], lambda x: x.flip(1))
    yield case("flip", {"dims": [0, 0]}, [x], lambda x: x.flip(0, 0))
    yield case("flip", {"dims": [1]}, [bools([2, 3])], lambda x: x.flip(1))
    yield case("roll", {"shifts": [1], "dims": [1]}, [x], lambda x: x.roll(1, 1))
    yield case("roll", {"shifts": [-4, 1], "dims": [1, 0]}, [T(sample([3, 2], dt))], lambda x: x.roll((-4, 1), (1, 0)))
    yield case("roll", {"shifts": [2], "dims": []}, [x], lambda x: x.roll(2))
    yield case("roll", {"shifts": [1], "dims": [0, 1]}, [x], lambda x: x.roll(1, (0, 1)))


def pad_cases(dt):
    x = sample([2, 3, 4], dt)
    for pad, mode, v in (([1, 2], "constant", 0.0), ([1, 0, 2, 1], "constant", -1.5), ([-1, 1, 0, 1, 1, 0], "constant", 0.5),
                         ([2, 1], "reflect", 0.0), ([1, 1, 2, 0], "reflect", 0.0), ([3, 2], "replicate", 0.0),
                         ([1, 2, 2, 1], "replicate", 0.0), ([4, 0], "reflect", 0.0), ([1], "constant", 0.0),
                         ([1, 1, 1, 1, 1, 1, 1, 1], "constant", 0.0), ([-3, -2], "constant", 0.0)):
        yield case("pad", {"pad": pad, "mode": mode, "value": v}, [x],
                   (lambda p, m, v: lambda x: F.pad(x, p, mode=m, value=v) if m == "constant" else F.pad(x, p, mode=m))(pad, mode, v))
    yield case("pad", {"pad": [1, 1], "mode": "reflect", "value": 0.0}, [T(sample([4, 3], dt))], lambda x: F.pad(x, [1, 1], mode="reflect"))
    yield case("pad", {"pad": [1, 1], "mode": "replicate", "value": 0.0}, [sample([1, 2, 2, 2], dt)],
               lambda x: F.pad(x, [1, 1, 1, 1, 1, 1], mode="replicate") if False else F.pad(x, [1, 1], mode="replicate"))
    yield case("pad", {"pad": [1, 1], "mode": "constant", "value": 2.0}, [ints([2, 2], -3, 3)], lambda x: F.pad(x, [1, 1], value=2))


def one_hot_cases(dt):
    yield case("one_hot", {"num_classes": -1}, [torch.tensor([0, 3, 1])], lambda t: F.one_hot(t))
    yield case("one_hot", {"num_classes": 5}, [torch.tensor([[0, 3], [4, 1]])], lambda t: F.one_hot(t, 5))
    yield case("one_hot", {"num_classes": 3}, [torch.tensor([], dtype=torch.int64)], lambda t: F.one_hot(t, 3))
    yield case("one_hot", {"num_classes": -1}, [torch.tensor([], dtype=torch.int64)], lambda t: F.one_hot(t))
    yield case("one_hot", {"num_classes": 3}, [torch.tensor([3])], lambda t: F.one_hot(t, 3))
    yield case("one_hot", {"num_classes": -1}, [torch.tensor([-1])], lambda t: F.one_hot(t))
    yield case("one_hot", {"num_classes": -1}, [torch.tensor([1.0], dtype=dt)], lambda t: F.one_hot(t))


def embedding_cases(dt):
    w = sample([5, 3], dt)
    yield case("embedding", {"padding_idx": None}, [torch.tensor([[0, 4], [4, 2]]), w], lambda i, w: F.embedding(i, w))
    yield case("embedding", {"padding_idx": 4}, [torch.tensor([0, 4, 4, 1]), w], lambda i, w: F.embedding(i, w, padding_idx=4))
    yield case("embedding", {"padding_idx": -1}, [torch.tensor([4, 3]), w], lambda i, w: F.embedding(i, w, padding_idx=-1))
    yield case("embedding", {"padding_idx": None}, [torch.tensor(2), w], lambda i, w: F.embedding(i, w))
    yield case("embedding", {"padding_idx": None}, [torch.tensor([], dtype=torch.int64), w], lambda i, w: F.embedding(i, w))
    yield case("embedding", {"padding_idx": None}, [torch.tensor([5]), w], lambda i, w: F.embedding(i, w))
    yield case("embedding", {"padding_idx": None}, [torch.tensor([-1]), w], lambda i, w: F.embedding(i, w))
    yield case("embedding", {"padding_idx": None}, [torch.tensor([0.0], dtype=dt), w], lambda i, w: F.embedding(i, w))
    yield case("embedding", {"padding_idx": 5}, [torch.tensor([0]), w], lambda i, w: F.embedding(i, w, padding_idx=5))


def embedding_init():
    out = []
    for seed, n, d, pad, dtype in ((0, 5, 3, None, torch.float32), (7, 4, 6, 1, torch.float64), (3, 10, 4, -2, torch.float32)):
        torch.manual_seed(seed)
        e = torch.nn.Embedding(n, d, padding_idx=pad, dtype=dtype)
        out.append({"seed": seed, "num": n, "dim": d, "padding_idx": pad, "dtype": str(dtype).replace("torch.", ""),
                    "weight": enc(e.weight)})
    return out


def embedding_max_norm():
    """F.embedding with max_norm: the weight after forward (renormalised in place), the output, the gradient of
    (out * w).sum(), and nn.Embedding's repr. Own generator, so the other cases keep their values."""
    r = np.random.default_rng(1302)
    out = []
    for dtype in (torch.float32, torch.float64):
        for idx, pad, max_norm, norm_type in (([[0, 4], [4, 2]], None, 1.0, 2.0), ([0, 4, 4, 1, 0], 1, 1.5, 2.0),
                                               ([3, 1, 2], None, 2.0, 1.0), ([2, 0], -1, 0.75, 3.0),
                                               ([4, 3, 2, 1, 0], None, 1.25, float("inf")), ([1], None, 100.0, 2.0),
                                               ([2, 2, 2], None, 0.5, 0.5), (3, None, 1.0, 2.0), ([], None, 1.0, 2.0)):
            weight = torch.tensor(r.uniform(-2, 2, (5, 3)), dtype=torch.float64).to(dtype)
            if dtype == torch.float32 and idx == [1]:
                weight[1] = torch.tensor([1e-3, 0.0, -2e-3])   # norm far below max_norm: unchanged
            before = weight.clone()
            leaf = weight.clone().requires_grad_(True)
            i = torch.tensor(idx, dtype=torch.int64)
            y = F.embedding(i, leaf, padding_idx=pad, max_norm=max_norm, norm_type=norm_type)
            w = torch.tensor(r.uniform(-3, 3, tuple(y.shape)), dtype=torch.float64).to(dtype)
            after = leaf.detach().clone()
            (y * w).sum().backward()
            mod = torch.nn.Embedding(5, 3, padding_idx=pad, max_norm=max_norm, norm_type=norm_type)
            out.append({"indices": enc(i), "padding_idx": pad, "max_norm": float(max_norm).hex(),
                        "norm_type": float(norm_type).hex(), "weight": enc(before), "weight_after": enc(after),
                        "out": enc(y), "grad_fn": y.grad_fn.name(), "w": enc(w), "grad": enc(leaf.grad),
                        "repr": repr(mod)})
    return out


def sort_cases(dt):
    """sort / argsort / topk. Ties only where the golden is PyTorch's stable sort (grad4j's order for ties)."""
    def parts(op, args, inputs, fn):
        for part in (0, 1):
            yield case(op, dict(args, part=part), inputs, (lambda f, p: lambda *xs: f(*xs)[p])(fn, part))

    x = sample([4, 7], dt)
    for dim in (1, 0, -1):
        for desc in (False, True):
            yield from parts("sort", {"dim": dim, "descending": desc}, [x],
                             (lambda d, de: lambda x: torch.sort(x, d, de))(dim, desc))
            yield case("argsort", {"dim": dim, "descending": desc}, [x],
                       (lambda d, de: lambda x: torch.argsort(x, d, de))(dim, desc))
    yield from parts("sort", {"dim": 1, "descending": False}, [sample([2, 3, 5], dt)], lambda x: torch.sort(x, 1))
    yield from parts("sort", {"dim": 1, "descending": True}, [T(sample([5, 4], dt))], lambda x: torch.sort(x, 1, True))
    nan, inf = float("nan"), float("inf")
    special = torch.tensor([[3.0, nan, -0.0, 1.0, 0.0, -inf, 3.0, inf, nan, 1.0],
                            [2.0, 2.0, 2.0, -1.0, nan, 0.0, -0.0, 5.0, -5.0, 2.0]], dtype=dt)
    for desc in (False, True):
        yield from parts("sort", {"dim": 1, "descending": desc, "stable": True}, [special],
                         (lambda de: lambda x: torch.sort(x, dim=1, descending=de, stable=True))(desc))
    for shape, dim in (([], 0), ([], -1), ([0, 3], 1), ([0, 3], 0), ([3, 1], 1), ([6], 0)):
        yield from parts("sort", {"dim": dim, "descending": False}, [sample(shape, dt)],
                         (lambda d: lambda x: torch.sort(x, d))(dim))
    yield case("sort", {"dim": 2, "descending": False, "part": 0}, [x], lambda x: torch.sort(x, 2)[0])
    # topk: tie-free inputs (PyTorch's order of ties is its partial sort's)
    for k, dim, largest in ((3, 1, True), (3, 1, False), (7, -1, True), (0, 1, True), (2, 0, True), (4, 0, False)):
        yield from parts("topk", {"k": k, "dim": dim, "largest": largest}, [x],
                         (lambda k, d, l: lambda x: torch.topk(x, k, d, l))(k, dim, largest))
    yield from parts("topk", {"k": 2, "dim": 1, "largest": True}, [T(sample([5, 4], dt))],
                     lambda x: torch.topk(x, 2, 1))
    for k in (1, 0):
        yield from parts("topk", {"k": k, "dim": 0, "largest": True}, [sample([], dt)],
                         (lambda k: lambda x: torch.topk(x, k, 0))(k))
    yield from parts("topk", {"k": 0, "dim": 0, "largest": True}, [sample([0, 3], dt)], lambda x: torch.topk(x, 0, 0))
    yield from parts("topk", {"k": 2, "dim": 1, "largest": True}, [special[:, [1, 3, 5, 7]]],
                     lambda x: torch.topk(x, 2, 1))
    for k in (8, -1):
        yield case("topk", {"k": k, "dim": 1, "largest": True, "part": 0}, [x], (lambda k: lambda x: torch.topk(x, k, 1)[0])(k))
    yield case("topk", {"k": 1, "dim": 2, "largest": True, "part": 0}, [x], lambda x: torch.topk(x, 1, 2)[0])
    if dt == torch.float64:   # integer and bool inputs once
        perm = torch.randperm(12, generator=torch.Generator().manual_seed(3)).reshape(3, 4) - 5
        for desc in (False, True):
            yield from parts("sort", {"dim": 1, "descending": desc}, [perm],
                             (lambda de: lambda x: torch.sort(x, 1, de))(desc))
            yield from parts("sort", {"dim": 1, "descending": desc, "stable": True}, [bools([3, 5])],
                             (lambda de: lambda x: torch.sort(x, dim=1, descending=de, stable=True))(desc))
            yield from parts("sort", {"dim": 0, "descending": desc, "stable": True}, [ints([6, 2], -3, 3)],
                             (lambda de: lambda x: torch.sort(x, dim=0, descending=de, stable=True))(desc))
            yield from parts("sort", {"dim": 0, "descending": desc, "stable": True}, [ints([300], -5, 5)],
                             (lambda de: lambda x: torch.sort(x, dim=0, descending=de, stable=True))(desc))
            yield from parts("sort", {"dim": 1, "descending": desc, "stable": True},
                             [torch.round(sample([2, 200], dt) * 2)],
                             (lambda de: lambda x: torch.sort(x, dim=1, descending=de, stable=True))(desc))
        yield from parts("topk", {"k": 2, "dim": 1, "largest": True}, [perm], lambda x: torch.topk(x, 2, 1))
        yield from parts("topk", {"k": 3, "dim": 0, "largest": False}, [perm], lambda x: torch.topk(x, 3, 0, False))


def hunt_cases(dt):
    """Behaviours a PyTorch user meets that grad4j once got wrong or lacked: view/reshape of a non-contiguous tensor
    whose strides allow a view, chunk of an empty dimension, a bool mask at a later dimension, unbind,
    broadcast_to, take, index_add, roll and unflatten of a 0-d tensor. Its own seed, so the cases above keep their values."""
    old = golden.use_rng(np.random.default_rng(141 if dt == torch.float32 else 142))
    for shape in ([2, 2, 3], [4, 3, 1], [1, 4, 1, 3], [12], [3, 4], [-1, 3]):
        yield case("view", {"shape": shape}, [T(sample([3, 4], dt))], (lambda s: lambda x: x.view(s))(shape))
        yield case("reshape", {"shape": shape}, [T(sample([3, 4], dt))], (lambda s: lambda x: x.reshape(s))(shape))
    yield case("view", {"shape": [3, 2, 2]}, [T(sample([3, 4], dt))], lambda x: x.view(3, 2, 2))
    yield case("reshape", {"shape": [3, 2, 2]}, [T(sample([3, 4], dt))], lambda x: x.reshape(3, 2, 2))
    yield case("view", {"shape": [2, 0]}, [T(sample([0, 4], dt))], lambda x: x.view(2, 0))
    yield case("view", {"shape": [0, 4]}, [T(sample([4, 0], dt))], lambda x: x.view(0, 4))
    for chunks, part in ((2, 0), (2, 1), (3, 2)):
        yield case("chunk", {"chunks": chunks, "dim": 0, "part": part}, [sample([0, 3], dt)],
                   (lambda c, p: lambda x: x.chunk(c, 0)[p])(chunks, part))
    yield case("chunk", {"chunks": 3, "dim": 1, "part": 1}, [sample([2, 0], dt)], lambda x: x.chunk(3, 1)[1])
    yield case("index_dim", {"dim": 1}, [sample([3, 4], dt), bools([4])], lambda x, m: x[:, m])
    yield case("index_dim", {"dim": -1}, [T(sample([4, 3], dt)), bools([4])], lambda x, m: x[..., m])
    yield case("index_dim", {"dim": 1}, [sample([2, 3, 4], dt), bools([3, 4])], lambda x, m: x[:, m])
    yield case("index_dim", {"dim": 1}, [sample([2, 3, 4], dt), bools([3])], lambda x, m: x[:, m])
    yield case("index_dim", {"dim": 1}, [sample([2, 3, 4], dt), bools([3, 3])], lambda x, m: x[:, m])
    yield case("index_dim", {"dim": 1}, [sample([3, 4], dt), bools([5])], lambda x, m: x[:, m])
    yield case("index_dim", {"dim": 1}, [sample([3, 4], dt), bools([4, 2])], lambda x, m: x[:, m])
    x = sample([3, 4], dt)
    for dim, part in ((0, 0), (0, 2), (1, 3), (-1, 1)):
        yield case("unbind", {"dim": dim, "part": part}, [x], (lambda d, p: lambda x: x.unbind(d)[p])(dim, part))
    yield case("unbind", {"dim": 1, "part": 0}, [T(sample([4, 3], dt))], lambda x: x.unbind(1)[0])
    yield case("unbind", {"dim": 2, "part": 0}, [x], lambda x: x.unbind(2)[0])
    yield case("unbind", {"dim": 0, "part": 0}, [sample([], dt)], lambda x: x.unbind(0)[0])
    for shape in ([2, 3, 4], [3, -1], [4]):
        yield case("broadcast_to", {"shape": shape}, [x], (lambda s: lambda x: x.broadcast_to(s))(shape))
    yield case("broadcast_to", {"shape": [3, 5]}, [sample([3, 1], dt)], lambda x: x.broadcast_to((3, 5)))
    for idx in (torch.tensor([[0, -1], [5, 5]]), torch.tensor(7), torch.tensor([], dtype=torch.int64),
                torch.tensor([12]), torch.tensor([-13]), ints([6], -12, 12)):
        yield case("take", {}, [x, idx], lambda x, i: x.take(i))
    yield case("take", {}, [T(sample([4, 3], dt)), ints([5], -12, 12)], lambda x, i: x.take(i))
    yield case("take", {}, [x, torch.tensor([1.0], dtype=dt)], lambda x, i: x.take(i))
    yield case("take", {}, [sample([0], dt), torch.tensor([0])], lambda x, i: x.take(i))
    yield case("take", {}, [ints([3, 2], -9, 9), torch.tensor([1, -1])], lambda x, i: x.take(i))
    for dim, idx, src in ((0, [0, 2, 0, 2], [4, 4]), (1, [3, 3, 0], [3, 3]), (-1, [], [3, 0]), (0, [3], [1, 4]),
                          (0, [-1], [1, 4]), (0, [0, 1], [1, 4]), (0, [0], [1, 3]), (1, [1], [3, 2])):
        yield case("index_add", {"dim": dim}, [x, torch.tensor(idx, dtype=torch.int64), sample(src, dt)],
                   (lambda d: lambda x, i, s: x.index_add(d, i, s))(dim))
    yield case("index_add", {"dim": 1}, [T(sample([4, 3], dt)), torch.tensor([1, 0, 1]), T(sample([3, 3], dt))],
               lambda x, i, s: x.index_add(1, i, s))
    yield case("index_add", {"dim": 0}, [sample([5], dt), ints([7], 0, 5), sample([7], dt)],
               lambda x, i, s: x.index_add(0, i, s))
    yield case("index_add", {"dim": 0}, [ints([4], -9, 9), torch.tensor([1, 1]), ints([2], -9, 9)],
               lambda x, i, s: x.index_add(0, i, s))
    yield case("index_add", {"dim": 0}, [x, torch.tensor([[0]]), sample([1, 4], dt)], lambda x, i, s: x.index_add(0, i, s))
    yield case("roll", {"shifts": [1], "dims": [0]}, [sample([], dt)], lambda x: x.roll(1, 0))
    yield case("roll", {"shifts": [1], "dims": []}, [sample([], dt)], lambda x: x.roll(1))
    yield case("unflatten", {"dim": 0, "sizes": [1]}, [sample([], dt)], lambda x: x.unflatten(0, (1,)))
    golden.use_rng(old)


GENERATORS = [gather_cases, index_select_cases, scatter_cases, where_cases, masked_fill_cases, join_cases, split_cases,
              select_cases, view_cases, copy_cases, pad_cases, one_hot_cases, embedding_cases, sort_cases, hunt_cases]


def main():
    write(OUT, collect(GENERATORS), embedding_init=embedding_init(), embedding_max_norm=embedding_max_norm())

if __name__ == "__main__":
    main()
