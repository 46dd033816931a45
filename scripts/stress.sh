#!/usr/bin/env bash
# Builds the jcstress tests (module concurrency-tests) and runs them; see concurrency-tests/README.md.
# Usage: scripts/stress.sh [jcstress args]
#   default: -m quick -c 2 -sc false   (about 5-10 minutes on 2 busy cores)
#   e.g.     scripts/stress.sh -m quick -c 2          (adds per-actor split compilation, ~3x longer)
#            scripts/stress.sh -t Timeout -m default  (one test, longer)
# Prints each test's outcome counts; the full log and HTML reports go to concurrency-tests/target/jcstress-run/.
# Exits non-zero if any test failed or errored.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
mvn -B -ntp -q -DskipTests -pl concurrency-tests -am package >&2
run=concurrency-tests/target/jcstress-run
mkdir -p "$run"
cd "$run"
if [ "$#" -eq 0 ]; then
  set -- -m quick -c 2 -sc false
fi
echo "Running: java -jar concurrency-tests/target/jcstress.jar $* -v (full log: $run/jcstress.log)"
# jcstress loads native code (JNA) to pin threads to CPUs; JDK 24+ warns unless this is allowed.
status=0
java --enable-native-access=ALL-UNNAMED -jar ../jcstress.jar "$@" -v > jcstress.log 2>&1 || status=$?
# The summary: every test's outcome counts across all configurations, then the failed/error lists.
sed -n '/^RUN RESULTS:/,$p' jcstress.log | grep -v '^\s*$'
if [ "$status" -ne 0 ] || ! grep -q 'Failed tests: No matches' jcstress.log || ! grep -q 'Error tests: No matches' jcstress.log; then
  echo "jcstress: FAILED (exit $status); see $run/jcstress.log and $run/results/index.html" >&2
  exit 1
fi
echo "jcstress: all tests passed"
