#!/usr/bin/python3
"""Golden data for grad4j's sequence models: TransformerDecoderLayer, TransformerDecoder, Transformer (with
generate_square_subsequent_mask), torch.nn.utils.rnn (PackedSequence, pack_padded_sequence, pad_packed_sequence,
pad_sequence, pack_sequence), RNN/LSTM/GRU on packed input, nn.utils' parameters_to_vector and vector_to_parameters,
and nn.Embedding.from_pretrained, from PyTorch 1.13 on the CPU with the reference BLAS (as rnn_golden.py selects it).

Run with Debian's PyTorch (python3-torch 1.13):  /usr/bin/python3 tools/golden/seq_golden.py
Writes core/src/test/resources/golden/seq.json.gz (gzip without a timestamp: the same bytes on each run). Every
number is float.hex() of the value (float32 values widened to double exactly). Conventions as in rnn_golden.py: a
module's parameters are drawn by torch.manual_seed(seed) then its constructor (grad4j: new Generator(seed)); inputs
come from a private torch.Generator; the dropouts draw after torch.manual_seed(dropout_seed) (grad4j:
Generator.manualSeedDefault); gradients are those of sum(out_i * c_i) over the outputs, with fixed random c's.
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
from torch.nn.utils import parameters_to_vector, vector_to_parameters  # noqa: E402
from torch.nn.utils.rnn import (pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence,  # noqa: E402
                                unpad_sequence, unpack_sequence, invert_permutation, PackedSequence)

torch.set_num_threads(1)
DTYPES = {"float32": torch.float32, "float64": torch.float64}
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "core", "src", "test", "resources", "golden", "seq.json.gz")


def blas_check():
    with open("/proc/self/maps") as f:
        maps = f.read()
    libs = sorted({line.split()[-1] for line in maps.splitlines() if "blas" in line})
    assert any(lib.startswith(REF_BLAS + "/libblas.so") for lib in libs), libs


def enc(t):
    return [float(v).hex() for v in t.detach().reshape(-1).tolist()]


def tens(t):
    return {"shape": list(t.shape), "data": enc(t)}


def ints(t):
    return None if t is None else [int(v) for v in t.reshape(-1).tolist()]


def data(shape, dtype, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(shape, generator=g, dtype=torch.float64).to(dtype)


def fn_name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def mask_entry(t):
    return dict(dtype=str(t.dtype).replace("torch.", ""), value=tens(t.double()))


def error_of(fn):
    try:
        fn()
        return None
    except (RuntimeError, AssertionError, IndexError, ValueError, TypeError) as e:
        return dict(type=type(e).__name__, message=str(e))


# ---------------------------------------------------------------------------------------------------------------
# Transformer decoder and Transformer

def make_masks(call, batched, T, S, N, nhead, dtype, seed):
    """Masks by name; bool attention masks never hide a whole row (column 0 stays visible)."""
    g = torch.Generator().manual_seed(seed + 9)
    masks = {}
    nb = N if batched else 1
    for name, rows, cols in (("src_mask", S, S), ("tgt_mask", T, T), ("memory_mask", T, S)):
        kind = call.get(name)
        if kind == "subsequent":
            masks[name] = nn.Transformer.generate_square_subsequent_mask(rows).to(dtype)
        elif kind == "float":
            masks[name] = torch.randn(rows, cols, generator=g, dtype=torch.float64).to(dtype)
        elif kind == "bool":
            m = torch.rand(rows, cols, generator=g) < 0.4
            m[:, 0] = False
            masks[name] = m
        elif kind == "bool3":
            m = torch.rand(nb * nhead, rows, cols, generator=g) < 0.4
            m[:, :, 0] = False
            masks[name] = m
    for name, n in (("src_key_padding_mask", S), ("tgt_key_padding_mask", T), ("memory_key_padding_mask", S)):
        kind = call.get(name)
        shape = [N, n] if batched else [n]
        if kind == "bool":
            m = torch.zeros(shape, dtype=torch.bool)
            m[..., -1] = True
            if batched:
                m[0, 1] = True
            masks[name] = m
        elif kind == "float":
            masks[name] = torch.randn(shape, generator=g, dtype=torch.float64).to(dtype)
    return masks


def transformer_cases():
    T, S, N = 3, 4, 2
    layer_cfgs = [
        dict(d_model=4, nhead=2, dim_feedforward=8, dropout=0.0, activation="relu", layer_norm_eps=1e-5,
             batch_first=False, norm_first=False),
        dict(d_model=6, nhead=3, dim_feedforward=5, dropout=0.0, activation="gelu", layer_norm_eps=1e-3,
             batch_first=True, norm_first=True),
        dict(d_model=4, nhead=2, dim_feedforward=8, dropout=0.3, activation="relu", layer_norm_eps=1e-5,
             batch_first=True, norm_first=False),
    ]
    configs = [dict(kind="decoder_layer", **c) for c in layer_cfgs] + [
        dict(kind="decoder", layers=2, norm=True, d_model=4, nhead=2, dim_feedforward=6, dropout=0.2,
             activation="gelu", layer_norm_eps=1e-5, batch_first=False, norm_first=False),
        dict(kind="decoder", layers=3, norm=False, d_model=4, nhead=1, dim_feedforward=6, dropout=0.0,
             activation="relu", layer_norm_eps=1e-5, batch_first=True, norm_first=True),
        dict(kind="transformer", num_encoder_layers=2, num_decoder_layers=1, d_model=4, nhead=2, dim_feedforward=6,
             dropout=0.0, activation="relu", layer_norm_eps=1e-5, batch_first=False, norm_first=False),
        dict(kind="transformer", num_encoder_layers=1, num_decoder_layers=2, d_model=6, nhead=3, dim_feedforward=5,
             dropout=0.2, activation="gelu", layer_norm_eps=1e-3, batch_first=True, norm_first=True),
        dict(kind="transformer", num_encoder_layers=1, num_decoder_layers=1, d_model=4, nhead=2, dim_feedforward=3,
             dropout=0.1, activation="relu", layer_norm_eps=1e-5, batch_first=False, norm_first=True),
        # custom_encoder / custom_decoder: built first from the same seed, then redrawn by the Transformer's reset
        dict(kind="transformer", num_encoder_layers=6, num_decoder_layers=1, d_model=4, nhead=2, dim_feedforward=6,
             dropout=0.0, activation="relu", layer_norm_eps=1e-5, batch_first=True, norm_first=False,
             custom_encoder=dict(layers=2, norm=False)),
        dict(kind="transformer", num_encoder_layers=1, num_decoder_layers=6, d_model=4, nhead=2, dim_feedforward=5,
             dropout=0.2, activation="gelu", layer_norm_eps=1e-5, batch_first=False, norm_first=False,
             custom_decoder=dict(layers=2, norm=True)),
    ]
    dec_calls = [
        dict(batched=True),
        dict(batched=True, tgt_mask="subsequent", memory_mask="bool", tgt_key_padding_mask="bool",
             memory_key_padding_mask="bool"),
        dict(batched=True, tgt_mask="bool3", memory_mask="float", tgt_key_padding_mask="bool"),
        dict(batched=False, tgt_mask="subsequent", memory_key_padding_mask="bool"),
        dict(batched=True, memory_key_padding_mask="float", tgt_mask="float", training=False),
    ]
    tr_calls = [
        dict(batched=True),
        dict(batched=True, src_mask="float", tgt_mask="subsequent", memory_mask="bool", src_key_padding_mask="bool",
             tgt_key_padding_mask="bool", memory_key_padding_mask="bool"),
        dict(batched=False, tgt_mask="subsequent", src_key_padding_mask="bool", memory_key_padding_mask="bool"),
        dict(batched=True, src_key_padding_mask="bool", memory_key_padding_mask="bool", training=False),
    ]
    cases = []
    seed = 1000
    for dname, dtype in DTYPES.items():
        for cfg in configs:
            tr = cfg["kind"] == "transformer"
            for call in tr_calls if tr else dec_calls:
                torch.manual_seed(seed)
                common = (cfg["dim_feedforward"], cfg["dropout"], cfg["activation"])
                if tr:
                    custom = {}
                    stack_args = (cfg["d_model"], cfg["nhead"], *common, cfg["layer_norm_eps"], cfg["batch_first"],
                                  cfg["norm_first"])
                    if "custom_encoder" in cfg:
                        ce = cfg["custom_encoder"]
                        norm = nn.LayerNorm(cfg["d_model"], dtype=dtype) if ce["norm"] else None
                        custom["custom_encoder"] = nn.TransformerEncoder(
                            nn.TransformerEncoderLayer(*stack_args, dtype=dtype), ce["layers"], norm)
                    if "custom_decoder" in cfg:
                        cd = cfg["custom_decoder"]
                        norm = nn.LayerNorm(cfg["d_model"], dtype=dtype) if cd["norm"] else None
                        custom["custom_decoder"] = nn.TransformerDecoder(
                            nn.TransformerDecoderLayer(*stack_args, dtype=dtype), cd["layers"], norm)
                    m = nn.Transformer(cfg["d_model"], cfg["nhead"], cfg["num_encoder_layers"],
                                       cfg["num_decoder_layers"], *common, layer_norm_eps=cfg["layer_norm_eps"],
                                       batch_first=cfg["batch_first"], norm_first=cfg["norm_first"], dtype=dtype,
                                       **custom)
                else:
                    m = nn.TransformerDecoderLayer(cfg["d_model"], cfg["nhead"], *common, cfg["layer_norm_eps"],
                                                   cfg["batch_first"], cfg["norm_first"], dtype=dtype)
                    if cfg["kind"] == "decoder":
                        norm = nn.LayerNorm(cfg["d_model"], dtype=dtype) if cfg["norm"] else None
                        m = nn.TransformerDecoder(m, cfg["layers"], norm)
                params = {n: enc(p) for n, p in m.named_parameters()}
                if not call.get("training", True):
                    m.eval()
                batched = call["batched"]

                def shape(n):
                    if not batched:
                        return [n, cfg["d_model"]]
                    return [N, n, cfg["d_model"]] if cfg["batch_first"] else [n, N, cfg["d_model"]]
                leaves = {}
                if tr:
                    leaves["src"] = data(shape(S), dtype, seed + 1).requires_grad_(True)
                    leaves["tgt"] = data(shape(T), dtype, seed + 2).requires_grad_(True)
                else:
                    leaves["tgt"] = data(shape(T), dtype, seed + 2).requires_grad_(True)
                    leaves["memory"] = data(shape(S), dtype, seed + 3).requires_grad_(True)
                masks = make_masks(call, batched, T, S, N, cfg["nhead"], dtype, seed)
                torch.manual_seed(seed + 7)
                if tr:
                    y = m(leaves["src"], leaves["tgt"], **masks)
                else:
                    y = m(leaves["tgt"], leaves["memory"], **masks)
                c = data(list(y.shape), dtype, seed + 20)
                (y * c).sum().backward()
                grads = {n: enc(t.grad) for n, t in leaves.items()}
                grads.update({"param." + n: enc(p.grad) for n, p in m.named_parameters()})
                cases.append(dict(config=cfg, call=call, dtype=dname, seed=seed, params=params, repr=repr(m),
                                  state_dict_keys=list(m.state_dict().keys()),
                                  inputs={n: tens(t) for n, t in leaves.items()},
                                  masks={n: mask_entry(t) for n, t in masks.items()},
                                  y=dict(value=tens(y), c=enc(c), grad_fn=fn_name(y)), grads=grads))
                seed += 1
    return cases


def transformer_errors():
    specs = [  # (batch_first, src shape, tgt shape)
        (False, [4, 2, 4], [3, 3, 4]), (True, [2, 4, 4], [3, 3, 4]), (False, [4, 2, 4], [3, 2, 5]),
        (False, [4, 2, 5], [3, 2, 4]), (False, [4, 4], [3, 4]), (True, [4, 4], [3, 6]),
    ]
    out = []
    for bf, ss, ts in specs:
        m = nn.Transformer(4, 2, 1, 1, 6, 0.0, batch_first=bf)
        out.append(dict(batch_first=bf, src=ss, tgt=ts, error=error_of(lambda: m(torch.zeros(ss), torch.zeros(ts)))))
    return out


def square_masks():
    return [dict(sz=sz, value=tens(nn.Transformer.generate_square_subsequent_mask(sz)),
                 dtype=str(nn.Transformer.generate_square_subsequent_mask(sz).dtype)) for sz in (0, 1, 4)]


# ---------------------------------------------------------------------------------------------------------------
# torch.nn.utils.rnn

def pack_cases():
    specs = [  # (shape, lengths, batch_first, enforce_sorted, pad options)
        ([4, 3, 2], [4, 2, 1], False, True, dict()),
        ([3, 4, 2], [4, 2, 1], True, True, dict(batch_first=True, padding_value=-1.5)),
        ([5, 4], [5, 3, 3, 1], False, True, dict(total_length=7)),
        ([4, 3, 2, 2], [3, 3, 2], False, True, dict(batch_first=True, total_length=5)),
        ([4, 3, 2], [2, 4, 1], False, False, dict()),
        ([5, 5, 3], [3, 5, 3, 1, 5], True, False, dict(batch_first=True, padding_value=2.0)),
        ([3, 2, 3], [3, 3], False, True, dict(batch_first=True)),
        ([6, 5, 2], [1, 6, 2, 6, 3], False, False, dict(total_length=8, padding_value=0.25)),
        ([1, 2, 3], [1, 1], False, False, dict()),
    ]
    cases = []
    seed = 2000
    for dname, dtype in DTYPES.items():
        for shape, lengths, bf, es, pad in specs:
            x = data(shape, dtype, seed).requires_grad_(True)
            p = pack_padded_sequence(x, torch.tensor(lengths), batch_first=bf, enforce_sorted=es)
            y, lens = pad_packed_sequence(p, **pad)
            c1 = data(list(p.data.shape), dtype, seed + 1)
            c2 = data(list(y.shape), dtype, seed + 2)
            ((p.data * c1).sum() + (y * c2).sum()).backward()
            cases.append(dict(dtype=dname, seed=seed, shape=shape, lengths=lengths, batch_first=bf, enforce_sorted=es,
                              pad=pad, x=tens(x), data=tens(p.data), data_grad_fn=fn_name(p.data),
                              batch_sizes=ints(p.batch_sizes), sorted_indices=ints(p.sorted_indices),
                              unsorted_indices=ints(p.unsorted_indices), padded=tens(y), padded_grad_fn=fn_name(y),
                              padded_lengths=ints(lens), c_data=enc(c1), c_padded=enc(c2), grad=enc(x.grad)))
            seed += 1
    return cases


def pad_sequence_cases():
    specs = [  # (shapes, batch_first, padding_value)
        ([[3, 2], [1, 2], [4, 2]], False, 0.0),
        ([[3, 2], [1, 2], [4, 2]], True, -1.0),
        ([[2], [5], [3]], False, 3.5),
        ([[2, 2, 1], [3, 2, 1]], True, 0.0),
        ([[0, 2], [2, 2]], False, 1.0),
        ([[2, 3], [2, 1]], False, 0.0),
    ]
    cases = []
    seed = 2100
    for dname, dtype in DTYPES.items():
        for shapes, bf, pv in specs:
            seqs = [data(s, dtype, seed + i).requires_grad_(True) for i, s in enumerate(shapes)]
            y = pad_sequence(seqs, batch_first=bf, padding_value=pv)
            c = data(list(y.shape), dtype, seed + 10)
            (y * c).sum().backward()
            packed = None
            lengths = [s[0] for s in shapes]
            if min(lengths) > 0 and all(s[1:] == shapes[0][1:] for s in shapes):
                q = pack_sequence([s.detach() for s in seqs], enforce_sorted=False)
                packed = dict(data=tens(q.data), batch_sizes=ints(q.batch_sizes), sorted_indices=ints(q.sorted_indices),
                              unsorted_indices=ints(q.unsorted_indices))
            cases.append(dict(dtype=dname, seed=seed, shapes=shapes, batch_first=bf, padding_value=pv,
                              sequences=[tens(s) for s in seqs], value=tens(y), grad_fn=fn_name(y), c=enc(c),
                              grads=[enc(s.grad) for s in seqs], packed=packed))
            seed += 1
    return cases


def unpad_cases():
    """unpad_sequence on a padded batch (a non-leaf copy: PyTorch transposes a time-first input in place) and
    unpack_sequence on a packed one; gradients of sum(out_i * c_i)."""
    specs = [  # (shape, lengths, batch_first)
        ([4, 3, 2], [4, 1, 3], False), ([3, 4, 2], [2, 4, 1], True), ([5, 2], [5, 3], False), ([2, 3], [3, 3], True),
    ]
    cases = []
    seed = 2300
    for dname, dtype in DTYPES.items():
        for shape, lengths, bf in specs:
            x = data(shape, dtype, seed).requires_grad_(True)
            outs = unpad_sequence(x * 1, torch.tensor(lengths), batch_first=bf)
            cs = [data(list(o.shape), dtype, seed + 1 + i) for i, o in enumerate(outs)]
            sum((o * c).sum() for o, c in zip(outs, cs)).backward()
            seqs = [data([n] + shape[2:], dtype, seed + 10 + i).requires_grad_(True) for i, n in enumerate(lengths)]
            unpacked = unpack_sequence(pack_sequence(seqs, enforce_sorted=False))
            cu = [data(list(o.shape), dtype, seed + 20 + i) for i, o in enumerate(unpacked)]
            sum((o * c).sum() for o, c in zip(unpacked, cu)).backward()
            cases.append(dict(dtype=dname, seed=seed, shape=shape, lengths=lengths, batch_first=bf, x=tens(x),
                              outputs=[tens(o) for o in outs], grad_fns=[fn_name(o) for o in outs],
                              c=[enc(c) for c in cs], grad=enc(x.grad), sequences=[tens(q) for q in seqs],
                              unpacked=[tens(o) for o in unpacked], unpacked_grad_fns=[fn_name(o) for o in unpacked],
                              c_unpacked=[enc(c) for c in cu], sequence_grads=[enc(q.grad) for q in seqs]))
            seed += 1
    return cases


def permutation_cases():
    """invert_permutation, and PackedSequence(data, batch_sizes, sorted_indices) completing unsorted_indices."""
    out = []
    for p in ([0], [2, 0, 1], [1, 0, 2], [3, 1, 4, 0, 2], [4, 3, 2, 1, 0], [2, -3, 1], [3, 0, 1]):
        t = torch.tensor(p)
        inv = error = None
        try:
            inv = ints(invert_permutation(t))
            q = PackedSequence(torch.zeros(len(p), 1), torch.tensor([len(p)]), t)
            assert ints(q.unsorted_indices) == inv
        except RuntimeError as e:
            error = dict(type=type(e).__name__, message=str(e))
        out.append(dict(permutation=p, inverse=inv, error=error))
    return out


def rnn_utils_errors():
    x = torch.zeros(4, 3, 2)
    specs = [
        ("pack", dict(shape=[4, 3, 2], lengths=[2, 4, 1], batch_first=False, enforce_sorted=True)),
        ("pack", dict(shape=[4, 3, 2], lengths=[3, 2, 0], batch_first=False, enforce_sorted=True)),
        ("pack", dict(shape=[4, 3, 2], lengths=[3, 2], batch_first=False, enforce_sorted=True)),
        ("pack", dict(shape=[3, 4, 2], lengths=[3, 2, 1], batch_first=True, enforce_sorted=True)),
        ("pack", dict(shape=[0, 3, 2], lengths=[3, 2, 1], batch_first=False, enforce_sorted=True)),
        ("pack", dict(shape=[4, 3, 2], lengths=[[3, 2, 1]], batch_first=False, enforce_sorted=True)),
        ("pack", dict(shape=[4, 3, 2], lengths=[3, 0, 2], batch_first=False, enforce_sorted=False)),
        ("pad_packed", dict(shape=[4, 3, 2], lengths=[4, 2, 1], total_length=3)),
        ("pad_sequence", dict(shapes=[])),
        ("pad_sequence", dict(shapes=[[2, 2], [3, 3]])),
        ("pad_sequence", dict(shapes=[[], [3]])),
        ("pack_sequence", dict(shapes=[[2, 2], [3, 2]], enforce_sorted=True)),
    ]
    out = []
    for op, a in specs:
        if op == "pack":
            fn = lambda a=a: pack_padded_sequence(torch.zeros(a["shape"]), torch.tensor(a["lengths"]),  # noqa: E731
                                                  batch_first=a["batch_first"], enforce_sorted=a["enforce_sorted"])
        elif op == "pad_packed":
            fn = lambda a=a: pad_packed_sequence(pack_padded_sequence(torch.zeros(a["shape"]), a["lengths"]),  # noqa
                                                 total_length=a["total_length"])
        elif op == "pad_sequence":
            fn = lambda a=a: pad_sequence([torch.zeros(s) for s in a["shapes"]])  # noqa: E731
        else:
            fn = lambda a=a: pack_sequence([torch.zeros(s) for s in a["shapes"]],  # noqa: E731
                                           enforce_sorted=a["enforce_sorted"])
        out.append(dict(op=op, args=a, error=error_of(fn)))
    del x
    return out


def make_rnn(kind, cfg, dtype):
    kw = dict(num_layers=cfg["num_layers"], bias=cfg["bias"], batch_first=cfg["batch_first"],
              dropout=cfg["dropout"], bidirectional=cfg["bidirectional"], dtype=dtype)
    if kind == "RNN":
        kw["nonlinearity"] = cfg["nonlinearity"]
    if cfg.get("proj_size"):
        kw["proj_size"] = cfg["proj_size"]
    return getattr(nn, kind)(cfg["input_size"], cfg["hidden_size"], **kw)


def packed_rnn_cases():
    configs = [
        dict(num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, shape=[4, 3, 3],
             lengths=[4, 3, 1], enforce_sorted=True, h0=False),
        dict(num_layers=2, bias=True, batch_first=True, dropout=0.0, bidirectional=True, shape=[4, 4, 3],
             lengths=[2, 4, 1, 3], enforce_sorted=False, h0=True),
        dict(num_layers=3, bias=False, batch_first=False, dropout=0.5, bidirectional=True, shape=[5, 3, 3],
             lengths=[5, 5, 2], enforce_sorted=True, h0=False, dropout_seed=7),
        dict(num_layers=2, bias=True, batch_first=False, dropout=0.3, bidirectional=False, shape=[3, 3, 3],
             lengths=[1, 3, 2], enforce_sorted=False, h0=True, training=False),
        dict(num_layers=1, bias=True, batch_first=True, dropout=0.0, bidirectional=True, shape=[5, 2, 3],
             lengths=[1, 2, 2, 1, 2], enforce_sorted=False, h0=True),
    ]
    cases = []
    seed = 2200
    kinds = [("RNN", "tanh", None), ("RNN", "relu", None), ("LSTM", None, None), ("GRU", None, None), ("LSTM", None, 2)]
    for dname, dtype in DTYPES.items():
        for kind, nl, proj in kinds:
            for cfg in configs:
                if (nl == "relu" or proj) and cfg["num_layers"] == 1 and not cfg["bidirectional"]:
                    continue
                cfg = dict(cfg, input_size=3, hidden_size=4, nonlinearity=nl)
                if proj:
                    cfg["proj_size"] = proj
                torch.manual_seed(seed)
                m = make_rnn(kind, cfg, dtype)
                params = {n: enc(p) for n, p in m.named_parameters()}
                if not cfg.get("training", True):
                    m.eval()
                x = data(cfg["shape"], dtype, seed + 100).requires_grad_(True)
                leaves = {"x": x}
                batch = len(cfg["lengths"])
                dirs = 2 if cfg["bidirectional"] else 1
                hx = None
                if cfg["h0"]:
                    real = proj or cfg["hidden_size"]
                    h0 = data([cfg["num_layers"] * dirs, batch, real], dtype, seed + 200).requires_grad_(True)
                    leaves["h0"] = h0
                    hx = h0
                    if kind == "LSTM":
                        c0 = data([cfg["num_layers"] * dirs, batch, cfg["hidden_size"]], dtype,
                                  seed + 300).requires_grad_(True)
                        leaves["c0"] = c0
                        hx = (h0, c0)
                p = pack_padded_sequence(x, torch.tensor(cfg["lengths"]), batch_first=cfg["batch_first"],
                                         enforce_sorted=cfg["enforce_sorted"])
                torch.manual_seed(cfg.get("dropout_seed", 0))
                out, hidden = m(p, hx)
                outs = [("output", out.data)] + ([("h_n", hidden[0]), ("c_n", hidden[1])] if kind == "LSTM"
                                                  else [("h_n", hidden)])
                loss = 0
                results = {}
                for i, (n, t) in enumerate(outs):
                    c = data(list(t.shape), dtype, seed + 400 + i)
                    loss = loss + (t * c).sum()
                    results[n] = dict(value=tens(t), c=enc(c), grad_fn=fn_name(t))
                loss.backward()
                grads = {n: enc(t.grad) for n, t in leaves.items()}
                grads.update({"param." + n: enc(q.grad) for n, q in m.named_parameters()})
                cases.append(dict(kind=kind, config=cfg, dtype=dname, seed=seed, params=params,
                                  inputs={n: tens(t) for n, t in leaves.items()}, results=results, grads=grads,
                                  batch_sizes=ints(out.batch_sizes), sorted_indices=ints(out.sorted_indices),
                                  unsorted_indices=ints(out.unsorted_indices)))
                seed += 1
    return cases


def packed_rnn_errors():
    specs = [  # (kind, kwargs, packed data shape via lengths, hidden shapes)
        ("RNN", {}, [4, 3, 3], [4, 2, 1], [[1, 2, 4]]),
        ("RNN", {}, [4, 3, 3], [4, 2, 1], [[2, 4]]),
        ("GRU", {"num_layers": 2}, [4, 3, 3], [4, 2, 1], [[1, 3, 4]]),
        ("LSTM", {}, [4, 3, 3], [4, 2, 1], [[1, 3, 4], [1, 2, 4]]),
        ("LSTM", {"proj_size": 2}, [4, 3, 3], [4, 2, 1], [[1, 3, 4], [1, 3, 4]]),
        ("RNN", {}, [4, 3, 5], [4, 2, 1], None),
    ]
    out = []
    for kind, kw, shape, lengths, hs in specs:
        m = getattr(nn, kind)(3, 4, **kw)
        p = pack_padded_sequence(torch.zeros(shape), lengths)
        hx = None if hs is None else (tuple(torch.zeros(s) for s in hs) if len(hs) == 2 else torch.zeros(hs[0]))
        out.append(dict(kind=kind, kwargs=kw, shape=shape, lengths=lengths, hidden_shapes=hs,
                        error=error_of(lambda: m(p, hx))))
    return out


# ---------------------------------------------------------------------------------------------------------------
# nn.utils and Embedding.from_pretrained

def vector_cases():
    cases = []
    seed = 2400
    for dname, dtype in DTYPES.items():
        shapes = [[2, 3], [3], [1, 1, 2], [4, 1]]
        ps = [data(s, dtype, seed + i).requires_grad_(True) for i, s in enumerate(shapes)]
        v = parameters_to_vector(ps)
        c = data(list(v.shape), dtype, seed + 10)
        (v * c).sum().backward()
        new = data([sum(p.numel() for p in ps) + 2], dtype, seed + 20)
        vector_to_parameters(new, ps)
        cases.append(dict(dtype=dname, seed=seed, shapes=shapes, vector=tens(v), grad_fn=fn_name(v), c=enc(c),
                          grads=[enc(p.grad) for p in ps], new=tens(new), after=[tens(p) for p in ps],
                          after_requires_grad=[p.requires_grad for p in ps]))
        seed += 1
    return cases


def embedding_cases():
    specs = [  # (freeze, padding_idx, max_norm)
        (True, None, None), (False, None, None), (False, 1, None), (False, -1, None), (False, 2, 1.0),
        (True, 0, 0.5),
    ]
    cases = []
    seed = 2500
    for dname, dtype in DTYPES.items():
        for freeze, pad, mx in specs:
            w = data([5, 3], dtype, seed)
            m = nn.Embedding.from_pretrained(w, freeze=freeze, padding_idx=pad, max_norm=mx)
            idx = torch.tensor([[0, 1, 4], [1, 3, 2]])
            y = m(idx)
            c = data(list(y.shape), dtype, seed + 1)
            if y.requires_grad:
                (y * c).sum().backward()
            cases.append(dict(dtype=dname, seed=seed, freeze=freeze, padding_idx=pad, max_norm=mx, weight=tens(w),
                              index=ints(idx), index_shape=list(idx.shape), repr=repr(m), value=tens(y),
                              grad_fn=fn_name(y), c=enc(c), requires_grad=m.weight.requires_grad,
                              shares=m.weight.data_ptr() == w.data_ptr(), weight_after=tens(m.weight),
                              grad=None if m.weight.grad is None else enc(m.weight.grad)))
            seed += 1
    errs = [dict(shape=[3], padding_idx=None, error=error_of(lambda: nn.Embedding.from_pretrained(torch.zeros(3)))),
            dict(shape=[4, 2], padding_idx=4,
                 error=error_of(lambda: nn.Embedding.from_pretrained(torch.zeros(4, 2), padding_idx=4))),
            dict(shape=[4, 2], padding_idx=-5,
                 error=error_of(lambda: nn.Embedding.from_pretrained(torch.zeros(4, 2), padding_idx=-5)))]
    return cases, errs


def main():
    blas_check()
    emb, emb_errors = embedding_cases()
    doc = dict(torch=torch.__version__, transformer=transformer_cases(), transformer_errors=transformer_errors(),
               square_masks=square_masks(), pack=pack_cases(), pad_sequence=pad_sequence_cases(),
               unpad=unpad_cases(), permutations=permutation_cases(), rnn_utils_errors=rnn_utils_errors(), packed_rnn=packed_rnn_cases(),
               packed_rnn_errors=packed_rnn_errors(), vectors=vector_cases(), embedding=emb,
               embedding_errors=emb_errors)
    text = json.dumps(doc, indent=None, separators=(",", ":")) + "\n"
    with open(OUT, "wb") as f:
        f.write(gzip.compress(text.encode(), mtime=0))
    print("wrote", os.path.normpath(OUT), {k: len(v) for k, v in doc.items() if isinstance(v, list)})


if __name__ == "__main__":
    main()
