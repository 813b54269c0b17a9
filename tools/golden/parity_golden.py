"""Golden values for higher-order gradients (PyTorch 1.13): backward and autograd.grad with create_graph=True.

Each case runs a small computation with create_graph=True, records the first-order gradients (values, grad_fn
names, requires_grad), then differentiates them again (Hessian-vector products, third derivatives, a WGAN-GP
gradient penalty, double backward through Linear + MSE, .grad of leaves built with a graph). Then var/std over
dims, corrections and memory layouts (transposed, permuted, sliced), whose bits must match; the strides of
clone() and to(dtype) (preserve_format) of views; Generator.get_state/set_state, bernoulli, exponential_ and
multinomial samples for seeded generators, and their errors; F.pad(mode="circular"). Inputs and results are
float.hex strings; ParityConformance replays each case by its name. Run with the reference BLAS:

    /usr/bin/python3 tools/golden/parity_golden.py   (writes core/src/test/resources/golden/parity.json.gz)
"""
import gzip
import json
import os
import sys

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
grad = torch.autograd.grad
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   "core", "src", "test", "resources", "golden", "parity.json.gz")


def hexes(t):
    return [float(v).hex() for v in t.detach().clone().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "data": hexes(t)}


def gen(seed):
    return torch.Generator().manual_seed(seed)


def randn(g, *shape, dtype=torch.float64):
    return torch.randn(tuple(shape), generator=g, dtype=torch.float64).to(dtype)


UNARY = {
    "tanh": torch.tanh, "sigmoid": torch.sigmoid, "exp": torch.exp, "log": torch.log, "relu": torch.relu,
    "sqrt": torch.sqrt, "sin": torch.sin, "cos": torch.cos, "square": lambda x: x * x,
    "pow3": lambda x: x.pow(3.0), "powhalf": lambda x: x.pow(0.5), "reciprocal": torch.reciprocal,
    "neg": torch.neg, "abs": torch.abs, "log1p": torch.log1p, "expm1": torch.expm1, "rsqrt": torch.rsqrt,
    "softmax": lambda x: torch.softmax(x, 1), "log_softmax": lambda x: torch.log_softmax(x, 1),
    "softmax0": lambda x: torch.softmax(x, 0), "logsumexp": lambda x: torch.logsumexp(x, 1),
    "sum_sq": lambda x: x.sum(1) ** 2, "mean_sq": lambda x: x.mean(1) ** 2, "mean_all_sq": lambda x: x.mean() ** 2,
    "div_scalar": lambda x: 2.0 / x, "rsub": lambda x: (1.0 - x) * x, "mul_scalar": lambda x: (x * 3.0) * x,
    "maximum": lambda x: torch.maximum(x, x.flip(1)) * x, "clamp": lambda x: x.clamp(-0.5, 0.5) * x,
    "t_matmul": lambda x: x.t() @ x, "var": lambda x: x.var(1), "std": lambda x: x.std(1),
    "norm": lambda x: x.norm(2, dim=1), "prod": lambda x: x.prod(1),
    "prod_zero": lambda x: (x - x[:, :1]).prod(1), "prod_all_zero": lambda x: (x - x[:1, :1]).prod(),
    "silu": F.silu, "gelu": F.gelu, "elu": F.elu, "leaky_relu": lambda x: F.leaky_relu(x, 0.1) * x,
    "softplus": F.softplus, "softplus_beta": lambda x: F.softplus(x, 2.0, 1.0), "elu_alpha": lambda x: F.elu(x, 0.5),
    "leaky_relu_plain": lambda x: F.leaky_relu(x, 0.1), "hardtanh": lambda x: F.hardtanh(x, -0.5, 0.5),
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"), "logsigmoid": F.logsigmoid, "erf": torch.erf,
    "cumsum": lambda x: x.cumsum(1) ** 2, "expand": lambda x: x[:, :1].expand(2, 3) * x,
    "view": lambda x: x.reshape(3, 2) @ x, "index": lambda x: x.index_select(1, torch.tensor([2, 0])) ** 2, "where": lambda x: torch.where(x > 0, x * x, x.exp()),
}
POSITIVE = {"log", "sqrt", "powhalf", "reciprocal", "log1p", "rsqrt", "div_scalar"}


def unary_case(name, dtype):
    g = gen(1 + len(name))
    x = randn(g, 2, 3, dtype=dtype)
    if name in POSITIVE:
        x = x.abs() + 0.5
    x.requires_grad_(True)
    y = UNARY[name](x)
    c = randn(g, *y.shape, dtype=dtype)
    v = randn(g, 2, 3, dtype=dtype)
    (g1,) = grad((y * c).sum(), x, create_graph=True)
    out = {"g1": g1}
    if g1.requires_grad:
        (h,) = grad((g1 * v).sum(), x, allow_unused=True)
        out["hvp"] = h
    return {"x": x, "c": c, "v": v}, out


BINARY = {
    "mul": torch.mul, "div": torch.div, "pow": torch.pow, "sub": lambda a, b: (a - b) * (a - b),
    "add": lambda a, b: (a + b) * a, "mul_bcast": lambda a, b: a * b[0], "div_bcast": lambda a, b: a / b[1],
    "matmul": lambda a, b: a @ b.t(), "maximum": lambda a, b: torch.maximum(a, b) * a,
    "atan2_like": lambda a, b: a * b.exp() / (a * a + b * b),
}


def binary_case(name, dtype):
    g = gen(50 + len(name))
    a = randn(g, 2, 3, dtype=dtype)
    b = randn(g, 2, 3, dtype=dtype)
    if name in ("div", "pow", "div_bcast"):
        b = b.abs() + 0.5
    if name == "pow":
        a = a.abs() + 0.5
    a.requires_grad_(True)
    b.requires_grad_(True)
    y = BINARY[name](a, b)
    c = randn(g, *y.shape, dtype=dtype)
    v = randn(g, 2, 3, dtype=dtype)
    w = randn(g, 2, 3, dtype=dtype)
    ga, gb = grad((y * c).sum(), (a, b), create_graph=True)
    ha, hb = grad((ga * v).sum() + (gb * w).sum(), (a, b), allow_unused=True)
    return {"a": a, "b": b, "c": c, "v": v, "w": w}, {"ga": ga, "gb": gb, "ha": ha, "hb": hb}


def loss_case(name, dtype):
    g = gen(90 + len(name))
    x = randn(g, 4, 5, dtype=dtype).requires_grad_(True)
    v = randn(g, 4, 5, dtype=dtype)
    ins = {"x": x, "v": v}
    if name.startswith("cross_entropy"):
        t = torch.tensor([1, 0, 4, 2])
        ins["t"] = t
        loss = F.cross_entropy(x, t, reduction="sum" if name.endswith("sum") else "mean")
    elif name == "nll_log_softmax":
        t = torch.tensor([3, 3, 0, 1])
        ins["t"] = t
        loss = F.nll_loss(F.log_softmax(x, 1), t)
    elif name.startswith("mse"):
        t = randn(g, 4, 5, dtype=dtype)
        ins["t"] = t
        loss = F.mse_loss(x, t, reduction="sum" if name.endswith("sum") else "mean")
    elif name == "bce_logits":
        t = torch.rand(4, 5, generator=g, dtype=torch.float64).to(dtype)
        ins["t"] = t
        loss = F.binary_cross_entropy_with_logits(x, t)
    elif name == "bce":
        t = torch.rand(4, 5, generator=g, dtype=torch.float64).to(dtype)
        ins["t"] = t
        loss = F.binary_cross_entropy(torch.sigmoid(x), t)
    (g1,) = grad(loss, x, create_graph=True)
    (h,) = grad((g1 * v).sum(), x)
    ins["t"] = ins["t"].to(torch.float64) if ins["t"].dtype == torch.int64 else ins["t"]
    return ins, {"loss": loss, "g1": g1, "hvp": h}


def linear_mse(dtype):
    g = gen(7)
    x = randn(g, 5, 3, dtype=dtype)
    w = randn(g, 2, 3, dtype=dtype).requires_grad_(True)
    b = randn(g, 2, dtype=dtype).requires_grad_(True)
    t = randn(g, 5, 2, dtype=dtype)
    loss = F.mse_loss(F.linear(x, w, b), t)
    gw, gb = grad(loss, (w, b), create_graph=True)
    pen = gw.pow(2).sum() + gb.pow(2).sum()
    pen.backward()
    return {"x": x, "w": w, "b": b, "t": t}, {"gw": gw, "gb": gb, "pen": pen, "w.grad": w.grad, "b.grad": b.grad}


def wgan_gp(dtype, act):
    g = gen(11)
    w1 = randn(g, 8, 3, dtype=dtype).requires_grad_(True)
    b1 = randn(g, 8, dtype=dtype).requires_grad_(True)
    w2 = randn(g, 1, 8, dtype=dtype).requires_grad_(True)
    b2 = randn(g, 1, dtype=dtype).requires_grad_(True)
    real = randn(g, 4, 3, dtype=dtype)
    fake = randn(g, 4, 3, dtype=dtype)
    eps = torch.rand(4, 1, generator=g, dtype=torch.float64).to(dtype)
    f = torch.tanh if act == "tanh" else torch.relu

    def d(x):
        return F.linear(f(F.linear(x, w1, b1)), w2, b2)

    xh = (eps * real + (1 - eps) * fake).requires_grad_(True)
    out = d(xh)
    (gx,) = grad(out, xh, grad_outputs=torch.ones_like(out), create_graph=True)
    gp = ((gx.norm(2, dim=1) - 1) ** 2).mean()
    loss = d(fake).mean() - d(real).mean() + 10 * gp
    loss.backward()
    ins = {"w1": w1, "b1": b1, "w2": w2, "b2": b2, "real": real, "fake": fake, "eps": eps}
    return ins, {"gx": gx, "gp": gp, "loss": loss, "w1.grad": w1.grad, "b1.grad": b1.grad, "w2.grad": w2.grad,
                 "b2.grad": b2.grad}


def leaf_grad_graph(dtype):
    g = gen(13)
    x = randn(g, 3, dtype=dtype).requires_grad_(True)
    y = (x ** 3).sum()
    y.backward(create_graph=True)
    first = x.grad
    out = {"grad1": first}
    y.backward(create_graph=True)   # retain_graph defaults to create_graph
    out["grad2"] = x.grad
    (h,) = grad(x.grad.sum(), x)
    out["hess"] = h
    return {"x": x}, out


def third_order(dtype, op):
    g = gen(17)
    x = randn(g, 4, dtype=dtype).requires_grad_(True)
    y = (x.pow(3.0) if op == "pow3" else torch.tanh(x) if op == "tanh" else torch.sigmoid(x) * x).sum()
    (g1,) = grad(y, x, create_graph=True)
    (g2,) = grad(g1.sum(), x, create_graph=True)
    (g3,) = grad(g2.sum(), x)
    return {"x": x}, {"g1": g1, "g2": g2, "g3": g3}


def seeded(dtype):
    """backward(gradient, create_graph=True) with a gradient that itself requires grad: the result depends on it."""
    g = gen(19)
    x = randn(g, 2, 3, dtype=dtype).requires_grad_(True)
    s = randn(g, 2, 3, dtype=dtype).requires_grad_(True)
    y = torch.tanh(x) * x
    y.backward(s, create_graph=True)
    gx = x.grad
    (gs, hx) = grad((gx * gx).sum(), (s, x))
    return {"x": x, "s": s}, {"x.grad": gx, "gs": gs, "hx": hx}


def layers_case(name, dtype):
    """A gradient penalty through conv2d, layer_norm, batch_norm (eval) and pooling: grad of the input with a graph,
    then the penalty's backward into the parameters."""
    g = gen(23 + len(name))
    ins = {}
    if name.startswith("conv"):
        x = randn(g, 2, 2, 5, 5, dtype=dtype).requires_grad_(True)
        w = randn(g, 4, 2 if name == "conv" else 1, 3, 3, dtype=dtype).requires_grad_(True)
        b = randn(g, 4, dtype=dtype).requires_grad_(True)
        y = F.conv2d(x, w, b, padding=1, groups=1 if name == "conv" else 2).tanh().sum()
        params = (w, b)
    elif name == "layer_norm":
        x = randn(g, 3, 4, dtype=dtype).requires_grad_(True)
        w = randn(g, 4, dtype=dtype).requires_grad_(True)
        b = randn(g, 4, dtype=dtype).requires_grad_(True)
        y = F.layer_norm(x, [4], w, b).tanh().sum()
        params = (w, b)
    elif name.startswith("batch_norm"):
        x = randn(g, 5, 3, dtype=dtype).requires_grad_(True)
        w = randn(g, 3, dtype=dtype).requires_grad_(True)
        b = randn(g, 3, dtype=dtype).requires_grad_(True)
        rm = randn(g, 3, dtype=dtype)
        rv = torch.rand(3, generator=g, dtype=torch.float64).to(dtype) + 0.5
        ins.update({"rm": rm, "rv": rv})
        y = F.batch_norm(x, rm.clone(), rv.clone(), w, b, training=name == "batch_norm_train").sigmoid().sum()
        params = (w, b)
    else:
        x = randn(g, 1, 2, 4, 4, dtype=dtype).requires_grad_(True)
        w = randn(g, 2, 1, 1, dtype=dtype).requires_grad_(True)
        b = None
        pool = F.max_pool2d if name == "max_pool" else F.avg_pool2d
        y = pool((x * w).tanh(), 2).pow(2.0).sum()
        params = (w,)
    ins.update({"x": x, "w": w})
    if b is not None:
        ins["b"] = b
    (gx,) = grad(y, x, create_graph=True)
    pen = gx.pow(2.0).sum()
    pen.backward()
    out = {"gx": gx, "pen": pen, "x.grad": x.grad}
    for k, p in zip(("w.grad", "b.grad"), params):
        out[k] = p.grad
    return ins, out


def describe(ins, outs, name, dtype):
    o = []
    for k, t in outs.items():
        if t is None:
            o.append({"name": k, "none": True})
            continue
        o.append({"name": k, "grad_fn": type(t.grad_fn).__name__ if t.grad_fn is not None else None,
                  "requires_grad": t.requires_grad, **enc(t)})
    return {"name": name, "dtype": str(dtype).replace("torch.", ""),
            "inputs": {k: enc(v) for k, v in ins.items()}, "outputs": o}


cases = []
for dtype in (torch.float64, torch.float32):
    for n in UNARY:
        cases.append(describe(*unary_case(n, dtype), "unary:" + n, dtype))
    for n in BINARY:
        cases.append(describe(*binary_case(n, dtype), "binary:" + n, dtype))
    for n in ("cross_entropy", "cross_entropy_sum", "nll_log_softmax", "mse", "mse_sum", "bce_logits", "bce"):
        cases.append(describe(*loss_case(n, dtype), "loss:" + n, dtype))
    cases.append(describe(*linear_mse(dtype), "linear_mse", dtype))
    cases.append(describe(*wgan_gp(dtype, "tanh"), "wgan_gp:tanh", dtype))
    cases.append(describe(*wgan_gp(dtype, "relu"), "wgan_gp:relu", dtype))
    cases.append(describe(*leaf_grad_graph(dtype), "leaf_grad_graph", dtype))
    for op in ("pow3", "tanh", "sigmoid_x"):
        cases.append(describe(*third_order(dtype, op), "third:" + op, dtype))
    cases.append(describe(*seeded(dtype), "seeded", dtype))
    for n in ("conv", "conv_groups", "layer_norm", "batch_norm_eval", "batch_norm_train", "max_pool", "avg_pool"):
        cases.append(describe(*layers_case(n, dtype), "layers:" + n, dtype))

moments = []
for dtype in (torch.float64, torch.float32):
    g = gen(29)
    for shape, dims, layout in [((1000,), None, None), ((37, 53), None, None), ((37, 53), [1], None),
                                ((37, 53), [0], None), ((37, 53), [0, 1], None), ((4, 5, 6), [0, 2], None),
                                ((4, 5, 6), [1], None), ((4, 5, 6), [-1], None), ((3, 200), [1], None),
                                ((200, 3), [0], None), ((37, 53), [1], "t"), ((37, 53), [0], "t"),
                                ((37, 53), None, "t"), ((4, 5, 6), None, "perm"), ((4, 5, 6), [0, 1], "perm"),
                                ((4, 5, 6), [2], "perm"), ((6, 8), None, "slice"), ((6, 8), [1], "slice"),
                                ((1, 9), [1], None), ((5,), [0], None), ((), None, None), ((2, 3), [], None),
                                ((3, 1000), [1], None), ((4096,), None, None)]:
        base = torch.randn(shape, generator=g, dtype=torch.float64) * 3 + 5
        x = base.to(dtype)
        if layout == "t":
            x = x.t().contiguous().t()
        elif layout == "perm":
            x = x.permute(2, 0, 1).contiguous().permute(1, 2, 0)
        elif layout == "slice":
            x = torch.randn(12, 8, generator=g, dtype=torch.float64).to(dtype)[::2]
        results = []
        for corr in (0, 1, 2):
            for keepdim in (False, True):
                for std in (False, True):
                    f = torch.std if std else torch.var
                    r = f(x, dim=dims, correction=corr, keepdim=keepdim)
                    results.append({"correction": corr, "keepdim": keepdim, "std": std, "out_shape": list(r.shape),
                                    "out": hexes(r)})
        moments.append({"dtype": str(dtype).replace("torch.", ""), "data": hexes(x), "shape": list(x.shape),
                        "strides": list(x.stride()), "layout": layout, "dims": dims, "results": results})

# clone() / to(dtype) / contiguous() strides (preserve_format) for views built by the same recipe in Java
LAYOUTS = {
    "t": lambda: torch.arange(24.0).reshape(4, 6).t(),
    "perm": lambda: torch.arange(24.0).reshape(2, 3, 4).permute(2, 0, 1),
    "perm_cl": lambda: torch.arange(120.0).reshape(2, 3, 4, 5).permute(0, 2, 3, 1),
    "slice": lambda: torch.arange(24.0).reshape(4, 6)[:, 0:6:2],
    "slice_t": lambda: torch.arange(24.0).reshape(4, 6)[:, 0:6:2].t(),
    "slice_perm": lambda: torch.arange(48.0).reshape(2, 4, 6)[:, :, 0:6:2].permute(2, 0, 1),
    "expand": lambda: torch.arange(3.0).reshape(3, 1).expand(3, 4),
    "expand_t": lambda: torch.arange(3.0).reshape(1, 3).expand(4, 3).t(),
    "size1_t": lambda: torch.arange(4.0).reshape(1, 4).t(),
    "diagonal": lambda: torch.arange(16.0).reshape(4, 4).diagonal(),
    "select_t": lambda: torch.arange(24.0).reshape(2, 3, 4).transpose(1, 2).select(0, 1),
    "contiguous": lambda: torch.arange(6.0).reshape(2, 3),
    "scalar": lambda: torch.tensor(2.0),
}
strides = []
for name, make in LAYOUTS.items():
    x = make()
    strides.append({"name": name, "shape": list(x.shape), "strides": list(x.stride()),
                    "clone": list(x.clone().stride()), "to": list(x.to(torch.float64).stride()),
                    "contiguous": list(x.contiguous().stride()), "values": x.reshape(-1).tolist(),
                    "clone_t_grad": list(x.clone().requires_grad_(True).stride())})

# Generator state (get_state bytes after draws, set_state then draws), bernoulli, exponential_, multinomial
rng = {"states": [], "samples": [], "errors": []}
for seed, draws in [(0, []), (42, ["randn3"]), (7, ["rand700"]), (123, ["randn3", "rand5"]), (5, ["randn16"])]:
    g = torch.Generator().manual_seed(seed)
    for d in draws:
        if d.startswith("randn"):
            torch.randn(int(d[5:]), generator=g, dtype=torch.float64)
        else:
            torch.rand(int(d[4:]), generator=g)
    state = g.get_state()
    after = torch.randn(3, generator=g, dtype=torch.float64)
    after_rand = torch.rand(4, generator=g)
    g2 = torch.Generator()
    g2.set_state(state)
    again = torch.randn(3, generator=g2, dtype=torch.float64)
    assert torch.equal(again, after)
    rng["states"].append({"seed": seed, "draws": draws, "state": state.tolist(), "after": hexes(after),
                          "after_rand": hexes(after_rand)})


def sample_case(name, fn, seed=3):
    g = torch.Generator().manual_seed(seed)
    out = fn(g)
    tail = torch.rand(2, generator=g, dtype=torch.float64)   # where the stream was left
    rng["samples"].append({"name": name, "dtype": str(out.dtype).replace("torch.", ""), "shape": list(out.shape),
                           "strides": list(out.stride()), "out": [int(v) for v in out.reshape(-1).tolist()]
                           if not out.dtype.is_floating_point else hexes(out), "tail": hexes(tail)})


PG = torch.Generator().manual_seed(99)
P64 = torch.rand(3, 5, generator=PG, dtype=torch.float64)
P32 = P64.to(torch.float32)
W = torch.tensor([0.1, 2.0, 0.0, 0.7, 1.5, 0.3], dtype=torch.float64)
W2 = torch.rand(3, 5, generator=PG, dtype=torch.float64) + 0.05
rng["inputs"] = {"p64": hexes(P64), "w": hexes(W), "w2": hexes(W2)}
sample_case("bernoulli_p64", lambda g: torch.bernoulli(P64, generator=g))
sample_case("bernoulli_p32", lambda g: torch.bernoulli(P32, generator=g))
sample_case("bernoulli_p64_t", lambda g: torch.bernoulli(P64.t(), generator=g))
sample_case("bernoulli_scalar_f32", lambda g: torch.empty(7, dtype=torch.float32).bernoulli_(0.3, generator=g))
sample_case("bernoulli_scalar_i64", lambda g: torch.empty(2, 5, dtype=torch.int64).bernoulli_(0.6, generator=g))
sample_case("bernoulli_scalar_t", lambda g: torch.empty(5, 3, dtype=torch.float64).t().bernoulli_(0.5, generator=g))
sample_case("bernoulli_tensor_bcast", lambda g: torch.empty(3, 5, dtype=torch.float64).bernoulli_(P64[0], generator=g))
sample_case("bernoulli_tensor_f32p", lambda g: torch.empty(3, 5, dtype=torch.float64).bernoulli_(P32, generator=g))
sample_case("exponential_f64", lambda g: torch.empty(6, dtype=torch.float64).exponential_(2.0, generator=g))
sample_case("exponential_f32", lambda g: torch.empty(2, 3, dtype=torch.float32).exponential_(1.0, generator=g))
sample_case("random_f64", lambda g: torch.empty(5, dtype=torch.float64).random_(generator=g))
sample_case("random_f32", lambda g: torch.empty(2, 3, dtype=torch.float32).random_(generator=g))
sample_case("random_i64", lambda g: torch.empty(4, dtype=torch.int64).random_(generator=g))
sample_case("random_u8", lambda g: torch.empty(6, dtype=torch.uint8).random_(generator=g))
sample_case("random_bool", lambda g: torch.empty(6, dtype=torch.bool).random_(generator=g))
sample_case("random_from_to", lambda g: torch.empty(3, 4, dtype=torch.int64).random_(-5, 7, generator=g))
sample_case("random_to_f32", lambda g: torch.empty(8, dtype=torch.float32).random_(0, 10, generator=g))
sample_case("random_wide", lambda g: torch.empty(4, dtype=torch.int64).random_(0, 1 << 40, generator=g))
sample_case("random_t", lambda g: torch.empty(4, 3, dtype=torch.float64).t().random_(0, 100, generator=g))
sample_case("multinomial_1d_norep", lambda g: torch.multinomial(W, 3, generator=g))
sample_case("multinomial_1d_one", lambda g: torch.multinomial(W, 1, generator=g))
sample_case("multinomial_1d_rep", lambda g: torch.multinomial(W, 10, True, generator=g))
sample_case("multinomial_1d_rep_f32", lambda g: torch.multinomial(W.float(), 10, True, generator=g))
sample_case("multinomial_2d_norep", lambda g: torch.multinomial(W2, 4, generator=g))
sample_case("multinomial_2d_norep_f32", lambda g: torch.multinomial(W2.float(), 5, generator=g))
sample_case("multinomial_2d_rep", lambda g: torch.multinomial(W2, 7, True, generator=g))
sample_case("multinomial_2d_one", lambda g: torch.multinomial(W2, 1, True, generator=g))


def rng_err(name, fn):
    try:
        fn(torch.Generator().manual_seed(0))
        rng["errors"].append({"name": name, "error": None})
    except Exception as e:  # noqa: BLE001
        rng["errors"].append({"name": name, "error": type(e).__name__, "message": str(e).split("\n")[0]})


rng_err("multinomial_negative", lambda g: torch.multinomial(torch.tensor([0.5, -0.1, 0.2], dtype=torch.float64), 1,
                                                            generator=g))
rng_err("multinomial_negative_rep", lambda g: torch.multinomial(torch.tensor([0.5, -0.1, 0.2], dtype=torch.float64),
                                                                2, True, generator=g))
rng_err("multinomial_too_many", lambda g: torch.multinomial(W, 7, generator=g))
rng_err("multinomial_zero_sum", lambda g: torch.multinomial(torch.zeros(3, dtype=torch.float64), 1, generator=g))
rng_err("multinomial_3d", lambda g: torch.multinomial(torch.ones(2, 2, 2, dtype=torch.float64), 1, generator=g))
rng_err("multinomial_int", lambda g: torch.multinomial(torch.ones(3, dtype=torch.int64), 1, generator=g))
rng_err("multinomial_zero_samples", lambda g: torch.multinomial(W, 0, generator=g))
rng_err("bernoulli_p_range", lambda g: torch.bernoulli(torch.tensor([0.5, 1.5], dtype=torch.float64), generator=g))
rng_err("bernoulli_scalar_range", lambda g: torch.empty(2, dtype=torch.float64).bernoulli_(1.5, generator=g))
rng_err("exponential_lambda", lambda g: torch.empty(2, dtype=torch.float64).exponential_(-1.0, generator=g))
rng_err("random_from_to", lambda g: torch.empty(2, dtype=torch.int64).random_(5, 3, generator=g))
rng_err("set_state_size", lambda g: g.set_state(torch.zeros(10, dtype=torch.uint8)))

# F.pad(mode="circular"): values, the gradient of a weighted sum, and the errors
pads = []
for shape, pad in [((1, 2, 3), (2, 1)), ((1, 1, 3), (3, 3)), ((1, 1, 3), (-1, 1)), ((2, 1, 3, 4), (1, 2, -1, 1)),
                   ((1, 2, 3, 4), (0, 0, 2, 2)), ((1, 1, 2, 3, 2), (1, 1, 1, 0, 2, 1)), ((1, 1, 5), (-2, -1)),
                   ((1, 1, 0), (0, 0))]:
    x = torch.arange(float(max(1, torch.Size(shape).numel())), dtype=torch.float64)[:torch.Size(shape).numel()]
    x = x.reshape(shape).requires_grad_(True)
    y = F.pad(x, pad, mode="circular")
    w = torch.arange(float(y.numel()), dtype=torch.float64).reshape(y.shape)
    (y * w).sum().backward()
    pads.append({"shape": list(shape), "pad": list(pad), "out_shape": list(y.shape), "out": y.reshape(-1).tolist(),
                 "grad": x.grad.reshape(-1).tolist(), "grad_fn": type(y.grad_fn).__name__ if y.grad_fn else None})
pad_errors = []
for shape, pad in [((1, 1, 3), (4, 0)), ((2, 3), (1, 1)), ((1, 2, 3), (1, 1, 1, 1)), ((1, 1, 3), (-2, -2)), ((3,), (1, 1)),
                   ((2, 3), ()), ((1, 1, 2, 2, 2, 2), (1, 1))]:
    try:
        F.pad(torch.ones(shape), pad, mode="circular")
        pad_errors.append({"shape": list(shape), "pad": list(pad), "error": None})
    except Exception as e:  # noqa: BLE001
        pad_errors.append({"shape": list(shape), "pad": list(pad), "error": type(e).__name__,
                           "message": str(e).split("\n")[0]})

errors = []


def err(name, fn):
    try:
        fn()
        errors.append({"name": name, "error": None})
    except Exception as e:  # noqa: BLE001
        errors.append({"name": name, "error": type(e).__name__, "message": str(e).split("\n")[0]})


def no_graph_second():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    (g1,) = grad((x ** 3).sum(), x)
    grad(g1.sum(), x)


def twice_without_retain():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    y = (x.exp() * x).sum()
    (g1,) = grad(y, x, create_graph=True, retain_graph=False)
    y.backward()


def double_through_freed():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    (g1,) = grad(torch.tanh(x).sum(), x, create_graph=True)
    g1.sum().backward()
    g1.sum().backward()


def create_graph_retains():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(create_graph=True)
    y.backward()


def linear_in_g():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    (g1,) = grad((x * 2.0).sum(), x, create_graph=True)
    grad(g1.sum(), x)


err("grad_of_grad_without_create_graph", no_graph_second)
err("backward_after_retain_false", twice_without_retain)
err("double_backward_twice", double_through_freed)
err("create_graph_retains_graph", create_graph_retains)
err("gradient_constant_in_x", linear_in_g)

with gzip.open(OUT, "wt") as f:
    json.dump({"cases": cases, "errors": errors, "moments": moments, "strides": strides, "rng": rng,
               "pads": pads, "pad_errors": pad_errors}, f)
