#!/usr/bin/env bash
# Runs the JMH suite and regenerates docs/benchmarks.md and docs/benchmarks.svg from its JSON output.
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
java -cp benchmarks/target/benchmarks.jar dev.deferred.bench.report.BenchmarkReport "$out" docs \
  "scripts/bench.sh $mode '$filter' (JMH ${jmh_args[*]} -prof gc)"
