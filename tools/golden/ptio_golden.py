#!/usr/bin/python3
"""Golden files for org.grad4j.io.TorchFiles (PyTorch's torch.save zip format), both directions, PyTorch 1.13.

    /usr/bin/python3 tools/golden/ptio_golden.py write    # PyTorch -> .pt files grad4j must load, and pt.json
    /usr/bin/python3 tools/golden/ptio_golden.py verify   # grad4j-written java_*.pt -> torch.load, pt_java_verified.json

`write` produces under core/src/test/resources/golden/pt/:
  mlp.pt          model.state_dict() of a seeded Sequential(Linear(4, 8), ReLU(), Linear(8, 3)) (with _metadata)
  cnn.pt          state_dict of Sequential(Conv2d(1, 2, 3, padding=1), BatchNorm2d(2), ReLU(), MaxPool2d(2),
                  Flatten(), Linear(18, 3)) after two training batches (num_batches_tracked is int64)
  checkpoint.pt   {'model': mlp sd, 'optimizer': Adam state_dict after two steps, 'epoch': 3, 'loss': 0.25, ...}
                  with ints (small, negative, 2**40, 2**70), floats, strings, bools, None, tuples, lists, nested dicts,
                  a torch.Size
  sgd.pt, sgd_plain.pt   SGD state_dicts (momentum 0.9 with nesterov; none: momentum_buffer None) after two steps
  tensor.pt       a lone tensor (a strided view), not a dict
  views.pt        a dict of views of one storage (transpose, row, column, narrow, expand, offset) and shared
                  storages (two dict entries on one tensor, a tied pair), plus an unrelated tensor
  dtypes.pt       every dtype (float32/float64 with -0, inf, nan, subnormals; int64 extremes; int32; uint8; bool),
                  an empty tensor, a [2, 0] tensor and 0-d tensors
  params.pt       an nn.Parameter, a Parameter with requires_grad=False, a leaf tensor requiring grad
  ordered.pt      collections.OrderedDict of 12 contiguous tensors (storage keys "10" and "11" sort before "2")
  containers.pt   plain containers only (ints of every width, floats, 1000+ items, ...): re-saved byte for byte
  containers_p4.pt  the same with pickle_protocol=4
  half.pt, bfloat16.pt, int8.pt   storages of dtypes grad4j lacks (refused)
  legacy.pt       _use_new_zipfile_serialization=False (refused)
  global.pt       a dict holding a Python function (os.system by reference): a disallowed global (refused)
  pt.json         every file's expected contents: the object tree with each tensor's dtype, shape, stride,
                  storage offset, requires_grad, storage group (tensors with equal groups share memory) and exact
                  values (floats as float.hex()), plus the MLP's and CNN's inputs and eval outputs
`verify` loads java_*.pt (written by grad4j: org.grad4j.conformance.TorchFilesConformance.writeJavaFiles,
regenerated with backend-cpu's org.grad4j.io.TorchFilesGolden) with torch.load, checks their contents against
the formulas the Java side used, loads the state dicts into the same PyTorch modules (strict) and the
optimizer state into torch.optim.Adam, and records the outcome with each file's SHA-256 in pt_java_verified.json.
The forward outputs use Debian's reference BLAS, selected as digits_torch.py does (re-executed with
LD_LIBRARY_PATH set, checked in /proc/self/maps).
"""
import collections
import hashlib
import json
import math
import os
import sys

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "src", "test", "resources",
                      "golden", "pt")
NAMES = {torch.int64: "int64", torch.int32: "int32", torch.uint8: "uint8", torch.bool: "bool",
         torch.float32: "float32", torch.float64: "float64"}


def blas_check():
    with open("/proc/self/maps") as f:
        maps = f.read()
    libs = sorted({line.split()[-1] for line in maps.splitlines() if "blas" in line})
    assert any(lib.startswith(REF_BLAS + "/libblas.so") for lib in libs), libs
    return libs


def hx(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v.hex()


def enc_value(v, dtype):
    if dtype == torch.bool:
        return 1 if v else 0
    if dtype in (torch.int64, torch.int32, torch.uint8):
        return str(int(v))
    return hx(v)


class Encoder:
    """The object tree as JSON; tensors sharing a storage get the same group number."""

    def __init__(self):
        self.groups = {}

    def group(self, t):
        s = t.storage()
        key = s.data_ptr() if s.size() > 0 else ("empty", id(t))
        return self.groups.setdefault(key, len(self.groups))

    def enc(self, o):
        if isinstance(o, torch.Tensor):
            return {"type": "tensor", "dtype": NAMES[o.dtype], "shape": list(o.shape), "stride": list(o.stride()),
                    "offset": o.storage_offset(), "requires_grad": o.requires_grad,
                    "parameter": isinstance(o, torch.nn.Parameter), "storage": self.group(o),
                    "storage_numel": o.storage().size(),
                    "data": [enc_value(v, o.dtype) for v in o.detach().reshape(-1).tolist()]}
        if isinstance(o, dict):
            return {"type": "dict", "items": [[self.enc(k), self.enc(v)] for k, v in o.items()]}
        if isinstance(o, list):
            return {"type": "list", "items": [self.enc(v) for v in o]}
        if isinstance(o, tuple):
            return {"type": "tuple", "items": [self.enc(v) for v in o]}
        if isinstance(o, bool):
            return {"type": "bool", "value": o}
        if isinstance(o, int):
            return {"type": "int", "value": str(o)}
        if isinstance(o, float):
            return {"type": "float", "value": hx(o)}
        if isinstance(o, str):
            return {"type": "str", "value": o}
        if o is None:
            return {"type": "none"}
        raise TypeError(type(o))


def mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))


def cnn():
    torch.manual_seed(1)
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3, padding=1), torch.nn.BatchNorm2d(2), torch.nn.ReLU(),
                              torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(18, 3))
    for _ in range(2):
        net(torch.randn(4, 1, 6, 6))
    net.eval()
    return net


def adam_after_two_steps(net):
    opt = torch.optim.Adam(net.parameters(), lr=0.01, betas=(0.8, 0.99), weight_decay=0.5)
    torch.manual_seed(2)
    x = torch.randn(5, 4)
    for _ in range(2):
        opt.zero_grad()
        net(x).pow(2).sum().backward()
        opt.step()
    return opt


def write():
    os.makedirs(GOLDEN, exist_ok=True)
    blas = blas_check()
    files = {}

    encoder = Encoder()

    def save(name, obj, **kw):
        torch.save(obj, os.path.join(GOLDEN, name), **kw)
        encoder.groups = {}
        files[name] = encoder.enc(obj)   # now: the modules' tensors change later

    net = mlp()
    save("mlp.pt", net.state_dict())
    c = cnn()
    save("cnn.pt", c.state_dict())

    opt = adam_after_two_steps(net)
    save("checkpoint.pt", {"model": net.state_dict(), "optimizer": opt.state_dict(), "epoch": 3, "loss": 0.25,
                           "name": "run-1 \u00e9\u4e2d", "flags": [True, False, None], "ints": [-5, 255, 256, 65536,
                           -2 ** 31, 2 ** 40, -2 ** 63, 2 ** 70], "floats": (1.5, -0.0, float("inf"), 1e-310),
                           "nested": {"a": {"b": [1, (2,)]}, 7: "seven"}, "empty": [{}, [], ()],
                           "shape": torch.Size([2, 3])})
    save("tensor.pt", torch.arange(6, dtype=torch.float64).reshape(2, 3)[:, 1:])

    for name, kw in (("sgd.pt", {"momentum": 0.9, "nesterov": True, "weight_decay": 0.1}), ("sgd_plain.pt", {})):
        torch.manual_seed(6)
        m = mlp()
        sgd = torch.optim.SGD(m.parameters(), lr=0.05, **kw)
        for _ in range(2):
            sgd.zero_grad()
            m(torch.ones(2, 4)).pow(2).sum().backward()
            sgd.step()
        save(name, sgd.state_dict())   # sgd_plain: momentum_buffer is None

    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    other = torch.tensor([1.5, -2.5], dtype=torch.float64)
    tied = torch.tensor([[1, 2], [3, 4]], dtype=torch.int64)
    save("views.pt", {"base": base, "transposed": base.t(), "row": base[1], "column": base[:, 2],
                      "narrow": base[1:, 1:3], "offset_flat": base.reshape(-1)[5:9], "scalar_view": base[2, 3],
                      "expanded": torch.arange(3.0)[:, None].expand(3, 4), "same_again": base, "other": other,
                      "tied_a": tied, "tied_b": tied.view(4), "step": base[::2, ::3]})

    save("dtypes.pt", {
        "f32": torch.tensor([0.0, -0.0, 1.0, -1.5, float("inf"), float("-inf"), float("nan"), 1e-45, 3.4028235e38,
                             0.1], dtype=torch.float32),
        "f64": torch.tensor([[0.1, -0.0], [float("nan"), 5e-324], [1.7976931348623157e308, -2.5]], dtype=torch.float64),
        "i64": torch.tensor([0, -1, 2 ** 63 - 1, -2 ** 63, 123456789012], dtype=torch.int64),
        "i32": torch.tensor([[0, -1], [2 ** 31 - 1, -2 ** 31]], dtype=torch.int32),
        "u8": torch.tensor([0, 1, 127, 128, 255], dtype=torch.uint8),
        "b": torch.tensor([[True, False, True]], dtype=torch.bool),
        "empty": torch.zeros(0), "empty2d": torch.zeros(2, 0, dtype=torch.int64),
        "scalar": torch.tensor(2.75), "scalar_i": torch.tensor(-7), "scalar_b": torch.tensor(True),
        "column1": torch.tensor([[1.0], [2.0], [3.0]], dtype=torch.float64)})

    torch.manual_seed(3)
    save("params.pt", {"param": torch.nn.Parameter(torch.randn(2, 3)),
                       "frozen": torch.nn.Parameter(torch.randn(2), requires_grad=False),
                       "leaf": torch.ones(3, requires_grad=True), "plain": torch.zeros(2, dtype=torch.int32)})

    torch.manual_seed(4)
    save("ordered.pt", collections.OrderedDict(("t%02d" % i, torch.randn(i % 3 + 1, 2)) for i in range(12)))

    # Plain containers, no tensors (not in pt.json: grad4j must re-save them with these very bytes, which needs
    # CPython's batching of 1000 items, a lone item's SETITEM/APPEND, every int width); and the same object with
    # pickle protocol 4 (FRAME, MEMOIZE, SHORT_BINUNICODE, STACK_GLOBAL), which must load equal.
    containers = {"one": {"k": 1}, "list1": [5], "list1001": list(range(1001)), "dict1000": {i: -i for i in range(1000)},
                  "dict1001": {"%d_" % i: i * 0.5 for i in range(1001)},
                  "ints": [-1, 255, 256, 65535, 65536, -2 ** 31, 2 ** 31 - 1, 2 ** 31, 2 ** 63 - 1, -2 ** 63, 2 ** 64,
                           -(2 ** 70)],
                  "floats": [0.1, -0.0, float("nan"), float("inf"), float("-inf"), 5e-324, 1.7976931348623157e308],
                  "mixed": [None, True, False, "\u00e9\u4e2d", ""], "empty_list": [], "empty_dict": {}}
    torch.save(containers, os.path.join(GOLDEN, "containers.pt"))
    torch.save(containers, os.path.join(GOLDEN, "containers_p4.pt"), pickle_protocol=4)

    torch.save({"h": torch.ones(2, dtype=torch.float16)}, os.path.join(GOLDEN, "half.pt"))
    torch.save({"h": torch.ones(2, dtype=torch.bfloat16)}, os.path.join(GOLDEN, "bfloat16.pt"))
    torch.save({"h": torch.ones(2, dtype=torch.int8)}, os.path.join(GOLDEN, "int8.pt"))
    torch.save({"w": torch.ones(2)}, os.path.join(GOLDEN, "legacy.pt"), _use_new_zipfile_serialization=False)
    torch.save({"w": torch.ones(2), "f": os.system}, os.path.join(GOLDEN, "global.pt"))

    e = Encoder()
    out = {"torch_version": torch.__version__, "blas": blas, "files": {}}
    out["files"] = files
    torch.manual_seed(5)
    x = torch.randn(2, 4)
    with torch.no_grad():
        out["mlp_io"] = {"input": e.enc(x), "output": e.enc(mlp()(x))}
        xc = torch.randn(2, 1, 6, 6)
        out["cnn_io"] = {"input": e.enc(xc), "output": e.enc(c(xc))}
    with open(os.path.join(GOLDEN, "pt.json"), "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(GOLDEN, n)) for n in os.listdir(GOLDEN))
    print("wrote", len(os.listdir(GOLDEN)), "files,", total, "bytes")


def java_value(k, i):
    """The value formula of TorchFilesConformance.value: exact in float32 and float64."""
    return ((i * 7 + k * 3) % 11 - 5) / 16.0 + k


def verify():
    results = {}

    def check(fname, fn):
        path = os.path.join(GOLDEN, fname)
        with open(path, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        try:
            detail = fn(torch.load(path))
            results[fname] = {"sha256": sha, "status": "ok", "detail": detail}
        except Exception as ex:  # recorded: the Java test fails on any status but ok
            results[fname] = {"sha256": sha, "status": "FAILED: %r" % (ex,)}

    def filled(k, shape, dtype):
        n = 1
        for s in shape:
            n *= s
        return torch.tensor([java_value(k, i) for i in range(n)], dtype=dtype).reshape(shape)

    def java_mlp(sd):
        net = mlp()
        net.load_state_dict(sd)   # strict
        for k, (name, t) in enumerate(net.state_dict().items()):
            assert torch.equal(t, filled(k, list(t.shape), torch.float32)), name
        return {"keys": list(sd.keys()), "type": type(sd).__name__}

    def java_tensors(d):
        assert list(d.keys()) == ["f32", "f64", "i64", "i32", "u8", "b", "empty", "scalar", "t", "row", "col"], list(d)
        assert torch.equal(d["f32"], filled(0, [2, 3], torch.float32))
        assert torch.equal(d["f64"], filled(1, [4], torch.float64))
        assert d["i64"].tolist() == [-(2 ** 63), -1, 0, 2 ** 62]
        assert d["i32"].dtype == torch.int32 and d["i32"].tolist() == [[-(2 ** 31), 7], [2 ** 31 - 1, 0]]
        assert d["u8"].dtype == torch.uint8 and d["u8"].tolist() == [0, 200, 255]
        assert d["b"].dtype == torch.bool and d["b"].tolist() == [True, False, True]
        assert d["empty"].shape == (0, 3) and d["empty"].dtype == torch.float32
        assert d["scalar"].shape == () and d["scalar"].item() == 2.5 and d["scalar"].dtype == torch.float64
        # views of f32's storage, shared again after torch.load, with PyTorch's strides and offsets
        f32 = d["f32"]
        assert torch.equal(d["t"], f32.t()) and d["t"].stride() == (1, 3)
        assert torch.equal(d["row"], f32[1]) and d["row"].storage_offset() == 3
        assert torch.equal(d["col"], f32[:, 2]) and d["col"].stride() == (3,)
        assert d["t"].storage().data_ptr() == f32.storage().data_ptr() == d["col"].storage().data_ptr()
        return {"keys": list(d.keys()), "shared": True}

    def java_checkpoint(c):
        assert c["epoch"] == 3 and c["lr"] == 0.5 and c["name"] == "grad4j \u00e9" and c["none"] is None
        assert c["flags"] == [True, False] and c["ints"] == [-5, 300, 70000, 2 ** 40, -(2 ** 63)]
        assert c["nested"] == {"a": [1.5, {"b": "c"}], 7: 8}
        java_mlp(c["model"])
        net = mlp()
        opt = torch.optim.Adam(net.parameters(), lr=0.01, betas=(0.8, 0.99), weight_decay=0.5)
        opt.load_state_dict(c["optimizer"])
        g = opt.param_groups[0]
        assert g["lr"] == 0.01 and tuple(g["betas"]) == (0.8, 0.99) and g["weight_decay"] == 0.5, g
        st = opt.state_dict()["state"]
        assert sorted(st.keys()) == [0, 1, 2, 3], st.keys()
        for i, p in enumerate(net.parameters()):
            assert float(st[i]["step"]) == 2.0 and st[i]["exp_avg"].shape == p.shape, i
        # one more step must run with the loaded state
        net(torch.ones(1, 4)).sum().backward()
        opt.step()
        return {"keys": list(c.keys()), "optimizer_groups": len(c["optimizer"]["param_groups"])}

    check("java_mlp.pt", java_mlp)
    check("java_tensors.pt", java_tensors)
    check("java_checkpoint.pt", java_checkpoint)
    out = {"torch_version": torch.__version__, "all_ok": all(r["status"] == "ok" for r in results.values()),
           "files": results}
    with open(os.path.join(GOLDEN, "pt_java_verified.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    {"write": write, "verify": verify}[sys.argv[1]]()
