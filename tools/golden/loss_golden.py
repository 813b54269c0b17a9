#!/usr/bin/python3
"""Golden cases for grad4j's losses (Functional.crossEntropy, nllLoss, binaryCrossEntropy[WithLogits], l1Loss,
smoothL1Loss, huberLoss, klDiv), from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/loss_golden.py

Writes core/src/test/resources/golden/losses.json, read by LossConformance: each case names the op and its
options, the inputs (those marked "grad" are leaves requiring grad), PyTorch's output or the error it raised,
the gradient of (out * w).sum() for each such leaf, and grad_fn's name. Values are float.hex. Shares
tensor_ops_golden.py's helpers (this script's own seed).
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

import tensor_ops_golden as golden
from tensor_ops_golden import ROOT, backward, collect, hexs, sample, write

OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "losses.json")
RED = ("none", "mean", "sum")
golden.use_rng(np.random.default_rng(15))


def enc(t, grad=False):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": hexs(t), "grad": grad}


def labels(shape, classes, ignore=None, every=3):
    t = torch.tensor(golden.rng.integers(0, classes, int(np.prod(shape)) if len(shape) else 1).reshape(shape))
    if ignore is not None:
        flat = t.reshape(-1)
        flat[::every] = ignore
    return t


def case(op, args, inputs, fn, message=True):
    """inputs: (tensor or None, requires_grad) pairs, passed to fn in order. message: grad4j's message must contain
    PyTorch's (after the op's name)."""
    leaves = [None if x is None else x.clone().requires_grad_(g) for x, g in inputs]
    c = {"op": op, "args": args, "inputs": [None if x is None else enc(x, g) for x, (_, g) in zip(leaves, inputs)]}
    try:
        out = fn(*leaves)
    except Exception as e:  # PyTorch refuses: grad4j must refuse too
        c["error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
        c["message"] = message
        return c
    c["out"] = enc(out)
    if out.requires_grad:
        backward(c, out, leaves, enc)
    return c


def ce(args):
    return lambda x, t, w=None: F.cross_entropy(x, t, weight=w, ignore_index=args["ignore_index"],
                                                reduction=args["reduction"], label_smoothing=args["label_smoothing"])


def nll(args):
    return lambda x, t, w=None: F.nll_loss(x, t, weight=w, ignore_index=args["ignore_index"],
                                           reduction=args["reduction"])


def cross_entropy_cases(dt):
    C = 4
    # class indices: every reduction x weight x label smoothing x ignored rows, 2-D
    for red in RED:
        for weighted in (False, True):
            for ls in (0.0, 0.2):
                for ignore in (-100, 2):
                    x = sample([6, C], dt)
                    t = labels([6], C, ignore if ignore != -100 else None)
                    if ignore == -100:
                        t[4] = -100
                    w = sample([C], dt, 0.2, 2.0) if weighted else None
                    a = {"reduction": red, "ignore_index": ignore, "label_smoothing": ls}
                    yield case("cross_entropy", a, [(x, True), (t, False), (w, False)], ce(a))
    # K-dim inputs: [N, C, d1], [N, C, d1, d2], [N, C, d1, d2, d3]
    for shape in ([2, C, 3], [2, C, 3, 2], [2, C, 2, 1, 2]):
        for red in RED:
            for weighted, ls in ((False, 0.0), (True, 0.0), (True, 0.1)):
                x = sample(shape, dt)
                t = labels([shape[0]] + shape[2:], C, -100, 4)
                w = sample([C], dt, 0.2, 2.0) if weighted else None
                a = {"reduction": red, "ignore_index": -100, "label_smoothing": ls}
                yield case("cross_entropy", a, [(x, True), (t, False), (w, False)], ce(a))
    # unbatched [C] with a 0-d target, one ignored
    for red in RED:
        for tv in (1, -100):
            for weighted in (False, True):
                a = {"reduction": red, "ignore_index": -100, "label_smoothing": 0.0}
                w = sample([C], dt, 0.2, 2.0) if weighted else None
                yield case("cross_entropy", a, [(sample([C], dt), True), (torch.tensor(tv), False), (w, False)], ce(a))
    # every element ignored: mean is 0/0 = nan, gradients zero
    for red in RED:
        for ls in (0.0, 0.3):
            a = {"reduction": red, "ignore_index": -100, "label_smoothing": ls}
            yield case("cross_entropy", a, [(sample([3, C], dt), True), (torch.full([3], -100), False)], ce(a))
    # empty batch: mean is nan, sum 0
    for red in RED:
        a = {"reduction": red, "ignore_index": -100, "label_smoothing": 0.0}
        yield case("cross_entropy", a, [(torch.zeros([0, C], dtype=dt), True), (torch.zeros([0], dtype=torch.long),
                                                                                   False)], ce(a))
        yield case("cross_entropy", a, [(torch.zeros([0, C], dtype=dt), True), (torch.zeros([0, C], dtype=dt), False)],
                   ce(a))
    # a weight that requires grad is refused (nll_loss is not differentiable in it)
    a = {"reduction": "mean", "ignore_index": -100, "label_smoothing": 0.0}
    yield case("cross_entropy", a, [(sample([3, C], dt), True), (torch.tensor([0, 1, 2]), False),
                                    (sample([C], dt, 0.5, 1.0), True)], ce(a))
    # large logits: log_softmax stays finite
    a = {"reduction": "mean", "ignore_index": -100, "label_smoothing": 0.0}
    x = torch.tensor([[1000.0, -1000.0, 0.0, 20.0], [-50.0, 80.0, 80.0, -80.0]], dtype=dt)
    yield case("cross_entropy", a, [(x, True), (torch.tensor([1, 2]), False)], ce(a))
    # class probabilities: reductions x weight x smoothing, 2-D, K-dim and unbatched; target differentiable
    for shape in ([5, C], [2, C, 3], [C]):
        for red in RED:
            for weighted, ls in ((False, 0.0), (True, 0.0), (False, 0.25), (True, 0.25)):
                cd = 0 if len(shape) == 1 else 1
                x = sample(shape, dt)
                t = torch.softmax(sample(shape, dt), cd)
                w = sample([C], dt, 0.2, 2.0) if weighted else None
                a = {"reduction": red, "ignore_index": -100, "label_smoothing": ls}
                yield case("cross_entropy", a, [(x, True), (t, True), (w, False)], ce(a))
    # errors
    a = {"reduction": "mean", "ignore_index": -100, "label_smoothing": 0.0}
    x = sample([3, C], dt)
    yield case("cross_entropy", a, [(x, True), (torch.tensor([1, 0, 4]), False)], ce(a))
    yield case("cross_entropy", a, [(x, True), (torch.tensor([1, -1, 2]), False)], ce(a))
    yield case("cross_entropy", a, [(x, True), (torch.tensor([1.0, 0.0, 2.0], dtype=dt), False)], ce(a))
    yield case("cross_entropy", a, [(x, True), (torch.tensor([1, 0]), False)], ce(a))
    yield case("cross_entropy", a, [(x, True), (torch.tensor([1, 0, 2]), False), (torch.ones(3, dtype=dt), False)],
               ce(a))
    yield case("cross_entropy", a, [(x, True), (torch.ones([3, C], dtype=dt), False), (torch.ones(3, dtype=dt), False)],
               ce(a))
    yield case("cross_entropy", a, [(x, True), (torch.ones([3, C], dtype=torch.long), False)], ce(a))
    yield case("cross_entropy", a, [(x, True), (torch.ones([3, 2], dtype=torch.long), False)], ce(a))
    yield case("cross_entropy", a, [(sample([2, C, 3], dt), True), (labels([2, 4], C), False)], ce(a))
    other = torch.float64 if dt == torch.float32 else torch.float32
    yield case("cross_entropy", a, [(x, True), (torch.tensor([1, 0, 2]), False), (torch.ones(C, dtype=other), False)],
               ce(a))
    b = dict(a, label_smoothing=1.5)
    yield case("cross_entropy", b, [(x, True), (torch.tensor([1, 0, 2]), False)], ce(b))
    yield case("cross_entropy", a, [(x, True), (torch.tensor(1), False)], ce(a))   # 0-d target, batched input


def nll_cases(dt):
    C = 5
    for red in RED:
        for weighted in (False, True):
            for ignore in (-100, 0):
                x = torch.log_softmax(sample([7, C], dt), 1)
                t = labels([7], C, ignore)
                w = sample([C], dt, 0.2, 2.0) if weighted else None
                a = {"reduction": red, "ignore_index": ignore}
                yield case("nll_loss", a, [(x, True), (t, False), (w, False)], nll(a))
    for shape in ([3, C, 4], [2, C, 2, 3]):
        for red in RED:
            a = {"reduction": red, "ignore_index": -100}
            yield case("nll_loss", a, [(sample(shape, dt), True), (labels([shape[0]] + shape[2:], C, -100, 5), False),
                                       (sample([C], dt, 0.2, 2.0), False)], nll(a))
    # -inf log-probabilities outside the target class (masked logits) leave the loss finite
    for red in RED:
        a = {"reduction": red, "ignore_index": -100}
        x = sample([3, C], dt)
        x[0, 1] = float("-inf")
        x[2, 4] = float("-inf")
        yield case("nll_loss", a, [(x, True), (torch.tensor([0, -100, 1]), False)], nll(a))
    a = {"reduction": "sum", "ignore_index": -100}
    yield case("nll_loss", a, [(sample([3, C], dt), True), (torch.tensor([0, 5, 1]), False)], nll(a))
    yield case("nll_loss", a, [(sample([3, C], dt), True), (torch.zeros([3, 2], dtype=torch.long), False)], nll(a))


def bce(args):
    return lambda x, y, w=None: F.binary_cross_entropy(x, y, weight=w, reduction=args["reduction"])


def bcel(args):
    return lambda x, y, w=None, p=None: F.binary_cross_entropy_with_logits(x, y, weight=w, reduction=args["reduction"],
                                                                           pos_weight=p)


def bce_cases(dt):
    for red in RED:
        for weighted in (False, True):
            x = sample([3, 4], dt, 0.02, 0.98)
            y = sample([3, 4], dt, 0.0, 1.0)
            w = sample([4], dt, 0.2, 2.0) if weighted else None
            a = {"reduction": red}
            yield case("binary_cross_entropy", a, [(x, True), (y, True), (w, False)], bce(a))
    # log clamped at -100: inputs exactly 0 and 1 (forward only: the gradient there is PyTorch's 1e-12 clamp)
    a = {"reduction": "none"}
    yield case("binary_cross_entropy", a, [(torch.tensor([0.0, 1.0, 0.0, 1.0, 1e-30], dtype=dt), False),
                                           (torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0], dtype=dt), False)], bce(a))
    a = {"reduction": "mean"}
    yield case("binary_cross_entropy", a, [(sample([3], dt, 0.1, 0.9), True), (sample([3], dt, 0, 1), False),
                                           (sample([3], dt, 0.5, 1.0), True)], bce(a))
    yield case("binary_cross_entropy", a, [(torch.tensor([0.5, 1.5], dtype=dt), True),
                                           (torch.tensor([1.0, 0.0], dtype=dt), False)], bce(a))
    yield case("binary_cross_entropy", a, [(sample([3], dt, 0.1, 0.9), True), (sample([4], dt, 0, 1), False)], bce(a),
               message=False)
    for red in RED:
        for weighted, pos in ((False, False), (True, False), (False, True), (True, True)):
            x = sample([3, 4], dt, -6, 6)
            x[0, 0] = 60.0
            x[1, 1] = -60.0
            y = sample([3, 4], dt, 0.0, 1.0)
            w = sample([4], dt, 0.2, 2.0) if weighted else None
            p = sample([4], dt, 0.5, 3.0) if pos else None
            a = {"reduction": red}
            yield case("binary_cross_entropy_with_logits", a, [(x, True), (y, True), (w, False), (p, False)], bcel(a))
    a = {"reduction": "mean"}
    yield case("binary_cross_entropy_with_logits", a, [(sample([3], dt), True), (sample([4], dt, 0, 1), False)],
               bcel(a))
    # weights that do not broadcast to the input
    x, y = sample([3, 2], dt), sample([3, 2], dt, 0, 1)
    yield case("binary_cross_entropy_with_logits", a, [(x, True), (y, False), (None, False), (sample([3], dt), False)],
               bcel(a), message=False)
    yield case("binary_cross_entropy_with_logits", a, [(x, True), (y, False), (sample([3], dt), False)], bcel(a),
               message=False)
    yield case("binary_cross_entropy", a, [(sample([3, 2], dt, 0.1, 0.9), True), (y, False), (sample([3], dt), False)],
               bce(a), message=False)


def regression_cases(dt):
    for red in RED:
        x = sample([3, 4], dt)
        y = sample([3, 4], dt)
        y[0, 0] = x[0, 0]
        a = {"reduction": red}
        yield case("l1_loss", a, [(x, True), (y, True)], lambda x, y: F.l1_loss(x, y, reduction=red))
        for beta in (1.0, 0.5, 0.0):
            a = {"reduction": red, "beta": beta}
            yield case("smooth_l1_loss", a, [(x, True), (y, True)],
                       lambda x, y: F.smooth_l1_loss(x, y, reduction=red, beta=beta))
        for delta in (1.0, 0.3, 2.5):
            a = {"reduction": red, "delta": delta}
            yield case("huber_loss", a, [(x, True), (y, True)],
                       lambda x, y: F.huber_loss(x, y, reduction=red, delta=delta))
    a = {"reduction": "mean"}
    yield case("l1_loss", a, [(sample([3], dt), True), (sample([2], dt), False)], lambda x, y: F.l1_loss(x, y),
               message=False)
    a = {"reduction": "mean", "beta": -1.0}
    yield case("smooth_l1_loss", a, [(sample([3], dt), True), (sample([3], dt), False)],
               lambda x, y: F.smooth_l1_loss(x, y, beta=-1.0))
    a = {"reduction": "mean", "delta": 0.0}
    yield case("huber_loss", a, [(sample([3], dt), True), (sample([3], dt), False)],
               lambda x, y: F.huber_loss(x, y, delta=0.0))


def kl_cases(dt):
    for red in ("none", "mean", "sum", "batchmean"):
        for log_target in (False, True):
            x = torch.log_softmax(sample([3, 5], dt), 1)
            y = torch.softmax(sample([3, 5], dt), 1)
            if log_target:
                y = y.log()
            a = {"reduction": red, "log_target": log_target}
            yield case("kl_div", a, [(x, True), (y, True)],
                       lambda x, y: F.kl_div(x, y, reduction=red, log_target=log_target))
    a = {"reduction": "sum", "log_target": False}
    yield case("kl_div", a, [(sample([3], dt), True), (sample([4], dt, 0, 1), False)],
               lambda x, y: F.kl_div(x, y, reduction="sum"), message=False)
    # zero probabilities: xlogy(0, 0) = 0 (target without grad: PyTorch's target gradient is nan there)
    a = {"reduction": "sum", "log_target": False}
    y = torch.tensor([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]], dtype=dt)
    yield case("kl_div", a, [(torch.log_softmax(sample([2, 3], dt), 1), True), (y, False)],
               lambda x, y: F.kl_div(x, y, reduction="sum"))


GENERATORS = [cross_entropy_cases, nll_cases, bce_cases, regression_cases, kl_cases]


def main():
    write(OUT, collect(GENERATORS))

if __name__ == "__main__":
    main()
