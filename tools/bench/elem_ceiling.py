"""PyTorch's side of benchmarks' ElemCeilingBench: float32 a + b over 4M elements with 1 and 2 threads,
fresh output and out=, in place, interleaved call by call; min / p10 / p25 / median microseconds per call.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/bench/elem_ceiling.py [rounds]
"""
import sys
import time

import torch

N = 1 << 22
g = torch.Generator().manual_seed(0)
a = torch.randn(N, generator=g)
b = torch.randn(N, generator=g)
c = torch.randn(N, generator=g)
o = torch.empty(N)
rows = [("1_thread_fresh", 1, lambda: a + b), ("2_threads_fresh", 2, lambda: a + b),
        ("2_threads_out", 2, lambda: torch.add(a, b, out=o)), ("2_threads_inplace", 2, lambda: c.add_(b))]
us = {name: [] for name, _, _ in rows}
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 40
with torch.no_grad():
    for r in range(rounds + 10):
        for name, threads, f in rows:
            torch.set_num_threads(threads)
            for k in range(6):
                s = time.perf_counter()
                f()
                t = time.perf_counter() - s
                if r >= 10 and k > 0:
                    us[name].append(t * 1e6)
for name, l in us.items():
    l.sort()
    print("%-22s min %7.0f p10 %7.0f p25 %7.0f med %7.0f us  (min: %.0f GB/s)"
          % (name, l[0], l[len(l) // 10], l[len(l) // 4], l[len(l) // 2], 12.0 * N / l[0] / 1e3))
