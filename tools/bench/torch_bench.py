#!/usr/bin/python3
"""PyTorch eager versions of the grad4j JMH workloads (benchmarks/ module), with medians.

Run with Debian's interpreter and python3-torch:  /usr/bin/python3 tools/bench/torch_bench.py [--json FILE]
tools/bench/run.sh calls it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (for this command only),
so OpenBLAS detects the CPU itself.

Each workload is warmed up, then timed in `rounds` rounds of about `round_s` seconds each; the
reported number is the median over rounds of the time per call.
"""
import argparse
import ctypes
import json
import os
import platform
import statistics
import sys
import time

import torch


def blas_info():
    """Which BLAS this process has mapped, and what OpenBLAS says about itself."""
    torch.randn(64, 64) @ torch.randn(64, 64)  # make sure the BLAS is loaded
    libs = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            name = os.path.basename(path).lower()
            if any(key in name for key in ("blas", "mkl", "lapack", "blis")):
                libs.add(path)
    info = {"libraries": sorted(libs)}
    for path in sorted(libs):
        if "openblas" in os.path.basename(path):
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_get_config.restype = ctypes.c_char_p
                lib.openblas_get_corename.restype = ctypes.c_char_p
                info["openblas_config"] = lib.openblas_get_config().decode()
                info["openblas_corename"] = lib.openblas_get_corename().decode()
                info["openblas_threads"] = lib.openblas_get_num_threads()
            except (OSError, AttributeError) as e:
                info["openblas_error"] = str(e)
            break
    try:
        import threadpoolctl  # optional; not installed on this machine by default
        info["threadpoolctl"] = threadpoolctl.threadpool_info()
    except ImportError:
        pass
    return info


CLOCK = time.perf_counter


def measure(fn, warmup_s, rounds, round_s):
    """Median seconds per call of fn() over `rounds` rounds, each sized to last about round_s
    (CLOCK: wall time, or with --cpu-time the calling thread's CPU time per call)."""
    end = time.perf_counter() + warmup_s
    calls = 0
    while time.perf_counter() < end or calls < 3:
        fn()
        calls += 1
    t0 = time.perf_counter()
    fn()
    one = max(time.perf_counter() - t0, 1e-9)
    n = max(1, int(round_s / one))
    per_call = []
    for _ in range(rounds):
        t0 = CLOCK()
        for _ in range(n):
            fn()
        per_call.append((CLOCK() - t0) / n)
    return statistics.median(per_call)


def training_step(in_f, out_f, batch, dtype, lr=0.1):
    torch.manual_seed(0)
    layer = torch.nn.Linear(in_f, out_f).to(dtype)
    opt = torch.optim.SGD(layer.parameters(), lr=lr)
    loss_fn = torch.nn.MSELoss()
    if in_f == 1 and batch == 1:
        x = torch.tensor([[-1.0]], dtype=dtype)
        y = torch.tensor([[1.0]], dtype=dtype)
    else:
        x = torch.randn(batch, in_f, dtype=dtype)
        y = torch.randn(batch, out_f, dtype=dtype)

    def step():
        out = layer(x)
        loss = loss_fn(out, y)
        # grad4j's zeroGrad() sets gradients to None (PyTorch 2's default); 1.13 defaults to zeroing
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    return step


def round_rows():
    """Issue 14/16 workloads; names and shapes as in benchmarks/.../RoundHarness.java."""
    g = torch.Generator().manual_seed(0)

    def no_grad(fn):
        def call():
            with torch.no_grad():
                return fn()
        return call

    def softmax():
        x = torch.randn(4096, 1024, generator=g)
        return no_grad(lambda: torch.softmax(x, 1))

    def log_softmax():
        x = torch.randn(4096, 1024, generator=g)
        return no_grad(lambda: torch.log_softmax(x, 1))

    def cross_entropy():
        x = torch.randn(4096, 1000, generator=g).requires_grad_(True)
        t = torch.randint(0, 1000, (4096,), generator=g)  # int64

        def step():
            loss = torch.nn.functional.cross_entropy(x, t)
            loss.backward()
            x.grad = None
            return loss
        return step

    def cat():
        parts = [torch.randn(1024, 1024, generator=g) for _ in range(8)]
        return no_grad(lambda: torch.cat(parts, 0))

    def gather():
        src = torch.randn(1 << 20, generator=g)
        idx = torch.randint(0, 1 << 20, (1 << 20,), generator=g)
        return no_grad(lambda: torch.gather(src, 0, idx))

    def index_select():
        src = torch.randn(1 << 20, generator=g)
        idx = torch.randint(0, 1 << 20, (1 << 20,), generator=g)
        return no_grad(lambda: torch.index_select(src, 0, idx))

    def argmax():
        x = torch.randn(4096, 1000, generator=g)
        return no_grad(lambda: torch.argmax(x, 1))

    def argmax_int64():
        x = torch.randint(0, 1 << 30, (4096, 1000), generator=g)
        return no_grad(lambda: torch.argmax(x, 1))

    def max_int64():
        x = torch.randint(0, 1 << 30, (1 << 22,), generator=g)
        return no_grad(lambda: torch.max(x))

    def adam():
        p = torch.randn(1 << 20, generator=g).requires_grad_(True)
        p.grad = torch.randn(1 << 20, generator=g)
        # PyTorch 1.13's default (foreach=None) picks the single-tensor loop on the CPU
        opt = torch.optim.Adam([p], lr=1e-3)
        return opt.step

    def add():
        a = torch.randn(1 << 22, generator=g)
        b = torch.randn(1 << 22, generator=g)
        return no_grad(lambda: a + b)

    def add_256k():
        a = torch.randn(1 << 18, generator=g)
        b = torch.randn(1 << 18, generator=g)
        return no_grad(lambda: a + b)

    def mul():
        a = torch.randn(1 << 22, generator=g)
        b = torch.randn(1 << 22, generator=g)
        return no_grad(lambda: a * b)

    def mul_scalar():
        a = torch.randn(1 << 22, generator=g)
        return no_grad(lambda: a * 0.5)

    def relu():
        a = torch.randn(1 << 22, generator=g)
        return no_grad(lambda: torch.relu(a))

    def bias_add():
        a = torch.randn(4096, 1024, generator=g)
        b = torch.randn(1024, generator=g)
        return no_grad(lambda: a + b)

    def add_inplace():
        a = torch.randn(1 << 20, generator=g)
        b = torch.randn(1 << 20, generator=g)
        return no_grad(lambda: a.add_(b))

    def train_step(m, loss_fn, opt, x, y):
        """The training step every model row times: forward, loss, zero_grad, backward, optimizer step."""
        def step():
            loss = loss_fn(m(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            return loss
        return step

    def mlp():
        torch.manual_seed(0)
        m = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
        opt = torch.optim.Adam(m.parameters(), lr=1e-3)
        x = torch.randn(64, 784, generator=g)
        y = torch.randint(0, 10, (64,), generator=g)
        return train_step(m, torch.nn.CrossEntropyLoss(), opt, x, y)

    def small_mlp():
        torch.manual_seed(0)
        m = torch.nn.Sequential(torch.nn.Linear(1, 32), torch.nn.Tanh(), torch.nn.Linear(32, 1))
        opt = torch.optim.SGD(m.parameters(), lr=0.01)
        x = torch.randn(32, 1, generator=g)
        y = torch.randn(32, 1, generator=g)
        return train_step(m, torch.nn.MSELoss(), opt, x, y)

    def mse_sgd(dtype, batch, *widths):
        """Issue 16's training-step targets, as RoundHarness.mseSgd: Linear [ReLU Linear ...], MSE, SGD(0.01)."""
        def make():
            torch.manual_seed(0)
            layers = []
            for i in range(len(widths) - 1):
                if i > 0:
                    layers.append(torch.nn.ReLU())
                layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
            m = torch.nn.Sequential(*layers).to(dtype)
            opt = torch.optim.SGD(m.parameters(), lr=0.01)
            x = torch.randn(batch, widths[0], generator=g).to(dtype)
            y = torch.randn(batch, widths[-1], generator=g).to(dtype)
            return train_step(m, torch.nn.MSELoss(), opt, x, y)
        return make

    def digits_mlp():
        """The Digits example's model and optimizer (Dropout in training mode), one step on a random batch of 32."""
        torch.manual_seed(0)
        m = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Dropout(0.2),
                                torch.nn.Linear(128, 10))
        opt = torch.optim.AdamW(m.parameters(), lr=0.003, weight_decay=0.01)
        x = torch.rand(32, 64, generator=g)
        y = torch.randint(0, 10, (32,), generator=g)
        return train_step(m, torch.nn.CrossEntropyLoss(), opt, x, y)

    targets = []
    for dtype, suffix in ((torch.float32, "_f32"), (torch.float64, "_f64")):
        targets.append(("wide_1024_b256_mse_sgd" + suffix, mse_sgd(dtype, 256, 1024, 1024)))
        targets.append(("mlp_784_256_10_relu_mse_sgd_b64" + suffix, mse_sgd(dtype, 64, 784, 256, 10)))
    targets.append(("seed_step_f64", mse_sgd(torch.float64, 1, 1, 1)))
    targets.append(("mlp_64_128_10_digits_ce_adamw_b32", digits_mlp))

    return [("softmax_4096x1024", softmax), ("log_softmax_4096x1024", log_softmax),
            ("cross_entropy_fwd_bwd_4096x1000", cross_entropy), ("cat_8x1024x1024_dim0", cat),
            ("gather_1M_of_1M", gather), ("index_select_1M_of_1M", index_select),
            ("argmax_4096x1000_dim1", argmax), ("argmax_int64_4096x1000_dim1", argmax_int64),
            ("max_int64_4M", max_int64), ("adam_step_1M", adam),
            ("add_4M", add), ("add_256K", add_256k), ("mul_4M", mul), ("mul_scalar_4M", mul_scalar), ("relu_4M", relu),
            ("bias_add_4096x1024", bias_add), ("add_inplace_1M", add_inplace),
            ("mlp_784_256_10_ce_adam_b64", mlp), ("small_mlp_1_32_1_tanh_b32", small_mlp)] + targets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", help="write results here as JSON")
    ap.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per workload")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--round-s", type=float, default=1.0, help="seconds per timed round")
    ap.add_argument("--only", choices=("all", "wide", "round"), default="all",
                    help="'wide': only the wide-layer training steps (for run.sh's interleaved pairs); "
                         "'round': the issue 14/16 workloads of RoundHarness (for round.sh)")
    ap.add_argument("--rows", default=".*", help="with --only round: a regex the row names must match")
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads(N) if N > 0")
    ap.add_argument("--cpu-time", action="store_true",
                    help="time the calling thread's CPU (time.thread_time) instead of the wall clock")
    args = ap.parse_args()
    if args.cpu_time:
        global CLOCK
        CLOCK = time.thread_time

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    info = {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "torch_threads": torch.get_num_threads(),
        "cpu_count": os.cpu_count(),
        "env_OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "env_OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
        "blas": blas_info(),
    }
    print(f"torch {info['torch']}, intra-op threads {info['torch_threads']}, BLAS: {info['blas']}", file=sys.stderr)

    res = {}

    def run(name, fn):
        sec = measure(fn, args.warmup, args.rounds, args.round_s)
        res[name] = sec
        print(f"{name:32s} {sec * 1e6:12.3f} us", file=sys.stderr)

    torch.set_grad_enabled(True)
    if args.only == "round":
        import re
        for name, make in round_rows():
            if re.fullmatch(args.rows, name):
                run(name, make())
        finish(args, info, res)
        return
    if args.only == "all":
        run("seed_step", training_step(1, 1, 1, torch.float64))
    for dt, name in ((torch.float32, "float32"), (torch.float64, "float64")):
        run(f"wide_step_{name}", training_step(1024, 1024, 256, dt))
    if args.only == "wide":
        finish(args, info, res)
        return

    with torch.no_grad():
        g = torch.Generator().manual_seed(0)
        a1, b1 = torch.randn(1, generator=g), torch.randn(1, generator=g)
        a16, b16 = torch.randn(16, generator=g), torch.randn(16, generator=g)
        m4a, m4b = torch.randn(4, 4, generator=g), torch.randn(4, 4, generator=g)
        run("op_add1", lambda: a1 + b1)
        run("op_mul1", lambda: a1 * b1)
        run("op_add16", lambda: a16 + b16)
        run("op_mul16", lambda: a16 * b16)
        run("op_matmul4x4", lambda: torch.matmul(m4a, m4b))
        run("op_sum16", lambda: a16.sum())

        for dt, name in ((torch.float32, "float32"), (torch.float64, "float64")):
            x = torch.randn(256, 1024, dtype=dt, generator=g)
            w = torch.randn(1024, 1024, dtype=dt, generator=g)
            gr = torch.randn(256, 1024, dtype=dt, generator=g)
            sa = torch.randn(1024, 1024, dtype=dt, generator=g)
            sb = torch.randn(1024, 1024, dtype=dt, generator=g)
            run(f"gemm_forward_{name}", lambda: torch.matmul(x, w.t()))
            run(f"gemm_grad_input_{name}", lambda: torch.matmul(gr, w))
            run(f"gemm_grad_weight_{name}", lambda: torch.matmul(gr.t(), x))
            run(f"gemm_square1024_{name}", lambda: torch.matmul(sa, sb))

    finish(args, info, res)


def finish(args, info, res):
    """Writes the results where --json says, or to stdout."""
    out = {"info": info, "seconds": res}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
    else:
        json.dump(out, sys.stdout, indent=1)
        print()


if __name__ == "__main__":
    main()
