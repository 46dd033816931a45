#!/usr/bin/env bash
# Runs the JMH suite, then the Twisted harness (benchmarks/python) when Python Twisted is installed,
# and regenerates docs/benchmarks.md and docs/benchmarks.svg from their JSON output.
# Usage: scripts/bench.sh [quick|full] [regex of benchmarks]   (quick: a few minutes; full: the published numbers)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
mode="${1:-quick}"
filter="${2:-.*}"
case "$mode" in
  quick) jmh_args=(-f 1 -wi 1 -w 1s -i 2 -r 1s) ;;
  full)  jmh_args=(-f 1 -wi 3 -w 2s -i 5 -r 2s) ;;
  *) echo "usage: scripts/bench.sh [quick|full] [regex]" >&2; exit 2 ;;
esac
./mvnw -B -ntp -q -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -pl benchmarks -am package >&2
out=benchmarks/target/jmh-result.json
java -jar benchmarks/target/benchmarks.jar "$filter" "${jmh_args[@]}" -prof gc -rf json -rff "$out"
how="scripts/bench.sh $mode '$filter' (JMH ${jmh_args[*]} -prof gc)"

# The Twisted rows: the same cases in Python Twisted, in this same run, when an interpreter has it
# (Debian: python3-twisted). /usr/bin/python3 first: a python3 earlier on PATH (pyenv, venv) often lacks it.
twisted_out=benchmarks/target/twisted-result.json
rm -f "$twisted_out"
twisted_py=""
for py in ${TWISTED_PYTHON:-} /usr/bin/python3 python3; do
  if "$py" -c 'import twisted' >/dev/null 2>&1; then twisted_py="$py"; break; fi
done
more=()
if [ -z "$twisted_py" ]; then
  echo "Twisted rows skipped: no python3 here can import twisted (tried ${TWISTED_PYTHON:+$TWISTED_PYTHON, }/usr/bin/python3, python3; install python3-twisted)" >&2
elif timeout 600 "$twisted_py" benchmarks/python/twisted_bench.py --mode "$mode" --filter "$filter" --out "$twisted_out"; then
  more=("$twisted_out")
  how="$how; Twisted: benchmarks/python/twisted_bench.py --mode $mode"
else
  echo "Twisted rows skipped: benchmarks/python/twisted_bench.py failed (its error is above)" >&2
fi
java -cp benchmarks/target/benchmarks.jar dev.deferred.bench.report.BenchmarkReport "$out" docs "$how" ${more[@]+"${more[@]}"}
