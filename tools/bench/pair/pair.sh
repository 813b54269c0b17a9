#!/usr/bin/env bash
# Old and new benchmark jars in one JVM, each in its own class loader, timed in alternating blocks:
# prints both medians and the median of the per-block ratios new/old (on a noisy VM the ratio of
# neighbouring blocks moves far less than either side). Build each jar with
# `mvn -B -ntp -o -q -pl benchmarks -am package -DskipTests` and copy benchmarks/target/grad4j-benchmarks.jar.
#
#   bash tools/bench/pair/pair.sh OLD.jar NEW.jar [Block|CpuBlock|Mlp|CpuMlp|Mlp784|Fwd784|Deep|CrossEntropy] [blocks=40] [steps=30000] [scope]
#
# Block: the seed step (Linear(1,1) f64, MSE, zeroGrad, backward, SGD); "scope" wraps each step in a
# MemoryScope. CpuBlock: the same step timed in the thread's CPU time (a loaded machine: waiting for a
# core does not count). Mlp: RoundHarness's small MLP row (CpuMlp: the same in CPU time; its ops are too
# small to split over the workers). Deep: 4,000 elementwise ops over one leaf, then backward.
# Mlp784: the MLP 784-256-10 step (issue 16); Fwd784: its first Linear's forward. CrossEntropy: cross_entropy
# fwd+bwd over [4096, 1000] (-Dclock=thread: the calling thread's CPU time). PAIR_JVM_OPTS adds JVM options,
# e.g. PAIR_JVM_OPTS='-Ddtype=f64 -Dclock=process -Dgrad4j.cpu.waitSpinNanos=0 -Dgrad4j.cpu.idleSpinNanos=0'
# (float64; all threads' CPU time instead of wall time, the workers not spinning).
# A/A control (the same jar twice) on the shared VM: 0.96.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OLD=$(realpath "$1"); NEW=$(realpath "$2"); BLOCK=${3:-Block}; BLOCKS=${4:-40}; STEPS=${5:-30000}; SCOPE=${6:-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/blk"
javac -d "$TMP" -cp "$NEW" "$HERE/Pair.java"
javac -d "$TMP/blk" -cp "$NEW" -sourcepath "$HERE" "$HERE/$BLOCK.java"   # CpuBlock brings Block, Fwd784 Mlp784
java ${PAIR_JVM_OPTS:-} -Dblock="$BLOCK" -Xms1g -Xmx1g --add-modules jdk.incubator.vector -cp "$TMP" Pair "$TMP/blk" "$OLD" "$NEW" \
  "$BLOCKS" "$STEPS" $SCOPE 2>&1 | grep -v 'WARNING: Using incubator\|org.grad4j.Backends \|INFO: grad4j'
