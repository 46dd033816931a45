#!/usr/bin/env bash
# Builds the jcstress tests (module concurrency-tests) and runs them; see concurrency-tests/README.md.
# Usage: scripts/stress.sh [jcstress args]   (default: -m quick -c 2; e.g. -t Timeout -m default)
# Reports go to concurrency-tests/target/jcstress-run/results/. Exits non-zero if any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
mvn -B -ntp -q -DskipTests -pl concurrency-tests -am package >&2
run=concurrency-tests/target/jcstress-run
mkdir -p "$run"
cd "$run"
if [ "$#" -eq 0 ]; then
  set -- -m quick -c 2
fi
# jcstress loads native code (JNA) to pin threads to CPUs; JDK 24+ warns unless this is allowed.
exec java --enable-native-access=ALL-UNNAMED -jar ../jcstress.jar "$@"
