#!/bin/bash
# A/B timing of the Digits example: N alternating fresh-JVM runs of two builds, through DigitsCpu (this folder),
# which prints the main thread's CPU time, the process's CPU time (JIT threads included) and the wall time up
# to the "trained in" line; the example's own "trained in" and its last five epochs' steps/s are kept too.
# Alternating the two builds in the same minutes is what makes the comparison fair on a shared machine; report
# medians and ranges. Raw lines go to $OUT (default target/digits-ab.txt), a summary to standard output.
#
#   # build each tree first: mvn -B -ntp -o -q -pl examples -am package -DskipTests \
#   #     dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/cp.txt
#
# -DincludeScope=runtime gives the class path of -Dexample=Digits (exec:java): 18 jars. Without it the
# class path also holds the test and provided jars (Spark: 194 jars), and every ServiceLoader and resource
# lookup scans them all: 16 MB more allocated on the main thread before training, a cost no user pays.
#   tools/bench/digits_ab.sh 8 /path/to/old-tree /path/to/new-tree [--epochs=150 ...]
#
# A "tree" is a repository checkout whose examples/target holds the jar and cp.txt built as above (keep a copy
# of an old build's jars under /tmp and point cp.txt at them to compare against a commit no longer checked out).
set -euo pipefail
n=$1; old=$2; new=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-target/digits-ab.txt}
mkdir -p "$(dirname "$out")" /tmp/digitscpu
cp_of() { echo "$1/examples/target/grad4j-examples-0.1.0-SNAPSHOT.jar:$(cat "$1/examples/target/cp.txt")"; }
javac -d /tmp/digitscpu -cp "$(cp_of "$new")" "$here/DigitsCpu.java"
: > "$out"
for i in $(seq "$n"); do
  for w in old new; do
    tree=$old; [ $w = new ] && tree=$new
    log=$(java --add-modules jdk.incubator.vector -cp "/tmp/digitscpu:$(cp_of "$tree")" DigitsCpu --out=/tmp/digits-ab-$w "$@" 2>/dev/null)
    echo "$w load $(cut -d' ' -f1 /proc/loadavg) | $(grep -o 'trained in [0-9.]* s' <<<"$log") | $(grep 'CPU main' <<<"$log") | last $(grep -E '^epoch' <<<"$log" | tail -5 | grep -o '[0-9]* steps/s' | tr '\n' ' ')" >> "$out"
  done
done
python3 - "$out" <<'PY'
import re, statistics as st, sys
rows = {}
for line in open(sys.argv[1]):
    w = line.split()[0]
    m = re.search(r'main ([\d.]+) s  process ([\d.]+) s  wall ([\d.]+) s', line)
    sps = [int(x) for x in re.findall(r'(\d+) steps/s', line)]
    rows.setdefault(w, []).append((float(re.search(r'trained in ([\d.]+) s', line).group(1)),) + tuple(map(float, m.groups()))
                                  + (st.median(sps), float(re.search(r'load ([\d.]+)', line).group(1))))
for w in ("old", "new"):
    cols = list(zip(*rows[w]))
    print(w, "n=%d" % len(rows[w]), " | ".join("%s %.3g [%.3g-%.3g]" % (k, st.median(c), min(c), max(c)) for k, c in
          zip(["trained s", "CPU main s", "CPU process s", "wall s", "steps/s (last 5 epochs)", "load"], cols)))
PY
