#!/bin/bash
# Issue 13's speed check: the 1M-element sum and the bias gradient's column sum, before and after,
# in one run. Compiles backend-cpu's sources at BEFORE (default: the commit before the cascade sum)
# into a scratch directory, then runs ReduceHarness with each build, interleaved, PAIRS times.
# Usage: bash tools/bench/reduce_before_after.sh [BEFORE-commit]   (after: this working tree's build)
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE=${1:-12a7f27}
PAIRS=${PAIRS:-3}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
mvn -B -ntp -o -q -pl core,backend-cpu,benchmarks -am compile -DskipTests
EJML=$(find ~/.m2/repository/org/ejml -name '*.jar' | tr '\n' ':')
ANNOT=$(find ~/.m2/repository/com/google/auto/service -name 'auto-service-annotations*.jar' | head -1)
mkdir -p "$SCRATCH/src" "$SCRATCH/old"
git archive "$BEFORE" backend-cpu/src/main/java | tar -x -C "$SCRATCH/src"
javac -nowarn --add-modules jdk.incubator.vector -d "$SCRATCH/old" \
  -proc:none -cp "core/target/classes:$EJML:$ANNOT" $(find "$SCRATCH/src" -name '*.java') 2>&1 | grep -v -i 'warning\|incubat' || true
cp -r backend-cpu/target/classes/META-INF "$SCRATCH/old/" 2>/dev/null || true
JAVA="java --add-modules jdk.incubator.vector -Xms2g -Xmx2g -XX:+AlwaysPreTouch"
for i in $(seq 1 "$PAIRS"); do
  $JAVA -cp "core/target/classes:$SCRATCH/old:$EJML:benchmarks/target/classes" org.grad4j.bench.ReduceHarness before 2>&1 | grep -v WARNING
  $JAVA -cp "core/target/classes:backend-cpu/target/classes:$EJML:benchmarks/target/classes" org.grad4j.bench.ReduceHarness after 2>&1 | grep -v WARNING
done
