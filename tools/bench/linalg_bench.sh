#!/bin/bash
# Linalg's host factorisations (LinalgBench.java) on one build: this working tree's, or CORE/CPU class
# directories given in the environment (a copy of an earlier build, for before/after).
# Usage: bash tools/bench/linalg_bench.sh [reps] [sizes] [ops]
set -euo pipefail
cd "$(dirname "$0")/../.."
CORE=${CORE:-core/target/classes}
CPU=${CPU:-backend-cpu/target/classes}
EJML=$(find ~/.m2/repository/org/ejml -name '*.jar' | tr '\n' ':')
java -Xms1g -Xmx2g --add-modules jdk.incubator.vector -cp "$CORE:$CPU:$EJML" tools/bench/LinalgBench.java "$@" \
  2>&1 | grep -v WARNING
