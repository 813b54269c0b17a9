#!/bin/bash
# Thread-CPU-time breakdown of the float64 blocked GEMM (GemmBreakdown.java) on this tree's build:
#   mvn -B -ntp -o -q -pl core,backend-cpu -am compile && bash tools/bench/gemm_breakdown.sh [reps]
# Extra JVM flags through JOPTS (e.g. JOPTS=-Dgrad4j.gemm.f64.mc=72).
set -euo pipefail
cd "$(dirname "$0")/../.."
CP=backend-cpu/target/classes:core/target/classes
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
javac -nowarn --add-modules jdk.incubator.vector -cp "$CP" -d "$SCRATCH" tools/bench/GemmBreakdown.java 2>&1 | grep -v warning || true
java -Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector ${JOPTS:-} -cp "$SCRATCH:$CP" \
  org.grad4j.cpu.GemmBreakdown "${1:-15}" 2>&1 | grep -v WARNING
