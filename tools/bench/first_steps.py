#!/usr/bin/python3
"""PyTorch's side of FirstSteps.java: the same Linear + MSE + SGD loop, the mean step time of each quarter
second from the first step on (the first step alone first).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/bench/first_steps.py f32 256 1024 1024
"""
import sys
import time

import torch


def main():
    dt = torch.float64 if len(sys.argv) > 1 and sys.argv[1] == "f64" else torch.float32
    batch, fin, fout = (int(v) for v in (sys.argv[2:5] if len(sys.argv) > 4 else (256, 1024, 1024)))
    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 4.0
    torch.manual_seed(0)
    layer = torch.nn.Linear(fin, fout).to(dt)
    x = torch.randn(batch, fin, dtype=dt)
    y = torch.randn(batch, fout, dtype=dt)
    opt = torch.optim.SGD(layer.parameters(), lr=0.01)
    mse = torch.nn.MSELoss()
    t0 = time.perf_counter()
    last, steps, out = t0, 0, []
    while time.perf_counter() - t0 < seconds:
        loss = mse(layer(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        steps += 1
        now = time.perf_counter()
        if len(out) == 0 or now - last > 0.25:
            out.append("%.2fs:%.0fus" % (now - t0, (now - last) * 1e6 / steps))
            last, steps = now, 0
    print("%s [%d,%d]->%d: %s" % (dt, batch, fin, fout, " ".join(out)))


if __name__ == "__main__":
    main()
