#!/usr/bin/env bash
# Runs the grad4j benchmark suite and its PyTorch counterpart, then prints one markdown table.
#
#   bash tools/bench/run.sh             # build, then run everything (about 10-12 minutes on 2 cores)
#   QUICK=1 bash tools/bench/run.sh     # smoke run: 1 warm-up and 2 short measurement iterations
#   SKIP_BUILD=1 bash tools/bench/run.sh
#
# Steps: (1) JMH, all benchmarks, with -prof gc; (2) JMH again with --add-modules jdk.incubator.vector
# for the benchmarks a SIMD GEMM can change (seed loop, wide layer, GEMM through Tensor.matmul);
# (3) the plain seed-loop harness (ThreadMXBean allocated bytes) and the wide layer's overhead over its
# matrix products, timed in alternating blocks in one JVM (OverheadHarness); (4) tools/bench/torch_bench.py with
# Debian's /usr/bin/python3. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, if set, are unset for the
# PyTorch command only, so OpenBLAS picks its kernels for the real CPU; (5) the wide layer again, grad4j
# (JMH, +vector) and PyTorch alternating in $PAIRS pairs (default 5), so both sides of each ratio are
# measured within a minute of each other: on a noisy VM the ratio of a pair moves far less than either side.
# Every JVM gets -XX:+AlwaysPreTouch with its fixed heap: the OS maps the heap's pages at start-up instead
# of on first touch, which a long training run has long finished paying (see PERFORMANCE.md).
# Raw results go to $BENCH_OUT (default target/bench-<timestamp>/ under the repo root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="${BENCH_OUT:-$ROOT/target/bench-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
JAR="$ROOT/benchmarks/target/grad4j-benchmarks.jar"
PY=/usr/bin/python3

if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$JAR" ]]; then
  echo ">> building benchmarks/ (mvn package -pl benchmarks -am -DskipTests)" >&2
  mvn -B -ntp -q -pl benchmarks -am package -DskipTests
fi

if [[ "${QUICK:-0}" == 1 ]]; then
  ITER=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
  HARNESS=(20000 3)
  OVERHEAD=(6 3)
  TORCH=(--warmup 0.5 --rounds 3 --round-s 0.3)
  PAIR_ITER=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
  PAIR_TORCH=(--warmup 0.5 --rounds 2 --round-s 0.5)
  PAIRS=${PAIRS:-2}
else
  ITER=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
  HARNESS=(200000 9)
  OVERHEAD=(40 10)
  TORCH=(--warmup 2 --rounds 5 --round-s 1)
  PAIR_ITER=(-f 1 -wi 3 -w 1s -i 3 -r 1s)
  PAIR_TORCH=(--warmup 2 --rounds 3 --round-s 1)
  PAIRS=${PAIRS:-5}
fi
HEAP="-Xms2g -Xmx2g -XX:+AlwaysPreTouch"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores visible"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | head -2 | tr '\n' ' '; echo
  echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-<unset>} (unset for the PyTorch run only)"
} | tee "$OUT/env.txt" >&2

echo ">> [1/5] JMH, all benchmarks, -prof gc, plain JVM (this -jvmArgsAppend replaces the @Fork flag)" >&2
java -jar "$JAR" "${ITER[@]}" -prof gc -jvmArgsAppend "$HEAP" \
  -rf json -rff "$OUT/jmh-base.json" > "$OUT/jmh-base.log" 2>&1 || { tail -40 "$OUT/jmh-base.log" >&2; exit 1; }

echo ">> [2/5] JMH with --add-modules jdk.incubator.vector (seed, wide, GEMM via Tensor.matmul)" >&2
java -jar "$JAR" 'SeedLoopBench|WideLayerBench|GemmBench' -p kernel=tensor "${ITER[@]}" -prof gc \
  -jvmArgsAppend "$HEAP --add-modules jdk.incubator.vector" \
  -rf json -rff "$OUT/jmh-vector.json" > "$OUT/jmh-vector.log" 2>&1 || { tail -40 "$OUT/jmh-vector.log" >&2; exit 1; }

echo ">> [3/5] seed loop, plain harness (ThreadMXBean); wide-layer overhead, paired in one JVM" >&2
java $HEAP -cp "$JAR" org.grad4j.bench.AllocHarness "${HARNESS[@]}" > "$OUT/harness.txt" 2>"$OUT/harness.err"
java $HEAP --add-modules jdk.incubator.vector -cp "$JAR" org.grad4j.bench.AllocHarness "${HARNESS[@]}" \
  > "$OUT/harness-vector.txt" 2>"$OUT/harness-vector.err"
java $HEAP --add-modules jdk.incubator.vector -cp "$JAR" org.grad4j.bench.OverheadHarness "${OVERHEAD[@]}" \
  > "$OUT/overhead.txt" 2>"$OUT/overhead.err"

echo ">> [4/5] PyTorch eager (OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for this command only)" >&2
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" "$ROOT/tools/bench/torch_bench.py" "${TORCH[@]}" \
  --json "$OUT/torch.json" 2> "$OUT/torch.log" || { cat "$OUT/torch.log" >&2; exit 1; }

echo ">> [5/5] wide layer, grad4j (+vector) and PyTorch alternating, $PAIRS pairs" >&2
mkdir -p "$OUT/pairs"
pair_grad4j() {
  java -jar "$JAR" WideLayerBench "${PAIR_ITER[@]}" -jvmArgsAppend "$HEAP --add-modules jdk.incubator.vector" \
    -rf json -rff "$OUT/pairs/grad4j-$1.json" > "$OUT/pairs/grad4j-$1.log" 2>&1 \
    || { tail -40 "$OUT/pairs/grad4j-$1.log" >&2; exit 1; }
}
pair_torch() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" "$ROOT/tools/bench/torch_bench.py" --only wide \
    "${PAIR_TORCH[@]}" --json "$OUT/pairs/torch-$1.json" 2> "$OUT/pairs/torch-$1.log" \
    || { cat "$OUT/pairs/torch-$1.log" >&2; exit 1; }
}
for ((i = 1; i <= PAIRS; i++)); do
  # alternate which side goes first, so a drift in the machine's speed favours neither
  if ((i % 2)); then pair_grad4j "$i"; pair_torch "$i"; else pair_torch "$i"; pair_grad4j "$i"; fi
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/env.txt" >&2
"$PY" "$ROOT/tools/bench/report.py" "$OUT" | tee "$OUT/table.md"
echo ">> raw results in $OUT" >&2
