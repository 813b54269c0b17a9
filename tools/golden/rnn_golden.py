#!/usr/bin/python3
"""Golden data for grad4j's recurrent layers: RNNCell, LSTMCell, GRUCell, RNN, LSTM and GRU, from PyTorch 1.13
on the CPU with the reference BLAS (as tools/golden/digits_torch.py selects it).

Run with Debian's PyTorch (python3-torch 1.13):  /usr/bin/python3 tools/golden/rnn_golden.py
Writes core/src/test/resources/golden/rnn.json. Every number is float.hex() of the value (float32 values widened to
double exactly). A module's parameters are drawn by torch.manual_seed(seed) then its constructor, as grad4j draws
them from new Generator(seed); inputs come from a private torch.Generator; for a training forward with dropout,
torch.manual_seed(dropout_seed) comes right before the forward (grad4j: Generator.manualSeedDefault). Gradients are
those of sum(output * c_out) + sum(h_n * c_h) (+ sum(c_n * c_c)), with fixed random c's.
"""
import json
import os
import sys

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

torch.set_num_threads(1)
DTYPES = {"float32": torch.float32, "float64": torch.float64}
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "core", "src", "test", "resources", "golden", "rnn.json")


def blas_check():
    with open("/proc/self/maps") as f:
        maps = f.read()
    libs = sorted({line.split()[-1] for line in maps.splitlines() if "blas" in line})
    assert any(lib.startswith(REF_BLAS + "/libblas.so") for lib in libs), libs


def enc(t):
    return [float(v).hex() for v in t.detach().reshape(-1).tolist()]


def tens(t):
    return {"shape": list(t.shape), "data": enc(t)}


def data(shape, dtype, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(shape, generator=g, dtype=torch.float64).to(dtype)


def fn_name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def make(kind, cfg, dtype):
    if kind in ("RNNCell", "LSTMCell", "GRUCell"):
        cls = getattr(nn, kind)
        kw = dict(bias=cfg["bias"], dtype=dtype)
        if kind == "RNNCell":
            kw["nonlinearity"] = cfg["nonlinearity"]
        return cls(cfg["input_size"], cfg["hidden_size"], **kw)
    cls = getattr(nn, kind)
    kw = dict(num_layers=cfg["num_layers"], bias=cfg["bias"], batch_first=cfg["batch_first"],
              dropout=cfg["dropout"], bidirectional=cfg["bidirectional"], dtype=dtype)
    if kind == "RNN":
        kw["nonlinearity"] = cfg["nonlinearity"]
    return cls(cfg["input_size"], cfg["hidden_size"], **kw)


def run_case(kind, cfg, dname, seed):
    dtype = DTYPES[dname]
    torch.manual_seed(seed)
    m = make(kind, cfg, dtype)
    params = {n: enc(p) for n, p in m.named_parameters()}
    if not cfg.get("training", True):
        m.eval()
    cell = kind.endswith("Cell")
    x = data(cfg["input_shape"], dtype, seed + 100).requires_grad_(True)
    hx = None
    leaves = {"x": x}
    if cfg.get("h0_shape") is not None:
        h0 = data(cfg["h0_shape"], dtype, seed + 200).requires_grad_(True)
        leaves["h0"] = h0
        hx = h0
        if kind in ("LSTM", "LSTMCell"):
            c0 = data(cfg["h0_shape"], dtype, seed + 300).requires_grad_(True)
            leaves["c0"] = c0
            hx = (h0, c0)
    torch.manual_seed(cfg.get("dropout_seed", 0))
    res = m(x, hx)
    if cell:
        outs = list(res) if kind == "LSTMCell" else [res]
        names = ["h", "c"][:len(outs)]
    else:
        outs = [res[0]] + (list(res[1]) if kind == "LSTM" else [res[1]])
        names = ["output", "h_n", "c_n"][:len(outs)]
    loss = 0
    results = {}
    for i, (n, t) in enumerate(zip(names, outs)):
        c = data(list(t.shape), dtype, seed + 400 + i)
        loss = loss + (t * c).sum()
        results[n] = dict(value=tens(t), c=enc(c), grad_fn=fn_name(t))
    loss.backward()
    grads = {n: enc(t.grad) for n, t in leaves.items()}
    grads.update({"param." + n: enc(p.grad) for n, p in m.named_parameters()})
    return dict(kind=kind, config=cfg, dtype=dname, seed=seed, params=params, repr=repr(m),
                inputs={n: tens(t) for n, t in leaves.items()}, results=results, grads=grads,
                state_dict_keys=list(m.state_dict().keys()))


def cell_cases():
    cases = []
    seed = 10
    for kind, nl in (("RNNCell", "tanh"), ("RNNCell", "relu"), ("LSTMCell", None), ("GRUCell", None)):
        for dname in DTYPES:
            for bias in (True, False):
                for batched, with_h in ((True, True), (True, False), (False, True), (False, False)):
                    if not bias and not (batched and with_h):
                        continue
                    cfg = dict(input_size=3, hidden_size=4, bias=bias, nonlinearity=nl,
                               input_shape=[5, 3] if batched else [3],
                               h0_shape=([5, 4] if batched else [4]) if with_h else None)
                    cases.append(run_case(kind, cfg, dname, seed))
                    seed += 1
    return cases


def layer_cases():
    configs = [
        dict(num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, input_shape=[5, 3, 3],
             h0_shape=None),
        dict(num_layers=2, bias=True, batch_first=True, dropout=0.0, bidirectional=True, input_shape=[3, 5, 3],
             h0_shape=[4, 3, 4]),
        dict(num_layers=3, bias=False, batch_first=False, dropout=0.5, bidirectional=True, input_shape=[4, 2, 3],
             h0_shape=None, dropout_seed=7),
        dict(num_layers=2, bias=True, batch_first=False, dropout=0.3, bidirectional=False, input_shape=[6, 3],
             h0_shape=[2, 4], dropout_seed=3),
        dict(num_layers=2, bias=True, batch_first=True, dropout=0.4, bidirectional=False, input_shape=[2, 4, 3],
             h0_shape=None, training=False),
        dict(num_layers=1, bias=True, batch_first=True, dropout=0.0, bidirectional=True, input_shape=[5, 3],
             h0_shape=None),
    ]
    cases = []
    seed = 100
    for kind, nl in (("RNN", "tanh"), ("RNN", "relu"), ("LSTM", None), ("GRU", None)):
        for dname in DTYPES:
            for cfg in configs:
                if nl == "relu" and cfg["num_layers"] == 1 and cfg["bidirectional"]:
                    continue
                c = dict(cfg, input_size=3, hidden_size=4, nonlinearity=nl)
                cases.append(run_case(kind, c, dname, seed))
                seed += 1
    return cases


def error_cases():
    """Each: a module spec, the shapes of input and hidden state(s), and PyTorch's error (type and message)."""
    specs = [
        ("RNNCell", {}, [2, 5], None), ("RNNCell", {}, [2, 3], [[3, 4]]), ("RNNCell", {}, [2, 3], [[2, 5]]),
        ("RNNCell", {}, [3], [[2, 4]]), ("RNNCell", {}, [2, 2, 3], None), ("LSTMCell", {}, [2, 3], [[2, 4], [3, 4]]),
        ("LSTMCell", {}, [2, 3], [[2, 4], [2, 5]]), ("LSTMCell", {}, [2, 5], None), ("GRUCell", {}, [2, 3], [[2, 5]]),
        ("GRUCell", {}, [], None),
        ("RNN", {}, [5, 2, 4], None), ("RNN", {}, [5, 2, 3, 1], None), ("RNN", {}, [0, 2, 3], None),
        ("RNN", {}, [5, 2, 3], [[2, 2, 4]]), ("RNN", {}, [5, 2, 3], [[2, 4]]), ("RNN", {}, [5, 3], [[1, 1, 4]]),
        ("RNN", {"batch_first": True}, [5, 2, 3], [[1, 2, 4]]), ("GRU", {"num_layers": 2}, [5, 2, 3], [[1, 2, 4]]),
        ("LSTM", {}, [5, 2, 3], [[1, 2, 4], [1, 3, 4]]), ("LSTM", {}, [5, 2, 3], [[1, 2, 4], [2, 4]]),
        ("LSTM", {}, [5, 3], [[1, 4], [1, 1, 4]]), ("LSTM", {"bidirectional": True}, [5, 2, 3], [[1, 2, 4], [2, 2, 4]]),
        ("LSTM", {}, [5, 2, 3], [[1, 2, 5], [1, 2, 4]]),
    ]
    out = []
    for kind, kw, shape, hshapes in specs:
        m = getattr(nn, kind)(3, 4, **kw)
        x = torch.zeros(shape)
        hs = None if hshapes is None else [torch.zeros(s) for s in hshapes]
        hx = None if hs is None else (tuple(hs) if len(hs) == 2 else hs[0])
        try:
            m(x, hx)
            err = None
        except (RuntimeError, AssertionError, IndexError) as e:
            err = dict(type=type(e).__name__, message=str(e))
        out.append(dict(kind=kind, kwargs=kw, input_shape=shape, hidden_shapes=hshapes, error=err))
    ctor = []
    for kind, args in (("RNN", dict(nonlinearity="sig")), ("RNN", dict(dropout=1.5)), ("LSTM", dict(dropout=-0.1)),
                       ("RNNCell", dict(nonlinearity="sig"))):
        try:
            getattr(nn, kind)(3, 4, **args)
            if kind == "RNNCell":
                getattr(nn, kind)(3, 4, **args)(torch.zeros(2, 3))
            err = None
        except (ValueError, RuntimeError) as e:
            err = dict(type=type(e).__name__, message=str(e))
        ctor.append(dict(kind=kind, kwargs=args, error=err))
    return out, ctor


def main():
    blas_check()
    errors, ctor_errors = error_cases()
    doc = dict(torch=torch.__version__, cells=cell_cases(), layers=layer_cases(), errors=errors,
               constructor_errors=ctor_errors)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(OUT), len(doc["cells"]), "cells,", len(doc["layers"]), "layers")


if __name__ == "__main__":
    main()
