#!/usr/bin/python3
"""Golden cases for the idx branch's indexing / scatter / splitting ops, from PyTorch 1.13 (CPU): index_copy,
index_fill, index_put, index_reduce, masked_scatter, scatter_reduce, select/slice/diagonal_scatter,
take_along_dim, put, argwhere, tensor_split, hsplit/vsplit/dsplit, split_with_sizes and the unsafe splits,
with their in-place forms.

    /usr/bin/python3 tools/golden/idx_golden.py

Writes core/src/test/resources/golden/idx.json.gz, read by IdxConformance: each case names an op and its args (as
IdxConformance.apply spells them), the inputs (any dtype; those marked "grad" are leaves requiring grad), then
PyTorch's error (kind, message) or its output(s) ("out", or "outs" for the splits), grad_fn's name(s), the weights
and the gradient of sum((out_i * w_i).sum()) for each leaf. Floats are float.hex, integers decimal strings, bools
0/1. No products are involved, so no BLAS is selected.
"""
import gzip
import json
import math
import os
import warnings

import numpy as np
import torch

torch.set_num_threads(1)
warnings.filterwarnings("ignore")  # index_reduce / scatter_reduce are "beta" in 1.13
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "idx.json.gz")
rng = np.random.default_rng(1013)
F32, F64 = torch.float32, torch.float64
I64, I32, U8, B = torch.int64, torch.int32, torch.uint8, torch.bool


def hx(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v.hex()


def enc(t, grad=False):
    if t is None:
        return None
    flat = t.detach().reshape(-1).tolist()
    if t.dtype == B:
        data = [1 if v else 0 for v in flat]
    elif t.is_floating_point():
        data = [hx(v) for v in flat]
    else:
        data = [str(int(v)) for v in flat]
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": data, "grad": grad}


def sample(shape, dt=F64, lo=-3.0, hi=3.0):
    n = int(np.prod(shape)) if len(shape) else 1
    x = torch.tensor(rng.uniform(lo, hi, n).reshape(shape), dtype=F64)
    if dt in (F32, F64):
        return x.to(dt)
    if dt == B:
        return x > 0
    if dt == U8:
        return (x * 40 + 128).to(U8)
    return (x * 3).round().to(dt)


def small(shape, dt=F64, lo=-2, hi=3):
    """Small integers in any dtype: ties for amax/amin, zeros for prod."""
    n = int(np.prod(shape)) if len(shape) else 1
    return torch.tensor(rng.integers(lo, hi, n).reshape(shape)).to(dt)


def idx(values):
    return torch.tensor(values, dtype=I64)


def case(op, args, inputs, fn, message=True, cpu_only=False):
    """inputs: (tensor or None, requires_grad) pairs. fn returns a tensor or a tuple/list of tensors. cpu_only: the
    values hold on the CPU only (repeated indices written without accumulating: the last write wins there, and
    PyTorch leaves the winner unspecified elsewhere)."""
    leaves = [None if x is None else x.clone().requires_grad_(g) for x, g in inputs]
    c = {"op": op, "args": args, "inputs": [enc(x, g) for x, (_, g) in zip(leaves, inputs)]}
    if cpu_only:
        c["cpu_only"] = True
    try:
        out = fn(*leaves)
    except Exception as e:  # PyTorch refuses: grad4j must refuse too
        c["error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
        c["message"] = message
        return c
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    if isinstance(out, (tuple, list)):
        c["outs"] = [enc(o) for o in outs]
    else:
        c["out"] = enc(out)
    if any(o.requires_grad for o in outs):
        ws = [sample(list(o.shape), o.dtype) for o in outs]
        total = sum((o * w).sum() for o, w in zip(outs, ws) if o.requires_grad)
        total.backward()
        c["ws"] = [enc(w) for w in ws]
        c["grad_fns"] = [o.grad_fn.name() if o.grad_fn is not None else None for o in outs]
        c["grads"] = [enc(x.grad) if x is not None and x.grad is not None else None for x in leaves]
    return c


# ------------------------------------------------------------------------------------------------ splits

def split_cases(dt):
    g = dt in (F32, F64)
    for shape, sections, dim in (([7, 4], 3, 0), ([4, 7], 3, 1), ([4, 7], 3, -1), ([3, 4], 5, 0), ([0, 3], 2, 0),
                                 ([6], 1, 0), ([2, 6, 3], 4, 1)):
        yield case("tensor_split", {"sections": sections, "dim": dim}, [(sample(shape, dt), g)],
                   lambda x: torch.tensor_split(x, sections, dim))
    for shape, ind, dim in (([3, 4], [3, 1, -1, 10], 1), ([5, 2], [], 0), ([5, 2], [2], 0), ([5, 2], [-2, 4], -2),
                            ([2, 3, 4], [0, 0, 4], 2)):
        yield case("tensor_split", {"indices": ind, "dim": dim}, [(sample(shape, dt), g)],
                   lambda x: torch.tensor_split(x, ind, dim))
    for t, dim in ((idx(2), 1), (idx([1, 3]), 1), (idx([-1]), 0), (idx(4), 0)):
        yield case("tensor_split_tensor", {"dim": dim}, [(sample([3, 4], dt), g), (t, False)],
                   lambda x, t: torch.tensor_split(x, t, dim))
    if not g:
        return
    for a, x in (({"sections": 0, "dim": 0}, sample([3, 4], dt)), ({"sections": -1, "dim": 0}, sample([3, 4], dt)),
                 ({"sections": 2, "dim": 0}, torch.tensor(1.0, dtype=dt))):
        yield case("tensor_split", a, [(x, True)], lambda x: torch.tensor_split(x, a["sections"], a["dim"]))
    yield case("tensor_split", {"sections": 2, "dim": 2}, [(sample([3, 4], dt), True)],
               lambda x: torch.tensor_split(x, 2, 2), message=False)
    yield case("tensor_split", {"indices": [1], "dim": 0}, [(torch.tensor(1.0, dtype=dt), True)],
               lambda x: torch.tensor_split(x, [1], 0))
    for t in (torch.tensor([1.0]), torch.tensor([1], dtype=I32), idx([[1]])):
        yield case("tensor_split_tensor", {"dim": 0}, [(sample([3, 4], dt), True), (t, False)],
                   lambda x, t: torch.tensor_split(x, t, 0))
    for op, fn in (("hsplit", torch.hsplit), ("vsplit", torch.vsplit), ("dsplit", torch.dsplit)):
        for shape, s in (([4, 6, 2], 2), ([6, 4, 4], 2), ([6], 3), ([6, 6, 6], [1, 4]), ([6, 6, 6], 3), ([4, 4, 6], 4),
                         ([2, 6], 0), ([], 1), ([6, 6, 6], [])):
            a = {"sections": s} if isinstance(s, int) else {"indices": s}
            x = torch.tensor(1.0, dtype=dt) if not shape else sample(shape, dt)
            yield case(op, a, [(x, True)], lambda x: fn(x, s))
    for shape, sizes, dim in (([5, 3], [2, 0, 3], 0), ([3, 5], [1, 4], -1), ([3, 5], [5], 1), ([3, 5], [5, -2], 1),
                              ([3, 5], [1, 1], 0), ([], [1], 0)):
        x = torch.tensor(1.0, dtype=dt) if not shape else sample(shape, dt)
        yield case("split_with_sizes", {"sizes": sizes, "dim": dim}, [(x, True)],
                   lambda x: x.split_with_sizes(sizes, dim))
        yield case("unsafe_split_with_sizes", {"sizes": sizes, "dim": dim}, [(x, True)],
                   lambda x: x.unsafe_split_with_sizes(sizes, dim))
    for shape, size, dim in (([7, 3], 3, 0), ([3, 4], 4, 1), ([3, 4], 0, 1), ([0, 4], 0, 0), ([3, 4], 2, -1)):
        yield case("unsafe_split", {"size": size, "dim": dim}, [(sample(shape, dt), True)],
                   lambda x: x.unsafe_split(size, dim))
    for shape, chunks, dim in (([7, 3], 3, 0), ([3, 4], 4, 1), ([3, 4], 0, 1), ([0, 4], 2, 0), ([5, 2], 3, 0)):
        yield case("unsafe_chunk", {"chunks": chunks, "dim": dim}, [(sample(shape, dt), True)],
                   lambda x: x.unsafe_chunk(chunks, dim))
    yield case("unsafe_chunk", {"chunks": 1, "dim": 0}, [(torch.tensor(1.0, dtype=dt), True)],
               lambda x: x.unsafe_chunk(1, 0))


# ------------------------------------------------------------------------------------------------ *_scatter

def embed_cases(dt):
    g = dt in (F32, F64)
    x = sample([3, 4], dt)
    yield case("select_scatter", {"dim": 0, "index": -1}, [(x, g), (sample([4], dt), g)],
               lambda x, s: torch.select_scatter(x, s, 0, -1))
    yield case("select_scatter", {"dim": 1, "index": 2}, [(sample([2, 4, 3], dt), g), (sample([2, 3], dt), g)],
               lambda x, s: torch.select_scatter(x, s, 1, 2))
    yield case("slice_scatter", {"dim": 1, "start": 0, "end": 4, "step": 2}, [(x, g), (sample([3, 2], dt), g)],
               lambda x, s: torch.slice_scatter(x, s, 1, 0, 4, 2))
    yield case("slice_scatter", {"dim": -2, "start": -2, "end": 100, "step": 1},
               [(sample([2, 5, 3], dt), g), (sample([2, 2, 3], dt), g)],
               lambda x, s: torch.slice_scatter(x, s, -2, -2, 100, 1))
    yield case("slice_scatter", {"dim": 0, "start": 1, "end": 6, "step": 3}, [(sample([7], dt), g), (sample([2], dt), g)],
               lambda x, s: torch.slice_scatter(x, s, 0, 1, 6, 3))
    yield case("diagonal_scatter", {"offset": 1, "dim1": 0, "dim2": 1}, [(x, g), (sample([3], dt), g)],
               lambda x, s: torch.diagonal_scatter(x, s, 1, 0, 1))
    yield case("diagonal_scatter", {"offset": -1, "dim1": 2, "dim2": 0}, [(sample([3, 2, 4], dt), g),
                                                                          (sample([2, 2], dt), g)],
               lambda x, s: torch.diagonal_scatter(x, s, -1, 2, 0))
    yield case("diagonal_scatter", {"offset": 0, "dim1": 0, "dim2": 1}, [(x, g), (sample([3], dt), False)],
               lambda x, s: torch.diagonal_scatter(x, s, 0, 0, 1))
    if not g:
        return
    other = F64 if dt == F32 else F32
    yield case("select_scatter", {"dim": 0, "index": 1}, [(x, True), (sample([4], other), True)],
               lambda x, s: torch.select_scatter(x, s, 0, 1))
    yield case("select_scatter", {"dim": 0, "index": 1}, [(x, True), (sample([4], I64), False)],
               lambda x, s: torch.select_scatter(x, s, 0, 1))
    yield case("select_scatter", {"dim": 0, "index": 0}, [(x, True), (sample([3], dt), True)],
               lambda x, s: torch.select_scatter(x, s, 0, 0))
    yield case("select_scatter", {"dim": 0, "index": 3}, [(x, True), (sample([4], dt), True)],
               lambda x, s: torch.select_scatter(x, s, 0, 3), message=False)
    yield case("slice_scatter", {"dim": 1, "start": 0, "end": 4, "step": 2}, [(x, True), (sample([3, 3], dt), True)],
               lambda x, s: torch.slice_scatter(x, s, 1, 0, 4, 2))
    yield case("slice_scatter", {"dim": 1, "start": 0, "end": 4, "step": 0}, [(x, True), (sample([3, 2], dt), True)],
               lambda x, s: torch.slice_scatter(x, s, 1, 0, 4, 0), message=False)
    yield case("diagonal_scatter", {"offset": 0, "dim1": 0, "dim2": 1}, [(x, True), (sample([4], dt), True)],
               lambda x, s: torch.diagonal_scatter(x, s, 0, 0, 1))
    yield case("diagonal_scatter", {"offset": 0, "dim1": 1, "dim2": 1}, [(x, True), (sample([3], dt), True)],
               lambda x, s: torch.diagonal_scatter(x, s, 0, 1, 1), message=False)


# ------------------------------------------------------------------------------------------------ take_along_dim, argwhere

def take_cases(dt):
    g = dt in (F32, F64)
    x = sample([3, 4], dt)
    for ind, dim in ((idx([[0, 3, 1]]), 1), (idx([[2], [0], [1]]), 1), (idx([[0, 1, 2, 0], [2, 2, 2, 2]]), 0),
                     (idx([[1], [3]]).reshape(2, 1), -1), (idx([[1, 1]]), -2), (idx([[0, 0], [1, 3], [2, 2]]), 1)):
        yield case("take_along_dim", {"dim": dim}, [(x, g), (ind, False)], lambda x, i: torch.take_along_dim(x, i, dim))
    yield case("take_along_dim", {"dim": 2}, [(sample([2, 1, 3], dt), g), (idx([[[0, 2]], [[1, 1]]]).expand(2, 4, 2)
                                                                           .clone(), False)],
               lambda x, i: torch.take_along_dim(x, i, 2))
    yield case("take_along_dim_flat", {}, [(x, g), (idx([[0, 11], [5, 5]]), False)], lambda x, i: torch.take_along_dim(x, i))
    yield case("take_along_dim_flat", {}, [(x, g), (idx([]), False)], lambda x, i: torch.take_along_dim(x, i))
    for src in (x, torch.tensor([[0.0, float("nan")], [-0.0, 2.0]]).to(dt) if g else sample([3, 4], dt),
                torch.zeros([0, 2], dtype=dt), torch.tensor(3, dtype=dt) if dt != B else torch.tensor(True),
                torch.tensor(0, dtype=dt) if dt != B else torch.tensor(False), sample([2, 2, 3], dt)):
        yield case("argwhere", {}, [(src, False)], torch.argwhere)
    if not g:
        return
    for ind, dim in ((idx([0]), 1), (torch.tensor([[0]], dtype=I32), 1), (idx([[0], [1]]), 1), (idx([[4]]), 1),
                     (idx([[-1]]), 1), (idx([[0] * 5]), 0)):
        yield case("take_along_dim", {"dim": dim}, [(x, True), (ind, False)],
                   lambda x, i: torch.take_along_dim(x, i, dim))
    yield case("take_along_dim", {"dim": 0}, [(torch.tensor(3.0, dtype=dt), True), (idx(0), False)],
               lambda x, i: torch.take_along_dim(x, i, 0))
    for ind in (idx([-1]), idx([12]), torch.tensor([0], dtype=I32)):
        yield case("take_along_dim_flat", {}, [(x, True), (ind, False)], lambda x, i: torch.take_along_dim(x, i))


# ------------------------------------------------------------------------------------------------ index_copy, index_fill

def index_copy_cases(dt):
    g = dt in (F32, F64)
    for shape, dim, ind in (([4, 5], 0, [3, 0]), ([4, 5], 1, [4, 1, 2]), ([4, 5], -1, [0]), ([2, 3, 4], 1, [2, 0, 1]),
                            ([4, 5], 0, [1, 1, 2]), ([4, 5], 0, []), ([5], 0, [4, 0])):
        src_shape = list(shape)
        src_shape[dim] = len(ind)
        yield case("index_copy", {"dim": dim}, [(sample(shape, dt), g), (idx(ind), False), (sample(src_shape, dt), g)],
                   lambda x, i, s: x.index_copy(dim, i, s), cpu_only=len(set(ind)) < len(ind))
    yield case("index_copy", {"dim": 0}, [(sample([4, 5], dt), g), (idx(2), False), (sample([1, 5], dt), g)],
               lambda x, i, s: x.index_copy(0, i, s))
    yield case("index_copy", {"dim": 0}, [(sample([3], dt), g), (idx(1), False), (sample([], dt), g)],
               lambda x, i, s: x.index_copy(0, i, s))
    yield case("index_copy", {"dim": 0}, [(sample([], dt), g), (idx([0]), False), (sample([1], dt), g)],
               lambda x, i, s: x.index_copy(0, i, s))
    yield case("index_copy_", {"dim": 1}, [(sample([3, 4], dt), g), (idx([2, 0]), False), (sample([3, 2], dt), g)],
               lambda x, i, s: x.clone().index_copy_(1, i, s))
    if not g:
        return
    x = sample([3, 4], dt)
    for ind, src, dim, msg in ((torch.tensor([0, 2], dtype=I32), sample([2, 4], dt), 0, True),
                               (idx([0, 2]).float(), sample([2, 4], dt), 0, True),
                               (idx([[0, 2]]), sample([2, 4], dt), 0, True),
                               (idx([0, 2]), sample([2, 4], F64 if dt == F32 else F32), 0, True),
                               (idx([0, 2]), sample([2, 3], dt), 0, True),
                               (idx([0, 2]), sample([2, 3, 5], dt), 1, True),
                               (idx([0, 2]), sample([3, 4], dt), 0, True),
                               (idx([0, 2]), sample([2, 4, 1], dt), 0, True),
                               (idx([0, 3]), sample([2, 4], dt), 0, True),
                               (idx([0, -1]), sample([2, 4], dt), 0, True),
                               (idx([0, 1]), sample([], dt), 0, True),
                               (idx([0, 2]), sample([2, 4], dt), 2, False)):
        yield case("index_copy", {"dim": dim}, [(x if src.dim() != 3 or dim != 1 else sample([2, 3, 4], dt), True),
                                                (ind, False), (src, True)],
                   lambda x, i, s: x.index_copy(dim, i, s), message=msg)


def index_fill_cases(dt):
    g = dt in (F32, F64)
    for shape, dim, ind, v in (([3, 4], 1, [0, 2], -1.5), ([3, 4], 0, [-1], 2.0), ([2, 3, 4], -1, [3, 3, 0], 7.0),
                               ([3, 4], 0, [], 1.0), ([5], 0, [4, -5], 0.0), ([], 0, [0], 5.0), ([3, 4], 1, 2, 3.0)):
        value = v if dt in (F32, F64) else (v >= 0 if dt == B else abs(int(v)))
        yield case("index_fill", {"dim": dim, "value": value}, [(sample(shape, dt), g), (idx(ind), False)],
                   lambda x, i: x.index_fill(dim, i, value))
    for shape, dim, ind in (([3, 4], 1, [0, 2, 0]), ([2, 3], -2, [1]), ([4], 0, [1, 3, 1])):
        yield case("index_fill_tensor", {"dim": dim}, [(sample(shape, dt), g), (idx(ind), False), (sample([], dt), g)],
                   lambda x, i, v: x.index_fill(dim, i, v))
    yield case("index_fill_", {"dim": 0, "value": 1}, [(sample([3, 2], dt), g), (idx([1]), False)],
               lambda x, i: x.clone().index_fill_(0, i, 1))
    yield case("index_fill_tensor_", {"dim": 1}, [(sample([3, 2], dt), g), (idx([1]), False), (sample([], dt), g)],
               lambda x, i, v: x.clone().index_fill_(1, i, v))
    if dt == I64:
        yield case("index_fill", {"dim": 0, "value": 2.7}, [(sample([4], dt), False), (idx([0, 2]), False)],
                   lambda x, i: x.index_fill(0, i, 2.7))
        yield case("index_fill_tensor", {"dim": 0}, [(sample([4], dt), False), (idx([0, 2]), False),
                                                     (torch.tensor(-2.5), False)],
                   lambda x, i, v: x.index_fill(0, i, v))
    if dt == U8:
        for v in (300, -1):
            yield case("index_fill", {"dim": 0, "value": v}, [(sample([3], dt), False), (idx([1]), False)],
                       lambda x, i: x.index_fill(0, i, v))
    if not g:
        return
    x = sample([3, 4], dt)
    yield case("index_fill_tensor", {"dim": 0}, [(x, True), (idx([1]), False), (torch.tensor(2, dtype=I64), False)],
               lambda x, i, v: x.index_fill(0, i, v))
    for ind, dim, msg in ((torch.tensor([0], dtype=I32), 1, True), (idx([[0]]), 1, True), (idx([4]), 1, True),
                          (idx([-5]), 1, True), (idx([0]), 3, False)):
        yield case("index_fill", {"dim": dim, "value": 1.0}, [(x, True), (ind, False)],
                   lambda x, i: x.index_fill(dim, i, 1.0), message=msg)
    yield case("index_fill_tensor", {"dim": 0}, [(x, True), (idx([1]), False), (sample([1], dt), True)],
               lambda x, i, v: x.index_fill(0, i, v))


# ------------------------------------------------------------------------------------------------ index_put, put

def index_put_cases(dt):
    g = dt in (F32, F64)
    x = sample([3, 4], dt)
    specs = [
        ([idx([0, 2])], [4], False),
        ([idx([0, 2])], [], False),
        ([idx([0, 0, 2])], [3, 4], True),
        ([idx([0, 0, 2])], [3, 4], False),
        ([idx([0, 2]), idx([1, 3])], [2], False),
        ([idx([0, 2]), idx([[1], [3]])], [1], True),
        ([idx([-1, 1]), idx([-4, 0])], [2], True),
        ([sample([3, 4], B)], [], False),
        ([torch.tensor([True, False, True])], [2, 4], True),
        ([torch.tensor([1, 0, 1], dtype=U8)], [4], False),
        ([idx([1]), torch.tensor([True, False, True, True])], [], True),
        ([idx([[0, 1], [1, 0]])], [2, 2, 4], True),
        ([idx([])], [], False),
    ]
    for indices, vshape, acc in specs:
        n = len(indices)
        yield case("index_put", {"accumulate": acc},
                   [(x, g), (sample(vshape, dt), g)] + [(i, False) for i in indices],
                   (lambda a: lambda x, v, *ii: x.index_put(tuple(ii), v, a))(acc),
                   cpu_only=not acc and len(indices) == 1 and indices[0].dtype == I64
                   and indices[0].unique().numel() < indices[0].numel())
    yield case("index_put", {"accumulate": True}, [(sample([2, 3, 4], dt), g), (sample([4], dt), g),
                                                   (torch.tensor([[True, False, True], [False, True, False]]), False)],
               lambda x, v, m: x.index_put((m,), v, True))
    yield case("index_put_", {"accumulate": True}, [(x, g), (sample([2, 4], dt), g), (idx([1, 1]), False)],
               lambda x, v, i: x.clone().index_put_((i,), v, True))
    if not g:
        return
    for indices, vshape, msg in (([idx([0, 2])] * 3, [], True), ([idx([0]).float()], [], True),
                                 ([torch.tensor([0], dtype=I32)], [], True), ([idx([5])], [], True),
                                 ([idx([-4])], [], True), ([idx([0, 2])], [3], True),
                                 ([idx([0, 2]), idx([1, 2, 3])], [], True), ([torch.tensor([True, False])], [], True)):
        yield case("index_put", {"accumulate": False}, [(x, True), (sample(vshape, dt), True)] + [(i, False) for i in indices],
                   lambda x, v, *ii: x.index_put(tuple(ii), v), message=msg)
    yield case("index_put", {"accumulate": False}, [(x, True), (sample([4], F64 if dt == F32 else F32), True),
                                                    (idx([1]), False)],
               lambda x, v, i: x.index_put((i,), v))


def put_cases(dt):
    g = dt in (F32, F64)
    x = sample([3, 4], dt)
    for ind, acc in ((idx([0, -1, 5]), False), (idx([[1, 1], [11, 1]]), True), (idx([[1, 1], [11, 1]]), False),
                     (idx([]), True)):
        yield case("put", {"accumulate": acc}, [(x, g), (ind, False), (sample(list(ind.shape), dt), g)],
                   (lambda a: lambda x, i, s: x.put(i, s, a))(acc),
                   cpu_only=not acc and ind.unique().numel() < ind.numel())
    yield case("put_", {"accumulate": True}, [(x, g), (idx([2, 2]), False), (sample([2], dt), g)],
               lambda x, i, s: x.clone().put_(i, s, True))
    if not g:
        return
    for ind, src in ((torch.tensor([0], dtype=I32), sample([1], dt)), (idx([0, 1]), sample([3], dt)),
                     (idx([1]), sample([1], F64 if dt == F32 else F32)), (idx([12]), sample([1], dt)),
                     (idx([-13]), sample([1], dt))):
        yield case("put", {"accumulate": False}, [(x, True), (ind, False), (src, True)], lambda x, i, s: x.put(i, s))
    yield case("put", {"accumulate": False}, [(torch.zeros(0, dtype=dt), True), (idx([0]), False), (sample([1], dt), True)],
               lambda x, i, s: x.put(i, s))


# ------------------------------------------------------------------------------------------------ masked_scatter

def masked_scatter_cases(dt):
    g = dt in (F32, F64)
    x = sample([3, 4], dt)
    for mask, src in ((sample([3, 4], B), sample([12], dt)), (sample([3, 4], B), sample([4, 5], dt)),
                      (torch.tensor([[True], [False], [True]]), sample([9], dt)),
                      (torch.tensor([True, False, False, True]), sample([3, 3], dt)),
                      (sample([3, 4], B).to(U8), sample([14], dt)), (torch.zeros(3, 4, dtype=B), sample([2], dt)),
                      (sample([2, 3, 4], B), sample([24], dt))):
        yield case("masked_scatter", {}, [(x, g), (mask, False), (src, g)], lambda x, m, s: x.masked_scatter(m, s))
    yield case("masked_scatter", {}, [(sample([2, 1], dt), g), (torch.tensor([True, False, True]), False),
                                      (sample([5], dt), g)], lambda x, m, s: x.masked_scatter(m, s))
    yield case("masked_scatter_", {}, [(x, g), (torch.tensor([False, True, True, False]), False), (sample([6], dt), g)],
               lambda x, m, s: x.clone().masked_scatter_(m, s))
    if not g:
        return
    yield case("masked_scatter", {}, [(x, True), (torch.ones(3, 4, dtype=B), False), (sample([3], dt), True)],
               lambda x, m, s: x.masked_scatter(m, s))
    yield case("masked_scatter", {}, [(x, True), (torch.ones(3, 4, dtype=B), False),
                                      (sample([12], F64 if dt == F32 else F32), True)],
               lambda x, m, s: x.masked_scatter(m, s))
    yield case("masked_scatter", {}, [(x, True), (torch.ones(3, 5, dtype=B), False), (sample([20], dt), True)],
               lambda x, m, s: x.masked_scatter(m, s), message=False)
    yield case("masked_scatter_", {}, [(sample([2, 1], dt), True), (torch.tensor([True, False, True]), False),
                                       (sample([6], dt), True)],
               lambda x, m, s: x.clone().masked_scatter_(m, s), message=False)


# ------------------------------------------------------------------------------------------------ scatter_reduce, index_reduce

REDUCES = ("sum", "prod", "mean", "amax", "amin")


def scatter_reduce_cases(dt):
    g = dt in (F32, F64)
    for reduce in REDUCES:
        if dt == B and reduce == "mean":
            continue
        for include in (True, False):
            a = {"dim": 0, "reduce": reduce, "include_self": include}
            yield case("scatter_reduce", a, [(small([3, 4], dt) if not g else sample([3, 4], dt), g),
                                             (idx([[0, 1, 0, 2], [0, 0, 0, 0]]), False), (sample([2, 4], dt), g)],
                       (lambda r, inc: lambda x, i, s: x.scatter_reduce(0, i, s, r, include_self=inc))(reduce, include))
            a = {"dim": -1, "reduce": reduce, "include_self": include}
            yield case("scatter_reduce", a, [(small([3, 4], dt), g), (idx([[3, 3, 0], [1, 1, 1], [2, 0, 2]]), False),
                                             (small([3, 3], dt), g)],
                       (lambda r, inc: lambda x, i, s: x.scatter_reduce(-1, i, s, r, include_self=inc))(reduce, include))
            # a src larger than index: only the covered part is read (PyTorch's backward then fails: forward only)
            yield case("scatter_reduce", a, [(small([3, 4], dt), False), (idx([[3, 3], [1, 1], [2, 0]]), False),
                                             (small([3, 5], dt), False)],
                       (lambda r, inc: lambda x, i, s: x.scatter_reduce(-1, i, s, r, include_self=inc))(reduce, include))
            if g:
                # zeros and ties: prod's single/multiple zero gradients, amax/amin's shared gradients
                a = {"dim": 1, "reduce": reduce, "include_self": include}
                yield case("scatter_reduce", a, [(small([2, 3], dt, -1, 2), True),
                                                 (idx([[0, 0, 0, 1], [2, 2, 1, 1]]), False),
                                                 (small([2, 4], dt, -1, 2), True)],
                           (lambda r, inc: lambda x, i, s: x.scatter_reduce(1, i, s, r, include_self=inc))(reduce, include))
                nan = torch.tensor([[float("nan"), 1.0, 2.0], [0.0, -0.0, float("-inf")]], dtype=dt)
                yield case("scatter_reduce", a, [(nan, False), (idx([[0, 0, 0, 1], [2, 2, 1, 1]]), False),
                                                 (torch.tensor([[1.0, float("nan"), 3.0, 0.0], [-0.0, 0.0, 2.0, 5.0]],
                                                               dtype=dt), False)],
                           (lambda r, inc: lambda x, i, s: x.scatter_reduce(1, i, s, r, include_self=inc))(reduce, include))
    if dt == I64:
        for include in (True, False):
            yield case("scatter_reduce", {"dim": 0, "reduce": "mean", "include_self": include},
                       [(idx([7, -7, 7]), False), (idx([0, 0, 1, 2, 2]), False), (idx([1, 3, 2, -2, -7]), False)],
                       (lambda inc: lambda x, i, s: x.scatter_reduce(0, i, s, "mean", include_self=inc))(include))
    if dt == U8:
        yield case("scatter_reduce", {"dim": 0, "reduce": "sum", "include_self": True},
                   [(torch.tensor([200, 3], dtype=U8), False), (idx([0, 0]), False),
                    (torch.tensor([100, 3], dtype=U8), False)],
                   lambda x, i, s: x.scatter_reduce(0, i, s, "sum"))
    if not g:
        return
    yield case("scatter_reduce_", {"dim": 0, "reduce": "amax", "include_self": True},
               [(sample([3, 2], dt), True), (idx([[2, 0]]), False), (sample([1, 2], dt), True)],
               lambda x, i, s: x.clone().scatter_reduce_(0, i, s, "amax"))
    yield case("scatter_reduce", {"dim": 0, "reduce": "sum", "include_self": True},
               [(sample([4], dt), True), (idx([]), False), (sample([0], dt), True)],
               lambda x, i, s: x.scatter_reduce(0, i, s, "sum"))
    x = sample([3, 4], dt)
    j = idx([[0, 1, 0, 2]])
    for a, ind, src, msg in (({"reduce": "max"}, j, sample([1, 4], dt), True),
                             ({"reduce": "sum"}, torch.tensor([[0]], dtype=I32), sample([1, 4], dt), True),
                             ({"reduce": "sum"}, j, sample([1, 4], F64 if dt == F32 else F32), True),
                             ({"reduce": "sum"}, idx([0, 1]), sample([1, 4], dt), True),
                             ({"reduce": "sum"}, j + 2, sample([1, 4], dt), True),
                             ({"reduce": "amin"}, j - 1, sample([1, 4], dt), True),
                             ({"reduce": "sum"}, idx([[0, 1, 0, 2, 1]]), sample([1, 4], dt), True),
                             ({"reduce": "sum", "dim": 2}, j, sample([1, 4], dt), False)):
        a = dict({"dim": 0, "include_self": True}, **a)
        yield case("scatter_reduce", a, [(x, True), (ind, False), (src, True)],
                   (lambda a: lambda x, i, s: x.scatter_reduce(a["dim"], i, s, a["reduce"]))(a), message=msg)


def index_reduce_cases(dt):
    g = dt in (F32, F64)
    if dt == B:
        yield case("index_reduce", {"dim": 0, "reduce": "amax", "include_self": True},
                   [(sample([2], dt), False), (idx([0, 1]), False), (sample([2], dt), False)],
                   lambda x, i, s: x.index_reduce(0, i, s, "amax"))
        return
    for reduce in REDUCES[1:]:
        for include in (True, False):
            a = {"dim": 0, "reduce": reduce, "include_self": include}
            yield case("index_reduce", a, [(small([3, 4], dt) if g else sample([3, 4], dt), g), (idx([0, 2, 0]), False),
                                           (small([3, 4], dt) if g else sample([3, 4], dt), g)],
                       (lambda r, inc: lambda x, i, s: x.index_reduce(0, i, s, r, include_self=inc))(reduce, include))
            a = {"dim": -1, "reduce": reduce, "include_self": include}
            yield case("index_reduce", a, [(small([2, 3], dt, -1, 2), g), (idx([1, 1, 2, 1]), False),
                                           (small([2, 4], dt, -1, 2), g)],
                       (lambda r, inc: lambda x, i, s: x.index_reduce(-1, i, s, r, include_self=inc))(reduce, include))
    if dt == I64:
        yield case("index_reduce", {"dim": 0, "reduce": "mean", "include_self": False},
                   [(idx([7, -7, 7]), False), (idx([0, 0, 1, 2, 2]), False), (idx([1, 2, -7, -2, -7]), False)],
                   lambda x, i, s: x.index_reduce(0, i, s, "mean", include_self=False))
    if not g:
        return
    yield case("index_reduce", {"dim": 0, "reduce": "prod", "include_self": True},
               [(sample([3, 2], dt), True), (torch.tensor([2, 2], dtype=I32), False), (sample([2, 2], dt), True)],
               lambda x, i, s: x.index_reduce(0, i, s, "prod"))
    yield case("index_reduce", {"dim": 0, "reduce": "prod", "include_self": True},
               [(sample([], dt), True), (idx([0]), False), (sample([1], dt), True)],
               lambda x, i, s: x.index_reduce(0, i, s, "prod"))
    yield case("index_reduce_", {"dim": 1, "reduce": "mean", "include_self": False},
               [(sample([2, 3], dt), True), (idx([0, 0]), False), (sample([2, 2], dt), True)],
               lambda x, i, s: x.clone().index_reduce_(1, i, s, "mean", include_self=False))
    x = sample([3, 4], dt)
    i = idx([0, 2])
    for a, ind, src, msg in (({"reduce": "sum"}, i, sample([2, 4], dt), True),
                             ({"reduce": "prod"}, i.float(), sample([2, 4], dt), True),
                             ({"reduce": "prod"}, i.view(1, 2), sample([2, 4], dt), True),
                             ({"reduce": "prod"}, i, sample([2, 4], F64 if dt == F32 else F32), True),
                             ({"reduce": "prod"}, i, sample([3, 4], dt), True),
                             ({"reduce": "amax"}, i, sample([2, 3], dt), True),
                             ({"reduce": "amin"}, i + 1, sample([2, 4], dt), True),
                             ({"reduce": "mean"}, i - 1, sample([2, 4], dt), True)):
        a = dict({"dim": 0, "include_self": True}, **a)
        yield case("index_reduce", a, [(x, True), (ind, False), (src, True)],
                   (lambda a: lambda x, i, s: x.index_reduce(a["dim"], i, s, a["reduce"]))(a), message=msg)


def noncontig_cases(dt):
    """Transposed (non-contiguous) inputs: args "transpose" passes x.t()."""
    g = dt in (F32, F64)
    t = {"transpose": True}
    x = sample([4, 3], dt)
    yield case("index_copy", dict(t, dim=0), [(x, g), (idx([2, 0]), False), (sample([2, 4], dt), g)],
               lambda x, i, s: x.t().index_copy(0, i, s))
    yield case("index_fill", dict(t, dim=1, value=1), [(x, g), (idx([3, 0]), False)],
               lambda x, i: x.t().index_fill(1, i, 1))
    yield case("index_put", dict(t, accumulate=True), [(x, g), (sample([2], dt), g), (idx([0, 0]), False),
                                                       (idx([1, 3]), False)],
               lambda x, v, i, j: x.t().index_put((i, j), v, True))
    yield case("put", dict(t, accumulate=False), [(x, g), (idx([1, 4, -1]), False), (sample([3], dt), g)],
               lambda x, i, s: x.t().put(i, s))
    yield case("put_", dict(t, accumulate=False), [(x, g), (idx([1, 4, -1]), False), (sample([3], dt), g)],
               lambda x, i, s: x.t().clone().put_(i, s))
    yield case("masked_scatter", dict(t), [(x, g), (sample([3, 4], B), False), (sample([12], dt), g)],
               lambda x, m, s: x.t().masked_scatter(m, s))
    yield case("select_scatter", dict(t, dim=1, index=1), [(x, g), (sample([3], dt), g)],
               lambda x, s: torch.select_scatter(x.t(), s, 1, 1))
    yield case("take_along_dim", dict(t, dim=1), [(x, g), (idx([[3, 0], [1, 1], [2, 0]]), False)],
               lambda x, i: torch.take_along_dim(x.t(), i, 1))
    yield case("tensor_split", dict(t, sections=3, dim=1), [(x, g)], lambda x: torch.tensor_split(x.t(), 3, 1))
    if dt != B:
        for reduce in ("sum", "prod", "amax") if dt != B else ():
            yield case("scatter_reduce", dict(t, dim=1, reduce=reduce, include_self=False),
                       [(x, g), (idx([[0, 0], [3, 1], [2, 2]]), False), (sample([3, 2], dt), g)],
                       (lambda r: lambda x, i, s: x.t().scatter_reduce(1, i, s, r, include_self=False))(reduce))
        yield case("index_reduce", dict(t, dim=0, reduce="amin", include_self=True),
                   [(x, g), (idx([1, 1]), False), (sample([2, 4], dt), g)],
                   lambda x, i, s: x.t().index_reduce(0, i, s, "amin"))


def more_cases(dt):
    """3-d shapes, masks inside, empty tensors and single elements."""
    g = dt in (F32, F64)
    x = sample([2, 3, 4], dt)
    yield case("index_put", {"accumulate": False}, [(x, g), (sample([4], dt), g), (idx([1, 0]), False),
                                                    (torch.tensor([True, False, True]), False)],
               lambda x, v, i, m: x.index_put((i, m), v))
    yield case("index_put", {"accumulate": True}, [(x, g), (sample([2, 1, 4], dt), g), (idx([[1], [0]]), False),
                                                   (idx([2, 2, 0]), False)],
               lambda x, v, i, j: x.index_put((i, j), v[:, 0, :].unsqueeze(1), True))
    yield case("index_put", {"accumulate": False}, [(x, g), (sample([], dt), g), (sample([2, 3, 4], B), False)],
               lambda x, v, m: x.index_put((m,), v))
    yield case("index_put", {"accumulate": False}, [(torch.zeros(0, 3, dtype=dt), g), (sample([3], dt), g),
                                                    (idx([]), False)],
               lambda x, v, i: x.index_put((i,), v))
    yield case("scatter_reduce", {"dim": 1, "reduce": "mean", "include_self": True},
               [(x, g), (idx([[[0, 1], [2, 2]], [[1, 1], [0, 0]]]), False), (sample([2, 2, 2], dt), g)],
               lambda x, i, s: x.scatter_reduce(1, i, s, "mean"))
    yield case("scatter_reduce", {"dim": 0, "reduce": "prod", "include_self": False},
               [(sample([], dt), g), (idx(0), False), (sample([], dt), g)],
               lambda x, i, s: x.scatter_reduce(0, i, s, "prod", include_self=False))
    yield case("index_reduce", {"dim": 2, "reduce": "amax", "include_self": False},
               [(x, g), (idx([3, 0, 3]), False), (sample([2, 3, 3], dt), g)],
               lambda x, i, s: x.index_reduce(2, i, s, "amax", include_self=False))
    yield case("index_copy", {"dim": -2}, [(x, g), (idx([2]), False), (sample([2, 1, 4], dt), g)],
               lambda x, i, s: x.index_copy(-2, i, s))
    yield case("masked_scatter", {}, [(x, g), (sample([4], B), False), (sample([30], dt), g)],
               lambda x, m, s: x.masked_scatter(m, s))
    yield case("diagonal_scatter", {"offset": 2, "dim1": -1, "dim2": -3}, [(x, g), (sample([3, 2], dt), g)],
               lambda x, s: torch.diagonal_scatter(x, s, 2, -1, -3))
    yield case("diagonal_scatter", {"offset": 5, "dim1": 0, "dim2": 1}, [(x, g), (sample([4, 0], dt), g)],
               lambda x, s: torch.diagonal_scatter(x, s, 5, 0, 1))
    yield case("take_along_dim", {"dim": -3}, [(x, g), (idx([[[1]], [[0]], [[1]]]), False)],
               lambda x, i: torch.take_along_dim(x, i, -3))
    if g:
        yield case("index_put", {"accumulate": False}, [(sample([], dt), True), (sample([], dt), True),
                                                        (torch.tensor(True), False)],
                   lambda x, v, m: x.index_put((m,), v))


GENERATORS = [split_cases, embed_cases, take_cases, index_copy_cases, index_fill_cases, index_put_cases, put_cases,
              masked_scatter_cases, scatter_reduce_cases, index_reduce_cases, noncontig_cases, more_cases]
DTYPES = {"float32": F32, "float64": F64, "int64": I64, "int32": I32, "uint8": U8, "bool": B}


def main():
    cases = []
    for name, dt in DTYPES.items():
        for gen in GENERATORS:
            for c in gen(dt):
                c["dtype"] = name
                cases.append(c)
    with gzip.open(OUT, "wt") as f:
        json.dump({"torch": torch.__version__, "note": "backward of sum((out_i * w_i).sum())", "cases": cases}, f,
                  separators=(",", ":"))
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
