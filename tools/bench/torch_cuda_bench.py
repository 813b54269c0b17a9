#!/usr/bin/env python3
"""PyTorch's side of backend-cuda's CudaTrainingBench, on the same GPU and in the same call.

Runs on the GPU machine with its own python3 (PyTorch with CUDA), not on the CI machine:
    python3 tools/bench/torch_cuda_bench.py

The same workloads as CudaTrainingBench:
  - the seed loop: Linear(1, 1), MSELoss, SGD(lr=1e-3), float64, one sample, on cuda:0;
  - Linear(4096, 4096) on a batch of 1024 with MSELoss and SGD(lr=1e-4), float32 and float64:
    the step time (median, synchronised) against its three matrix products alone.
float32 products run without TF32, PyTorch's default for matmul (and grad4j's).
"""
import statistics
import time

import torch

torch.backends.cuda.matmul.allow_tf32 = False
dev = torch.device("cuda:0")


def sync():
    torch.cuda.synchronize(dev)


def seed_loop():
    torch.manual_seed(0)
    model = torch.nn.Linear(1, 1).to(dev, torch.float64)
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    x = torch.tensor([[0.5]], dtype=torch.float64, device=dev)
    y = torch.tensor([[2.0]], dtype=torch.float64, device=dev)

    def step():
        loss = loss_fn(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    for _ in range(5000):
        step()
    rounds = []
    for _ in range(3):
        sync()
        t0 = time.perf_counter()
        for _ in range(10000):
            step()
        sync()
        rounds.append((time.perf_counter() - t0) / 10000 * 1e6)
    print(f"torch seed loop float64: {statistics.median(rounds):.2f} us/step (median of 3 rounds of 10000)")


def timed(fn, reps=15, warmup=3):
    for _ in range(warmup):
        fn()
    ms = []
    for _ in range(reps):
        sync()
        t0 = time.perf_counter()
        fn()
        sync()
        ms.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ms)


def wide_layer(dtype):
    batch, width = 1024, 4096
    g = torch.Generator(device="cpu").manual_seed(1)
    model = torch.nn.Linear(width, width).to(dev, dtype)
    opt = torch.optim.SGD(model.parameters(), lr=1e-4)
    loss_fn = torch.nn.MSELoss()
    x = torch.randn(batch, width, generator=g, dtype=dtype).to(dev)
    y = torch.randn(batch, width, generator=g, dtype=dtype).to(dev)

    def step():
        loss = loss_fn(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    step_ms = timed(step)
    w = model.weight.detach()
    dy = torch.randn(batch, width, generator=g, dtype=dtype).to(dev)
    fwd, grad_in, grad_w = timed(lambda: x @ w.t()), timed(lambda: dy @ w), timed(lambda: dy.t() @ x)
    budget, ran = fwd + grad_in + grad_w, fwd + grad_w
    print(f"torch Linear({width}, {width}) batch {batch} {dtype}: step {step_ms:.3f} ms (median of 15), "
          f"GEMM budget (forward + two backward products) {budget:.3f} ms = {100 * budget / step_ms:.0f}% of the step; "
          f"the two products this step runs {ran:.3f} ms = {100 * ran / step_ms:.0f}%")


if __name__ == "__main__":
    print(f"torch {torch.__version__}, {torch.cuda.get_device_name(dev)}")
    seed_loop()
    for t in (torch.float32, torch.float64):
        wide_layer(t)
