#!/usr/bin/python3
"""Golden data for grad4j's recurrent layers (RNNCell, LSTMCell, GRUCell, RNN, LSTM, GRU), MultiheadAttention,
TransformerEncoderLayer and TransformerEncoder, from PyTorch 1.13
on the CPU with the reference BLAS (as tools/golden/digits_torch.py selects it).

Run with Debian's PyTorch (python3-torch 1.13):  /usr/bin/python3 tools/golden/rnn_golden.py
Writes core/src/test/resources/golden/rnn.json.gz (gzip without a timestamp: the same bytes on each run). Every
number is float.hex() of the value (float32 values widened to
double exactly). A module's parameters are drawn by torch.manual_seed(seed) then its constructor, as grad4j draws
them from new Generator(seed); inputs come from a private torch.Generator; for a training forward with dropout,
torch.manual_seed(dropout_seed) comes right before the forward (grad4j: Generator.manualSeedDefault). Gradients are
those of sum(output * c_out) + sum(h_n * c_h) (+ sum(c_n * c_c)), with fixed random c's.
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
import torch.nn as nn  # noqa: E402

torch.set_num_threads(1)
DTYPES = {"float32": torch.float32, "float64": torch.float64}
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "core", "src", "test", "resources", "golden", "rnn.json.gz")


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
    if cfg.get("proj_size"):
        kw["proj_size"] = cfg["proj_size"]
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
            c0 = data(cfg.get("c0_shape", cfg["h0_shape"]), dtype, seed + 300).requires_grad_(True)
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
    projections = [  # LSTM's proj_size: hidden states of proj_size, cell states of hidden_size
        dict(num_layers=2, bias=True, batch_first=False, dropout=0.0, bidirectional=True, input_shape=[4, 2, 3],
             h0_shape=[4, 2, 2], c0_shape=[4, 2, 4], proj_size=2),
        dict(num_layers=2, bias=False, batch_first=True, dropout=0.5, bidirectional=False, input_shape=[5, 3],
             h0_shape=None, proj_size=3, dropout_seed=11),
    ]
    for dname in DTYPES:
        for cfg in projections:
            cases.append(run_case("LSTM", dict(cfg, input_size=3, hidden_size=4, nonlinearity=None), dname, seed))
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
        ("LSTM", {}, [5, 2, 3], [[1, 2, 5], [1, 2, 4]]), ("RNN", {}, [5, 2, 3, 1], [[1, 2, 4]]),
        ("GRU", {"batch_first": True}, [3], None), ("LSTM", {}, [5, 2, 3, 1], [[1, 4], [1, 4]]),
        ("GRU", {}, [5, 3], [[2, 4]]), ("RNN", {"bidirectional": True}, [4, 3], [[1, 4]]),
        ("LSTM", {"proj_size": 2}, [5, 2, 3], [[1, 2, 4], [1, 2, 4]]),
        ("LSTM", {"proj_size": 2}, [5, 2, 3], [[1, 2, 2], [1, 2, 2]]),
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
                       ("RNNCell", dict(nonlinearity="sig")), ("LSTM", dict(proj_size=4)),
                       ("LSTM", dict(proj_size=-1))):
        try:
            getattr(nn, kind)(3, 4, **args)
            if kind == "RNNCell":
                getattr(nn, kind)(3, 4, **args)(torch.zeros(2, 3))
            err = None
        except (ValueError, RuntimeError) as e:
            err = dict(type=type(e).__name__, message=str(e))
        ctor.append(dict(kind=kind, kwargs=args, error=err))
    return out, ctor


def mha_cases():
    """nn.MultiheadAttention: parameters drawn after torch.manual_seed(seed); inputs by role ('self': q = k = v one
    tensor, 'kv': k = v, 'all': three tensors); masks made from fixed patterns."""
    configs = [
        dict(embed_dim=4, num_heads=2, dropout=0.0, bias=True, kdim=None, vdim=None, batch_first=False),
        dict(embed_dim=6, num_heads=3, dropout=0.0, bias=True, kdim=5, vdim=3, batch_first=True),
        dict(embed_dim=4, num_heads=1, dropout=0.0, bias=False, kdim=None, vdim=None, batch_first=True),
        dict(embed_dim=4, num_heads=2, dropout=0.4, bias=True, kdim=None, vdim=None, batch_first=False),
        dict(embed_dim=4, num_heads=2, dropout=0.0, bias=True, kdim=None, vdim=None, batch_first=False,
             add_bias_kv=True, add_zero_attn=False),
        dict(embed_dim=6, num_heads=2, dropout=0.0, bias=False, kdim=5, vdim=3, batch_first=True,
             add_bias_kv=True, add_zero_attn=True),
        dict(embed_dim=4, num_heads=2, dropout=0.2, bias=True, kdim=None, vdim=None, batch_first=False,
             add_bias_kv=False, add_zero_attn=True),
    ]
    for cfg in configs:
        cfg.setdefault("add_bias_kv", False)
        cfg.setdefault("add_zero_attn", False)
    L, S, N = 3, 5, 2
    calls = [
        dict(roles="self", batched=True),
        dict(roles="kv", batched=True, attn_mask="bool2"),
        dict(roles="all", batched=True, attn_mask="float2", key_padding_mask="bool", average=False),
        dict(roles="all", batched=True, attn_mask="bool3", key_padding_mask="bool"),
        dict(roles="kv", batched=True, key_padding_mask="float", need_weights=False),
        dict(roles="all", batched=True, attn_mask="float3", key_padding_mask="bool"),
        dict(roles="self", batched=False, attn_mask="bool2"),
        dict(roles="all", batched=False, key_padding_mask="bool", average=False),
        dict(roles="kv", batched=True, training=False),
    ]
    cases = []
    seed = 500
    for dname, dtype in DTYPES.items():
        for ci, cfg in enumerate(configs):
            for call in calls:
                if cfg["kdim"] is not None and call["roles"] != "all":
                    continue
                torch.manual_seed(seed)
                m = nn.MultiheadAttention(cfg["embed_dim"], cfg["num_heads"], dropout=cfg["dropout"], bias=cfg["bias"],
                                          add_bias_kv=cfg["add_bias_kv"], add_zero_attn=cfg["add_zero_attn"],
                                          kdim=cfg["kdim"], vdim=cfg["vdim"], batch_first=cfg["batch_first"],
                                          dtype=dtype)
                params = {n: enc(p) for n, p in m.named_parameters()}
                if not call.get("training", True):
                    m.eval()
                E, Ek, Ev = cfg["embed_dim"], cfg["kdim"] or cfg["embed_dim"], cfg["vdim"] or cfg["embed_dim"]
                batched = call["batched"]
                src = L if call["roles"] == "self" else S

                def shape(n, e):
                    if not batched:
                        return [n, e]
                    return [N, n, e] if cfg["batch_first"] else [n, N, e]
                leaves = {}
                q = data(shape(L, E), dtype, seed + 1).requires_grad_(True)
                leaves["query"] = q
                if call["roles"] == "self":
                    k = v = q
                elif call["roles"] == "kv":
                    k = v = data(shape(S, Ek), dtype, seed + 2).requires_grad_(True)
                    leaves["key"] = k
                else:
                    k = data(shape(S, Ek), dtype, seed + 2).requires_grad_(True)
                    v = data(shape(S, Ev), dtype, seed + 3).requires_grad_(True)
                    leaves["key"] = k
                    leaves["value"] = v
                nb = N if batched else 1
                masks = {}
                am = call.get("attn_mask")
                g = torch.Generator().manual_seed(seed + 9)
                if am == "bool2":
                    masks["attn_mask"] = torch.rand(L, src, generator=g) < 0.3
                elif am == "float2":
                    masks["attn_mask"] = torch.randn(L, src, generator=g, dtype=torch.float64).to(dtype)
                elif am == "bool3":
                    masks["attn_mask"] = torch.rand(nb * cfg["num_heads"], L, src, generator=g) < 0.3
                elif am == "float3":
                    masks["attn_mask"] = torch.randn(nb * cfg["num_heads"], L, src, generator=g, dtype=torch.float64).to(dtype)
                kp = call.get("key_padding_mask")
                kshape = [N, src] if batched else [src]
                if kp == "bool":
                    pad = torch.zeros(kshape, dtype=torch.bool)
                    pad[..., -1] = True
                    if batched:
                        pad[0, 1] = True
                    masks["key_padding_mask"] = pad
                elif kp == "float":
                    masks["key_padding_mask"] = torch.randn(kshape, generator=g, dtype=torch.float64).to(dtype)
                torch.manual_seed(seed + 7)
                out, w = m(q, k, v, key_padding_mask=masks.get("key_padding_mask"),
                           need_weights=call.get("need_weights", True), attn_mask=masks.get("attn_mask"),
                           average_attn_weights=call.get("average", True))
                results = {}
                loss = 0
                for i, (n, t) in enumerate((("attn_output", out), ("attn_output_weights", w))):
                    if t is None:
                        continue
                    c = data(list(t.shape), dtype, seed + 20 + i)
                    loss = loss + (t * c).sum()
                    results[n] = dict(value=tens(t), c=enc(c), grad_fn=fn_name(t))
                loss.backward()
                grads = {n: enc(t.grad) for n, t in leaves.items()}
                grads.update({"param." + n: enc(p.grad) for n, p in m.named_parameters()})
                cases.append(dict(config=cfg, call=call, dtype=dname, seed=seed, params=params, repr=repr(m),
                                  state_dict_keys=list(m.state_dict().keys()),
                                  inputs={n: tens(t) for n, t in leaves.items()},
                                  masks={n: dict(dtype=str(t.dtype).replace("torch.", ""), value=tens(t.double()))
                                         for n, t in masks.items()},
                                  results=results, grads=grads))
                seed += 1
    return cases


def mha_error_cases():
    specs = [
        (dict(), [3, 2, 4], [5, 2, 4], [5, 2, 4], dict(attn_mask=[3, 4])),
        (dict(), [3, 2, 4], [5, 2, 4], [5, 2, 4], dict(attn_mask=[5, 3, 5])),
        (dict(), [3, 2, 4], [5, 2, 4], [6, 2, 4], dict()),
        (dict(), [3, 2, 5], [5, 2, 5], [5, 2, 5], dict()),
        (dict(), [3, 2, 4], [5, 4], [5, 4], dict()),
        (dict(), [3, 4], [5, 4], [5, 4], dict(key_padding_mask=[2, 5])),
        (dict(), [3, 2, 4], [5, 2, 4], [5, 2, 4], dict(key_padding_mask=[2, 4])),
        (dict(), [2, 3, 2, 4], [5, 2, 4], [5, 2, 4], dict()),
        (dict(), [3, 4], [5, 4], [5, 4], dict(attn_mask=[3, 3, 5])),
        (dict(), [3, 2, 4], [5, 2, 4], [5, 2, 4], dict(attn_mask=[1, 3, 3, 5])),
        (dict(kdim=3, vdim=2), [3, 2, 4], [5, 2, 3], [6, 2, 2], dict()),
    ]
    out = []
    for kw, qs, ks, vs, masks in specs:
        m = nn.MultiheadAttention(4, 2, **kw)
        args = {n: torch.zeros(s, dtype=torch.bool) for n, s in masks.items()}
        try:
            m(torch.zeros(qs), torch.zeros(ks), torch.zeros(vs), **args)
            err = None
        except (RuntimeError, AssertionError) as e:
            err = dict(type=type(e).__name__, message=str(e))
        out.append(dict(kwargs=kw, query=qs, key=ks, value=vs, masks=masks, error=err))
    return out


def transformer_cases():
    """nn.TransformerEncoderLayer and nn.TransformerEncoder (deep-copied layers, optional final norm); parameters
    drawn after torch.manual_seed(seed), the dropouts after torch.manual_seed(seed + 7)."""
    configs = [
        dict(layers=None, d_model=4, nhead=2, dim_feedforward=8, dropout=0.0, activation="relu", layer_norm_eps=1e-5,
             batch_first=False, norm_first=False),
        dict(layers=None, d_model=6, nhead=3, dim_feedforward=5, dropout=0.0, activation="gelu", layer_norm_eps=1e-3,
             batch_first=True, norm_first=True),
        dict(layers=None, d_model=4, nhead=2, dim_feedforward=8, dropout=0.3, activation="relu", layer_norm_eps=1e-5,
             batch_first=True, norm_first=False),
        dict(layers=2, norm=True, d_model=4, nhead=2, dim_feedforward=6, dropout=0.2, activation="gelu",
             layer_norm_eps=1e-5, batch_first=False, norm_first=False),
        dict(layers=3, norm=False, d_model=4, nhead=1, dim_feedforward=6, dropout=0.0, activation="relu",
             layer_norm_eps=1e-5, batch_first=True, norm_first=True),
    ]
    calls = [dict(batched=True), dict(batched=True, mask="bool", key_padding_mask="bool"),
             dict(batched=True, mask="float"), dict(batched=False, key_padding_mask="bool"),
             dict(batched=True, key_padding_mask="bool", training=False)]
    L, N = 3, 2
    cases = []
    seed = 700
    for dname, dtype in DTYPES.items():
        for cfg in configs:
            for call in calls:
                torch.manual_seed(seed)
                layer = nn.TransformerEncoderLayer(cfg["d_model"], cfg["nhead"], cfg["dim_feedforward"], cfg["dropout"],
                                                   cfg["activation"], cfg["layer_norm_eps"], cfg["batch_first"],
                                                   cfg["norm_first"], dtype=dtype)
                m = layer
                if cfg["layers"] is not None:
                    norm = nn.LayerNorm(cfg["d_model"], dtype=dtype) if cfg["norm"] else None
                    m = nn.TransformerEncoder(layer, cfg["layers"], norm)
                params = {n: enc(p) for n, p in m.named_parameters()}
                if not call.get("training", True):
                    m.eval()
                shape = ([N, L] if cfg["batch_first"] else [L, N]) if call["batched"] else [L]
                x = data(shape + [cfg["d_model"]], dtype, seed + 1).requires_grad_(True)
                g = torch.Generator().manual_seed(seed + 9)
                mask = None
                if call.get("mask") == "bool":
                    mask = torch.rand(L, L, generator=g) < 0.3
                elif call.get("mask") == "float":
                    mask = torch.randn(L, L, generator=g, dtype=torch.float64).to(dtype)
                kpm = None
                if call.get("key_padding_mask") == "bool":
                    kpm = torch.zeros([N, L] if call["batched"] else [L], dtype=torch.bool)
                    kpm[..., -1] = True
                torch.manual_seed(seed + 7)
                if cfg["layers"] is None:
                    y = m(x, src_mask=mask, src_key_padding_mask=kpm)
                else:
                    y = m(x, mask=mask, src_key_padding_mask=kpm)
                c = data(list(y.shape), dtype, seed + 20)
                (y * c).sum().backward()
                masks = {}
                if mask is not None:
                    masks["mask"] = dict(dtype=str(mask.dtype).replace("torch.", ""), value=tens(mask.double()))
                if kpm is not None:
                    masks["key_padding_mask"] = dict(dtype="bool", value=tens(kpm.double()))
                grads = {"x": enc(x.grad)}
                grads.update({"param." + n: enc(p.grad) for n, p in m.named_parameters()})
                cases.append(dict(config=cfg, call=call, dtype=dname, seed=seed, params=params, repr=repr(m),
                                  state_dict_keys=list(m.state_dict().keys()), x=tens(x), masks=masks,
                                  y=dict(value=tens(y), c=enc(c), grad_fn=fn_name(y)), grads=grads))
                seed += 1
    return cases


def main():
    blas_check()
    errors, ctor_errors = error_cases()
    doc = dict(torch=torch.__version__, cells=cell_cases(), layers=layer_cases(), errors=errors,
               constructor_errors=ctor_errors, mha=mha_cases(), mha_errors=mha_error_cases(),
               transformer=transformer_cases())
    text = json.dumps(doc, indent=None, separators=(",", ":")) + "\n"
    with open(OUT, "wb") as f:
        f.write(gzip.compress(text.encode(), mtime=0))
    print("wrote", os.path.normpath(OUT), len(doc["cells"]), "cells,", len(doc["layers"]), "layers,", len(doc["mha"]), "attention,", len(doc["transformer"]), "transformer")


if __name__ == "__main__":
    main()
