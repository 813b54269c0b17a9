#!/usr/bin/python3
"""Golden values for grad4j's conformance suite, computed with real PyTorch (1.13, CPU).

Run from the repository root with Debian's interpreter (it has python3-torch):

    /usr/bin/python3 tools/golden/torch_golden.py

Writes core/src/test/resources/golden/torch_ops.json (forward values and gradients of single ops)
and core/src/test/resources/golden/torch_nn.json (Linear + MSELoss + SGD training traces).
Every number is stored exactly: float.hex() of the value (float32 values are widened to double first).
Inputs come from a seeded NumPy generator and are stored too, so Java never re-creates random numbers.
"""
import json
import os
import sys

import numpy as np
import torch

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, "core", "src", "test", "resources", "golden")
DTYPES = {"float32": torch.float32, "float64": torch.float64}
rng = np.random.default_rng(20240607)


def hexs(t):
    return [float(v).hex() for v in t.detach().double().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "data": hexs(t)}


def rand(shape, dtype, kind):
    n = int(np.prod(shape)) if len(shape) else 1
    if kind == "pos":      # positive, away from 0
        v = rng.uniform(0.5, 2.0, n)
    elif kind == "nz":     # away from the kink at 0 (abs, relu)
        v = rng.uniform(0.2, 1.5, n) * rng.choice([-1.0, 1.0], n)
    else:
        v = rng.uniform(-1.5, 1.5, n)
    return torch.tensor(v.reshape(shape), dtype=torch.float64).to(DTYPES[dtype])


# (op name as the Java suite spells it, args, arity, input kind, forward exact?, fn)
# "exact": the op is one correctly rounded IEEE operation per element (or a pure view), so
# grad4j's value must equal PyTorch's bit for bit.
def binary_cases():
    ops = [
        ("add", True, "any", lambda a, b: a + b),
        ("sub", True, "any", lambda a, b: a - b),
        ("mul", True, "any", lambda a, b: a * b),
        ("div", True, "pos", lambda a, b: a / b),
        ("pow", False, "pos", lambda a, b: torch.pow(a, b)),
        ("maximum", True, "any", torch.maximum),
        ("minimum", True, "any", torch.minimum),
    ]
    shapes = [([3, 4], [3, 4]), ([3, 1], [1, 4]), ([2, 3], [3]), ([], []), ([1], [1]), ([2, 3], []), ([4], [2, 1])]
    for name, exact, kind, fn in ops:
        for sa, sb in shapes:
            yield name, {}, [(sa, kind), (sb, kind)], exact, fn


def scalar_cases():
    ops = [
        ("add_scalar", 0.7, True, "any", lambda a, s: a + s),
        ("sub_scalar", 0.7, True, "any", lambda a, s: a - s),
        ("mul_scalar", -1.3, True, "any", lambda a, s: a * s),
        ("div_scalar", 0.3, True, "any", lambda a, s: a / s),
        ("div_scalar", 4.0, True, "any", lambda a, s: a / s),
        ("rsub", 0.7, True, "any", lambda a, s: torch.rsub(a, s)),
    ]
    # PyTorch's pow_tensor_scalar takes exact shortcuts for 2, 3, 0.5, -0.5, -1, -2 (x*x*x, 1/(x*x),
    # 1/sqrt(x)), each operation rounded in the tensor's dtype (BinaryOp.applyScalar(float, float)).
    for exp, exact in [(2.0, True), (3.0, True), (0.5, True), (-1.0, True), (1.5, False), (-2.0, True),
                       (-0.5, True)]:
        ops.append(("pow_scalar", exp, exact, "pos", lambda a, s: a.pow(s)))
    for name, s, exact, kind, fn in ops:
        for shape in ([3, 4], [], [1], [2, 1, 3]):
            yield name, {"scalar": float(s).hex()}, [(shape, kind)], exact, (lambda f, s_: (lambda a: f(a, s_)))(fn, s)


def unary_cases():
    ops = [
        ("neg", True, "any", torch.neg), ("exp", False, "any", torch.exp), ("log", False, "pos", torch.log),
        ("sqrt", True, "pos", torch.sqrt), ("abs", True, "nz", torch.abs), ("relu", True, "nz", torch.relu),
        ("tanh", False, "any", torch.tanh), ("sigmoid", False, "any", torch.sigmoid),
    ]
    for name, exact, kind, fn in ops:
        for shape in ([3, 4], [], [1], [2, 3, 5], [17]):
            yield name, {}, [(shape, kind)], exact, fn


def matmul_cases():
    shapes = [([4], [4]), ([3, 4], [4]), ([4], [4, 5]), ([3, 4], [4, 5]), ([1, 1], [1, 1]), ([2, 3, 4], [4, 5]),
              ([3, 4], [2, 4, 5]), ([2, 3, 4], [2, 4, 5]), ([2, 1, 3, 4], [3, 4, 5]), ([2, 3, 4], [4]),
              ([4], [2, 4, 5]), ([8, 16], [16, 7])]
    for sa, sb in shapes:
        yield "matmul", {}, [(sa, "any"), (sb, "any")], False, torch.matmul


def reduction_cases():
    for shape in ([2, 3, 4], [5], [], [1], [3, 1]):
        yield "sum", {}, [(shape, "any")], False, torch.sum
        yield "mean", {}, [(shape, "any")], False, torch.mean
        yield "max", {}, [(shape, "any")], True, torch.max
    for dims in ([1], [0, 2], [2], [0, 1, 2], [-1]):
        for keep in (False, True):
            args = {"dims": dims, "keepdim": keep}
            yield "sum_dims", args, [([2, 3, 4], "any")], False, (lambda d, k: lambda a: a.sum(dim=d, keepdim=k))(dims, keep)
            yield "mean_dims", args, [([2, 3, 4], "any")], False, (lambda d, k: lambda a: a.mean(dim=d, keepdim=k))(dims, keep)
    for dim in (0, 1, 2, -1):
        for keep in (False, True):
            yield "max_dim", {"dim": dim, "keepdim": keep}, [([2, 3, 4], "any")], True, \
                (lambda d, k: lambda a: a.max(dim=d, keepdim=k).values)(dim, keep)
    yield "max_dim", {"dim": 0, "keepdim": False}, [([5], "any")], True, lambda a: a.max(dim=0).values


def view_cases():
    s = [([2, 3, 4], "any")]
    yield "reshape", {"shape": [6, 4]}, s, True, lambda a: a.reshape(6, 4)
    yield "reshape", {"shape": [4, -1]}, s, True, lambda a: a.reshape(4, -1)
    yield "reshape", {"shape": [24]}, s, True, lambda a: a.reshape(24)
    yield "reshape", {"shape": []}, [([1, 1], "any")], True, lambda a: a.reshape(())
    yield "transpose", {"dim0": 0, "dim1": 2}, s, True, lambda a: a.transpose(0, 2)
    yield "transpose", {"dim0": 1, "dim1": -1}, s, True, lambda a: a.transpose(1, -1)
    yield "t", {}, [([3, 4], "any")], True, lambda a: a.t()
    yield "t", {}, [([4], "any")], True, lambda a: a.t()
    yield "unsqueeze", {"dim": 0}, s, True, lambda a: a.unsqueeze(0)
    yield "unsqueeze", {"dim": -1}, s, True, lambda a: a.unsqueeze(-1)
    yield "unsqueeze", {"dim": 0}, [([], "any")], True, lambda a: a.unsqueeze(0)
    yield "squeeze", {}, [([2, 1, 3, 1], "any")], True, lambda a: a.squeeze()
    yield "squeeze_dim", {"dim": 1}, [([2, 1, 3, 1], "any")], True, lambda a: a.squeeze(1)
    yield "squeeze_dim", {"dim": 0}, [([2, 1, 3, 1], "any")], True, lambda a: a.squeeze(0)
    yield "expand", {"sizes": [3, 4]}, [([3, 1], "any")], True, lambda a: a.expand(3, 4)
    yield "expand", {"sizes": [2, 3, 4]}, [([4], "any")], True, lambda a: a.expand(2, 3, 4)
    yield "expand", {"sizes": [2, -1, 5]}, [([1, 3, 1], "any")], True, lambda a: a.expand(2, -1, 5)
    yield "select", {"dim": 1, "index": 2}, s, True, lambda a: a.select(1, 2)
    yield "select", {"dim": 0, "index": -1}, s, True, lambda a: a.select(0, -1)
    yield "narrow", {"dim": 2, "start": 1, "length": 2}, s, True, lambda a: a.narrow(2, 1, 2)
    yield "narrow", {"dim": 0, "start": 1, "length": 1}, s, True, lambda a: a.narrow(0, 1, 1)


def ops_json():
    cases = []
    gens = [binary_cases, scalar_cases, unary_cases, matmul_cases, reduction_cases, view_cases]
    for dtype in DTYPES:
        for gen in gens:
            for name, args, inputs, exact, fn in gen():
                xs = [rand(shape, dtype, kind).requires_grad_(True) for shape, kind in inputs]
                out = fn(*xs)
                w = rand(list(out.shape), dtype, "any")
                (out * w).sum().backward()
                cases.append({
                    "op": name, "dtype": dtype, "args": args,
                    "exact": exact is True or (exact == "exact64" and dtype == "float64"),
                    "inputs": [enc(x) for x in xs], "w": enc(w), "out": enc(out),
                    "grads": [enc(x.grad) for x in xs],
                })
    return {"torch": torch.__version__, "note": "backward of (out * w).sum()", "cases": cases}


# ------------------------------------------------------------------ nn traces

OPTS = {
    "plain": dict(),
    "momentum": dict(momentum=0.9),
    "momentum_dampening": dict(momentum=0.9, dampening=0.25),
    "nesterov": dict(momentum=0.8, nesterov=True),
    "weight_decay": dict(weight_decay=0.05),
    "maximize": dict(maximize=True),
    "combo": dict(momentum=0.7, weight_decay=0.01, nesterov=True, maximize=True),
}


def opt_json(lr, o):
    return {"lr": float(lr).hex(), "momentum": float(o.get("momentum", 0.0)).hex(),
            "dampening": float(o.get("dampening", 0.0)).hex(), "weight_decay": float(o.get("weight_decay", 0.0)).hex(),
            "nesterov": bool(o.get("nesterov", False)), "maximize": bool(o.get("maximize", False))}


def trace(name, dtype, fin, fout, w0, b0, xs, ys, reduction, lr, opt, exact):
    dt = DTYPES[dtype]
    lin = torch.nn.Linear(fin, fout).to(dt)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(w0, dtype=torch.float64).reshape(fout, fin))
        lin.bias.copy_(torch.tensor(b0, dtype=torch.float64).reshape(fout))
    loss_fn = torch.nn.MSELoss(reduction=reduction)
    sgd = torch.optim.SGD(lin.parameters(), lr=lr, **opt)
    params = [lin.weight, lin.bias]
    steps = []
    for x, y in zip(xs, ys):
        x = torch.tensor(x, dtype=torch.float64).to(dt)
        y = torch.tensor(y, dtype=torch.float64).to(dt)
        pred = lin(x)
        loss = loss_fn(pred, y)
        if reduction == "none":
            loss = loss.sum()
        sgd.zero_grad()
        loss.backward()
        sgd.step()
        step = {"pred": hexs(pred), "loss": hexs(loss)[0], "grads": [hexs(p.grad) for p in params],
                "params": [hexs(p) for p in params]}
        if opt.get("momentum", 0.0) != 0.0:
            step["buffers"] = [hexs(sgd.state[p]["momentum_buffer"]) for p in params]
        steps.append(step)

    def rounded(v):
        return hexs(torch.tensor(v, dtype=torch.float64).to(dt))

    return {"name": name, "dtype": dtype, "in": fin, "out": fout, "reduction": reduction, "exact": exact,
            "optimizer": opt_json(lr, opt), "weight0": rounded(w0), "bias0": rounded(b0),
            "x": [{"shape": list(np.shape(x)), "data": rounded(x)} for x in xs],
            "y": [{"shape": list(np.shape(y)), "data": rounded(y)} for y in ys], "steps": steps}


def nn_json():
    traces = []
    # The seed thread: one neuron, w=0.3, b=0.1, X = linspace(-1, 1, 3), Y = 2X + 3, one sample per step.
    X = torch.linspace(-1, 1, 3, dtype=torch.float64)
    Y = 2 * X + 3
    for dtype in DTYPES:
        traces.append(trace("seed", dtype, 1, 1, [0.3], [0.1], [[[v]] for v in X.tolist()], [[[v]] for v in Y.tolist()],
                            "mean", 0.1, {}, dtype == "float64"))
    n_steps = 4
    for fin, fout, batch in [(1, 1, 1), (3, 2, 4), (8, 5, 16)]:
        w0 = rng.uniform(-1, 1, fin * fout).tolist()
        b0 = rng.uniform(-1, 1, fout).tolist()
        x = rng.uniform(-2, 2, (batch, fin)).tolist()
        y = rng.uniform(-2, 2, (batch, fout)).tolist()
        for reduction in ("mean", "sum", "none"):
            lr = 0.05 if reduction == "mean" else 0.01
            for oname, opt in OPTS.items():
                for dtype in DTYPES:
                    # One neuron, one sample: no summation order to differ in, so every value must be bit-equal.
                    traces.append(trace(f"linear{fin}x{fout}_b{batch}_{reduction}_{oname}", dtype, fin, fout, w0, b0,
                                        [x] * n_steps, [y] * n_steps, reduction, lr, opt, fin * fout * batch == 1))
    return {"torch": torch.__version__, "traces": traces}


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for fname, payload in (("torch_ops.json", ops_json()), ("torch_nn.json", nn_json())):
        path = os.path.join(OUT_DIR, fname)
        with open(path, "w") as f:
            json.dump(payload, f, separators=(",", ":"))
            f.write("\n")
        print(f"{path}: {os.path.getsize(path)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
