#!/bin/bash
# softmax2's speed check: SoftmaxRowsAB (the softmax rows before/after, interleaved in one JVM) with the
# Vector API module, then on the plain JVM. Needs a build of core and backend-cpu (mvn -pl core,backend-cpu
# -am install -DskipTests or compile). Output: target/softmax-ab/*.txt.
# Usage: bash tools/bench/softmax/softmax_rows_ab.sh [REPS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
REPS=${1:-60}
OUT=target/softmax-ab
mkdir -p "$OUT/classes"
EJML=$(find ~/.m2/repository/org/ejml -name '*.jar' | tr '\n' ':')
CP="core/target/classes:backend-cpu/target/classes:$EJML"
javac -nowarn --add-modules jdk.incubator.vector -proc:none -d "$OUT/classes" -cp "$CP" \
  tools/bench/softmax/SoftmaxRowsAB.java 2>&1 | grep -v -i 'warning\|incubat' || true
JAVA="java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp $OUT/classes:$CP"
nice $JAVA --add-modules jdk.incubator.vector org.grad4j.cpu.SoftmaxRowsAB "$REPS" 2>&1 | grep -v WARNING | tee "$OUT/module.txt"
nice $JAVA org.grad4j.cpu.SoftmaxRowsAB "$REPS" 2>&1 | grep -v WARNING | tee "$OUT/plain.txt"
