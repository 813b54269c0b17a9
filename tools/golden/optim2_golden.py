#!/usr/bin/python3
"""Golden values for the optimizers of the second wave (Adamax, NAdam, RAdam, Adadelta, Rprop, ASGD) and more
options of SGD, Adam, AdamW, Adagrad and RMSprop, from real PyTorch 1.13 on the CPU (Debian's python3-torch).

Run from the repository root with Debian's interpreter:

    /usr/bin/python3 tools/golden/optim2_golden.py

Writes core/src/test/resources/golden/optim2.json.gz, read by Optim2Conformance:
- "optimizers": trajectories of three parameters (shapes [4, 5] and [11]: a vectorised body and a scalar tail in
  PyTorch's kernels; and a 0-d one) over STEPS steps, every option, one or two parameter groups (the second group
  with overrides), float64 and float32. Gradients are given (stored); parameter 1 has none at step 2; some gradient
  elements are exactly zero at step 4 (Rprop's sign 0); group 0's learning rate is halved before step 3. After
  every step: the parameters, every state entry (tensors and PyTorch's 0-d state: step, mu_product, eta, mu) and
  the state dict's key order. At the end: the state dict's param_groups and repr(optimizer).
  The optimizer runs PyTorch's default path (foreach=None: the _single_tensor_* functions).
- "lbfgs": LBFGS.step(closure) three times on a small Rosenbrock-like loss of two parameters (a third one gets no
  gradient), every option, with and without the strong-Wolfe line search: after each step the parameters, the
  returned loss, the number of closure calls and the state's func_evals and n_iter; at the end param_groups and repr.
- "errors": constructor arguments PyTorch refuses, with its exception's class and message.
Every number is float.hex() of the value (float32 widened to double), so Java compares bits. LBFGS's dot products
run on Debian's reference BLAS.
"""
import gzip
import json
import os
import sys

# LBFGS's dot products run on BLAS: PyTorch with Debian's reference BLAS, selected as ops_more_golden.py selects it
# (re-executed with LD_LIBRARY_PATH, then checked in /proc/self/maps)
REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "optim2.json.gz")
DTYPES = {"float32": torch.float32, "float64": torch.float64}
rng = np.random.default_rng(20261202)
SHAPES = [[4, 5], [11], []]
STEPS = 8
IMPLEMENTATION_KEYS = ("params", "foreach", "capturable", "differentiable", "fused")


def hexs(t):
    return [float(v).hex() for v in t.detach().double().reshape(-1).tolist()]


def hx(v):
    return float(v).hex()


def rand(shape, dtype, scale=1.0):
    n = int(np.prod(shape)) if shape else 1
    v = rng.uniform(-1.5, 1.5, n) * scale
    return torch.tensor(v.reshape(shape), dtype=torch.float64).to(DTYPES[dtype])


# (optimizer, name, options, second-group overrides or None)
CASES = [
    ("Adamax", "default", {}, None),
    ("Adamax", "lr_wd", {"lr": 0.01, "weight_decay": 0.1}, None),
    ("Adamax", "maximize", {"lr": 0.05, "maximize": True}, None),
    ("Adamax", "all", {"lr": 0.02, "betas": (0.8, 0.95), "eps": 1e-3, "weight_decay": 0.05, "maximize": True}, None),
    ("Adamax", "groups", {"lr": 0.01}, {"lr": 0.1, "betas": (0.5, 0.9), "weight_decay": 0.2}),
    ("NAdam", "default", {}, None),
    ("NAdam", "wd", {"lr": 0.01, "weight_decay": 0.1}, None),
    ("NAdam", "momentum_decay", {"lr": 0.05, "momentum_decay": 0.1}, None),
    ("NAdam", "all", {"lr": 0.02, "betas": (0.8, 0.95), "eps": 1e-6, "weight_decay": 0.05, "momentum_decay": 0.01},
     None),
    ("NAdam", "groups", {"lr": 0.01}, {"lr": 0.1, "momentum_decay": 0.02, "betas": (0.5, 0.9)}),
    ("RAdam", "default", {}, None),
    ("RAdam", "rectified", {"lr": 0.05, "betas": (0.9, 0.9)}, None),
    ("RAdam", "wd", {"lr": 0.01, "weight_decay": 0.1}, None),
    ("RAdam", "all", {"lr": 0.02, "betas": (0.7, 0.8), "eps": 1e-4, "weight_decay": 0.05}, None),
    ("RAdam", "groups", {"lr": 0.01}, {"lr": 0.1, "betas": (0.5, 0.85)}),
    ("Adadelta", "default", {}, None),
    ("Adadelta", "lr_rho", {"lr": 0.5, "rho": 0.5}, None),
    ("Adadelta", "wd_maximize", {"weight_decay": 0.1, "maximize": True}, None),
    ("Adadelta", "all", {"lr": 2.0, "rho": 0.8, "eps": 1e-4, "weight_decay": 0.05, "maximize": True}, None),
    ("Adadelta", "groups", {"lr": 1.0}, {"rho": 0.6, "eps": 1e-3}),
    ("Rprop", "default", {}, None),
    ("Rprop", "etas", {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.1)}, None),
    ("Rprop", "maximize", {"maximize": True}, None),
    ("Rprop", "groups", {"lr": 0.02}, {"lr": 0.001, "etas": (0.6, 1.1)}),
    ("ASGD", "default", {}, None),
    ("ASGD", "t0", {"lr": 0.05, "lambd": 0.01, "alpha": 0.5, "t0": 2.0}, None),
    ("ASGD", "wd_maximize", {"lr": 0.02, "weight_decay": 0.1, "maximize": True, "t0": 0.0}, None),
    ("ASGD", "all", {"lr": 0.1, "lambd": 0.1, "alpha": 1.0, "t0": 3.0, "weight_decay": 0.05, "maximize": True}, None),
    ("ASGD", "groups", {"lr": 0.01, "t0": 4.0}, {"lr": 0.1, "t0": 1.0, "lambd": 0.05}),
    # options of the first wave's optimizers beyond torch_optim.json's cases
    ("SGD", "plain", {"lr": 0.1}, None),
    ("SGD", "plain_wd_maximize", {"lr": 0.1, "weight_decay": 0.1, "maximize": True}, None),
    ("SGD", "dampening", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}, None),
    ("SGD", "nesterov_wd", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01}, None),
    ("SGD", "all_maximize", {"lr": 0.02, "momentum": 0.8, "dampening": 0.1, "weight_decay": 0.2, "maximize": True},
     None),
    ("Adam", "amsgrad_maximize", {"lr": 0.01, "amsgrad": True, "maximize": True}, None),
    ("AdamW", "maximize", {"lr": 0.01, "maximize": True}, None),
    ("Adagrad", "maximize_init", {"lr": 0.1, "maximize": True, "initial_accumulator_value": 0.2}, None),
    ("RMSprop", "centered_momentum", {"lr": 0.01, "centered": True, "momentum": 0.9}, None),
    ("RMSprop", "maximize", {"lr": 0.01, "maximize": True, "weight_decay": 0.1}, None),
    # whole numbers where PyTorch's default is a float print as floats ("lr: 1.0", "betas: (0.0, 0.5)"); grad4j
    # keeps every number as a double, so a whole float given where the default is an int (weight_decay=2.0) prints
    # as an int there: not a case here
    ("Adam", "whole_floats", {"lr": 1.0, "betas": (0.0, 0.5)}, {"eps": 1.0, "weight_decay": 0.5}),
    ("Adagrad", "whole_floats", {"lr": 1.0}, {"lr_decay": 0.5, "eps": 0.0}),
]


def jsonable(v):
    if isinstance(v, tuple) or isinstance(v, list):
        return [float(x) for x in v]
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    return float(v)


SCALAR_STATE = ("step", "mu_product", "eta", "mu")   # numbers (PyTorch's ints or 0-d tensors), not per element


def state_entry(st):
    entry = {}
    for k, v in st.items():
        if v is None:
            continue
        if k in SCALAR_STATE:
            entry[k] = hx(v.item() if torch.is_tensor(v) else v)
        else:
            entry[k] = hexs(v)
    return entry


def optimizer_case(kind, name, opts, second, dtype):
    params = [rand(s, dtype).requires_grad_() for s in SHAPES]
    init = [hexs(p) for p in params]
    cls = getattr(torch.optim, kind)
    if second is None:
        opt = cls(params, **opts)
        groups = [[0, 1, 2]]
    else:
        opt = cls([{"params": [params[0], params[2]]}, dict({"params": [params[1]]}, **second)], **opts)
        groups = [[0, 2], [1]]
    order = [i for g in groups for i in g]   # the state dict's parameter indices follow the groups
    steps = []
    for s in range(STEPS):
        if s == 3:
            opt.param_groups[0]["lr"] *= 0.5
        grads = []
        for i, p in enumerate(params):
            if s == 2 and i == 1:
                p.grad = None
                grads.append(None)
            else:
                g = rand(SHAPES[i], dtype, 2.0 if s % 2 else 0.5)
                if s == 4:
                    g.view(-1)[0] = 0.0
                p.grad = g
                grads.append(hexs(g))
        opt.step()
        sd = opt.state_dict()["state"]
        state = []
        keys = []
        for i, p in enumerate(params):
            state.append(state_entry(opt.state[p]))
            k = order.index(i)
            # SGD without momentum keeps momentum_buffer = None: grad4j's state dict has no entry for a None
            keys.append([key for key, v in sd[k].items() if v is not None] if k in sd else [])
        steps.append({"grads": grads, "params": [hexs(p) for p in params], "state": state, "state_keys": keys,
                      "lrs": [hx(g["lr"]) for g in opt.param_groups]})
    sd = opt.state_dict()
    pg = [{k: jsonable(v) for k, v in g.items() if k not in IMPLEMENTATION_KEYS} for g in sd["param_groups"]]
    keys = [[k for k in g.keys() if k != "params"] for g in sd["param_groups"]]
    return {"optimizer": kind, "name": name, "dtype": dtype,
            "options": {k: jsonable(v) for k, v in opts.items()},
            "second": None if second is None else {k: jsonable(v) for k, v in second.items()},
            "groups": groups, "shapes": SHAPES, "init": init, "steps": steps, "param_groups": pg,
            "group_keys": keys, "repr": repr(opt)}


LBFGS_CASES = [
    ("default", {}),
    ("short_history", {"lr": 0.5, "max_iter": 5, "history_size": 3}),
    ("max_eval", {"max_iter": 10, "max_eval": 7, "lr": 0.25}),
    ("tolerances", {"tolerance_grad": 1e-3, "tolerance_change": 1e-4}),
    ("strong_wolfe", {"line_search_fn": "strong_wolfe"}),
    ("strong_wolfe_all", {"line_search_fn": "strong_wolfe", "lr": 0.8, "max_iter": 10, "history_size": 2,
                          "tolerance_change": 1e-6}),
    ("strong_wolfe_long", {"line_search_fn": "strong_wolfe", "max_iter": 40, "lr": 1.5}),
]


def lbfgs_loss(x, y):
    """A Rosenbrock-like loss: elementwise ops and sums only, so grad4j's forward and backward give PyTorch's bits."""
    a = x - 1.0
    u = y - x.view(2, 3) * x.view(2, 3)
    return (a * a).sum() + (u * u).sum() * 5.0


def lbfgs_case(name, opts, dtype):
    x = (rand([6], dtype) * 0.8).requires_grad_()
    y = rand([2, 3], dtype).requires_grad_()
    z = rand([3], dtype).requires_grad_()   # not in the loss: no gradient, zeros in the flat gradient
    params = [x, y, z]
    init = [hexs(p) for p in params]
    opt = torch.optim.LBFGS(params, **opts)
    calls = [0]

    def closure():
        calls[0] += 1
        opt.zero_grad()
        loss = lbfgs_loss(x, y)
        loss.backward()
        return loss

    steps = []
    for _ in range(3):
        calls[0] = 0
        loss = opt.step(closure)
        st = opt.state[x]
        steps.append({"params": [hexs(p) for p in params], "loss": hx(loss), "calls": calls[0],
                      "func_evals": st["func_evals"], "n_iter": st["n_iter"]})
    pg = [{k: jsonable(v) for k, v in g.items() if k not in IMPLEMENTATION_KEYS} for g in opt.state_dict()["param_groups"]]
    return {"name": name, "dtype": dtype, "options": {k: jsonable(v) for k, v in opts.items()},
            "shapes": [[6], [2, 3], [3]], "init": init, "steps": steps, "param_groups": pg, "repr": repr(opt)}


def lbfgs_errors():
    out = []
    p = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    q = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    try:
        torch.optim.LBFGS([{"params": [p]}, {"params": [q]}])
    except ValueError as e:
        out.append({"case": "groups", "kind": type(e).__name__, "message": str(e)})
    r = torch.ones(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([r], line_search_fn="backtracking")

    def closure():
        loss = (r * r).sum()
        loss.backward()
        return loss
    try:
        opt.step(closure)
    except RuntimeError as e:
        out.append({"case": "line_search_fn", "kind": type(e).__name__, "message": str(e)})
    try:
        torch.optim.LBFGS([])
    except ValueError as e:
        out.append({"case": "empty", "kind": type(e).__name__, "message": str(e)})
    assert len(out) == 3, out
    return out


# Constructor arguments PyTorch 1.13 refuses: (optimizer, options); params is one float64 leaf, or none with "empty".
ERRORS = [
    ("Adamax", {"lr": -0.001}), ("Adamax", {"eps": -1e-08}), ("Adamax", {"betas": (1.0, 0.999)}),
    ("Adamax", {"betas": (0.9, -0.5)}), ("Adamax", {"weight_decay": -0.1}),
    ("NAdam", {"lr": -1.0}), ("NAdam", {"eps": -0.5}), ("NAdam", {"betas": (-0.1, 0.9)}),
    ("NAdam", {"betas": (0.9, 1.0)}), ("NAdam", {"weight_decay": -1e-05}), ("NAdam", {"momentum_decay": -0.004}),
    ("RAdam", {"lr": -0.5}), ("RAdam", {"eps": -1.0}), ("RAdam", {"betas": (1.5, 0.9)}),
    ("RAdam", {"betas": (0.9, 2.0)}), ("RAdam", {"weight_decay": -2.0}),
    ("Adadelta", {"lr": -1.0}), ("Adadelta", {"rho": 1.5}), ("Adadelta", {"rho": -0.1}), ("Adadelta", {"eps": -1.0}),
    ("Adadelta", {"weight_decay": -0.01}),
    ("Rprop", {"lr": -0.01}), ("Rprop", {"etas": (1.0, 1.2)}), ("Rprop", {"etas": (0.5, 1.0)}),
    ("Rprop", {"etas": (0.0, 1.2)}), ("Rprop", {"etas": (0.5, 0.9)}),
    ("ASGD", {"lr": -0.01}), ("ASGD", {"weight_decay": -0.1}),
    ("SGD", {"lr": -0.1}), ("SGD", {"lr": 0.1, "momentum": -0.5}), ("SGD", {"lr": 0.1, "weight_decay": -1.0}),
    ("SGD", {"lr": 0.1, "nesterov": True}), ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True}),
    ("Adam", {"betas": (0.9, 1.0)}), ("AdamW", {"eps": -1.0}), ("Adagrad", {"lr_decay": -1.0}),
    ("Adagrad", {"initial_accumulator_value": -1.0}), ("RMSprop", {"alpha": -0.5}), ("RMSprop", {"momentum": -0.9}),
]
KINDS = ["Adamax", "NAdam", "RAdam", "Adadelta", "Rprop", "ASGD"]


def error_cases():
    out = []
    p = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    cases = [(k, o, False) for k, o in ERRORS] + [(k, {}, True) for k in KINDS]
    for kind, opts, empty in cases:
        try:
            getattr(torch.optim, kind)([] if empty else [p], **opts)
        except Exception as e:  # noqa: BLE001  (the class is part of the golden value)
            out.append({"optimizer": kind, "options": {k: jsonable(v) for k, v in opts.items()}, "empty": empty,
                        "kind": type(e).__name__, "message": str(e)})
            continue
        raise AssertionError("PyTorch accepted %s %s" % (kind, opts))
    return out


def blas_check():
    maps = open("/proc/self/maps").read()
    libs = sorted({line.split()[-1] for line in maps.splitlines() if "blas" in line})
    assert any(lib.startswith(REF_BLAS + "/libblas.so") for lib in libs), libs


def main():
    assert torch.__version__.startswith("1.13"), torch.__version__
    torch.mm(torch.ones(2, 2, dtype=torch.float64), torch.ones(2, 2, dtype=torch.float64))   # loads the BLAS
    blas_check()
    opts = [optimizer_case(k, n, o, s, dt) for dt in ["float64", "float32"] for k, n, o, s in CASES]
    lbfgs = [lbfgs_case(n, o, dt) for dt in ["float64", "float32"] for n, o in LBFGS_CASES]
    data = {"torch": torch.__version__, "steps": STEPS, "optimizers": opts, "lbfgs": lbfgs,
            "lbfgs_errors": lbfgs_errors(), "errors": error_cases()}
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(json.dumps(data, separators=(",", ":")).encode() + b"\n")
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
