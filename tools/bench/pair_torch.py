#!/usr/bin/python3
"""PyTorch's side of tools/bench/pair_torch.sh (org.grad4j.bench.TorchPair drives it): keeps one of
torch_bench.py's round rows built and warm and runs blocks of it on command. One command per line on stdin,
one answer line on stdout; between commands it blocks in the read (no spinning of its own; OpenMP's and
OpenBLAS's threads may still spin for a while after a block, which the idle CPU of the next answer shows).

    ready                        (at start: torch version, BLAS core, threads)
    setup NAME   -> "threads=N"  builds the row; threads as round.sh: the training rows in PyTorch's default
                                 threading (1 intra-op thread, OpenBLAS's own 2 threads for the products),
                                 the op rows with torch.set_num_threads(2) (PAIR_TORCH_THREADS=N: N for all)
    warm S       -> "SECONDS_PER_CALL CALLS"   runs the row for S seconds (time per call over the last quarter)
    run N        -> "WALL_NS CPU_NS IDLE_CPU_NS THREAD_NS"   N calls: wall time, the process's CPU time, the CPU
                                 time the process used since its previous block ended (while the JVM ran), and
                                 this thread's CPU time
    quit
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
import torch_bench  # noqa: E402

TRAIN = re.compile(r"(small_)?mlp.*|wide.*|seed.*")  # round.sh's TRAIN
DEFAULT_THREADS = torch.get_num_threads()


def main():
    rows = dict(torch_bench.round_rows())
    fixed = int(os.environ.get("PAIR_TORCH_THREADS", "0"))
    blas = torch_bench.blas_info()
    say(f"torch {torch.__version__}, OpenBLAS {blas.get('openblas_corename')} "
        f"({blas.get('openblas_threads')} threads), default intra-op threads {DEFAULT_THREADS}")
    fn = None
    last_end_cpu = time.process_time_ns()
    for line in sys.stdin:
        cmd, *args = line.split()
        if cmd == "setup":
            if args[0] not in rows:
                say(f"error: no row {args[0]} in torch_bench.round_rows()")
                continue
            n = fixed or (DEFAULT_THREADS if TRAIN.fullmatch(args[0]) else 2)
            torch.set_num_threads(n)
            fn = rows[args[0]]()
            say(f"threads={torch.get_num_threads()}")
        elif cmd == "warm":
            seconds = float(args[0])
            start = time.perf_counter()
            late, late_t0, calls = 0, None, 0
            while True:
                fn()
                calls += 1
                now = time.perf_counter()
                if now >= start + 0.75 * seconds:
                    if late_t0 is None:
                        late_t0 = now
                    else:
                        late += 1
                if now >= start + seconds and calls >= 3 and late >= 1:
                    break
            last_end_cpu = time.process_time_ns()
            say(f"{(now - late_t0) / late:.9f} {calls}")
        elif cmd == "run":
            n = int(args[0])
            c0 = time.process_time_ns()
            th0 = time.thread_time_ns()
            t0 = time.perf_counter_ns()
            for _ in range(n):
                fn()
            wall = time.perf_counter_ns() - t0
            thread = time.thread_time_ns() - th0
            c1 = time.process_time_ns()
            say(f"{wall} {c1 - c0} {c0 - last_end_cpu} {thread}")
            last_end_cpu = c1
        elif cmd == "quit":
            break
        else:
            say(f"error: unknown command {line.strip()}")


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
