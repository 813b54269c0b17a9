#!/usr/bin/python3
"""Golden values for grad4j's learning-rate schedulers (org.grad4j.optim.lrscheduler), from real PyTorch 1.13.

Run from the repository root with Debian's interpreter:

    /usr/bin/python3 tools/golden/sched_golden.py

Writes core/src/test/resources/golden/sched.json:
- "cases": a scheduler (any of torch.optim.lr_scheduler's, SequentialLR and ChainedScheduler wrapping others)
  on an optimizer with two parameter groups, driven by a list of actions: "step" (scheduler.step()), or a number
  (the deprecated scheduler.step(epoch): closed forms, fractional epochs of CosineAnnealingWarmRestarts). After
  construction and after every action: each group's lr (and momentum / beta1), get_last_lr(), last_epoch. At
  the end: state_dict() (keys in order, values), and "continued": a fresh optimizer and scheduler loaded from
  both state dicts, stepped again. Cases with "group_extra" set those group entries first (resuming with
  last_epoch != -1 needs "initial_lr").
- "errors": PyTorch's exception type and message for invalid arguments.
Scheduler arithmetic is Python floats and libm (no tensors, no BLAS; the reference-BLAS selection of
digits_torch.py is not needed here). Every float is float.hex(), state-dict floats "f:<hex>".
"""
import json
import math
import os
import warnings
import weakref

import torch

warnings.simplefilter("ignore")   # the deprecated step(epoch) and the step-order warnings
torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "sched.json")
S = torch.optim.lr_scheduler

# Named functions for LambdaLR / MultiplicativeLR's lr_lambda and CyclicLR's scale_fn; the Java test defines
# the same names with the same arithmetic.
FUNCTIONS = {
    "const_0.95": lambda e: 0.95,
    "const_1.02": lambda e: 1.02,
    "linear_decay": lambda e: 1.0 - 0.01 * e,
    "pow_0.95": lambda e: 0.95 ** e,
    "warmup_5": lambda e: min(1.0, (e + 1) / 5),
    "half_pow": lambda x: 0.5 ** x,
    "inv_1p": lambda x: 1 / (1 + x),
}


def hx(v):
    return float(v).hex()


def fn(name):
    return FUNCTIONS[name]


def make(opt, kind, args, other=None):
    """The scheduler `kind` with `args` (PyTorch's keyword names; function names for callables). A wrapped
    scheduler marked "other" is built on the optimizer `other` instead (the errors of mixed optimizers)."""
    a = dict(args)
    if kind in ("LambdaLR", "MultiplicativeLR"):
        lam = a.pop("lr_lambda")
        a["lr_lambda"] = [fn(x) for x in lam] if isinstance(lam, list) else fn(lam)
    if kind == "CyclicLR" and "scale_fn" in a:
        a["scale_fn"] = fn(a["scale_fn"])
    if kind in ("SequentialLR", "ChainedScheduler"):
        subs = [make(other if s.get("other") else opt, s["kind"], s["args"]) for s in a.pop("schedulers")]
        return S.SequentialLR(opt, subs, **a) if kind == "SequentialLR" else S.ChainedScheduler(subs)
    return getattr(S, kind)(opt, **a)


def optimizer(kind, options, lrs, extra):
    ps = [torch.zeros(2, dtype=torch.float64, requires_grad=True) for _ in lrs]
    opt = getattr(torch.optim, kind)([{"params": [p], "lr": lr} for p, lr in zip(ps, lrs)], **options)
    for key, values in (extra or {}).items():
        for g, v in zip(opt.param_groups, values):
            g[key] = v
    return opt


def groups_of(opt):
    gs = opt.param_groups
    return {"lr": [hx(g["lr"]) for g in gs],
            "momentum": [hx(g["momentum"]) for g in gs] if "momentum" in gs[0] else [],
            "beta1": [hx(g["betas"][0]) for g in gs] if "betas" in gs[0] else []}


def enc_state(v):
    """A state_dict as JSON: floats "f:<hex>", ints as ints, CyclicLR's weak method as its mode, functions None."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return "f:" + v.hex()
    if isinstance(v, dict):
        return {str(k): enc_state(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [enc_state(x) for x in v]
    if isinstance(v, weakref.ref):   # CyclicLR's _scale_fn_ref: WeakMethod to _triangular_scale_fn & co.
        return v().__name__[1:-len("_scale_fn")]
    if callable(v):
        return "cos" if getattr(v, "__name__", "") == "_annealing_cos" else \
            "linear" if getattr(v, "__name__", "") == "_annealing_linear" else None
    raise TypeError(type(v))


def record(opt, sched, out):
    out["groups"].append(groups_of(opt))
    out["last_lr"].append([hx(x) for x in sched.get_last_lr()])
    out["last_epoch"].append(sched.last_epoch if hasattr(sched, "last_epoch") else None)


def act(sched, a):
    if a == "step":
        sched.step()
    else:
        sched.step(a)


def case(name, kind, args, actions, opt_kind="SGD", opt_opts=None, lrs=(0.1, 0.05), extra=None, cont=None):
    opt_opts = dict(opt_opts if opt_opts is not None else {"momentum": 0.9})
    opt = optimizer(opt_kind, opt_opts, lrs, extra)
    sched = make(opt, kind, args)
    out = {"name": name, "kind": kind, "args": args, "optimizer": opt_kind, "optimizer_options": opt_opts,
           "lrs": list(lrs), "group_extra": extra or {}, "actions": actions, "groups": [], "last_lr": [],
           "last_epoch": []}
    record(opt, sched, out)
    for a in actions:
        opt.step()
        act(sched, a)
        record(opt, sched, out)
    sd = sched.state_dict()
    out["state_keys"] = list(sd.keys())
    out["state"] = enc_state(sd)
    cont = cont if cont is not None else ["step"] * 5
    opt2 = optimizer(opt_kind, opt_opts, lrs, extra)
    sched2 = make(opt2, kind, args)
    opt2.load_state_dict(opt.state_dict())
    sched2.load_state_dict(sd)
    out["continue_actions"] = cont
    out["continued"] = {"groups": [], "last_lr": [], "last_epoch": []}
    for a in cont:
        opt2.step()
        act(sched2, a)
        record(opt2, sched2, out["continued"])
    return out


def steps(n):
    return ["step"] * n


def cases():
    out = []
    c = out.append
    jumps = [1, 2, 3, 5, 4, 10, 0, 7, 7, 12, 6]
    # ConstantLR
    c(case("ConstantLR_default", "ConstantLR", {}, steps(8)))
    c(case("ConstantLR_half_3", "ConstantLR", {"factor": 0.5, "total_iters": 3}, steps(6)))
    c(case("ConstantLR_0.3_4", "ConstantLR", {"factor": 0.3, "total_iters": 4}, steps(7)))
    c(case("ConstantLR_zero_iters", "ConstantLR", {"factor": 0.25, "total_iters": 0}, steps(3)))
    c(case("ConstantLR_closed", "ConstantLR", {"factor": 0.3, "total_iters": 4}, jumps + ["step", "step"]))
    # PolynomialLR
    c(case("PolynomialLR_default", "PolynomialLR", {}, steps(8)))
    c(case("PolynomialLR_10_2", "PolynomialLR", {"total_iters": 10, "power": 2.0}, steps(13)))
    c(case("PolynomialLR_7_0.5", "PolynomialLR", {"total_iters": 7, "power": 0.5}, steps(9)))
    c(case("PolynomialLR_9_3.3", "PolynomialLR", {"total_iters": 9, "power": 3.3}, steps(11)))
    c(case("PolynomialLR_closed", "PolynomialLR", {"total_iters": 8, "power": 1.7}, jumps + ["step", "step"]))
    # MultiplicativeLR
    c(case("MultiplicativeLR_const", "MultiplicativeLR", {"lr_lambda": "const_0.95"}, steps(40)))
    c(case("MultiplicativeLR_groups", "MultiplicativeLR", {"lr_lambda": ["const_0.95", "linear_decay"]}, steps(20)))
    c(case("MultiplicativeLR_epoch", "MultiplicativeLR", {"lr_lambda": "linear_decay"}, jumps))
    # CosineAnnealingWarmRestarts
    c(case("CosineAnnealingWarmRestarts_default", "CosineAnnealingWarmRestarts", {"T_0": 5}, steps(23)))
    c(case("CosineAnnealingWarmRestarts_mult2", "CosineAnnealingWarmRestarts",
           {"T_0": 3, "T_mult": 2, "eta_min": 0.001}, steps(50)))
    c(case("CosineAnnealingWarmRestarts_mult3", "CosineAnnealingWarmRestarts", {"T_0": 1, "T_mult": 3}, steps(45)))
    frac = [e + b / 4 for e in range(20) for b in range(4)]
    c(case("CosineAnnealingWarmRestarts_fractional", "CosineAnnealingWarmRestarts",
           {"T_0": 4, "eta_min": 0.0005}, frac, cont=[20.25, 20.5, "step", 21.75, "step"]))
    c(case("CosineAnnealingWarmRestarts_fractional_mult2", "CosineAnnealingWarmRestarts",
           {"T_0": 3, "T_mult": 2}, frac + ["step", "step", 23.5], cont=["step", 45.0, 46.5, "step"]))
    c(case("CosineAnnealingWarmRestarts_jumps_mult2", "CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 2},
           [3, 9, 21, 45, 93, 2, 8, 20, 44, 10, 0, 1, "step", "step", 5, "step"]))
    c(case("CosineAnnealingWarmRestarts_jumps_mult10", "CosineAnnealingWarmRestarts", {"T_0": 1, "T_mult": 10},
           [1, 10, 11, 110, 111, 112, 1110, 1111, 1112, 5, "step", "step"]))
    c(case("CosineAnnealingWarmRestarts_jumps_mult1", "CosineAnnealingWarmRestarts", {"T_0": 7},
           [3, 7, 14, 15, 100, 6.5, 13.999, "step", 2]))
    # CyclicLR
    c(case("CyclicLR_triangular", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4}, steps(20)))
    c(case("CyclicLR_triangular2", "CyclicLR",
           {"base_lr": [0.01, 0.002], "max_lr": [0.1, 0.05], "step_size_up": 3, "step_size_down": 5,
            "mode": "triangular2"}, steps(40)))
    c(case("CyclicLR_exp_range", "CyclicLR",
           {"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 2, "mode": "exp_range", "gamma": 0.9}, steps(30)))
    c(case("CyclicLR_scale_fn_cycle", "CyclicLR",
           {"base_lr": 0.01, "max_lr": 0.2, "step_size_up": 3, "scale_fn": "half_pow"}, steps(25)))
    c(case("CyclicLR_scale_fn_iterations", "CyclicLR",
           {"base_lr": 0.01, "max_lr": 0.2, "step_size_up": 3, "step_size_down": 2, "scale_fn": "inv_1p",
            "scale_mode": "iterations", "mode": "exp_range"}, steps(25)))
    c(case("CyclicLR_momentum_groups", "CyclicLR",
           {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 5, "base_momentum": [0.7, 0.75],
            "max_momentum": [0.95, 0.85]}, steps(22)))
    c(case("CyclicLR_rmsprop", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 2},
           steps(10), opt_kind="RMSprop", opt_opts={}))
    c(case("CyclicLR_adam_no_momentum", "CyclicLR",
           {"base_lr": 0.001, "max_lr": 0.01, "step_size_up": 3, "cycle_momentum": False},
           steps(12), opt_kind="Adam", opt_opts={}))
    c(case("CyclicLR_default_size", "CyclicLR", {"base_lr": 0.001, "max_lr": 0.006}, steps(5) + [1999, 2000, 2001,
           3999, 4000, 6500, "step"]))
    c(case("CyclicLR_down_zero", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3,
                                              "step_size_down": 0}, steps(9)))
    # SequentialLR and ChainedScheduler
    sub = lambda kind, **a: {"kind": kind, "args": a}  # noqa: E731
    c(case("SequentialLR_constant_exponential", "SequentialLR",
           {"schedulers": [sub("ConstantLR", factor=0.5, total_iters=3), sub("ExponentialLR", gamma=0.9)],
            "milestones": [2]}, steps(12)))
    c(case("SequentialLR_linear_cosine", "SequentialLR",
           {"schedulers": [sub("LinearLR", start_factor=0.1, end_factor=1.0, total_iters=4),
                           sub("CosineAnnealingLR", T_max=10, eta_min=0.001)], "milestones": [4]}, steps(30)))
    c(case("SequentialLR_three", "SequentialLR",
           {"schedulers": [sub("ConstantLR", factor=0.2, total_iters=5), sub("StepLR", step_size=3, gamma=0.5),
                           sub("MultiStepLR", milestones=[2, 4], gamma=0.3)], "milestones": [3, 8]}, steps(16)))
    c(case("SequentialLR_restarts_lambda", "SequentialLR",
           {"schedulers": [sub("CosineAnnealingWarmRestarts", T_0=3, T_mult=2), sub("LambdaLR", lr_lambda="pow_0.95"),
                           sub("PolynomialLR", total_iters=4, power=2.0)], "milestones": [7, 12]}, steps(20)))
    c(case("SequentialLR_multiplicative_cyclic", "SequentialLR",
           {"schedulers": [sub("MultiplicativeLR", lr_lambda="const_1.02"),
                           sub("ExponentialLR", gamma=0.8)], "milestones": [5]}, steps(10)))
    c(case("ChainedScheduler_constant_exponential", "ChainedScheduler",
           {"schedulers": [sub("ConstantLR", factor=0.1, total_iters=2), sub("ExponentialLR", gamma=0.9)]}, steps(10)))
    c(case("ChainedScheduler_three", "ChainedScheduler",
           {"schedulers": [sub("LinearLR", start_factor=0.5, total_iters=4), sub("StepLR", step_size=3, gamma=0.5),
                           sub("MultiplicativeLR", lr_lambda="const_0.95"), sub("PolynomialLR", total_iters=12)]},
           steps(15)))
    # the existing schedulers' closed forms (step(epoch)) and resuming (last_epoch != -1)
    c(case("StepLR_closed", "StepLR", {"step_size": 3, "gamma": 0.5}, jumps))
    c(case("MultiStepLR_closed", "MultiStepLR", {"milestones": [2, 5, 5, 9], "gamma": 0.3}, jumps))
    c(case("ExponentialLR_closed", "ExponentialLR", {"gamma": 0.9}, jumps + [33, 34, "step"]))
    c(case("CosineAnnealingLR_closed", "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001},
           jumps + [15, 20, 21, 33, "step", "step"]))
    c(case("CosineAnnealingLR_closed_7", "CosineAnnealingLR", {"T_max": 7}, list(range(0, 30)) + [3, "step"]))
    c(case("LinearLR_closed", "LinearLR", {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 8}, jumps))
    c(case("LambdaLR_epoch", "LambdaLR", {"lr_lambda": "warmup_5"}, jumps))
    c(case("LambdaLR_groups", "LambdaLR", {"lr_lambda": ["pow_0.95", "warmup_5"]}, steps(8)))
    c(case("OneCycleLR_epoch", "OneCycleLR", {"max_lr": 0.5, "total_steps": 20}, [3, 5, 4, 19, 20, 0]))
    c(case("OneCycleLR_momentum_groups", "OneCycleLR",
           {"max_lr": [0.5, 0.2], "total_steps": 30, "base_momentum": [0.8, 0.85], "max_momentum": [0.9, 0.97]},
           steps(30), cont=[]))
    c(case("OneCycleLR_cos_long", "OneCycleLR", {"max_lr": 0.3, "total_steps": 997, "pct_start": 0.25}, steps(997),
           cont=[]))
    c(case("CyclicLR_epoch", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4}, jumps))
    init = {"initial_lr": [0.2, 0.08]}
    c(case("StepLR_resume", "StepLR", {"step_size": 3, "gamma": 0.5, "last_epoch": 4}, steps(8), extra=init))
    c(case("MultiStepLR_resume", "MultiStepLR", {"milestones": [6, 8], "gamma": 0.5, "last_epoch": 5}, steps(5),
           extra=init))
    c(case("ExponentialLR_resume", "ExponentialLR", {"gamma": 0.9, "last_epoch": 3}, steps(5), extra=init))
    c(case("CosineAnnealingLR_resume", "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001, "last_epoch": 3},
           steps(25), extra=init))
    c(case("LinearLR_resume", "LinearLR", {"start_factor": 0.5, "total_iters": 6, "last_epoch": 2}, steps(6),
           extra=init))
    c(case("ConstantLR_resume", "ConstantLR", {"factor": 0.5, "total_iters": 4, "last_epoch": 1}, steps(5),
           extra=init))
    c(case("PolynomialLR_resume", "PolynomialLR", {"total_iters": 6, "power": 2.0, "last_epoch": 2}, steps(6),
           extra=init))
    c(case("LambdaLR_resume", "LambdaLR", {"lr_lambda": "pow_0.95", "last_epoch": 4}, steps(4), extra=init))
    c(case("MultiplicativeLR_resume", "MultiplicativeLR", {"lr_lambda": "linear_decay", "last_epoch": 4}, steps(4),
           extra=init))
    c(case("CosineAnnealingWarmRestarts_resume", "CosineAnnealingWarmRestarts",
           {"T_0": 3, "T_mult": 2, "last_epoch": 7}, steps(12), extra=init))
    c(case("CyclicLR_resume", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "last_epoch": 5},
           steps(8), extra=init))
    c(case("OneCycleLR_resume", "OneCycleLR", {"max_lr": 0.5, "total_steps": 20, "last_epoch": 6}, steps(8),
           extra={"initial_lr": [0.02, 0.02], "max_lr": [0.5, 0.5], "min_lr": [2e-6, 2e-6],
                  "max_momentum": [0.95, 0.95], "base_momentum": [0.85, 0.85]}))
    c(case("SequentialLR_resume", "SequentialLR",
           {"schedulers": [sub("ConstantLR", factor=0.5, total_iters=3), sub("ExponentialLR", gamma=0.9)],
            "milestones": [4], "last_epoch": 2}, steps(6)))
    return out


def error(name, kind, args, opt_kind="SGD", opt_opts=None, lrs=(0.1, 0.05), actions=(), extra=None):
    opt = optimizer(opt_kind, dict(opt_opts if opt_opts is not None else {"momentum": 0.9}), lrs, extra)
    other = optimizer(opt_kind, dict(opt_opts if opt_opts is not None else {"momentum": 0.9}), lrs, extra)
    try:
        sched = make(opt, kind, args, other)
        for a in actions:
            act(sched, a)
    except Exception as e:   # noqa: BLE001  (recording PyTorch's exception is the point)
        return {"name": name, "kind": kind, "args": args, "optimizer": opt_kind,
                "optimizer_options": opt_opts if opt_opts is not None else {"momentum": 0.9}, "lrs": list(lrs),
                "group_extra": extra or {}, "actions": list(actions), "type": type(e).__name__, "message": str(e)}
    raise AssertionError(name + " did not fail")


def errors():
    sub = lambda kind, **a: {"kind": kind, "args": a}  # noqa: E731
    return [
        error("resume_without_initial_lr_StepLR", "StepLR", {"step_size": 2, "last_epoch": 3}),
        error("resume_without_initial_lr_ConstantLR", "ConstantLR", {"last_epoch": 0}),
        error("resume_without_initial_lr_CyclicLR", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "last_epoch": 2}),
        error("resume_without_initial_lr_CAWR", "CosineAnnealingWarmRestarts", {"T_0": 3, "last_epoch": 2}),
        error("resume_without_initial_lr_group1", "ExponentialLR", {"gamma": 0.9, "last_epoch": 2},
              extra={"initial_lr": [0.1]}),
        error("ConstantLR_factor_above_1", "ConstantLR", {"factor": 1.5}),
        error("ConstantLR_factor_negative", "ConstantLR", {"factor": -0.1}),
        error("LinearLR_start_above_1", "LinearLR", {"start_factor": 1.5}),
        error("LinearLR_end_negative", "LinearLR", {"end_factor": -0.5}),
        error("CAWR_T_0_zero", "CosineAnnealingWarmRestarts", {"T_0": 0}),
        error("CAWR_T_mult_zero", "CosineAnnealingWarmRestarts", {"T_0": 2, "T_mult": 0}),
        error("CAWR_negative_epoch", "CosineAnnealingWarmRestarts", {"T_0": 2}, actions=[-1]),
        error("CyclicLR_adam_momentum", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1}, opt_kind="Adam", opt_opts={}),
        error("CyclicLR_adagrad_momentum", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1}, opt_kind="Adagrad",
              opt_opts={}),
        error("CyclicLR_base_lr_count", "CyclicLR", {"base_lr": [0.01, 0.02, 0.03], "max_lr": 0.1}),
        error("CyclicLR_max_lr_count", "CyclicLR", {"base_lr": 0.01, "max_lr": [0.1, 0.2, 0.3]}),
        error("LambdaLR_count", "LambdaLR", {"lr_lambda": ["pow_0.95"]}),
        error("MultiplicativeLR_count", "MultiplicativeLR", {"lr_lambda": ["const_0.95"] * 3}),
        error("OneCycleLR_max_lr_count", "OneCycleLR", {"max_lr": [0.1, 0.2, 0.3], "total_steps": 10}),
        error("OneCycleLR_too_many_steps", "OneCycleLR", {"max_lr": 0.1, "total_steps": 3},
              actions=["step", "step", "step", "step"]),
        error("LinearLR_start_zero_divides", "LinearLR", {"start_factor": 0.0}, actions=["step"]),
        error("ConstantLR_factor_zero_divides", "ConstantLR", {"factor": 0.0, "total_iters": 2},
              actions=["step", "step"]),
        error("PolynomialLR_negative_power", "PolynomialLR", {"total_iters": 2, "power": -1.0},
              actions=["step", "step"]),
        error("CyclicLR_zero_step_sizes", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 0}),
        error("CyclicLR_zero_step_size_up", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 0,
                                                         "step_size_down": 3}),
        error("OneCycleLR_no_length", "OneCycleLR", {"max_lr": 0.1}),
        error("OneCycleLR_total_steps_zero", "OneCycleLR", {"max_lr": 0.1, "total_steps": 0}),
        error("OneCycleLR_epochs_zero", "OneCycleLR", {"max_lr": 0.1, "epochs": 0, "steps_per_epoch": 3}),
        error("OneCycleLR_steps_per_epoch_zero", "OneCycleLR", {"max_lr": 0.1, "epochs": 2, "steps_per_epoch": 0}),
        error("OneCycleLR_pct_start", "OneCycleLR", {"max_lr": 0.1, "total_steps": 5, "pct_start": 1.5}),
        error("OneCycleLR_adagrad_momentum", "OneCycleLR", {"max_lr": 0.1, "total_steps": 5}, opt_kind="Adagrad",
              opt_opts={}),
        error("OneCycleLR_resume_without_initial_lr", "OneCycleLR", {"max_lr": 0.1, "total_steps": 5, "last_epoch": 2}),
        error("SequentialLR_other_optimizer", "SequentialLR",
              {"schedulers": [sub("ConstantLR"), dict(sub("ExponentialLR", gamma=0.9), other=True)], "milestones": [2]}),
        error("ChainedScheduler_other_optimizer", "ChainedScheduler",
              {"schedulers": [sub("ConstantLR"), sub("StepLR", step_size=2), dict(sub("ExponentialLR", gamma=0.9),
                                                                                 other=True)]}),
        error("SequentialLR_milestones_count", "SequentialLR",
              {"schedulers": [sub("ConstantLR"), sub("ExponentialLR", gamma=0.9)], "milestones": [2, 4]}),
    ]


def main():
    assert torch.__version__.startswith("1.13"), torch.__version__
    data = {"torch": torch.__version__, "functions": sorted(FUNCTIONS), "cases": cases(), "errors": errors()}
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
