#!/bin/bash
# Issue 12's speed check for the CPU GEMM kernel: backend-cpu at BEFORE against this working tree's build,
# both in ONE JVM (a class loader each), alternating blocks on the same arrays, plus a bit-for-bit check of
# their results (GemmBeforeAfter.java). BEFORE's core and backend-cpu are built with Maven in a scratch
# directory, so its float32 classes are generated as its own pom says. BEFORE=HEAD on a clean tree is the
# A/A control (the noise floor).
# Usage: bash tools/bench/gemm_before_after.sh [BEFORE-commit] [pairs] [block|gemm|facade] [shape filter]
# CLOCK=cpu: block mode timed in thread CPU time (a loaded machine); DTYPE=f32|f64 (default both).
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE=${1:-24f0291}
PAIRS=${2:-31}
MODE=${3:-block}
ONLY=${4:-}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
mvn -B -ntp -o -q -pl core,backend-cpu -am compile
git archive "$BEFORE" pom.xml core backend-cpu | tar -x -C "$SCRATCH"
sed -i -E '/<module>/{/<module>(core|backend-cpu)<\/module>/!d}' "$SCRATCH/pom.xml"
(cd "$SCRATCH" && mvn -B -ntp -o -q -pl core,backend-cpu -am compile)
EJML=$(find ~/.m2/repository/org/ejml -name '*.jar' | tr '\n' ':')
java -Dclock="${CLOCK:-wall}" -Ddtype="${DTYPE:-both}" -Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector tools/bench/GemmBeforeAfter.java \
  "$SCRATCH/backend-cpu/target/classes" "$SCRATCH/core/target/classes" backend-cpu/target/classes \
  core/target/classes "$EJML" "$PAIRS" "$MODE" "$ONLY" 2>&1 | grep -v WARNING
