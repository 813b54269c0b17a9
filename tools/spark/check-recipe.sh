#!/usr/bin/env bash
# Checks the README's spark-submit recipe on a real Spark standalone cluster on this machine (a master
# and a worker with two 1-core executors, each its own JVM), assembled from Maven Central's Spark jars.
# Three submissions of tools/spark/recipe (a shaded application jar, as the README builds it):
#   1. clean;  2. one executor killed with kill -9 mid-training;  3. the driver killed with kill -9 after
#   its step-100 checkpoint, then the same job submitted again (it resumes).
# All three must end with the same model file, byte for byte. About 10 minutes on 2 cores.
# MODE=direct runs the three with DataParallel.directExchange(true) (one barrier job; the executor kill
# must make DirectExchange resubmit it) plus one clean submission with the default one job per step as
# the reference: all four models must be the same file (about 13 minutes here).
# Needs the network (Maven Central) once; installs grad4j into ~/.m2 (mvn install -DskipTests).
# Output: $OUT (default target/spark-recipe-<mode>-<time>/), not committed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MODE="${MODE:-collect}"
case "$MODE" in collect) ARG="" ;; direct) ARG=direct ;; *) echo "MODE must be collect or direct" >&2; exit 2 ;; esac
OUT="${OUT:-$ROOT/target/spark-recipe-$MODE-$(date -u +%Y%m%dT%H%M%S)}"
HOME_DIR="$OUT/spark-home"
mkdir -p "$OUT" "$HOME_DIR/jars" "$HOME_DIR/bin"

(cd "$ROOT" && mvn -B -ntp -q install -DskipTests)
cd "$ROOT/tools/spark/recipe"
mvn -B -ntp -q package >/dev/null
mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$OUT/provided.txt" >/dev/null
JAR="$ROOT/tools/spark/recipe/target/my-model-1.0.jar"

# SPARK_HOME from Spark's own jars (not grad4j's: the application jar brings those)
for j in $(tr ':' ' ' < "$OUT/provided.txt"); do
  case "$(basename "$j")" in grad4j-*|ejml-*|auto-service*) ;; *) ln -sf "$j" "$HOME_DIR/jars/" ;; esac
done
echo "Spark 4.0.1 jars from Maven Central" > "$HOME_DIR/RELEASE"   # makes the launcher use jars/
cp "$ROOT/tools/spark/spark-class" "$HOME_DIR/bin/spark-class"
chmod +x "$HOME_DIR/bin/spark-class"
CLASS="$HOME_DIR/bin/spark-class"

PORT=7177
"$CLASS" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port $PORT --webui-port 8180 > "$OUT/master.log" 2>&1 &
MASTER=$!
sleep 15
SPARK_WORKER_DIR="$OUT/work" "$CLASS" org.apache.spark.deploy.worker.Worker --cores 2 --memory 3g \
  --work-dir "$OUT/work" spark://127.0.0.1:$PORT > "$OUT/worker.log" 2>&1 &
WORKER=$!
trap 'kill $WORKER $MASTER 2>/dev/null || true' EXIT
sleep 15

submit() { # dir log [direct]
  "$CLASS" org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:$PORT --class com.example.Train \
    --conf spark.driver.extraJavaOptions="--add-modules jdk.incubator.vector" \
    --conf spark.executor.extraJavaOptions="--add-modules jdk.incubator.vector -Dgrad4j.cpu.threads=1" \
    --conf spark.executor.cores=1 --conf spark.executor.memory=1g "$JAR" "$1" ${3:-} > "$2" 2>&1
}
jobs_done() { grep -c "Job [0-9]* finished:" "$1" 2>/dev/null || true; }

submit "$OUT/clean" "$OUT/clean.log" $ARG
MODELS=("$OUT/clean/model.safetensors")
if [ "$MODE" = direct ]; then
  submit "$OUT/collect" "$OUT/collect.log"
  MODELS+=("$OUT/collect/model.safetensors")
fi

submit "$OUT/executor-killed" "$OUT/executor-killed.log" $ARG &
SUB=$!
if [ "$MODE" = direct ]; then # one job for all steps: kill after the step-50 checkpoint (steps are fast)
  until [ -e "$OUT/executor-killed/ckpt/step-000000050.model.safetensors" ]; do sleep 0.05; done
else
  until [ "$(jobs_done "$OUT/executor-killed.log")" -gt 40 ]; do sleep 2; done
fi
kill -9 "$(pgrep -f "CoarseGrainedExecutorBackend.*--executor-id 0 .*--app-id" | tail -1)"
wait $SUB

submit "$OUT/resumed" "$OUT/driver-killed.log" $ARG &
SUB=$!
until [ -e "$OUT/resumed/ckpt/step-000000100.model.safetensors" ]; do sleep 0.05; done
kill -9 "$(pgrep -f "SparkSubmit.*$OUT/resumed" | tail -1)"
wait $SUB || true
grep -q "final weight" "$OUT/driver-killed.log" && { echo "recipe check: FAIL (driver finished before kill)"; exit 1; }
submit "$OUT/resumed" "$OUT/resumed.log" $ARG
MODELS+=("$OUT/executor-killed/model.safetensors" "$OUT/resumed/model.safetensors")

grep -h "final weight\|fit took" "$OUT"/*.log
grep -h "Lost executor" "$OUT/executor-killed.log" | head -1
if [ "$MODE" = direct ]; then
  grep -h "resubmitting" "$OUT/executor-killed.log" \
    || { echo "recipe check: FAIL (no barrier job resubmitted after the executor kill)"; exit 1; }
fi
echo "Spark jobs: clean $(jobs_done "$OUT/clean.log"), resumed run $(jobs_done "$OUT/resumed.log");" \
  "barrier jobs (clean, executor-killed, resumed): $(grep -hc "Got job .*DirectExchange" "$OUT"/{clean,executor-killed,resumed}.log | xargs)"
grep -h "using cpu" "$OUT"/work/*/*/stderr | sort | uniq -c
sha256sum "${MODELS[@]}" | tee "$OUT/hashes.txt"
[ "$(awk '{print $1}' "$OUT/hashes.txt" | sort -u | wc -l)" = 1 ] && echo "recipe check: PASS (identical models)" \
  || { echo "recipe check: FAIL (models differ)"; exit 1; }
