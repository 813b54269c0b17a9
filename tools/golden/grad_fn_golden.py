#!/usr/bin/python3
"""Golden grad_fn names: what PyTorch 1.13 prints as grad_fn for each op in each calling form.

Run from the repository root:  /usr/bin/python3 tools/golden/grad_fn_golden.py
Writes core/src/test/resources/golden/grad_fn_names.json: {"names": {"case": "Name", ...}} and
"parameters": the reprs of Linear's parameters ("Parameter containing:"). The Java test
(GoldenGradFnConformance) calls grad4j's form of each case, the same operands and arguments, and must
cover every case listed here.
"""
import json
import os

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "grad_fn_names.json")


def leaf(*shape):
    return torch.rand(*shape, dtype=torch.float64).add(0.5).requires_grad_()


x = leaf(2, 3)     # operands: [2, 3] tensors (positive, so log/sqrt/pow are defined)
y = leaf(2, 3)
v = leaf(3)
w = leaf(3)
b3 = leaf(4, 2, 3)
m32 = leaf(3, 2)
W = leaf(4, 3)
bias = leaf(4)
CASES = {
    # tensor-tensor
    "add(tensor)": lambda: x + y,
    "add(tensor, alpha)": lambda: torch.add(x, y, alpha=2),
    "sub(tensor)": lambda: x - y,
    "mul(tensor)": lambda: x * y,
    "div(tensor)": lambda: x / y,
    "pow(tensor)": lambda: x ** y,
    "maximum(tensor)": lambda: torch.maximum(x, y),
    "minimum(tensor)": lambda: torch.minimum(x, y),
    "add(broadcast)": lambda: x + v,
    # tensor-scalar
    "add(scalar)": lambda: x + 2,
    "sub(scalar)": lambda: x - 2,
    "mul(scalar)": lambda: x * 2,
    "div(scalar)": lambda: x / 2,
    "pow(scalar)": lambda: x ** 2,
    # reflected scalar
    "radd(scalar)": lambda: 2 + x,
    "rsub(scalar)": lambda: 2 - x,
    "rmul(scalar)": lambda: 2 * x,
    # unary
    "neg": lambda: -x,
    "exp": lambda: x.exp(),
    "log": lambda: x.log(),
    "sqrt": lambda: x.sqrt(),
    "abs": lambda: x.abs(),
    "relu": lambda: x.relu(),
    "tanh": lambda: x.tanh(),
    "sigmoid": lambda: x.sigmoid(),
    "sign": lambda: x.sign(),
    # reductions
    "sum()": lambda: x.sum(),
    "sum(dim)": lambda: x.sum(0),
    "sum(dims, keepdim)": lambda: x.sum((0, 1), keepdim=True),
    "mean()": lambda: x.mean(),
    "mean(dim)": lambda: x.mean(1),
    "mean(dims, keepdim)": lambda: x.mean((0, 1), keepdim=True),
    "max()": lambda: x.max(),
    "max(dim, keepdim)": lambda: x.max(1, keepdim=True)[0],
    # views and copies
    "reshape": lambda: x.reshape(3, 2),
    "view": lambda: x.view(6),
    "transpose": lambda: x.transpose(0, 1),
    "t": lambda: x.t(),
    "unsqueeze": lambda: x.unsqueeze(0),
    "squeeze()": lambda: x.unsqueeze(0).squeeze(),
    "squeeze(dim)": lambda: x.unsqueeze(0).squeeze(0),
    "expand": lambda: v.expand(2, 3),
    "select": lambda: x.select(0, 1),
    "narrow": lambda: x.narrow(1, 0, 2),
    "contiguous(transposed)": lambda: x.t().contiguous(),
    "clone": lambda: x.clone(),
    "to(float32)": lambda: x.to(torch.float32),
    # products
    "matmul(2d, 2d)": lambda: x.matmul(m32),
    "matmul(2d, 1d)": lambda: x.matmul(v),
    "matmul(1d, 2d)": lambda: v.matmul(m32),
    "matmul(1d, 1d)": lambda: v.matmul(w),
    "matmul(3d, 2d)": lambda: b3.matmul(m32),
    # nn
    "linear(bias)": lambda: F.linear(x, W, bias),
    "linear(no bias)": lambda: F.linear(x, W),
    "linear(3d, bias)": lambda: F.linear(b3, W, bias),
    "mse_loss(mean)": lambda: F.mse_loss(x, y),
    "mse_loss(sum)": lambda: F.mse_loss(x, y, reduction="sum"),
    "mse_loss(none)": lambda: F.mse_loss(x, y, reduction="none"),
}


def parameter_reprs():
    """repr of Linear's parameters (values drawn after torch.manual_seed(seed) with uniform_(-1, 1),
    weight then bias), of a detached one, of an op's output, and of a parameter without grad."""
    out = []
    for seed, (fin, fout, dtype) in enumerate([(2, 1, "float32"), (3, 2, "float64"), (1, 1, "float64"), (4, 3, "float32")]):
        dt = getattr(torch, dtype)
        fc = torch.nn.Linear(fin, fout, dtype=dt)
        torch.manual_seed(seed)
        with torch.no_grad():
            fc.weight.copy_(torch.empty(fout, fin, dtype=dt).uniform_(-1, 1))
            fc.bias.copy_(torch.empty(fout, dtype=dt).uniform_(-1, 1))
        reprs = {"weight": repr(fc.weight), "bias": repr(fc.bias), "weight.detach()": repr(fc.weight.detach()),
                 "weight * 2": repr(fc.weight * 2)}
        fc.bias.requires_grad_(False)
        reprs["bias, requires_grad off"] = repr(fc.bias)
        out.append({"seed": seed, "in": fin, "out": fout, "dtype": dtype, "reprs": reprs})
    return out


def main():
    names = {case: type(f().grad_fn).__name__ for case, f in CASES.items()}
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "names": names, "parameters": parameter_reprs()}, f, indent=1)
    print(len(names), "names ->", os.path.relpath(OUT, ROOT))
    for k, n in names.items():
        print(f"  {k:28s} {n}")


if __name__ == "__main__":
    main()
