#!/usr/bin/python3
"""Golden files for grad4j's safetensors checkpoints, both directions, with real PyTorch (1.13).

Debian has no `safetensors` package, so the format (8-byte little-endian header length, JSON header
padded with spaces, raw little-endian data) is read and written here with struct/json/torch.frombuffer.

    /usr/bin/python3 tools/golden/safetensors_golden.py write    # PyTorch -> files Java must load
    /usr/bin/python3 tools/golden/safetensors_golden.py verify   # Java-written files -> checked in torch

`write` produces, under core/src/test/resources/golden/:
  torch_model_f32.safetensors, torch_model_f64.safetensors  state_dicts of a seeded
      nn.Sequential(Linear(3, 4), Tanh(), Linear(4, 2)) in float32 / float64
  torch_tensors.safetensors   special values (-0, +-inf, nan, subnormals), a 0-d and an empty tensor
  torch_safetensors.json      every tensor's dtype, shape and raw bit patterns (exact expected values)
`verify` reads java_model_f64.safetensors, java_tensors.safetensors, java_sgd.safetensors and java_adam.safetensors (written by
org.grad4j.io.SafetensorsGolden in backend-cpu's tests), checks them in torch (strict load_state_dict
into the same Sequential, optimizer.load_state_dict for the SGD buffers, values against the formulas
the Java side used) and records the outcome with each file's SHA-256 in java_safetensors_verified.json.
"""
import hashlib
import json
import os
import struct
import sys

import torch

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "src", "test", "resources", "golden")
DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "BOOL": torch.bool, "I32": torch.int32,
          "U8": torch.uint8}
CODES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.bool: "BOOL", torch.int32: "I32",
         torch.uint8: "U8"}


def save_file(tensors, path, metadata=None):
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().tobytes()  # x86: little-endian
        header[name] = {"dtype": CODES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for c in chunks:
            f.write(c)


def load_file(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    meta = header.pop("__metadata__", {})
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        dtype = DTYPES[info["dtype"]]
        if e == b:
            out[name] = torch.empty(info["shape"], dtype=dtype)
        else:
            out[name] = torch.frombuffer(bytearray(data[b:e]), dtype=dtype).reshape(info["shape"])
    return out, meta


def bits(t):
    flat = t.detach().reshape(-1)
    if t.dtype in (torch.int64, torch.bool, torch.int32, torch.uint8):
        return [int(v) for v in flat.tolist()]  # the values themselves: int64 exactly, bool as 0/1
    if t.dtype == torch.float64:
        return [struct.unpack("<Q", struct.pack("<d", float(v)))[0] for v in flat.tolist()]
    return [struct.unpack("<I", struct.pack("<f", float(v)))[0] for v in flat.tolist()]


def model():
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))


def cnn():
    """A small CNN with BatchNorm (its num_batches_tracked is int64), after two training batches, and an input with
    its eval-mode output: grad4j loads the state dict into the same architecture and must compute the output."""
    torch.manual_seed(1)
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
                              torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(4 * 3 * 3, 3))
    for _ in range(2):
        net(torch.randn(5, 1, 6, 6))
    net.eval()
    x = torch.randn(2, 1, 6, 6)
    with torch.no_grad():
        y = net(x)
    return dict(net.state_dict()), {"input": x, "output": y}


def write():
    expected = {"torch_version": torch.__version__, "files": {}}
    cnn_state, cnn_io = cnn()
    torch.manual_seed(0)
    m = model()
    files = {
        "torch_model_f32.safetensors": dict(m.state_dict()),
        "torch_model_f64.safetensors": dict(model().double().state_dict()),
        "torch_tensors.safetensors": {
            "special_f32": torch.tensor([0.0, -0.0, float("inf"), float("-inf"), float("nan"), 1e-45, 3.4028234663852886e38,
                                         -1.1754943508222875e-38], dtype=torch.float32),
            "special_f64": torch.tensor([0.0, -0.0, float("inf"), float("-inf"), float("nan"), 5e-324,
                                         1.7976931348623157e308, 0.1], dtype=torch.float64),
            "scalar": torch.tensor(3.25, dtype=torch.float64),
            "empty": torch.zeros(0, 3, dtype=torch.float32),
            "cube": torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 3,
        },
        "torch_int_tensors.safetensors": {
            "labels": torch.tensor([[0, 3, 1], [2, 2, 9]]),
            "extremes": torch.tensor([2 ** 63 - 1, -2 ** 63, 2 ** 53 + 1, -(2 ** 53) - 1, 0, -1]),
            "mask": torch.tensor([[True, False, True], [False, False, True]]),
            "scalar_i64": torch.tensor(-42),
            "scalar_bool": torch.tensor(True),
            "empty_i64": torch.zeros(0, 2, dtype=torch.int64),
            "odd_bool": torch.tensor([True, True, False, True, False]),
        },
        "torch_cnn_bn.safetensors": cnn_state,
        "torch_cnn_bn_io.safetensors": cnn_io,
        "torch_narrow_int_tensors.safetensors": {
            "i32": torch.tensor([[0, 3, -1], [2 ** 31 - 1, -2 ** 31, 7]], dtype=torch.int32),
            "u8": torch.tensor([0, 1, 127, 128, 200, 255, 3], dtype=torch.uint8),
            "scalar_i32": torch.tensor(-42, dtype=torch.int32),
            "scalar_u8": torch.tensor(250, dtype=torch.uint8),
            "empty_u8": torch.zeros(0, 2, dtype=torch.uint8),
            "image": torch.arange(48, dtype=torch.int64).mul(37).remainder(256).to(torch.uint8).reshape(4, 4, 3),
        },
    }
    for fname, tensors in files.items():
        save_file(tensors, os.path.join(GOLDEN, fname), {"format": "pt"})
        loaded, _ = load_file(os.path.join(GOLDEN, fname))  # the reader agrees with the writer
        for k, t in tensors.items():
            assert loaded[k].dtype == t.dtype and bits(loaded[k]) == bits(t), k
        expected["files"][fname] = {k: {"dtype": CODES[t.dtype], "shape": list(t.shape), "bits": bits(t)}
                                    for k, t in tensors.items()}
    with open(os.path.join(GOLDEN, "torch_safetensors.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print("wrote", ", ".join(files), "and torch_safetensors.json")


def java_value(k, i):
    """The values org.grad4j.io.SafetensorsGolden writes: exact in float32 and float64."""
    return ((i * 7 + k * 3) % 11 - 5) / 16.0 + k


def verify():
    report = {"torch_version": torch.__version__, "files": {}}
    ok = True

    def check(fname, fn):
        nonlocal ok
        path = os.path.join(GOLDEN, fname)
        with open(path, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        try:
            fn(path)
            status = "ok"
        except Exception as e:  # recorded, and the script fails
            status = "FAILED: %r" % (e,)
            ok = False
        report["files"][fname] = {"sha256": sha, "status": status}
        print(fname, status)

    def model_f64(path):
        sd, meta = load_file(path)
        assert meta.get("format") == "pt", meta
        m = model().double()
        m.load_state_dict(sd, strict=True)
        for k, (name, p) in enumerate(m.state_dict().items()):
            want = torch.tensor([java_value(k, i) for i in range(p.numel())], dtype=torch.float64).reshape(p.shape)
            assert p.dtype == torch.float64 and torch.equal(p, want), name
        y = m(torch.tensor([[1.0, 2.0, 3.0]], dtype=torch.float64))
        report["forward_f64_of_1_2_3"] = [float(v) for v in y.reshape(-1).tolist()]

    def tensors(path):
        sd, _ = load_file(path)
        assert list(sd) == ["f32", "f64", "scalar", "empty", "special"], list(sd)
        assert sd["f32"].dtype == torch.float32 and sd["f32"].shape == (2, 3, 4)
        assert torch.equal(sd["f32"].reshape(-1), torch.tensor([java_value(1, i) for i in range(24)], dtype=torch.float32))
        assert sd["f64"].dtype == torch.float64 and sd["f64"].shape == (5,)
        assert torch.equal(sd["f64"], torch.tensor([java_value(2, i) for i in range(5)], dtype=torch.float64))
        assert sd["scalar"].shape == () and sd["scalar"].item() == -2.5
        assert sd["empty"].shape == (3, 0) and sd["empty"].dtype == torch.float64
        s = sd["special"]
        assert s.dtype == torch.float64 and s[4].isnan()
        assert bits(s[:4]) == bits(torch.tensor([0.0, -0.0, float("inf"), float("-inf")], dtype=torch.float64))
        assert s[5].item() == 5e-324 and s[6].item() == 0.1

    def sgd(path):
        sd, meta = load_file(path)
        assert meta.get("format") == "grad4j-sgd", meta
        m = model().double()
        opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
        state = opt.state_dict()
        state["state"] = {}
        for key, t in sd.items():
            _, i, field = key.split(".")
            state["state"][int(i)] = {field: t}
        opt.load_state_dict(state)
        for i, p in enumerate(m.parameters()):
            buf = opt.state[p]["momentum_buffer"]
            want = torch.tensor([java_value(10 + i, j) for j in range(p.numel())], dtype=torch.float64).reshape(p.shape)
            assert torch.equal(buf, want), i

    check("java_model_f64.safetensors", model_f64)
    check("java_tensors.safetensors", tensors)
    check("java_sgd.safetensors", sgd)

    def adam(path):
        # grad4j's optimizer layout: state.<i>.<name> tensors, param_groups as JSON in the metadata.
        sd, meta = load_file(path)
        assert meta.get("format") == "grad4j-adam" and meta.get("optimizer") == "Adam", meta
        m = model().double()
        ps = list(m.parameters())
        opt = torch.optim.Adam([{"params": ps[:2]}, {"params": ps[2:]}])
        state = {"state": {}, "param_groups": json.loads(meta["param_groups"])}
        for key, t in sd.items():
            _, i, field = key.split(".")
            state["state"].setdefault(int(i), {})[field] = t
        opt.load_state_dict(state)
        g0, g1 = opt.param_groups
        assert (g0["lr"], g0["betas"], g0["weight_decay"], g0["amsgrad"], g0["eps"]) == (0.01, [0.8, 0.99], 0.1, True, 1e-8), g0
        assert (g1["lr"], g1["eps"], g1["amsgrad"]) == (0.5, 1e-6, True), g1
        for i, p in enumerate(ps):
            st = opt.state[p]
            assert st["step"].dtype == torch.float32 and st["step"].item() == 3.0, st["step"]
            for j, name in enumerate(["exp_avg", "exp_avg_sq", "max_exp_avg_sq"]):
                want = torch.tensor([java_value(20 + 3 * i + j, k) for k in range(p.numel())], dtype=torch.float64)
                assert torch.equal(st[name], want.reshape(p.shape)), (i, name)
        for p in ps:
            p.grad = torch.ones_like(p)
        opt.step()  # the loaded state is usable as it is

    check("java_adam.safetensors", adam)
    report["all_ok"] = ok
    with open(os.path.join(GOLDEN, "java_safetensors_verified.json"), "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    {"write": write, "verify": verify}[sys.argv[1] if len(sys.argv) > 1 else "write"]()
