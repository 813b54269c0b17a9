#!/usr/bin/python3
"""Summarises a tools/bench/round.sh run directory: per row the median over rounds of grad4j (+vector),
grad4j (plain JVM) and PyTorch, the ratio grad4j/PyTorch of time (above 1: grad4j is slower) with its
range over the rounds' paired ratios, then the Digits runs."""
import glob
import json
import os
import re
import statistics
import sys


def rows_of(path):
    out = {}
    for line in open(path):
        if line.startswith("ROW "):
            _, name, us = line.split()
            out[name] = float(us)
    return out


def main(d):
    rounds = sorted(int(re.search(r"-(\d+)\.txt$", p).group(1)) for p in glob.glob(d + "/grad4j-*.txt")
                    if re.fullmatch(r"grad4j-\d+\.txt", os.path.basename(p)))
    g = {i: rows_of(f"{d}/grad4j-{i}.txt") for i in rounds}
    p = {i: rows_of(f"{d}/plain-{i}.txt") for i in rounds if os.path.exists(f"{d}/plain-{i}.txt")}
    t = {i: {k: v * 1e6 for k, v in json.load(open(f"{d}/torch-{i}.json"))["seconds"].items()} for i in rounds}
    print(f"{len(rounds)} interleaved rounds; medians in microseconds per call; ratio = grad4j time / PyTorch time "
          "(median of the per-round ratios, [min-max])\n")
    print("| row | grad4j +vector | grad4j plain JVM | PyTorch | ratio +vector | ratio plain |")
    print("|---|---|---|---|---|---|")
    for name in g[rounds[0]]:
        gv = [g[i][name] for i in rounds]
        tv = [t[i][name] for i in rounds]
        r = [a / b for a, b in zip(gv, tv)]
        pv = [p[i][name] for i in p if name in p[i]]
        rp = [p[i][name] / t[i][name] for i in p if name in p[i]]
        plain = f"{statistics.median(pv):,.1f}" if pv else "-"
        rplain = f"{statistics.median(rp):.2f}x [{min(rp):.2f}-{max(rp):.2f}]" if rp else "-"
        print(f"| {name} | {statistics.median(gv):,.1f} | {plain} | {statistics.median(tv):,.1f} | "
              f"{statistics.median(r):.2f}x [{min(r):.2f}-{max(r):.2f}] | {rplain} |")
    print()
    for side in ("grad4j", "torch"):
        runs = []
        for f in sorted(glob.glob(f"{d}/digits-{side}-*.txt")):
            s = open(f).read()
            tr = float(re.search(r"trained in ([\d.]+) s", s).group(1))
            acc = re.search(r"test accuracy: ([\d.]+%)", s).group(1)
            wall = float(re.search(r"wall ([\d.]+) s", s).group(1))
            runs.append((tr, wall, acc))
        if runs:
            print(f"Digits {side}: trained in " + ", ".join(f"{r[0]:.2f}" for r in runs)
                  + f" s (median {statistics.median(r[0] for r in runs):.2f}); process wall "
                  + ", ".join(f"{r[1]:.2f}" for r in runs) + " s; accuracy " + ", ".join(r[2] for r in runs))
    print()
    if os.path.exists(f"{d}/onejvm.txt"):
        one = rows_of(f"{d}/onejvm.txt")
        print("All rows one after another in one JVM (+vector), us: "
              + "; ".join(f"{k} {v:,.1f}" for k, v in one.items()) + "\n")
    print(open(f"{d}/load.txt").read())


if __name__ == "__main__":
    main(sys.argv[1])
