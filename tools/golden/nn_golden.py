#!/usr/bin/python3
"""Golden data for grad4j's layers and nn.init: Dropout, LayerNorm, BatchNorm1d, nn.init, module reprs
and state-dict keys, from PyTorch 1.13 on the CPU.

Run with Debian's PyTorch (python3-torch 1.13):  /usr/bin/python3 tools/golden/nn_golden.py
Writes core/src/test/resources/golden/nn_layers.json. Every number is float.hex() of the value (float32
values widened to double exactly). Inputs are made without touching the default generator (a private
torch.Generator), so each case's draws start at torch.manual_seed(seed).
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.init as init

DTYPES = {"float32": torch.float32, "float64": torch.float64}


def enc(t):
    return [float(v).hex() for v in t.detach().reshape(-1).tolist()]


def tens(t):
    return {"shape": list(t.shape), "data": enc(t)}


def data(shape, dtype, seed, scale=1.0, shift=0.0):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(shape, generator=g, dtype=torch.float64) * scale + shift).to(dtype)


def dropout_cases():
    cases = []
    for dname, dtype in DTYPES.items():
        for seed in (0, 7):
            for p in (0.0, 0.2, 0.5, 0.9, 1.0):
                for shape in ([7], [4, 5], [3, 2, 6]):
                    x = data(shape, dtype, 100 + len(shape)).requires_grad_(True)
                    c = data(shape, dtype, 200 + len(shape))
                    torch.manual_seed(seed)
                    y = F.dropout(x, p, training=True)
                    y2 = F.dropout(x, p, training=True)  # the generator state carries on
                    ((y * c).sum() + (y2 * c).sum()).backward()
                    cases.append(dict(dtype=dname, seed=seed, p=float(p).hex(), x=tens(x), c=tens(c),
                                      y=enc(y), y2=enc(y2), grad=enc(x.grad)))
    return cases


def dropout_integer_cases():
    """F.dropout of integer and bool inputs: 0 < p < 1 refuses (after drawing the mask), p = 1 gives zeros."""
    cases = []
    for dname, dtype in [("int64", torch.int64), ("int32", torch.int32), ("uint8", torch.uint8), ("bool", torch.bool)]:
        for p in (0.5, 1.0, 0.0):
            torch.manual_seed(3)
            x = torch.ones(5, dtype=dtype)
            try:
                result, error = repr(F.dropout(x, p, training=True)), None
            except RuntimeError as e:
                result, error = None, str(e)
            cases.append(dict(dtype=dname, p=p, result=result, error=error,
                              after=enc(torch.rand(2, dtype=torch.float64))))
    return cases


def init_cases():
    cases = []
    shapes = ([3, 5], [16, 8], [4, 3, 2, 2], [2, 9])
    fns = [
        ("uniform_", dict(a=-0.3, b=0.7), lambda t, k: init.uniform_(t, k["a"], k["b"])),
        ("normal_", dict(mean=0.5, std=2.0), lambda t, k: init.normal_(t, k["mean"], k["std"])),
        ("xavier_uniform_", dict(gain=1.0), lambda t, k: init.xavier_uniform_(t, k["gain"])),
        ("xavier_uniform_", dict(gain=init.calculate_gain("tanh")), lambda t, k: init.xavier_uniform_(t, k["gain"])),
        ("xavier_normal_", dict(gain=1.0), lambda t, k: init.xavier_normal_(t, k["gain"])),
        ("xavier_normal_", dict(gain=0.5), lambda t, k: init.xavier_normal_(t, k["gain"])),
        ("kaiming_uniform_", dict(a=0.0, mode="fan_in", nonlinearity="leaky_relu"),
         lambda t, k: init.kaiming_uniform_(t, k["a"], k["mode"], k["nonlinearity"])),
        ("kaiming_uniform_", dict(a=math.sqrt(5), mode="fan_in", nonlinearity="leaky_relu"),
         lambda t, k: init.kaiming_uniform_(t, k["a"], k["mode"], k["nonlinearity"])),
        ("kaiming_uniform_", dict(a=0.0, mode="fan_out", nonlinearity="relu"),
         lambda t, k: init.kaiming_uniform_(t, k["a"], k["mode"], k["nonlinearity"])),
        ("kaiming_normal_", dict(a=0.0, mode="fan_in", nonlinearity="leaky_relu"),
         lambda t, k: init.kaiming_normal_(t, k["a"], k["mode"], k["nonlinearity"])),
        ("kaiming_normal_", dict(a=0.0, mode="fan_out", nonlinearity="relu"),
         lambda t, k: init.kaiming_normal_(t, k["a"], k["mode"], k["nonlinearity"])),
        ("kaiming_normal_", dict(a=0.2, mode="fan_in", nonlinearity="leaky_relu"),
         lambda t, k: init.kaiming_normal_(t, k["a"], k["mode"], k["nonlinearity"])),
    ]
    for dname, dtype in DTYPES.items():
        for shape in shapes:
            for name, kw, fn in fns:
                torch.manual_seed(3)
                t = torch.empty(shape, dtype=dtype)
                fn(t, kw)
                args = {k: (float(v).hex() if isinstance(v, float) else v) for k, v in kw.items()}
                cases.append(dict(fn=name, args=args, dtype=dname, seed=3, shape=shape, values=enc(t)))
    gains = []
    for nl in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
               "sigmoid", "tanh", "relu", "leaky_relu", "selu"):
        gains.append(dict(nonlinearity=nl, param=None, gain=float(init.calculate_gain(nl)).hex()))
    for slope in (0.0, 0.2, math.sqrt(5)):
        gains.append(dict(nonlinearity="leaky_relu", param=float(slope).hex(),
                          gain=float(init.calculate_gain("leaky_relu", slope)).hex()))
    return cases, gains


def layer_norm_cases():
    cases = []
    configs = [([4, 6], [6], 1e-5, True), ([2, 3, 4], [3, 4], 1e-5, True), ([5, 8], [8], 1e-3, False),
               ([3, 33], [33], 1e-5, True)]
    for dname, dtype in DTYPES.items():
        for i, (shape, ns, eps, affine) in enumerate(configs):
            ln = nn.LayerNorm(ns, eps=eps, elementwise_affine=affine).to(dtype)
            if affine:
                with torch.no_grad():
                    ln.weight.copy_(data(ns, dtype, 300 + i, 0.5, 1.0))
                    ln.bias.copy_(data(ns, dtype, 400 + i, 0.3))
            x = data(shape, dtype, 500 + i, 2.0, 0.5).requires_grad_(True)
            c = data(shape, dtype, 600 + i)
            y = ln(x)
            (y * c).sum().backward()
            case = dict(dtype=dname, normalized_shape=ns, eps=float(eps).hex(), affine=affine, x=tens(x), c=tens(c),
                        y=enc(y), grad_x=enc(x.grad))
            if affine:
                case.update(weight=enc(ln.weight), bias=enc(ln.bias), grad_weight=enc(ln.weight.grad),
                            grad_bias=enc(ln.bias.grad))
            cases.append(case)
    return cases


def batch_norm_cases():
    cases = []
    configs = [([8, 3], 0.1, True, True), ([4, 3, 5], 0.1, True, True), ([6, 2], None, True, True),
               ([5, 4], 0.3, False, True), ([6, 3], 0.1, True, False), ([4, 2, 3], None, False, True),
               ([3, 2, 4, 5], 0.1, True, True), ([2, 3, 2, 2], None, False, True)]   # 4-D: BatchNorm2d
    for dname, dtype in DTYPES.items():
        for i, (shape, momentum, affine, track) in enumerate(configs):
            layer = nn.BatchNorm2d if len(shape) == 4 else nn.BatchNorm1d
            bn = layer(shape[1], eps=1e-5, momentum=momentum, affine=affine, track_running_stats=track).to(dtype)
            if affine:
                with torch.no_grad():
                    bn.weight.copy_(data([shape[1]], dtype, 700 + i, 0.5, 1.0))
                    bn.bias.copy_(data([shape[1]], dtype, 800 + i, 0.3))
            steps = []
            for s in range(3):
                if affine:
                    bn.weight.grad = None
                    bn.bias.grad = None
                x = data(shape, dtype, 900 + 10 * i + s, 1.5, 0.5 * s).requires_grad_(True)
                c = data(shape, dtype, 1000 + 10 * i + s)
                bn.train()
                y = bn(x)
                (y * c).sum().backward()
                step = dict(x=tens(x), c=tens(c), y=enc(y), grad_x=enc(x.grad))
                if affine:
                    step.update(grad_weight=enc(bn.weight.grad), grad_bias=enc(bn.bias.grad))
                if track:
                    step.update(running_mean=enc(bn.running_mean), running_var=enc(bn.running_var),
                                num_batches_tracked=int(bn.num_batches_tracked))
                steps.append(step)
            bn.eval()
            xe = data(shape, dtype, 1100 + i, 1.5, 0.2).requires_grad_(True)
            ce = data(shape, dtype, 1200 + i)
            ye = bn(xe)
            (ye * ce).sum().backward()
            case = dict(dtype=dname, shape=shape, momentum=None if momentum is None else float(momentum).hex(),
                        affine=affine, track=track, steps=steps, eval=dict(x=tens(xe), c=tens(ce), y=enc(ye),
                                                                           grad_x=enc(xe.grad)))
            if affine:
                case.update(weight=enc(bn.weight), bias=enc(bn.bias))
            cases.append(case)
    return cases


def structure():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(12, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.25),
                          nn.LayerNorm(8), nn.Identity(),
                          nn.ModuleList([nn.Linear(8, 8, bias=False), nn.Tanh()]),
                          nn.ModuleDict({"head": nn.Linear(8, 3), "aux": nn.Sigmoid()}))
    reprs = {
        "model": repr(model),
        "dropout_default": repr(nn.Dropout()),
        "dropout_inplace": repr(nn.Dropout(0.1, inplace=True)),
        "layer_norm_2d": repr(nn.LayerNorm([3, 4], eps=1e-3, elementwise_affine=False)),
        "batch_norm_none": repr(nn.BatchNorm1d(5, eps=1e-3, momentum=None, affine=False, track_running_stats=False)),
        "flatten": repr(nn.Flatten(0, 2)),
        "module_list_empty": repr(nn.ModuleList()),
    }
    return dict(reprs=reprs, state_dict_keys=list(model.state_dict().keys()),
                named_modules=[n for n, _ in model.named_modules()],
                named_buffers=[n for n, _ in model.named_buffers()],
                named_parameters=[n for n, _ in model.named_parameters()])


def main():
    init_values, gains = init_cases()
    out = dict(torch_version=torch.__version__, dropout=dropout_cases(), dropout_integer=dropout_integer_cases(),
               init=init_values, gains=gains,
               layer_norm=layer_norm_cases(), batch_norm=batch_norm_cases(), structure=structure())
    path = os.path.join(os.path.dirname(__file__), "..", "..", "core", "src", "test", "resources", "golden",
                        "nn_layers.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
