#!/usr/bin/python3
"""Turns the raw results of tools/bench/run.sh into one markdown table: grad4j vs PyTorch.

usage: report.py RESULTS_DIR   (holding jmh-base.json, jmh-vector.json, harness*.txt, overhead.txt, torch.json,
                                env.txt, and pairs/ with the interleaved wide-layer runs)

Every number is a median over measurement iterations (JMH) or rounds (harness, PyTorch).
"speed vs PyTorch" is grad4j's speed divided by PyTorch's: > 1 means grad4j is faster.
"""
import json
import os
import statistics
import sys

UNIT_SECONDS = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}


def load_jmh(path):
    """{key: (seconds per op, bytes per op or None)} from a JMH JSON result file."""
    if not os.path.exists(path):
        return {}
    out = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        cls, method = name[-2], name[-1]
        p = r.get("params", {})
        pm = r["primaryMetric"]
        raw = [v for fork in pm["rawData"] for v in fork]
        med = statistics.median(raw)
        unit = pm["scoreUnit"]
        sec = 1.0 / med if unit == "ops/s" else med * UNIT_SECONDS[unit]
        alloc = None
        norm = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if norm:
            alloc = statistics.median([v for fork in norm["rawData"] for v in fork])
        if cls == "SeedLoopBench":
            key = "seed_step"
        elif cls == "WideLayerBench":
            key = "wide_step_" + p["dtype"]
        elif cls == "SmallOpsBench":
            key = "op_" + method
        elif cls == "GemmBench":
            key = f"gemm_{p['shape']}_{p['dtype']}_{p['kernel']}"
        else:
            continue
        out[key] = (sec, alloc)
    return out


def load_harness(path):
    """The harness's JSON lines merged into one dict, or None."""
    if not os.path.exists(path):
        return None
    merged = {}
    for line in open(path):
        if line.startswith("{"):
            merged.update(json.loads(line))
    return merged or None


def load_pairs(d):
    """[(pair, dtype, grad4j steps/s, PyTorch steps/s)] from run.sh's interleaved wide-layer pairs."""
    out = []
    i = 1
    while True:
        gp, tp = os.path.join(d, "pairs", f"grad4j-{i}.json"), os.path.join(d, "pairs", f"torch-{i}.json")
        if not (os.path.exists(gp) and os.path.exists(tp)):
            return out
        g, t = load_jmh(gp), json.load(open(tp))["seconds"]
        for dt in ("float32", "float64"):
            k = "wide_step_" + dt
            if k in g and k in t:
                out.append((i, dt, 1.0 / g[k][0], 1.0 / t[k]))
        i += 1


def fmt(v, digits=3):
    if v is None:
        return "–"
    if v >= 1000:
        return f"{v:,.0f}"
    if v >= 100:
        return f"{v:.1f}"
    if v >= 10:
        return f"{v:.2f}"
    return f"{v:.{digits}g}" if v < 1 else f"{v:.3f}"


def main():
    d = sys.argv[1]
    base = load_jmh(os.path.join(d, "jmh-base.json"))
    vec = load_jmh(os.path.join(d, "jmh-vector.json"))
    h = load_harness(os.path.join(d, "harness.txt"))
    hv = load_harness(os.path.join(d, "harness-vector.txt"))
    paired_ov = load_harness(os.path.join(d, "overhead.txt")) or {}
    tj = json.load(open(os.path.join(d, "torch.json")))
    torch = tj["seconds"]
    info = tj["info"]

    def g(key, src=base):
        v = src.get(key)
        return v[0] if v else None

    def alloc(key, src=base):
        v = src.get(key)
        return v[1] if v else None

    rows = []

    def ratio(gs, ts, higher_is_better):
        """grad4j speed / PyTorch speed from two values in the row's unit."""
        if gs is None or ts is None or gs == 0 or ts == 0:
            return None
        return gs / ts if higher_is_better else ts / gs

    def row(label, unit, gval, vval, tval, higher, target=""):
        r1, r2 = ratio(gval, tval, higher), ratio(vval, tval, higher)
        rows.append([label, unit, fmt(gval), fmt(vval), fmt(tval),
                     fmt(r1, 2) + "×" if r1 else "–", fmt(r2, 2) + "×" if r2 else "–", target])

    def us(s):
        return None if s is None else s * 1e6

    def status(ok):
        return "**met**" if ok else "not met"

    # 1. seed loop
    s, sv, st = g("seed_step"), g("seed_step", vec), torch.get("seed_step")
    best = min(x for x in (s, sv) if x is not None)
    row("Seed loop: Linear(1,1) f64 step (fwd, MSE, zeroGrad, bwd, SGD)", "µs/step", us(s), us(sv), us(st), False,
        f"≤ 1.0 µs: {status(best <= 1e-6)}")
    row("Seed loop: allocation per step (JMH -prof gc)", "B/step", alloc("seed_step"), alloc("seed_step", vec),
        None, False, "")
    if h:
        row("Seed loop: plain harness (ThreadMXBean), time", "µs/step", h["harness_seed_us"],
            hv["harness_seed_us"] if hv else None, us(st), False, "")
        row("Seed loop: plain harness (ThreadMXBean), allocation", "B/step", h["harness_seed_bytes"],
            hv["harness_seed_bytes"] if hv else None, None, False, "")

        for phase, b in h.get("harness_seed_breakdown", {}).items():
            bv = (hv or {}).get("harness_seed_breakdown", {}).get(phase)
            row(f"Seed loop: allocation in {phase}", "B/step", b, bv, None, False, "")

    # 2. wide layer; the verdict comes from the interleaved pairs when there are some
    pairs = load_pairs(d)
    for dt in ("float32", "float64"):
        k = "wide_step_" + dt
        s, sv, st = g(k), g(k, vec), torch.get(k)
        sps = lambda x: None if x is None else 1.0 / x
        best = max(x for x in (sps(s), sps(sv)) if x is not None)
        ratios = [gs / ts for _, pdt, gs, ts in pairs if pdt == dt]
        if ratios:
            med = statistics.median(ratios)
            verdict = (f"≥ PyTorch: {status(med >= 1.0)} (median of {len(ratios)} interleaved pairs: "
                       f"{med:.2f}×, see below)")
        else:
            verdict = f"≥ PyTorch: {status(st is not None and best >= 1.0 / st)}"
        row(f"Wide layer: Linear(1024,1024) batch 256 {dt}, MSE + SGD", "steps/s", sps(s), sps(sv), sps(st), True,
            verdict)
    for dt in ("float32", "float64"):
        k = "wide_step_" + dt
        mb = lambda x: None if x is None else x / 2**20
        row(f"Wide layer {dt}: allocation per step (JMH -prof gc)", "MiB/step", mb(alloc(k)), mb(alloc(k, vec)),
            None, False, "")

        def overhead(step, gemm_of, shapes):
            parts = [gemm_of(f"gemm_{sh}_{dt}") for sh in shapes]
            if step is None or any(p is None for p in parts):
                return None
            return step / sum(parts)

        for shapes, label, note in (
                (("forward", "grad_input", "grad_weight"), "fwd + grad_input + grad_weight",
                 "issue's definition; the step runs only 2 of these 3 GEMMs (x needs no grad), so ~0.67 is ideal"),
                (("forward", "grad_weight"), "fwd + grad_weight",
                 "the GEMMs the step really runs: 1.0 is ideal")):
            ov = overhead(g(k), lambda kk: g(kk + "_tensor"), shapes)
            ovv = overhead(g(k, vec), lambda kk: g(kk + "_tensor", vec), shapes)
            ovt = overhead(torch.get(k), lambda kk: torch.get(kk), shapes)
            rows.append([f"Wide layer {dt}: framework overhead = step time / ({label} GEMM times)", "×",
                         fmt(ov), fmt(ovv), fmt(ovt), "–", "–", note])
        paired = paired_ov.get("overhead_" + dt)
        if paired is not None:
            rows.append([f"Wide layer {dt}: framework overhead, paired in one JVM = step time / time of its 2 GEMMs "
                         f"(OverheadHarness)", "×", "–", fmt(paired), "–", "–", "–",
                         f"≤ 1.10: {status(paired <= 1.10)} (interquartile {paired_ov['overhead_q1_' + dt]:.3f}-"
                         f"{paired_ov['overhead_q3_' + dt]:.3f})"])

    # 3. small ops
    for op, label in (("add1", "add [1] + [1]"), ("mul1", "mul [1] * [1]"), ("add16", "add [16] + [16]"),
                      ("mul16", "mul [16] * [16]"), ("matmul4x4", "matmul [4,4] @ [4,4]"), ("sum16", "sum [16]")):
        k = "op_" + op
        ns = lambda x: None if x is None else x * 1e9
        row(f"Op (float32, no grad): {label}", "ns/op", ns(g(k)), None, ns(torch.get(k)), False, "")

    # 4. GEMM
    shapes = {
        "forward": (256, 1024, 1024, "forward x[256,1024] @ W[1024,1024]^T"),
        "grad_input": (256, 1024, 1024, "grad_input g[256,1024] @ W[1024,1024]"),
        "grad_weight": (1024, 1024, 256, "grad_weight g^T[1024,256] @ x[256,1024]"),
        "square1024": (1024, 1024, 1024, "square [1024,1024] @ [1024,1024]"),
    }
    kernels = (("tensor", "Tensor.matmul (backend gemm)"), ("ejml", "EJML CommonOps_{D,F}DRM.mult*"),
               ("ejml_mt", "EJML CommonOps_MT_{D,F}DRM.mult*"))
    for dt in ("float32", "float64"):
        for sh, (m, n, kk, label) in shapes.items():
            flops = 2.0 * m * n * kk
            gf = lambda x: None if x is None else flops / x / 1e9
            tval = gf(torch.get(f"gemm_{sh}_{dt}"))
            for kern, klabel in kernels:
                key = f"gemm_{sh}_{dt}_{kern}"
                gval, vval = gf(g(key)), gf(g(key, vec)) if kern == "tensor" else None
                target = ""
                if kern == "tensor" and tval:
                    best = max(x for x in (gval, vval) if x is not None)
                    target = f"≥ 75% of OpenBLAS: {status(best >= 0.75 * tval)}"
                row(f"GEMM {dt} {label}: {klabel}", "GFLOP/s", gval, vval, tval, True, target)

    blas = info.get("blas", {})
    env = open(os.path.join(d, "env.txt")).read().strip().splitlines() if os.path.exists(
        os.path.join(d, "env.txt")) else []
    for line in env:
        print(f"- {line}")
    print(f"- PyTorch {info['torch']} eager, intra-op threads {info['torch_threads']}; BLAS: "
          f"{blas.get('openblas_config', ', '.join(blas.get('libraries', [])) or 'unknown')}"
          f"{', core ' + blas['openblas_corename'] if 'openblas_corename' in blas else ''}"
          f"{', ' + str(blas['openblas_threads']) + ' OpenBLAS threads' if 'openblas_threads' in blas else ''}")
    if hv:
        print(f"- +vector column: JVM run with --add-modules jdk.incubator.vector "
              f"(module present: {hv['vector_module']}; org.grad4j.cpu.VectorGemm on the class path: "
              f"{hv['vector_gemm_class']})")
    print()
    head = ["Benchmark", "Unit", "grad4j", "grad4j +vector", "PyTorch", "speed vs PyTorch",
            "speed vs PyTorch (+vector)", "Target / note"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join(["---", "---", "---:", "---:", "---:", "---:", "---:", "---"]) + "|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    if pairs:
        print()
        print("Wide layer, grad4j +vector and PyTorch alternating (JMH and torch_bench.py runs back to back, "
              "the first side alternating from pair to pair):")
        print()
        print("| Pair | dtype | grad4j +vector steps/s | PyTorch steps/s | speed vs PyTorch |")
        print("|---:|---|---:|---:|---:|")
        for i, dt, gs, ts in pairs:
            print(f"| {i} | {dt} | {gs:.1f} | {ts:.1f} | {gs / ts:.2f}× |")
        print()
        for dt in ("float32", "float64"):
            ratios = [gs / ts for _, pdt, gs, ts in pairs if pdt == dt]
            if ratios:
                print(f"- {dt}: median {statistics.median(ratios):.2f}×, range {min(ratios):.2f}-{max(ratios):.2f}×, "
                      f"grad4j faster in {sum(r >= 1.0 for r in ratios)} of {len(ratios)} pairs")


if __name__ == "__main__":
    main()
