#!/usr/bin/python3
"""Golden cases for the nn4 branch's layers, from PyTorch 1.13 (CPU): max_unpool1d/3d, upsample /
upsample_nearest / upsample_bilinear, grid_sample (bilinear, nearest, bicubic; zeros, border, reflection;
align_corners), affine_grid (2-d, 3-d), multilabel_margin_loss, triplet_margin_with_distance_loss, and the seeded
draws of dropout3d and gumbel_softmax.

    /usr/bin/python3 tools/golden/nn4_golden.py

Writes core/src/test/resources/golden/nn4.json.gz, read by Nn4Conformance:
- "cases": op and arguments (as Nn4Conformance.apply spells them), inputs (those marked "grad" are leaves requiring
  grad), PyTorch's output or error, the gradient of (out * w).sum() for each such leaf and grad_fn's name
  (nn_more_golden.py's case());
- "random": dropout3d / gumbel_softmax after torch.manual_seed(5): output, gradient, and the next torch.rand(1);
- "reprs": module reprs keyed as Nn4Conformance builds each module.
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
import torch.nn.functional as F  # noqa: E402

import tensor_ops_golden as golden  # noqa: E402
from nn_more_golden import case, enc  # noqa: E402
from tensor_ops_golden import ROOT, sample  # noqa: E402

warnings.simplefilter("ignore")
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "nn4.json.gz")
golden.use_rng(np.random.default_rng(4404))


# ------------------------------------------------------------------------------------------------ unpooling

def unpool_cases(dt):
    def f(op, a):
        fn = F.max_unpool1d if op == "max_unpool1d" else F.max_unpool3d
        return lambda x, i: fn(x, i, a["kernel_size"], a["stride"], a["padding"], a["output_size"])
    specs = [  # op, pooled input shape, kernel, stride, padding, output_size
        ("max_unpool1d", [2, 3, 9], 2, None, 0, None),
        ("max_unpool1d", [3, 10], 3, 2, 1, None),
        ("max_unpool1d", [2, 2, 9], 3, 2, 1, [10]),
        ("max_unpool1d", [2, 2, 9], 2, None, 0, [2, 2, 9]),
        ("max_unpool3d", [2, 2, 4, 5, 4], 2, None, 0, None),
        ("max_unpool3d", [2, 5, 4, 6], [2, 3, 2], [2, 2, 1], [1, 1, 0], None),
        ("max_unpool3d", [1, 2, 5, 5, 5], 3, 2, 1, [6, 5, 6]),
        ("max_unpool3d", [1, 2, 4, 4, 4], 2, None, 0, [1, 2, 5, 4, 5]),
    ]
    for op, shape, k, s, p, size in specs:
        pool = F.max_pool1d if op == "max_unpool1d" else F.max_pool3d
        y, idx = pool(sample(shape, dt), k, s, p, return_indices=True)
        a = {"kernel_size": k, "stride": s, "padding": p, "output_size": size}
        yield case(op, a, [(y, True), (idx, False)], f(op, a))
    # errors: output_size out of range or of the wrong length, indices out of range, wrong rank, float indices
    y, idx = F.max_pool1d(sample([2, 2, 8], dt), 2, return_indices=True)
    for size in ([12], [5], [2, 8]):
        a = {"kernel_size": 2, "stride": None, "padding": 0, "output_size": size}
        yield case("max_unpool1d", a, [(y, True), (idx, False)], f("max_unpool1d", a))
    a = {"kernel_size": 2, "stride": None, "padding": 0, "output_size": None}
    yield case("max_unpool1d", a, [(y, True), (idx * 3, False)], f("max_unpool1d", a))
    y3, idx3 = F.max_pool3d(sample([1, 2, 4, 4, 4], dt), 2, return_indices=True)
    for size in ([9, 4, 4], [4, 4]):
        a = {"kernel_size": 2, "stride": None, "padding": 0, "output_size": size}
        yield case("max_unpool3d", a, [(y3, True), (idx3, False)], f("max_unpool3d", a))
    a = {"kernel_size": 2, "stride": None, "padding": 0, "output_size": None}
    yield case("max_unpool3d", a, [(y3, True), (idx3 * 9, False)], f("max_unpool3d", a))
    yield case("max_unpool3d", a, [(y3[0, 0], True), (idx3[0, 0], False)], f("max_unpool3d", a))
    yield case("max_unpool3d", a, [(y3, True), (idx3.to(dt), False)], f("max_unpool3d", a))
    yield case("max_unpool3d", a, [(y3, True), (idx3[..., :1], False)], f("max_unpool3d", a))


# ------------------------------------------------------------------------------------------------ upsampling

def upsample_cases(dt):
    specs = [  # op, shape, size, scale, mode, align_corners
        ("upsample", [2, 3, 4, 5], None, 2.0, "nearest", None),
        ("upsample", [2, 3, 5], [9], None, "linear", False),
        ("upsample", [1, 2, 3, 4], [5, 7], None, "bilinear", True),
        ("upsample", [1, 2, 3, 4], None, [1.5, 2.5], "bicubic", False),
        ("upsample_nearest", [2, 2, 3, 4], [6, 5], None, None, None),
        ("upsample_nearest", [2, 2, 5], None, 3.0, None, None),
        ("upsample_bilinear", [2, 2, 3, 4], [5, 7], None, None, None),
        ("upsample_bilinear", [1, 3, 4, 3], None, 2.0, None, None),
        ("upsample_bilinear", [1, 3, 4, 3], None, [1.5, 2.0], None, None),
    ]
    for op, shape, size, scale, mode, corners in specs:
        a = {"size": size, "scale_factor": scale, "mode": mode, "align_corners": corners}
        if op == "upsample":
            fn = (lambda a: lambda x: F.upsample(x, a["size"], a["scale_factor"], a["mode"], a["align_corners"]))(a)
        elif op == "upsample_nearest":
            fn = (lambda a: lambda x: F.upsample_nearest(x, a["size"], a["scale_factor"]))(a)
        else:
            fn = (lambda a: lambda x: F.upsample_bilinear(x, a["size"], a["scale_factor"]))(a)
        yield case(op, a, [(sample(shape, dt), True)], fn)


# ------------------------------------------------------------------------------------------------ grid sampling

def grid_sample_cases(dt):
    def f(a):
        return lambda x, g: F.grid_sample(x, g, a["mode"], a["padding_mode"], a["align_corners"])
    for mode in ("bilinear", "nearest", "bicubic"):
        for pad in ("zeros", "border", "reflection"):
            for corners in (False, True):
                a = {"mode": mode, "padding_mode": pad, "align_corners": corners}
                yield case("grid_sample", a, [(sample([2, 3, 4, 5], dt), True),
                                              (sample([2, 3, 4, 2], dt, -1.4, 1.4), True)], f(a))
                if mode != "bicubic":
                    yield case("grid_sample", a, [(sample([2, 2, 3, 4, 3], dt), True),
                                                  (sample([2, 2, 3, 2, 3], dt, -1.4, 1.4), True)], f(a))
                    # far outside: reflection folds several times
                    yield case("grid_sample", a, [(sample([1, 2, 3, 4], dt), True),
                                                  (sample([1, 5, 3, 2], dt, -5, 5), True)], f(a))
    a = {"mode": "bilinear", "padding_mode": "zeros", "align_corners": False}
    yield case("grid_sample", a, [(sample([1, 1, 1, 1], dt), True), (sample([1, 2, 2, 2], dt), True)], f(a))
    yield case("grid_sample", a, [(sample([2, 3, 4, 5], dt), False), (sample([2, 3, 4, 2], dt), True)], f(a))
    yield case("grid_sample", a, [(sample([2, 3, 4, 5], dt), True), (sample([2, 3, 4, 2], dt), False)], f(a))
    # errors
    for xs, gs, a2 in (([1, 1, 3, 4], [1, 2, 2, 3], a),
                       ([2, 1, 3, 4], [1, 2, 2, 2], a),
                       ([1, 1, 3, 4], [1, 2, 2, 2], dict(a, mode="linear")),
                       ([1, 1, 3, 4], [1, 2, 2, 2], dict(a, padding_mode="circular")),
                       ([1, 1, 3, 4, 2], [1, 2, 2, 2, 3], dict(a, mode="bicubic")),
                       ([1, 1, 3, 4], [1, 2, 2, 2, 2], a),
                       ([1, 0, 3, 4], [1, 2, 2, 2], a),
                       ([1, 1, 0, 4], [1, 2, 2, 2], a)):
        yield case("grid_sample", a2, [(sample(xs, dt), True), (sample(gs, dt), True)], f(a2))


def affine_grid_cases(dt):
    def f(a):
        return lambda t: F.affine_grid(t, a["size"], a["align_corners"])
    for size, corners in (([2, 3, 4, 5], False), ([2, 3, 4, 5], True), ([1, 1, 1, 3], False), ([1, 1, 1, 3], True),
                          ([2, 2, 3, 4, 2], False), ([2, 2, 3, 4, 2], True), ([1, 1, 2, 1, 3], True)):
        a = {"size": size, "align_corners": corners}
        theta = sample([size[0], 2, 3] if len(size) == 4 else [size[0], 3, 4], dt)
        yield case("affine_grid", a, [(theta, True)], f(a))
    for size, ts in (([2, 3, 4, 5], [2, 3, 4]), ([2, 3, 4, 5, 6], [2, 2, 3]), ([2, 3, 4], [2, 2, 3]),
                     ([2, 3, 0, 5], [2, 2, 3])):
        a = {"size": size, "align_corners": False}
        yield case("affine_grid", a, [(sample(ts, dt), True)], f(a))


# ------------------------------------------------------------------------------------------------ losses

def multilabel_margin_cases(dt):
    def f(a):
        return lambda x, y: F.multilabel_margin_loss(x, y, reduction=a["reduction"])
    t2 = torch.tensor([[3, 0, -1, 1], [0, 1, 2, 3], [1, -1, 2, 0], [-1, 2, 0, 1], [2, 2, -1, 0]])
    for red in ("mean", "sum", "none"):
        a = {"reduction": red}
        yield case("multilabel_margin_loss", a, [(sample([5, 4], dt, -2, 2), True), (t2, False)], f(a))
        yield case("multilabel_margin_loss", a, [(sample([4], dt, -2, 2), True), (torch.tensor([2, 0, -1, 3]), False)],
                   f(a))
        if red == "none":  # 1.13 leaves a reduced empty batch's result uninitialized
            yield case("multilabel_margin_loss", a, [(sample([0, 3], dt), True),
                                                     (torch.zeros([0, 3], dtype=torch.long), False)], f(a))
    a = {"reduction": "mean"}
    ties = torch.tensor([[0.5, 0.5, -0.5, 1.5], [0.0, 1.0, 0.0, -1.0]], dtype=dt)
    yield case("multilabel_margin_loss", a, [(ties, True), (torch.tensor([[0, 1, -1, 0], [3, -1, 1, 1]]), False)], f(a))
    yield case("multilabel_margin_loss", a, [(torch.tensor(0.3, dtype=dt), True), (torch.tensor(0), False)], f(a))
    # errors: target shape, label out of range, 3-d input
    yield case("multilabel_margin_loss", a, [(sample([3, 4], dt), True), (t2[:3, :3], False)], f(a))
    yield case("multilabel_margin_loss", a, [(sample([2, 4], dt), True), (torch.tensor([[4, -1, 0, 0], [0, 1, 2, 3]]),
                                                                          False)], f(a))
    yield case("multilabel_margin_loss", a, [(sample([2, 3, 4], dt), True), (t2[:2], False)], f(a))


def cosine_distance(x, y):
    return 1.0 - F.cosine_similarity(x, y)


def triplet_distance_cases(dt):
    def f(a):
        dist = cosine_distance if a["distance"] == "cosine" else None
        return lambda x, p, n: F.triplet_margin_with_distance_loss(x, p, n, distance_function=dist,
                                                                  margin=a["margin"], swap=a["swap"],
                                                                  reduction=a["reduction"])
    for dist in ("pairwise", "cosine"):
        for margin, swap, red in ((1.0, False, "mean"), (0.5, True, "sum"), (2.0, True, "none"), (0.0, False, "none")):
            a = {"distance": dist, "margin": margin, "swap": swap, "reduction": red}
            yield case("triplet_margin_with_distance_loss", a,
                       [(sample([5, 4], dt), True), (sample([5, 4], dt), True), (sample([5, 4], dt), True)], f(a))
    a = {"distance": "pairwise", "margin": 1.0, "swap": False, "reduction": "mean"}
    yield case("triplet_margin_with_distance_loss", a,
               [(sample([4], dt), True), (sample([4], dt), True), (sample([4], dt), True)], f(a))


def ctc_cases(dt):
    def f(a):
        return lambda lp, t, il, tl: F.ctc_loss(lp, t, il, tl, a["blank"], a["reduction"], a["zero_infinity"])

    def lp(shape):
        return sample(shape, dt, -2, 2).log_softmax(-1)
    padded = torch.tensor([[1, 2, 2, 3], [3, 1, 0, 0], [4, 4, 1, 2], [2, 0, 0, 0]])
    il = torch.tensor([8, 6, 7, 3])
    tl = torch.tensor([4, 2, 3, 1])
    for blank, red, zinf in ((0, "mean", False), (0, "sum", False), (0, "none", False), (0, "mean", True)):
        a = {"blank": blank, "reduction": red, "zero_infinity": zinf}
        yield case("ctc_loss", a, [(lp([8, 4, 5]), True), (padded, False), (il, False), (tl, False)], f(a))
    # blank 2 (labels avoid it), concatenated targets, an empty target, an impossible alignment
    a = {"blank": 2, "reduction": "none", "zero_infinity": False}
    yield case("ctc_loss", a, [(lp([6, 3, 4]), True), (torch.tensor([1, 3, 3, 0, 1]), False),
                               (torch.tensor([6, 5, 4]), False), (torch.tensor([3, 0, 2]), False)], f(a))
    for zinf in (False, True):
        for red in ("none", "mean"):
            a = {"blank": 0, "reduction": red, "zero_infinity": zinf}
            yield case("ctc_loss", a, [(lp([5, 3, 4]), True), (torch.tensor([[1, 1, 1], [2, 3, 0], [1, 2, 3]]), False),
                                       (torch.tensor([4, 5, 2]), False), (torch.tensor([3, 2, 3]), False)], f(a))
    a = {"blank": 0, "reduction": "none", "zero_infinity": False}
    yield case("ctc_loss", a, [(lp([7, 5]), True), (torch.tensor([1, 2, 4]), False), (torch.tensor(7), False),
                               (torch.tensor(3), False)], f(a))
    yield case("ctc_loss", a, [(lp([5, 2, 4]), True), (torch.tensor([[1, 2], [3, 3]]), False),
                               (torch.tensor([0, 5]), False), (torch.tensor([0, 2]), False)], f(a))
    # errors
    for lps, t, i, l, blank in (([6, 2, 5], [[1, 2, 2], [3, 1, 0]], [6, 5], [4, 2], 0),
                                ([6, 2, 5], [[1, 2, 2], [3, 1, 0]], [7, 5], [3, 2], 0),
                                ([6, 2, 5], [[1, 2, 2], [3, 1, 0]], [6, 5], [3, 2], 5),
                                ([6, 2, 5], [[1, 2, 2], [3, 1, 0]], [6], [3, 2], 0),
                                ([6, 2, 5], [[1, 2, 2], [3, 1, 0]], [6, 5], [3], 0),
                                ([6, 2, 5], [1, 2, 2, 3], [6, 5], [3, 2], 0),
                                ([6, 2, 5], [[1, 2, 2], [3, 1, 0], [1, 1, 1]], [6, 5], [3, 2], 0),
                                ([6, 2, 5, 1], [[1, 2, 2], [3, 1, 0]], [6, 5], [3, 2], 0)):
        a = {"blank": blank, "reduction": "mean", "zero_infinity": False}
        yield case("ctc_loss", a, [(lp(lps), True), (torch.tensor(t), False), (torch.tensor(i), False),
                                   (torch.tensor(l), False)], f(a))


def fractional_cases(dt):
    def f(op, a, indices=False):
        fn = F.fractional_max_pool2d if op.startswith("fractional_max_pool2d") else F.fractional_max_pool3d
        return lambda x, u: fn(x, a["kernel_size"], a["output_size"], a["output_ratio"], True, u)[1 if indices else 0]
    specs = [  # op, input shape, kernel, output_size, output_ratio
        ("fractional_max_pool2d", [2, 3, 9, 10], 3, [4, 5], None),
        ("fractional_max_pool2d", [3, 7, 8], [2, 3], None, [0.5, 0.6]),
        ("fractional_max_pool2d", [1, 2, 5, 6], 2, 4, None),
        ("fractional_max_pool2d", [1, 2, 5, 6], 2, [1, 5], None),
        ("fractional_max_pool2d", [2, 2, 6, 6], 1, 6, None),
        ("fractional_max_pool3d", [2, 2, 6, 7, 8], 2, [3, 4, 5], None),
        ("fractional_max_pool3d", [2, 5, 6, 7], [2, 3, 2], None, 0.5),
    ]
    for op, shape, k, size, ratio in specs:
        d = 2 if op.endswith("2d") else 3
        n = shape[0] if len(shape) == d + 2 else 1
        c = shape[-d - 1]
        u = torch.rand(n, c, d, dtype=dt)
        a = {"kernel_size": k, "output_size": size, "output_ratio": ratio}
        x = sample(shape, dt)
        yield case(op, a, [(x, True), (u, False)], f(op, a))
        yield case(op + "_indices", a, [(x, False), (u, False)], f(op, a, True))
    x = ties_tensor([1, 2, 6, 6], dt)
    x[0, 0, 2, 2] = float("nan")
    a = {"kernel_size": 2, "output_size": [3, 3], "output_ratio": None}
    u = torch.rand(1, 2, 2, dtype=dt)
    yield case("fractional_max_pool2d", a, [(x, True), (u, False)], f("fractional_max_pool2d", a))
    yield case("fractional_max_pool2d_indices", a, [(x, False), (u, False)], f("fractional_max_pool2d", a, True))
    for shape, k, size in (([1, 2, 5, 5], 3, [4, 4]), ([2, 5, 5], 2, [3, 3]), ([1, 2, 0, 5], 2, [1, 1])):
        a = {"kernel_size": k, "output_size": size, "output_ratio": None}
        yield case("fractional_max_pool2d", a, [(sample(shape, dt), True), (torch.rand(1, 2, 2, dtype=dt), False)],
                   f("fractional_max_pool2d", a))


def ties_tensor(shape, dt):
    n = int(np.prod(shape))
    return torch.tensor(golden.rng.integers(-2, 3, n).reshape(shape), dtype=dt)


def fractional_draws():
    """fractional_max_pool2d/3d drawing their samples after torch.manual_seed(5)."""
    out = []
    for dt in (torch.float32, torch.float64):
        for op, shape, k, size in (("fractional_max_pool2d", [2, 3, 8, 9], 2, [4, 5]),
                                   ("fractional_max_pool3d", [3, 5, 6, 7], 2, [3, 4, 4])):
            x = sample(shape, dt)
            torch.manual_seed(5)
            fn = F.fractional_max_pool2d if op.endswith("2d") else F.fractional_max_pool3d
            y, i = fn(x, k, size, return_indices=True)
            out.append({"op": op, "dtype": str(dt).replace("torch.", ""), "kernel_size": k, "output_size": size,
                        "x": enc(x), "out": enc(y), "indices": enc(i), "after": float(torch.rand(1)).hex()})
    return out


# ------------------------------------------------------------------------------------------------ seeded draws

def random_cases():
    """dropout3d and gumbel_softmax after torch.manual_seed(5)."""
    out = []
    for dt in (torch.float32, torch.float64):
        for op, shape, args in (("dropout3d", [2, 5, 2, 3, 2], {"p": 0.5}), ("dropout3d", [4, 2, 2, 3], {"p": 0.3}),
                                ("dropout3d", [2, 3, 2, 2, 2], {"p": 1.0}),
                                ("gumbel_softmax", [4, 6], {"tau": 1.0, "hard": False, "dim": -1}),
                                ("gumbel_softmax", [3, 5, 2], {"tau": 0.5, "hard": True, "dim": 1}),
                                ("gumbel_softmax", [7], {"tau": 2.0, "hard": True, "dim": 0})):
            x = sample(shape, dt)
            xg = x.clone().requires_grad_(True)
            torch.manual_seed(5)
            if op == "dropout3d":
                y = F.dropout3d(xg, args["p"], True)
            else:
                y = F.gumbel_softmax(xg, args["tau"], args["hard"], dim=args["dim"])
            w = sample(list(y.shape), dt)
            (y * w).sum().backward()
            out.append({"op": op, "dtype": str(dt).replace("torch.", ""), "args": args, "x": enc(x), "out": enc(y),
                        "w": enc(w), "x_grad": enc(xg.grad), "grad_fn": y.grad_fn.name(),
                        "after": float(torch.rand(1)).hex()})
    return out


def reprs():
    r = {
        "Dropout3d()": nn.Dropout3d(),
        "Dropout3d(0.2, true)": nn.Dropout3d(0.2, True),
        "MaxUnpool1d(2)": nn.MaxUnpool1d(2),
        "MaxUnpool1d([3], [2], [1])": nn.MaxUnpool1d(3, 2, 1),
        "MaxUnpool3d(2)": nn.MaxUnpool3d(2),
        "MaxUnpool3d([2, 3, 2], null, [1])": nn.MaxUnpool3d((2, 3, 2), None, 1),
        "UpsamplingNearest2d(size [3])": nn.UpsamplingNearest2d(3),
        "UpsamplingNearest2d(scale [2.0])": nn.UpsamplingNearest2d(scale_factor=2),
        "UpsamplingBilinear2d(size [3, 4])": nn.UpsamplingBilinear2d((3, 4)),
        "UpsamplingBilinear2d(scale [2.0, 3.0])": nn.UpsamplingBilinear2d(scale_factor=(2.0, 3)),
        "MultiLabelMarginLoss()": nn.MultiLabelMarginLoss(),
        "MultiLabelMarginLoss(sum)": nn.MultiLabelMarginLoss(reduction="sum"),
        "TripletMarginWithDistanceLoss()": nn.TripletMarginWithDistanceLoss(),
        "CTCLoss()": nn.CTCLoss(),
        "FractionalMaxPool2d(3, 4)": nn.FractionalMaxPool2d(3, 4),
        "FractionalMaxPool3d(2, ratio 0.5)": nn.FractionalMaxPool3d(2, output_ratio=0.5),
    }
    return {k: repr(v) for k, v in r.items()}


GENERATORS = [unpool_cases, upsample_cases, grid_sample_cases, affine_grid_cases, multilabel_margin_cases,
              triplet_distance_cases, ctc_cases, fractional_cases]


def main():
    cases = []
    for dtype, dt in golden.DTYPES.items():
        for gen in GENERATORS:
            for c in gen(dt):
                c["dtype"] = dtype
                cases.append(c)
    doc = {"torch": torch.__version__, "note": "backward of (out * w).sum()", "cases": cases,
           "random": random_cases(), "reprs": reprs(),
           "fractional_draws": fractional_draws()}
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(json.dumps(doc, separators=(",", ":")).encode())
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
