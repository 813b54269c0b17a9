#!/usr/bin/env bash
# This round's workloads (issues 14 and 16), grad4j against PyTorch 1.13 + OpenBLAS, interleaved.
#
#   bash tools/bench/round.sh              # build, then about 6-8 minutes on 2 cores
#   SKIP_BUILD=1 PAIRS=3 DIGITS=3 bash tools/bench/round.sh
#   ONLY='wide.*|seed.*' DIGITS=0 bash tools/bench/round.sh    # only the rows matching a regex
#
# (1) PAIRS rounds, the order alternating each round: RoundHarness (each row in a fresh JVM with
#     --add-modules jdk.incubator.vector), torch_bench.py --only round (torch.set_num_threads(2),
#     OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for that command so OpenBLAS picks its kernels for
#     the real CPU), and RoundHarness's MLP and wide-layer rows in a plain JVM (issue 16 items 3-4);
#     then once all rows in one JVM (onejvm.txt), to check that the order does not change them.
# (2) DIGITS runs each, alternating: org.grad4j.examples.Digits (defaults: float32, 30 epochs) in a
#     fresh JVM with the module, and tools/bench/digits_torch_time.py (same program, float32, OpenBLAS).
# Raw output to $BENCH_OUT (default target/round-<timestamp>/); summary.md is built by round_report.py.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="${BENCH_OUT:-$ROOT/target/round-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
PAIRS=${PAIRS:-3}
DIGITS=${DIGITS:-3}
PY=/usr/bin/python3
JAR="$ROOT/benchmarks/target/grad4j-benchmarks.jar"
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$JAR" || ! -f examples/target/cp.txt ]]; then
  mvn -B -ntp -o -q -pl benchmarks,examples -am package -DskipTests \
    dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/cp.txt   # exec:java's class path
fi
EXCP="$ROOT/examples/target/grad4j-examples-0.1.0-SNAPSHOT.jar:$(cat examples/target/cp.txt)"
HEAP="-Xms2g -Xmx2g -XX:+AlwaysPreTouch"
VEC="--add-modules jdk.incubator.vector"
H=("${WARMUP:-1.0}" "${ROUNDS:-5}" "${ROUND_S:-0.4}")   # warm-up s, rounds, s per round
SELECT="${ONLY:-.*}"   # the rows to run (a regex over RoundHarness --list)
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores visible"
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | head -2 | tr '\n' ' '; echo
} | tee "$OUT/env.txt" >&2
load() { echo "$1 load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"; }

ROWS=$(java -cp "$JAR" org.grad4j.bench.RoundHarness --list 2>/dev/null)
# one fresh JVM per row (see RoundHarness's comment); $2: extra JVM flags; $3: which rows
each_row() {
  local row
  for row in $ROWS; do
    if [[ "$row" =~ ^($3)$ && "$row" =~ ^($SELECT)$ ]]; then
      java $HEAP $2 -cp "$JAR" org.grad4j.bench.RoundHarness "$row" "${H[@]}" 2>> "$OUT/$1.err"
    fi
  done > "$OUT/$1.txt"
}
g4j() { load "grad4j-$1"; each_row "grad4j-$1" "$VEC" '.*'; }
plain() { load "plain-$1"; each_row "plain-$1" "" '((small_)?mlp|wide).*'; }
# PyTorch's training rows run in its default threading (on this machine 1 intra-op thread, OpenBLAS's own 2
# pthreads for the products): with torch.set_num_threads(2) on top, OpenMP's and OpenBLAS's threads share the 2
# cores and those rows ran about 2x slower (2026-12-02). The op rows keep set_num_threads(2), their fastest.
TRAIN='(small_)?mlp.*|wide.*|seed.*'
tch() {
  load "torch-$1"
  local common=(--only round --warmup "${H[0]}" --rounds "${H[1]}" --round-s "${H[2]}")
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" tools/bench/torch_bench.py "${common[@]}" --threads 2 \
    --rows "(?=(?:$SELECT)\$)(?!(?:$TRAIN)\$).*" --json "$OUT/torch-$1-ops.json" 2> "$OUT/torch-$1-ops.log"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" tools/bench/torch_bench.py "${common[@]}" \
    --rows "(?=(?:$SELECT)\$)(?:$TRAIN)" --json "$OUT/torch-$1-train.json" 2> "$OUT/torch-$1-train.log"
  "$PY" -c 'import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
a["seconds"].update(b["seconds"])
a["train_rows_info"] = b.get("info")
json.dump(a, open(sys.argv[3], "w"), indent=1)' "$OUT/torch-$1-ops.json" "$OUT/torch-$1-train.json" "$OUT/torch-$1.json"
}
for ((i = 1; i <= PAIRS; i++)); do
  echo ">> round $i/$PAIRS" >&2
  if ((i % 2)); then g4j "$i"; tch "$i"; plain "$i"; else plain "$i"; tch "$i"; g4j "$i"; fi
done
# once: all rows one after another in a single JVM, to check the order effect
load "onejvm"
java $HEAP $VEC -cp "$JAR" org.grad4j.bench.RoundHarness "$SELECT" "${H[@]}" > "$OUT/onejvm.txt" 2> "$OUT/onejvm.err"
for ((i = 1; i <= DIGITS; i++)); do
  echo ">> Digits $i/$DIGITS" >&2
  dj() { load "digits-grad4j-$i"; /usr/bin/time -f "wall %e s" java $VEC -cp "$EXCP" org.grad4j.examples.Digits \
      --out="$OUT/digits-out" > "$OUT/digits-grad4j-$i.txt" 2>&1; }
  dt() { load "digits-torch-$i"; /usr/bin/time -f "wall %e s" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
      "$PY" tools/bench/digits_torch_time.py > "$OUT/digits-torch-$i.txt" 2>&1; }   # default threading, as above
  if ((i % 2)); then dj; dt; else dt; dj; fi
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/env.txt" >&2
"$PY" tools/bench/round_report.py "$OUT" | tee "$OUT/summary.md"
