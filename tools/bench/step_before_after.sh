#!/bin/bash
# The wide training step of two benchmark jars (e.g. the session's start and this tree) in one JVM, alternating
# blocks (tools/bench/step/StepBeforeAfter.java). Build the new jar first:
#   mvn -B -ntp -o -q -pl benchmarks -am package -DskipTests
# Usage: bash tools/bench/step_before_after.sh OLD_JAR [NEW_JAR] [f32|f64] [pairs] [steps per block]
set -euo pipefail
cd "$(dirname "$0")/../.."
OLD=$1
NEW=${2:-benchmarks/target/grad4j-benchmarks.jar}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
javac -nowarn -cp "$OLD" -d "$SCRATCH" tools/bench/step/StepRunner.java
java -Xms3g -Xmx3g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector tools/bench/step/StepBeforeAfter.java \
  "$OLD" "$NEW" "$SCRATCH" "${3:-f64}" "${4:-20}" "${5:-5}" 2>&1 | grep -v 'WARNING\|INFO: grad4j\|org.grad4j.Backends '
