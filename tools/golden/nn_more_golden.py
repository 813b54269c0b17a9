#!/usr/bin/python3
"""Golden cases for grad4j's module hooks and the nn additions of the nnmore branch (activations, layers, losses),
from PyTorch 1.13 (CPU).

    /usr/bin/python3 tools/golden/nn_more_golden.py

Writes core/src/test/resources/golden/nn_more.json, read by NnMoreConformance:
- "hooks": scenarios on Linear / Sequential with forward pre-hooks, forward hooks and full backward hooks: the
  output, the gradients, what the backward hooks saw, the output's grad_fn;
- "cases": functional ops and modules: op name and arguments, inputs (those marked "grad" are leaves requiring
  grad), PyTorch's output or error, the gradient of (out * w).sum() for each such leaf, grad_fn's name;
- "modules": modules built from torch.manual_seed(seed): repr, state dict, and for a given input the output and
  the gradients of (out * w).sum() for the input and each parameter.
Values are float.hex. Shares tensor_ops_golden.py's helpers (this script's own seed).
"""
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import tensor_ops_golden as golden
from tensor_ops_golden import ROOT, hexs, sample, write

OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "nn_more.json")
RED = ("none", "mean", "sum")
golden.use_rng(np.random.default_rng(23))


def enc(t, grad=False):
    if t is None:
        return None
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": hexs(t), "grad": grad}


# ---------------------------------------------------------------------------------------------------- hooks

def hook_cases():
    out = []
    for dt in (torch.float32, torch.float64):
        for name in ("pre_scale_post_add", "pre_order", "removed", "backward_scale", "backward_no_input_grad",
                     "backward_two", "sequential_child", "backward_removed_after_call"):
            torch.manual_seed(3)
            x = sample([4, 3], dt)
            lin = nn.Linear(3, 2).to(dt)
            seq = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2)).to(dt)
            c = {"name": name, "dtype": str(dt).replace("torch.", ""), "x": enc(x),
                 "weight": enc(lin.weight.detach()), "bias": enc(lin.bias.detach()),
                 "seq": {k: enc(v) for k, v in seq.state_dict().items()}}
            seen = []
            m = lin
            xg = x.clone().requires_grad_(name != "backward_no_input_grad")
            if name == "pre_scale_post_add":
                lin.register_forward_pre_hook(lambda mod, inp: inp[0] * 2)
                lin.register_forward_hook(lambda mod, inp, o: o + inp[0].sum())
            elif name == "pre_order":
                lin.register_forward_pre_hook(lambda mod, inp: inp[0] + 1)
                lin.register_forward_pre_hook(lambda mod, inp: (inp[0] * 3,))
                lin.register_forward_hook(lambda mod, inp, o: o * 2)
                lin.register_forward_hook(lambda mod, inp, o: o - 1)
            elif name == "removed":
                h = lin.register_forward_pre_hook(lambda mod, inp: inp[0] + 1)
                lin.register_forward_hook(lambda mod, inp, o: None)
                h.remove()
                h.remove()
            elif name in ("backward_scale", "backward_no_input_grad"):
                def bh(mod, gi, go):
                    seen.append([gi[0], go[0]])
                    return None if gi[0] is None else (gi[0] * 3,)
                lin.register_full_backward_hook(bh)
            elif name == "backward_two":
                def b1(mod, gi, go):
                    seen.append([gi[0], go[0]])
                    return (gi[0] + 1,)

                def b2(mod, gi, go):
                    seen.append([gi[0], go[0]])
                    return None
                lin.register_full_backward_hook(b1)
                lin.register_full_backward_hook(b2)
            elif name == "sequential_child":
                m = seq
                seq[1].register_forward_hook(lambda mod, inp, o: o * o)

                def bh(mod, gi, go):
                    seen.append([gi[0], go[0]])
                    return (gi[0] * 0.5,)
                seq[2].register_full_backward_hook(bh)
            elif name == "backward_removed_after_call":
                def bh(mod, gi, go):
                    seen.append([gi[0], go[0]])
                    return (gi[0] * 3,)
                h = lin.register_full_backward_hook(bh)
            y = m(xg)
            if name == "backward_removed_after_call":
                h.remove()
            w = sample(list(y.shape), dt)
            c["out"] = enc(y.detach())
            c["grad_fn"] = y.grad_fn.name()
            c["w"] = enc(w)
            (y * w).sum().backward()
            c["x_grad"] = enc(xg.grad) if xg.grad is not None else None
            c["param_grads"] = {k: enc(p.grad) for k, p in m.named_parameters()}
            c["seen"] = [[enc(t) for t in pair] for pair in seen]
            out.append(c)
    return out


def main():
    write(OUT, [], hooks=hook_cases())


if __name__ == "__main__":
    main()
