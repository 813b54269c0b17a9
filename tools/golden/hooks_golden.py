"""Golden values for tensor hooks and retain_grad (PyTorch 1.13): register_hook on leaves and non-leaves (a
replacing hook, a recording one, a removed one), retain_grad (once, accumulated over two backward passes, in
both orders with a hook: 1.13 runs them in registration order), retain_grad between log_softmax and nll_loss,
torch.autograd.grad (several inputs, a leaf's grad untouched, grad_outputs), and the errors. Elementwise ops only (no BLAS); log_softmax's gradient of w is compared within ulps. Values as raw bits.

    /usr/bin/python3 tools/golden/hooks_golden.py > core/src/test/resources/golden/hooks.json
"""
import json
import struct

import torch
import torch.nn.functional as F


def bits(t):
    t = t.detach().reshape(-1)
    if t.dtype == torch.float64:
        return ["%016x" % struct.unpack("<Q", struct.pack("<d", v))[0] for v in t.tolist()]
    return ["%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in t.tolist()]


def leaves(dtype, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(4, 3, generator=g, dtype=torch.float64).to(dtype)
    w = torch.randn(3, generator=g, dtype=torch.float64).to(dtype).requires_grad_(True)
    b = torch.randn(3, generator=g, dtype=torch.float64).to(dtype).requires_grad_(True)
    return x, w, b


def mlp_case(name, dtype, seed, setup, passes=1):
    """h = x * w + b, y = h * h + h, loss = (y * y).mean() (no transcendental function: Java's libm is not glibc's);
    setup(h, y, w, seen) registers hooks/retains."""
    x, w, b = leaves(dtype, seed)
    h = x * w + b
    y = h * h + h
    seen = []
    setup(h, y, w, seen)
    loss = (y * y).mean()
    for p in range(passes):
        loss.backward(retain_graph=p + 1 < passes)
    out = {"name": name, "dtype": str(dtype).replace("torch.", ""), "seed": seed, "passes": passes,
           "x": bits(x), "w": bits(w), "b": bits(b), "w_grad": bits(w.grad), "b_grad": bits(b.grad),
           "h_grad": bits(h.grad) if h.retains_grad else None, "y_grad": bits(y.grad) if y.retains_grad else None,
           "seen": [bits(s) for s in seen]}
    return out


def remove_hook(h, y, w, seen):
    handle = h.register_hook(lambda g: g * 2)
    handle.remove()


SETUPS = {
    "retain_h_y": lambda h, y, w, seen: (h.retain_grad(), y.retain_grad()),
    "hook_scale_then_retain": lambda h, y, w, seen: (h.register_hook(lambda g: g * 2), h.retain_grad()),
    "retain_then_hook_scale": lambda h, y, w, seen: (h.retain_grad(), h.register_hook(lambda g: g * 2)),
    "leaf_hook_half": lambda h, y, w, seen: w.register_hook(lambda g: g * 0.5),
    "hook_records": lambda h, y, w, seen: y.register_hook(lambda g: seen.append(g.clone())),
    "hook_removed": remove_hook,
}

cases = []
for dtype in (torch.float32, torch.float64):
    for i, (name, setup) in enumerate(SETUPS.items()):
        cases.append(mlp_case(name, dtype, 10 + i, setup))
    cases.append(mlp_case("retain_h_y", dtype, 30, SETUPS["retain_h_y"], passes=2))

nll = []
for dtype in (torch.float32, torch.float64):
    g = torch.Generator().manual_seed(40)
    x = torch.randn(6, 5, generator=g, dtype=torch.float64).to(dtype)
    w = torch.randn(5, generator=g, dtype=torch.float64).to(dtype).requires_grad_(True)
    t = torch.tensor([0, 4, 2, 2, 1, 3])
    logp = F.log_softmax(x * w, dim=1)
    logp.retain_grad()
    F.nll_loss(logp, t).backward()
    nll.append({"dtype": str(dtype).replace("torch.", ""), "x": bits(x), "w": bits(w), "target": t.tolist(),
                "logp_grad": bits(logp.grad), "w_grad": bits(w.grad)})

autograd_grad = []
for dtype in (torch.float32, torch.float64):
    x, w, b = leaves(dtype, 50)
    h = x * w + b
    y = h * h + h
    loss = (y * y).mean()
    gw, gh, gb = torch.autograd.grad(loss, [w, h, b], retain_graph=True)
    scale = torch.full_like(y, 0.5)
    (gw2,) = torch.autograd.grad(y, [w], grad_outputs=scale)
    assert w.grad is None and b.grad is None
    autograd_grad.append({"dtype": str(dtype).replace("torch.", ""), "x": bits(x), "w": bits(w), "b": bits(b),
                          "gw": bits(gw), "gh": bits(gh), "gb": bits(gb), "gw_half": bits(gw2)})

errors = {}
u = torch.tensor([1.0], requires_grad=True)
try:
    torch.autograd.grad((u * 2).sum(), [torch.tensor([1.0], requires_grad=True)])
except RuntimeError as e:
    errors["grad_unused"] = str(e)
try:
    torch.autograd.grad((u * 2).sum(), [torch.tensor([1.0])])
except RuntimeError as e:
    errors["grad_input_without_grad"] = str(e)
for key, f in {
    "hook_on_constant": lambda: torch.tensor([1.0]).register_hook(lambda g: g),
    "retain_on_constant": lambda: torch.tensor([1.0]).retain_grad(),
}.items():
    try:
        f()
    except RuntimeError as e:
        errors[key] = str(e)
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 3
y.register_hook(lambda g: g.sum())
try:
    (y * y).sum().backward()
except RuntimeError as e:
    errors["hook_changes_size"] = str(e).replace("'<lambda>' ", "")

print(json.dumps({"torch": torch.__version__, "cases": cases, "nll": nll, "autograd_grad": autograd_grad,
                  "errors": errors}, indent=1))
