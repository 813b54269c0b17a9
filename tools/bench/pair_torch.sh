#!/usr/bin/env bash
# grad4j and PyTorch 1.13 in one alternation (issue 16): a JVM (org.grad4j.bench.TorchPair) and a Python
# process (tools/bench/pair_torch.py) both stay alive and warm and take turns running blocks of the same
# number of steps of one RoundHarness / torch_bench.py row; the per-pair ratio grad4j / PyTorch time resolves
# a few percent on this VM, where separate processes move by 30%. See PERFORMANCE.md, "PyTorch in the
# alternation (seventh session)".
#
#   bash tools/bench/pair_torch.sh [rows-regex] [pairs=20] [block-seconds=0.3] [warm-up-seconds=3] [gap-ms=150]
#
# SKIP_BUILD=1 reuses benchmarks/target/grad4j-benchmarks.jar (JAR=path: another build's jar). Raw output
# (every block) and table.md go under target/pairtorch-<timestamp>/ (or $BENCH_OUT). grad4j runs with
# grad4j.cpu.threads=2; PyTorch as round.sh does (training rows: OpenBLAS's 2 threads; op rows:
# set_num_threads(2)), with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset so OpenBLAS picks its AVX-512
# kernels. Between blocks both sides sleep gap-ms: OpenBLAS's threads spin ~125 ms after PyTorch's last
# product (measured here), which would take a core from grad4j's next block.
# ONE_THREAD=1: both sides on one thread (grad4j.cpu.threads=1; set_num_threads(1), OPENBLAS_NUM_THREADS=1),
# the ratios of each side's calling-thread CPU time per block: for a loaded machine, where wall time measures
# the load (a 2-thread split waiting for a descheduled thread).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ISSUE='wide_1024_b256_mse_sgd_f(32|64)|mlp_784_256_10_relu_mse_sgd_b64_f(32|64)|mlp_64_128_10_digits_ce_adamw_b32'
ISSUE+='|softmax_4096x1024|cross_entropy_fwd_bwd_4096x1000|adam_step_1M|add_4M|mul_4M|relu_4M'
ROWS=${1:-$ISSUE}; PAIRS=${2:-20}; BLOCK=${3:-0.3}; WARM=${4:-3}; GAP=${5:-150}
OUT=${BENCH_OUT:-target/pairtorch-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
JAR=${JAR:-benchmarks/target/grad4j-benchmarks.jar}
[ "${SKIP_BUILD:-0}" = 1 ] || mvn -B -ntp -o -q -pl benchmarks -am package -DskipTests
{ date -u; uptime; } > "$OUT/load.txt"
THREADS=(-Dgrad4j.cpu.threads=2)
PYENV=()
if [ "${ONE_THREAD:-0}" = 1 ]; then
  THREADS=(-Dgrad4j.cpu.threads=1 -Dpair.clock=thread)
  PYENV=(PAIR_TORCH_THREADS=1 OPENBLAS_NUM_THREADS=1)
fi
java -Xms2g -Xmx2g -XX:+AlwaysPreTouch "${THREADS[@]}" --add-modules jdk.incubator.vector -cp "$JAR" \
  org.grad4j.bench.TorchPair "$ROWS" "$PAIRS" "$BLOCK" "$WARM" "$GAP" \
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "${PYENV[@]}" /usr/bin/python3 tools/bench/pair_torch.py \
  2> >(grep -v 'WARNING: Using incubator\|org.grad4j.Backends \|INFO: grad4j' >&2) | tee "$OUT/pair.txt"
{ date -u; uptime; } >> "$OUT/load.txt"
sed -n '/^| row/,$p' "$OUT/pair.txt" > "$OUT/table.md"
cat "$OUT/load.txt"
echo "raw: $OUT"
