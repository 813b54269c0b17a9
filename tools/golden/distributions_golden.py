#!/usr/bin/python3
"""Golden cases for org.grad4j.distributions, from PyTorch 1.13's torch.distributions (CPU).

    /usr/bin/python3 tools/golden/distributions_golden.py

Writes core/src/test/resources/golden/distributions.json.gz, read by DistributionsConformance:
- "cases": op (the distribution's class), args ("param": how it is parametrized, "fn": the method, and for rsample
  the seed and sample shape), inputs (the parameters, then the value where the method takes one; those marked "grad"
  are leaves requiring grad), PyTorch's output or ValueError (validate_args=True), grad_fn and the gradient of
  (out * w).sum() for each such leaf (nn_more_golden.py's case());
- "draws": sample / rsample after torch.manual_seed(seed): the values and the next torch.rand(1, dtype=float64),
  so the generator must advance as PyTorch's;
- "kl": kl_divergence(p, q) for the registered pairs: value and the gradients with respect to every parameter.
Values are float.hex. Runs with Debian's reference BLAS, selected as vector_math_golden.py does.
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
import torch.distributions as D  # noqa: E402

import tensor_ops_golden as golden  # noqa: E402
from nn_more_golden import enc  # noqa: E402
from tensor_ops_golden import ROOT, sample  # noqa: E402

warnings.simplefilter("ignore")
torch.set_num_threads(1)
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "distributions.json.gz")
golden.use_rng(np.random.default_rng(1313))
D.Distribution.set_default_validate_args(True)


def build(op, param, params):
    """The distribution as DistributionsConformance.build makes it."""
    if op == "Independent":  # param: reinterpreted_batch_ndims of a Normal
        return D.Independent(D.Normal(*params), int(param))
    if op in ("Bernoulli", "Categorical", "OneHotCategorical"):
        cls = getattr(D, op)
        if param == "both":
            return cls(probs=params[0], logits=params[1])
        return cls(**{param: params[0]})
    return getattr(D, op)(*params)


def call(d, fn, a, value):
    if fn == "rsample":
        torch.manual_seed(a["seed"])
        return d.rsample(torch.Size(a["shape"]))
    if fn in ("log_prob", "cdf", "icdf"):
        return getattr(d, fn)(value)
    if fn == "enumerate_support":
        return d.enumerate_support(a["expand"])
    if fn == "probs" or fn == "logits":
        return getattr(d, fn)
    return getattr(d, fn)() if fn == "entropy" else getattr(d, fn)


def case(op, a, params, value=None, value_grad=False):
    """params: (tensor, requires_grad) pairs; value: the method's argument or None."""
    inputs = list(params) + ([(value, value_grad)] if value is not None else [])
    leaves = [x.clone().requires_grad_(g) for x, g in inputs]
    c = {"op": op, "args": a, "inputs": [enc(x, g) for x, (_, g) in zip(leaves, inputs)]}
    n = len(params)
    try:
        d = build(op, a["param"], leaves[:n])
        out = call(d, a["fn"], a, leaves[n] if value is not None else None)
    except ValueError as e:  # validate_args refuses: grad4j must refuse with the same message
        c["error"] = "ValueError: " + str(e).split("\n")[0]
        c["message"] = True
        return c
    c["out"] = enc(out)
    if out.requires_grad and out.grad_fn is not None:
        golden.backward(c, out, leaves, enc)
    return c


def pos(shape, dt, lo=0.5, hi=2.0):
    return sample(shape, dt, lo, hi)


def bits(shape, dt):
    return (sample(shape, torch.float64, 0, 1) > 0.5).to(dt)


def continuous(dt):
    """Normal, Uniform, Exponential, Laplace: every method on a few shapes, with gradients."""
    for shape, vshape in (([3], [3]), ([2, 3], [4, 2, 3]), ([], [5]), ([3], [])):
        loc, scale = sample(shape, dt), pos(shape, dt)
        low = sample(shape, dt)
        high = low + pos(shape, dt)
        rate = pos(shape, dt)
        specs = [("Normal", [loc, scale], sample(vshape, dt)),
                 ("Uniform", [low, high], None),
                 ("Exponential", [rate], pos(vshape, dt, 0.0, 3.0)),
                 ("Laplace", [loc, scale], sample(vshape, dt))]
        for op, ps, value in specs:
            if op == "Uniform":  # values inside [low, high) of the broadcast shape
                b = torch.broadcast_shapes(torch.Size(vshape), torch.Size(shape))
                u = sample(list(b), dt, 0.0, 1.0)
                value = (low + u * (high - low)).detach()
                if list(b) != vshape:
                    value = value.expand(b).contiguous()
            p = [(x, True) for x in ps]
            for fn in ("mean", "variance", "stddev", "entropy"):
                yield case(op, {"param": "", "fn": fn}, p)
            for fn in ("log_prob", "cdf"):
                yield case(op, {"param": "", "fn": fn}, p, value, True)
            q = sample(list(value.shape), dt, 0.02, 0.98)
            yield case(op, {"param": "", "fn": "icdf"}, p, q, True)
            for sshape in ([], [4], [2, 5]):
                yield case(op, {"param": "", "fn": "rsample", "seed": 11, "shape": sshape}, p)
    # errors: parameters outside their constraints, values outside the support or of a wrong shape
    neg = sample([3], dt, -2.0, -0.5)
    yield case("Normal", {"param": "", "fn": "mean"}, [(sample([3], dt), True), (neg, True)])
    yield case("Normal", {"param": "", "fn": "mean"}, [(torch.tensor([0.0], dtype=dt), False),
                                                       (torch.tensor([-1.0], dtype=dt), False)])
    yield case("Normal", {"param": "", "fn": "mean"}, [(torch.tensor([float("nan"), 0.0], dtype=dt), False),
                                                       (pos([2], dt), False)])
    yield case("Normal", {"param": "", "fn": "log_prob"}, [(sample([3], dt), True), (pos([3], dt), True)],
               sample([4], dt))
    yield case("Normal", {"param": "", "fn": "log_prob"}, [(sample([3], dt), True), (pos([3], dt), True)],
               torch.tensor([0.0, float("nan"), 1.0], dtype=dt))
    yield case("Uniform", {"param": "", "fn": "mean"}, [(torch.tensor([0.0, 2.0], dtype=dt), False),
                                                        (torch.tensor([1.0, 1.0], dtype=dt), False)])
    yield case("Uniform", {"param": "", "fn": "log_prob"}, [(torch.zeros(3, dtype=dt), True),
                                                            (torch.ones(3, dtype=dt), True)],
               torch.tensor([0.5, 1.5, 0.0], dtype=dt))
    yield case("Exponential", {"param": "", "fn": "mean"}, [(torch.tensor([1.0, 0.0], dtype=dt), False)])
    yield case("Exponential", {"param": "", "fn": "log_prob"}, [(pos([3], dt), True)],
               torch.tensor([1.0, -1.0, 0.0], dtype=dt))
    yield case("Laplace", {"param": "", "fn": "mean"}, [(sample([2], dt), False), (torch.zeros(2, dtype=dt), False)])


def discrete(dt):
    """Bernoulli and Categorical from probs and from logits."""
    for shape, vshape in (([4], [4]), ([2, 3], [5, 2, 3]), ([], [3])):
        probs = sample(shape, dt, 0.05, 0.95)
        logits = sample(shape, dt)
        for param, ps in (("probs", probs), ("logits", logits)):
            p = [(ps, True)]
            for fn in ("mean", "variance", "stddev", "entropy", "probs", "logits"):
                yield case("Bernoulli", {"param": param, "fn": fn}, p)
            yield case("Bernoulli", {"param": param, "fn": "log_prob"}, p, bits(vshape, dt))
            for expand in (True, False):
                yield case("Bernoulli", {"param": param, "fn": "enumerate_support", "expand": expand}, p)
    for shape, vshape in (([4], [3]), ([2, 5], [2]), ([2, 5], [3, 2]), ([3, 1, 4], [2, 3])):
        probs = sample(shape, dt, 0.05, 1.0)
        logits = sample(shape, dt)
        k = shape[-1]
        value = golden.ints(vshape, 0, k)
        for param, ps in (("probs", probs), ("logits", logits)):
            p = [(ps, True)]
            for fn in ("mean", "variance", "entropy", "probs", "logits"):
                yield case("Categorical", {"param": param, "fn": fn}, p)
            yield case("Categorical", {"param": param, "fn": "log_prob"}, p, value)
            for expand in (True, False):
                yield case("Categorical", {"param": param, "fn": "enumerate_support", "expand": expand}, p)
    # a zero probability: entropy's clamp of -inf logits
    yield case("Categorical", {"param": "probs", "fn": "entropy"}, [(torch.tensor([[0.0, 1.0, 3.0]], dtype=dt), True)])
    yield case("Categorical", {"param": "logits", "fn": "entropy"},
               [(torch.tensor([[float("-inf"), 1.0, 3.0]], dtype=dt), False)])
    # errors
    yield case("Bernoulli", {"param": "probs", "fn": "mean"}, [(torch.tensor([0.5, 1.5], dtype=dt), False)])
    yield case("Bernoulli", {"param": "probs", "fn": "mean"}, [(torch.tensor([-0.5], dtype=dt), False)])
    yield case("Bernoulli", {"param": "both", "fn": "mean"}, [(torch.tensor([0.5], dtype=dt), False),
                                                              (torch.tensor([0.5], dtype=dt), False)])
    yield case("Bernoulli", {"param": "probs", "fn": "log_prob"}, [(torch.tensor([0.5, 0.2], dtype=dt), True)],
               torch.tensor([0.5, 1.0], dtype=dt))
    yield case("Bernoulli", {"param": "logits", "fn": "log_prob"}, [(sample([2], dt), True)],
               torch.tensor([1.0, 0.0, 1.0], dtype=dt))
    yield case("Categorical", {"param": "probs", "fn": "mean"}, [(torch.tensor([0.5, -0.5, 1.0], dtype=dt), False)])
    yield case("Categorical", {"param": "probs", "fn": "mean"}, [(torch.tensor(0.5, dtype=dt), False)])
    yield case("Categorical", {"param": "logits", "fn": "mean"}, [(torch.tensor(0.5, dtype=dt), False)])
    yield case("Categorical", {"param": "logits", "fn": "mean"}, [(torch.tensor([[0.0, float("nan")]], dtype=dt),
                                                                    False)])
    yield case("Categorical", {"param": "probs", "fn": "log_prob"}, [(pos([2, 3], dt), True)],
               torch.tensor([0, 3]))
    yield case("Categorical", {"param": "logits", "fn": "log_prob"}, [(sample([2, 3], dt), True)],
               torch.tensor([0, 1, 2]))


def composite(dt):
    """OneHotCategorical, Independent (of a Normal) and LogNormal."""
    for shape, n in (([4], 3), ([2, 5], 4), ([3, 1, 4], 2)):
        probs = sample(shape, dt, 0.05, 1.0)
        logits = sample(shape, dt)
        k = shape[-1]
        value = torch.nn.functional.one_hot(golden.ints([n] + shape[:-1], 0, k), k).to(dt)
        for param, ps in (("probs", probs), ("logits", logits)):
            p = [(ps, True)]
            for fn in ("mean", "variance", "entropy"):
                yield case("OneHotCategorical", {"param": param, "fn": fn}, p)
            yield case("OneHotCategorical", {"param": param, "fn": "log_prob"}, p, value)
            for expand in (True, False):
                yield case("OneHotCategorical", {"param": param, "fn": "enumerate_support", "expand": expand}, p)
    yield case("OneHotCategorical", {"param": "probs", "fn": "mean"}, [(torch.tensor([0.5, -0.5], dtype=dt), False)])
    yield case("OneHotCategorical", {"param": "probs", "fn": "log_prob"}, [(pos([2, 3], dt), True)],
               torch.tensor([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype=dt))
    for shape, ndims, vshape in (([2, 3], "1", [2, 3]), ([2, 3], "2", [4, 2, 3]), ([2, 3], "0", [2, 3]),
                                 ([4], "1", [3, 4])):
        p = [(sample(shape, dt), True), (pos(shape, dt), True)]
        for fn in ("mean", "variance", "stddev", "entropy"):
            yield case("Independent", {"param": ndims, "fn": fn}, p)
        yield case("Independent", {"param": ndims, "fn": "log_prob"}, p, sample(vshape, dt), True)
        yield case("Independent", {"param": ndims, "fn": "rsample", "seed": 3, "shape": [2]}, p)
    yield case("Independent", {"param": "3", "fn": "mean"}, [(sample([2, 3], dt), False), (pos([2, 3], dt), False)])
    yield case("Independent", {"param": "1", "fn": "log_prob"}, [(sample([2, 3], dt), True),
                                                                 (pos([2, 3], dt), True)], sample([3, 2], dt))
    for shape, vshape in (([3], [3]), ([2, 3], [4, 2, 3]), ([], [5])):
        p = [(sample(shape, dt, -1.0, 1.0), True), (pos(shape, dt, 0.3, 1.2), True)]
        for fn in ("mean", "variance", "stddev", "entropy"):
            yield case("LogNormal", {"param": "", "fn": fn}, p)
        for fn in ("log_prob", "cdf"):
            yield case("LogNormal", {"param": "", "fn": fn}, p, pos(vshape, dt, 0.1, 4.0), True)
        yield case("LogNormal", {"param": "", "fn": "icdf"}, p, sample(vshape, dt, 0.02, 0.98), True)
        yield case("LogNormal", {"param": "", "fn": "rsample", "seed": 5, "shape": [3]}, p)
    yield case("LogNormal", {"param": "", "fn": "log_prob"}, [(sample([3], dt), True), (pos([3], dt), True)],
               torch.tensor([1.0, -1.0, 2.0], dtype=dt))


def draws():
    out = []
    for dt in (torch.float32, torch.float64):
        for seed in (0, 7):
            specs = [("Normal", "", [sample([3], dt), pos([3], dt)]),
                     ("Normal", "", [sample([], dt), pos([], dt)]),
                     ("Uniform", "", [torch.zeros(3, dtype=dt) - 1, pos([3], dt)]),
                     ("Exponential", "", [pos([3], dt)]),
                     ("Laplace", "", [sample([3], dt), pos([3], dt)]),
                     ("Bernoulli", "probs", [sample([3], dt, 0.05, 0.95)]),
                     ("Bernoulli", "logits", [sample([2, 3], dt)]),
                     ("Categorical", "probs", [pos([4], dt)]),
                     ("Categorical", "logits", [sample([2, 5], dt)]),
                     ("OneHotCategorical", "probs", [pos([2, 4], dt)]),
                     ("Independent", "1", [sample([2, 3], dt), pos([2, 3], dt)]),
                     ("LogNormal", "", [sample([3], dt), pos([3], dt)])]
            for op, param, ps in specs:
                for fn in ("sample", "rsample"):
                    if fn == "rsample" and op in ("Bernoulli", "Categorical", "OneHotCategorical"):
                        continue
                    for shape in ([], [6], [2, 7]):
                        d = build(op, param, ps)
                        torch.manual_seed(seed)
                        y = getattr(d, fn)(torch.Size(shape))
                        after = torch.rand(1, dtype=torch.float64)
                        out.append({"op": op, "param": param, "fn": fn, "seed": seed, "shape": shape,
                                    "dtype": str(dt).replace("torch.", ""), "params": [enc(p) for p in ps],
                                    "out": enc(y), "after": after.item().hex()})
    return out


KL_PAIRS = [("Normal", "Normal"), ("Bernoulli", "Bernoulli"), ("Categorical", "Categorical"), ("Uniform", "Uniform"),
            ("Exponential", "Exponential"), ("Laplace", "Laplace"), ("Uniform", "Normal"), ("Uniform", "Exponential"),
            ("Exponential", "Normal"), ("Laplace", "Normal"), ("Normal", "Laplace"), ("Exponential", "Uniform"),
            ("Laplace", "Exponential"), ("Laplace", "Uniform"), ("Normal", "Exponential"), ("Normal", "Uniform")]


def kl_params(op, dt, shape):
    if op == "Normal" or op == "Laplace":
        return "", [sample(shape, dt), pos(shape, dt)]
    if op == "Uniform":
        low = sample(shape, dt, 0.0, 1.0)
        return "", [low, low + pos(shape, dt)]
    if op == "Exponential":
        return "", [pos(shape, dt)]
    if op == "Bernoulli":
        return "probs", [sample(shape, dt, 0.05, 0.95)]
    return "logits", [sample(shape + [4], dt)]


def kl_cases():
    out = []
    for dt in (torch.float32, torch.float64):
        for p_op, q_op in KL_PAIRS:
            for shape in ([3], [2, 3]):
                pp, ps = kl_params(p_op, dt, shape)
                qp, qs = kl_params(q_op, dt, shape)
                leaves = [x.clone().requires_grad_(True) for x in ps + qs]
                p = build(p_op, pp, leaves[:len(ps)])
                q = build(q_op, qp, leaves[len(ps):])
                kl = D.kl_divergence(p, q)
                c = {"p": p_op, "p_param": pp, "q": q_op, "q_param": qp, "dtype": str(dt).replace("torch.", ""),
                     "p_params": [enc(x) for x in ps], "q_params": [enc(x) for x in qs], "out": enc(kl)}
                if kl.requires_grad:
                    golden.backward(c, kl, leaves, enc)
                out.append(c)
        # the infinite entries: q's support misses part of p's, or p puts mass where q has none
        for p_op, q_op, ps, qs in (
                ("Uniform", "Uniform", [torch.tensor([0.0, 0.0, -1.0], dtype=dt), torch.tensor([1.0, 2.0, 1.0], dtype=dt)],
                 [torch.tensor([0.0, 0.5, -2.0], dtype=dt), torch.tensor([1.5, 2.0, 0.5], dtype=dt)]),
                ("Uniform", "Exponential", [torch.tensor([-1.0, 0.5], dtype=dt), torch.tensor([1.0, 2.0], dtype=dt)],
                 [torch.tensor([1.0, 2.0], dtype=dt)]),
                ("Bernoulli", "Bernoulli", [torch.tensor([0.0, 1.0, 0.5, 0.3], dtype=dt)],
                 [torch.tensor([0.5, 0.5, 0.0, 1.0], dtype=dt)]),
                ("Categorical", "Categorical", [torch.tensor([[0.0, 0.5, 0.5], [0.2, 0.3, 0.5]], dtype=dt)],
                 [torch.tensor([[0.5, 0.5, 0.0], [0.0, 0.5, 0.5]], dtype=dt)])):
            pp = "probs" if p_op in ("Bernoulli", "Categorical") else ""
            leaves = [x.clone().requires_grad_(True) for x in ps + qs]
            kl = D.kl_divergence(build(p_op, pp, leaves[:len(ps)]), build(q_op, pp, leaves[len(ps):]))
            c = {"p": p_op, "p_param": pp, "q": q_op, "q_param": pp, "dtype": str(dt).replace("torch.", ""),
                 "p_params": [enc(x) for x in ps], "q_params": [enc(x) for x in qs], "out": enc(kl)}
            golden.backward(c, kl, leaves, enc)
            out.append(c)
    return out


def main():
    cases = []
    for dtype, dt in golden.DTYPES.items():
        for gen in (continuous, discrete, composite):
            for c in gen(dt):
                c["dtype"] = dtype
                cases.append(c)
    doc = {"torch": torch.__version__, "note": "backward of (out * w).sum()", "cases": cases, "draws": draws(),
           "kl": kl_cases()}
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(json.dumps(doc, separators=(",", ":")).encode())
    print("wrote", OUT, len(cases), "cases", len(doc["draws"]), "draws", len(doc["kl"]), "kl")


if __name__ == "__main__":
    main()
