#!/usr/bin/env bash
# The end-of-session measurement (PERFORMANCE.md "Where it stands"): the round against PyTorch, Digits, the seed
# step and the first steps old/new, and rows on JDK 25 and 21. Run from the repository root with nothing else
# running (about 20 minutes). OLD_TREE: a checkout of the comparison commit, built as digits_ab.sh says;
# OLD_JAR: that commit's benchmarks jar; JDK21: a folder made by tools/bench/jdk21.sh (rows skipped without it).
#   OLD_TREE=/path/to/old OLD_JAR=/tmp/old-bench.jar bash tools/bench/session_end.sh
set -uo pipefail
OLD_TREE=${OLD_TREE:?a checkout of the comparison commit}; OLD_JAR=${OLD_JAR:?its benchmarks jar}
JDK21=${JDK21:-target/jdk21}; JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=$PWD/target/session-end-$(date -u +%H%M)
mkdir -p $OUT
mvn -B -ntp -o -q -pl benchmarks,examples -am package -DskipTests dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/cp.txt > $OUT/build.log 2>&1
L() { echo "$1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $OUT/log.txt; }
L "== round"
ONLY='wide.*|mlp.*|seed.*|small.*|adam.*|add_4M|mul_4M|relu_4M|bias_add.*|cross.*|softmax_4096x1024' PAIRS=3 DIGITS=3 SKIP_BUILD=1 BENCH_OUT=$OUT/round bash tools/bench/round.sh > $OUT/round.log 2>&1
cat $OUT/round/summary.md >> $OUT/log.txt
L "== digits A/B (old = $OLD_TREE)"
OUT=$OUT/digits-ab.txt bash tools/bench/digits_ab.sh 4 "$OLD_TREE" "$PWD" >> $OUT/log.txt 2>&1
L "== JMH seed old/new"
for i in 1 2; do for j in old new; do
  jar=$OLD_JAR; [ $j = new ] && jar=benchmarks/target/grad4j-benchmarks.jar
  java -jar $jar SeedLoopBench.step -f 1 -wi 3 -w 1 -i 5 -r 1 -jvmArgsAppend "--add-modules jdk.incubator.vector" > $OUT/jmh-seed-$j-$i.txt 2>&1
  echo "$j $(grep 'SeedLoopBench.step ' $OUT/jmh-seed-$j-$i.txt)" | tee -a $OUT/log.txt
done; done
L "== first steps old/new/torch"
javac -d $OUT/fs -cp benchmarks/target/grad4j-benchmarks.jar tools/bench/FirstSteps.java
for sz in "f32 256 1024 1024" "f64 256 1024 1024" "f32 64 784 256"; do for i in 1 2; do
  for j in old new; do jar=$OLD_JAR; [ $j = new ] && jar=benchmarks/target/grad4j-benchmarks.jar
    echo "$j $(java -Xms2g -Xmx2g --add-modules jdk.incubator.vector -cp $OUT/fs:$jar FirstSteps $sz 3 2>/dev/null)" | tee -a $OUT/log.txt; done
  echo "torch $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/bench/first_steps.py $sz 3)" | tee -a $OUT/log.txt
done; done
L "== JDK 25 rows"
PATH=$JDK25/bin:$PATH ONLY='wide.*|mlp_784.*|seed.*' PAIRS=1 DIGITS=1 SKIP_BUILD=1 BENCH_OUT=$OUT/round25 bash tools/bench/round.sh > $OUT/round25.log 2>&1
cat $OUT/round25/summary.md >> $OUT/log.txt
[ -x "$JDK21/bin/java" ] || { L "== done (no JDK 21 in $JDK21)"; exit 0; }
L "== JDK 21 rows ($JDK21, tools/bench/jdk21.sh)"
PATH=$(cd "$JDK21" && pwd)/bin:$PATH ONLY='wide.*|mlp_784.*|seed.*' PAIRS=1 DIGITS=1 SKIP_BUILD=1 BENCH_OUT=$OUT/round21 bash tools/bench/round.sh > $OUT/round21.log 2>&1
cat $OUT/round21/summary.md >> $OUT/log.txt
L "== done"
