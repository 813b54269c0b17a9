#!/usr/bin/python3
"""Golden cases for the common tensor methods: mm, bmm, dot, mv, outer, square, reciprocal (integers), expand_as,
view_as, reshape_as, type_as, isclose, allclose, equal and the in-place variants (clamp_, relu_, exp_, ...),
from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/api_golden.py

Writes core/src/test/resources/golden/api.json, read by ApiConformance, in tensor_ops.json's format and with its
helpers (tensor_ops_golden.py; this script's own seed): op + args as the Java suite's switch spells them, inputs,
PyTorch's output or error, the gradient of (out * w).sum() for each floating input, and grad_fn's name.
In-place ops run on x.clone() (a leaf requiring grad is refused, a case of its own) or on a view of it, returning
the written tensor (or its base: CopySlices). allclose and equal give a 0-d bool tensor of their answer.
"""
import os

import numpy as np
import torch

import tensor_ops_golden as golden
from tensor_ops_golden import ROOT, case, collect, ints, sample, write

OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "api.json")
golden.use_rng(np.random.default_rng(2026120301))
NAN, INF = float("nan"), float("inf")


def other(dt):
    return torch.float64 if dt == torch.float32 else torch.float32


def product_cases(dt):
    yield case("mm", {}, [sample([3, 4], dt), sample([4, 5], dt)], torch.mm)
    yield case("mm", {}, [sample([4, 3], dt), sample([5, 4], dt)], torch.mm, transpose=True)
    yield case("mm", {}, [sample([17, 33], dt), sample([33, 9], dt)], torch.mm)
    yield case("mm", {}, [sample([0, 3], dt), sample([3, 2], dt)], torch.mm)
    yield case("mm", {}, [sample([2, 0], dt), sample([0, 3], dt)], torch.mm)
    yield case("mm", {}, [sample([3], dt), sample([3, 3], dt)], torch.mm)
    yield case("mm", {}, [sample([3, 3], dt), sample([3], dt)], torch.mm)
    yield case("mm", {}, [sample([2, 3], dt), sample([2, 3], dt)], torch.mm)
    yield case("mm", {}, [sample([2, 3], dt), sample([3, 2], other(dt))], torch.mm)
    yield case("bmm", {}, [sample([2, 3, 4], dt), sample([2, 4, 5], dt)], torch.bmm)
    yield case("bmm", {}, [sample([1, 5, 6], dt), sample([1, 6, 2], dt)], torch.bmm)
    yield case("bmm", {}, [sample([0, 2, 3], dt), sample([0, 3, 4], dt)], torch.bmm)
    yield case("bmm", {}, [sample([2, 3, 3], dt), sample([3, 3, 3], dt)], torch.bmm)
    yield case("bmm", {}, [sample([2, 3, 3], dt), sample([2, 4, 3], dt)], torch.bmm)
    yield case("bmm", {}, [sample([3, 3], dt), sample([2, 3, 3], dt)], torch.bmm)
    yield case("bmm", {}, [sample([2, 3, 3], dt), sample([3, 3], dt)], torch.bmm)
    yield case("bmm", {}, [sample([2, 3, 3], dt), sample([2, 3, 3], other(dt))], torch.bmm)
    yield case("dot", {}, [sample([7], dt), sample([7], dt)], torch.dot)
    yield case("dot", {}, [sample([100], dt), sample([100], dt)], torch.dot)
    yield case("dot", {}, [sample([0], dt), sample([0], dt)], torch.dot)
    yield case("dot", {}, [sample([3], dt), sample([4], dt)], torch.dot)
    yield case("dot", {}, [sample([3, 1], dt), sample([3], dt)], torch.dot)
    yield case("dot", {}, [sample([], dt), sample([], dt)], torch.dot)
    yield case("dot", {}, [sample([3], dt), sample([3], other(dt))], torch.dot)
    yield case("mv", {}, [sample([3, 4], dt), sample([4], dt)], torch.mv)
    yield case("mv", {}, [sample([4, 3], dt), sample([3], dt)], torch.mv, transpose=True)
    yield case("mv", {}, [sample([20, 30], dt), sample([30], dt)], torch.mv)
    yield case("mv", {}, [sample([0, 3], dt), sample([3], dt)], torch.mv)
    yield case("mv", {}, [sample([2, 3], dt), sample([4], dt)], torch.mv)
    yield case("mv", {}, [sample([3], dt), sample([3], dt)], torch.mv)
    yield case("mv", {}, [sample([2, 3], dt), sample([3, 1], dt)], torch.mv)
    yield case("mv", {}, [sample([2, 3], dt), sample([3], other(dt))], torch.mv)
    yield case("outer", {}, [sample([3], dt), sample([4], dt)], torch.outer)
    yield case("outer", {}, [sample([0], dt), sample([4], dt)], torch.outer)
    yield case("outer", {}, [sample([3], dt), sample([2], other(dt))], torch.outer)
    yield case("outer", {}, [sample([3], dt), ints([2])], torch.outer)
    yield case("outer", {}, [sample([2, 3], dt), sample([3], dt)], torch.outer)
    yield case("outer", {}, [sample([3], dt), sample([], dt)], torch.outer)
    if dt == torch.float64:
        yield case("mm", {}, [ints([2, 3]), ints([3, 4])], torch.mm)
        yield case("mm", {}, [ints([2, 3]), sample([3, 4], dt)], torch.mm)
        yield case("mm", {}, [torch.tensor([[True, False]]), torch.tensor([[True], [True]])], torch.mm)
        yield case("bmm", {}, [ints([2, 2, 3]), ints([2, 3, 2])], torch.bmm)
        yield case("dot", {}, [ints([5]), ints([5])], torch.dot)
        yield case("mv", {}, [ints([2, 5]), ints([5])], torch.mv)
        yield case("outer", {}, [ints([3]), ints([2])], torch.outer)
        yield case("outer", {}, [torch.tensor([True, False]), torch.tensor([True, True])], torch.outer)


def unary_cases(dt):
    yield case("square", {}, [sample([3, 4], dt)], torch.square)
    yield case("square", {}, [sample([4, 3], dt)], torch.square, transpose=True)
    yield case("square", {}, [torch.tensor([0.0, -0.0, INF, -INF, NAN, 1e200, -3.5, 1e-30], dtype=dt)], torch.square)
    yield case("square", {}, [sample([], dt)], torch.square)
    if dt == torch.float64:
        yield case("square", {}, [ints([5])], torch.square)
        yield case("square", {}, [torch.tensor([True, False])], torch.square)
        yield case("reciprocal", {}, [torch.tensor([1, 2, -3, 0, 7])], torch.reciprocal)
        yield case("reciprocal", {}, [torch.tensor([True, False])], torch.reciprocal)


def as_cases(dt):
    yield case("expand_as", {}, [sample([3, 1], dt), sample([2, 3, 4], dt)], lambda x, y: x.expand_as(y))
    yield case("expand_as", {}, [sample([3], dt), sample([2, 4], dt)], lambda x, y: x.expand_as(y))
    yield case("view_as", {}, [sample([2, 6], dt), sample([3, 4], dt)], lambda x, y: x.view_as(y))
    yield case("view_as", {}, [sample([4, 3], dt), sample([12], dt)], lambda x, y: x.view_as(y), transpose=True)
    yield case("view_as", {}, [sample([3], dt), sample([2, 4], dt)], lambda x, y: x.view_as(y))
    yield case("reshape_as", {}, [sample([2, 6], dt), sample([3, 4], dt)], lambda x, y: x.reshape_as(y))
    yield case("reshape_as", {}, [sample([4, 3], dt), sample([12], dt)], lambda x, y: x.reshape_as(y), transpose=True)
    yield case("reshape_as", {}, [sample([3], dt), sample([2, 4], dt)], lambda x, y: x.reshape_as(y))
    yield case("type_as", {}, [sample([2, 3], dt), sample([1], other(dt))], lambda x, y: x.type_as(y))
    yield case("type_as", {}, [sample([2, 3], dt), ints([1])], lambda x, y: x.type_as(y))
    yield case("type_as", {}, [ints([4]), sample([1], dt)], lambda x, y: x.type_as(y))


def close_cases(dt):
    a = torch.tensor([1.0, 1.0 + 1e-6, 1.0 + 1e-4, INF, -INF, INF, NAN, NAN, 0.0, 1e-9, -0.0, 100.0, 1e-8, 3.0], dtype=dt)
    b = torch.tensor([1.0, 1.0, 1.0, INF, INF, 1e308, NAN, 1.0, 0.0, 0.0, 0.0, 100.001, -1e-8, -3.0], dtype=dt)
    for rtol, atol, nan in ((1e-05, 1e-08, False), (1e-05, 1e-08, True), (0.0, 0.0, False), (0.0, 0.0, True),
                            (1e-3, 0.0, False), (0.0, 1e-3, False), (0.1, 0.5, False)):
        args = {"rtol": rtol, "atol": atol, "equal_nan": nan}
        yield case("isclose", args, [a, b], (lambda r, t, n: lambda x, y: torch.isclose(x, y, r, t, n))(rtol, atol, nan))
        yield case("allclose", args, [a[:6], b[:6]],
                   (lambda r, t, n: lambda x, y: torch.tensor(torch.allclose(x, y, r, t, n)))(rtol, atol, nan))
    d = {"rtol": 1e-05, "atol": 1e-08, "equal_nan": False}
    x = sample([3, 4], dt)
    yield case("isclose", d, [x, x + torch.tensor(1e-7, dtype=dt)], lambda x, y: torch.isclose(x, y))
    yield case("isclose", d, [sample([3, 4], dt), sample([4], dt)], lambda x, y: torch.isclose(x, y))
    yield case("isclose", d, [sample([3], dt), sample([2], dt)], lambda x, y: torch.isclose(x, y))
    yield case("isclose", d, [sample([3], dt), sample([3], other(dt))], lambda x, y: torch.isclose(x, y))
    yield case("isclose", d, [sample([3], dt), ints([3])], lambda x, y: torch.isclose(x, y))
    yield case("isclose", {"rtol": -1.0, "atol": 1e-08, "equal_nan": False}, [sample([3], dt), sample([3], dt)],
               lambda x, y: torch.isclose(x, y, -1.0))
    yield case("isclose", {"rtol": 1e-05, "atol": -1.0, "equal_nan": False}, [sample([3], dt), sample([3], dt)],
               lambda x, y: torch.isclose(x, y, 1e-05, -1.0))
    yield case("allclose", d, [x, x.mul(1.0 + 1e-7)], lambda x, y: torch.tensor(torch.allclose(x, y)))
    yield case("allclose", d, [x, x.mul(1.0 + 1e-3)], lambda x, y: torch.tensor(torch.allclose(x, y)))
    yield case("allclose", d, [sample([3], dt), sample([2], dt)], lambda x, y: torch.tensor(torch.allclose(x, y)))
    yield case("allclose", d, [sample([3], dt), sample([3], other(dt))], lambda x, y: torch.tensor(torch.allclose(x, y)))
    yield case("equal", {}, [x, x.clone()], lambda x, y: torch.tensor(torch.equal(x, y)))
    yield case("equal", {}, [x, x.add(1e-300)], lambda x, y: torch.tensor(torch.equal(x, y)))
    yield case("equal", {}, [x, x.reshape(4, 3)], lambda x, y: torch.tensor(torch.equal(x, y)))
    yield case("equal", {}, [x[0], x], lambda x, y: torch.tensor(torch.equal(x, y)))
    yield case("equal", {}, [torch.tensor([NAN, 1.0], dtype=dt)] * 2, lambda x, y: torch.tensor(torch.equal(x, y)))
    yield case("equal", {}, [torch.tensor([0.0], dtype=dt), torch.tensor([-0.0], dtype=dt)],
               lambda x, y: torch.tensor(torch.equal(x, y)))
    yield case("equal", {}, [torch.tensor([0.1, 2.0], dtype=dt), torch.tensor([0.1, 2.0], dtype=other(dt))],
               lambda x, y: torch.tensor(torch.equal(x, y)))
    yield case("equal", {}, [torch.tensor([1.0, 2.0], dtype=dt), torch.tensor([1, 2])],
               lambda x, y: torch.tensor(torch.equal(x, y)))
    yield case("equal", {}, [sample([0, 2], dt), sample([0, 2], dt)], lambda x, y: torch.tensor(torch.equal(x, y)))
    if dt == torch.float64:
        i = ints([6])
        for rtol, atol in ((1e-05, 1e-08), (0.5, 0.0), (0.0, 1.0), (0.0, 0.0)):
            args = {"rtol": rtol, "atol": atol, "equal_nan": False}
            yield case("isclose", args, [i, ints([6])], (lambda r, t: lambda x, y: torch.isclose(x, y, r, t))(rtol, atol))
        bools = [torch.tensor([True, False, True, False]), torch.tensor([True, True, False, False])]
        yield case("isclose", {"rtol": 1e-05, "atol": 1.0, "equal_nan": False}, bools,
                   lambda x, y: torch.isclose(x, y, 1e-05, 1.0))
        yield case("isclose", d, bools, lambda x, y: torch.isclose(x, y))
        yield case("equal", {}, [i, i.clone()], lambda x, y: torch.tensor(torch.equal(x, y)))
        yield case("equal", {}, [torch.tensor([True, False]), torch.tensor([1, 0])],
                   lambda x, y: torch.tensor(torch.equal(x, y)))


INPLACE = {
    "clamp_": ({"min": -0.5, "max": 1.0}, lambda x: x.clamp_(-0.5, 1.0)),
    "clamp_min_": ({"min": 0.25}, lambda x: x.clamp_min_(0.25)),
    "clamp_max_": ({"max": -0.25}, lambda x: x.clamp_max_(-0.25)),
    "relu_": ({}, lambda x: x.relu_()),
    "neg_": ({}, lambda x: x.neg_()),
    "exp_": ({}, lambda x: x.exp_()),
    "sqrt_": ({}, lambda x: x.sqrt_()),
    "sigmoid_": ({}, lambda x: x.sigmoid_()),
    "tanh_": ({}, lambda x: x.tanh_()),
    "abs_": ({}, lambda x: x.abs_()),
    "pow_": ({"exponent": 2.0}, lambda x: x.pow_(2.0)),
    "pow_3": ({"exponent": 3.0}, lambda x: x.pow_(3.0)),
    "pow_half": ({"exponent": 0.5}, lambda x: x.pow_(0.5)),
    "pow_int": ({"exponent": 2}, lambda x: x.pow_(2)),
    "square_": ({}, lambda x: x.square_()),
    "reciprocal_": ({}, lambda x: x.reciprocal_()),
    "log_": ({}, lambda x: x.log_()),
    "clamp_int": ({"min": -1, "max": 2}, lambda x: x.clamp_(-1, 2)),
    "clamp_min_int": ({"min": 1}, lambda x: x.clamp_min_(1)),
    "clamp_max_int": ({"max": 1}, lambda x: x.clamp_max_(1)),
    "floor_": ({}, lambda x: x.floor_()),
    "ceil_": ({}, lambda x: x.ceil_()),
    "round_": ({}, lambda x: x.round_()),
    "trunc_": ({}, lambda x: x.trunc_()),
    "sign_": ({}, lambda x: x.sign_()),
    "sin_": ({}, lambda x: x.sin_()),
    "cos_": ({}, lambda x: x.cos_()),
    "rsqrt_": ({}, lambda x: x.rsqrt_()),
    "masked_fill_t": ({"mask": [True, False, False, True]},
                      lambda x, v: x.masked_fill_(torch.tensor([True, False, False, True]), v)),
    "masked_fill_": ({"value": -7.5, "mask": [True, False, False, True]},
                     lambda x: x.masked_fill_(torch.tensor([True, False, False, True]), -7.5)),
}


def on_clone(f):
    return lambda x: f(x.clone())


def on_view(f):
    """f on row 1 of a clone; returns the base (grad_fn CopySlices)."""
    def run(x):
        base = x.clone()
        f(base[1])
        return base
    return run


def inplace_cases(dt):
    for name, (args, f) in INPLACE.items():
        if name == "masked_fill_t":
            continue
        positive = name.startswith("sqrt") or name.startswith("log") or name.startswith("rsqrt") or name == "pow_half"
        lo = 0.1 if positive else -3.0
        yield case(name, args, [sample([3, 4], dt, lo)], on_clone(f))
        yield case(name, {**args, "view": True}, [sample([3, 4], dt, lo)], on_view(f))
        yield case(name, args, [sample([4, 3], dt, lo)], on_clone(f), transpose=True)
        yield case(name, {**args, "leaf": True}, [sample([3, 4], dt, lo)], f)   # a leaf requiring grad: refused
        if name != "masked_fill_":   # PyTorch 1.13 only warns for masked_fill_ (then fails in backward)
            yield case(name, {**args, "expanded": True}, [sample([4], dt, lo)],
                       (lambda g: lambda x: g(x.clone().expand(2, 4)))(f))   # internal overlap: refused
        if dt == torch.float64:
            yield case(name, args, [ints([2, 4], 0, 5)], on_clone(f))
    f = INPLACE["masked_fill_t"][1]
    mask = {"mask": [True, False, False, True]}
    yield case("masked_fill_t", mask, [sample([3, 4], dt), sample([], dt)], lambda x, v: f(x.clone(), v))
    yield case("masked_fill_t", {**mask, "view": True}, [sample([3, 4], dt), sample([], dt)],
               lambda x, v: (lambda b: (f(b[1], v), b)[1])(x.clone()))
    yield case("masked_fill_t", {**mask, "detached": True}, [sample([3, 4], dt), sample([], dt)],
               lambda x, v: f(x.detach().clone(), v))   # only the value requires grad
    yield case("masked_fill_", {"value": 2.0, "mask": [True, False, True, False]}, [sample([1], dt)],
               lambda x: x.clone().masked_fill_(torch.tensor([True, False, True, False]), 2.0))
    yield case("masked_fill_", {"value": 2.0, "mask": [True, False]}, [sample([4], dt)],
               lambda x: x.clone().masked_fill_(torch.tensor([True, False]), 2.0))
    yield case("clamp_", {"min": 0.0, "max": 1.0}, [torch.tensor([NAN, -0.0, 0.0, 2.0], dtype=dt)],
               on_clone(lambda x: x.clamp_(0.0, 1.0)))
    if dt == torch.float64:
        yield case("neg_", {}, [torch.tensor([True, False])], on_clone(lambda x: x.neg_()))


GENERATORS = [product_cases, unary_cases, as_cases, close_cases, inplace_cases]


def main():
    cases = collect(GENERATORS)
    for c in cases:   # grad4j names CopySlices without the C++ namespace, as inplace_golden.py writes it
        if "grad_fn" in c:
            c["grad_fn"] = c["grad_fn"].replace("torch::autograd::", "")
    write(OUT, cases)


if __name__ == "__main__":
    main()
