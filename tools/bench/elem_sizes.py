"""PyTorch's side of benchmarks' ElemSizesBench (issue 16, eighth session): nanoseconds per element of float32
relu and a + b against the operands' size, fresh outputs as a user writes them; min and median of 15 rounds.
Sizes from 8M floats up exceed glibc's largest mmap threshold (32 MiB), so every call maps fresh memory and
pays a page fault per 4 KiB (about 15 us each on this VM): those rows measure the faults, not the loop.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/bench/elem_sizes.py [threads=1]
"""
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
with torch.no_grad():
    for n in [1 << 16, 1 << 18, 1 << 20, 1 << 21, 1 << 22, 1 << 23]:
        a = torch.randn(n)
        b = torch.randn(n)
        res = []
        for name, f in [("relu", lambda: torch.relu(a)), ("add", lambda: a + b)]:
            for _ in range(5):
                f()
            ts = []
            reps = max(3, (1 << 24) // n)
            for _ in range(15):
                s = time.perf_counter()
                for _ in range(reps):
                    f()
                ts.append((time.perf_counter() - s) / reps)
            ts.sort()
            res.append("%s min %.3f med %.3f ns/el" % (name, ts[0] * 1e9 / n, ts[7] * 1e9 / n))
        print(n, " | ".join(res), flush=True)
