#!/usr/bin/env bash
# Builds the jcstress tests (module concurrency-tests) and runs them; see concurrency-tests/README.md.
# Usage: scripts/stress.sh [jcstress args]
#   no args: every test with -m quick -c 2 -sc false (inline callbacks on continuations), then the
#            InlineCallbacks tests again on the virtual-thread fallback, with the default spin window
#            and with a window so short that most waits park, and on the opt-in carrier mechanism:
#            about 14 minutes on 2 busy cores.
#   with args: one run with exactly those args, e.g.
#            scripts/stress.sh -m quick -c 2            (adds per-actor split compilation, ~3x longer)
#            scripts/stress.sh -t Timeout -m default    (one test, longer)
# Prints each test's outcome counts; full logs and HTML reports go to concurrency-tests/target/jcstress-run/.
# Exits non-zero if any test failed or errored.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
./mvnw -B -ntp -q -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -pl concurrency-tests -am package >&2
run=concurrency-tests/target/jcstress-run
mkdir -p "$run"
cd "$run"

failed=0
# jcstress <name> <java flags...> -- <jcstress args...>: one run, logged to <name>.log and reports in <name>/.
# The forked test JVMs inherit the java flags.
jcstress() {
  local name="$1"; shift
  local flags=()
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done
  shift
  echo "== $name: java ${flags[*]} -jar concurrency-tests/target/jcstress.jar $* (log: $run/$name.log)"
  local status=0
  # --enable-native-access: jcstress pins threads to CPUs through JNA; JDK 24+ warns otherwise.
  java --enable-native-access=ALL-UNNAMED "${flags[@]}" -jar ../jcstress.jar "$@" -v -r "$name" > "$name.log" 2>&1 || status=$?
  # The summary: each test's outcome counts across all configurations, then the failed/error lists.
  sed -n '/^RUN RESULTS:/,$p' "$name.log" | grep -v '^\s*$' | grep -v 'HTML report generated'
  if [ "$status" -ne 0 ] || ! grep -q 'Failed tests: No matches' "$name.log" || ! grep -q 'Error tests: No matches' "$name.log"; then
    echo "== $name: FAILED (exit $status); see $run/$name.log and $run/$name/index.html" >&2
    failed=1
  fi
}

# Continuations need this export (see InlineCallbacks.mechanism()); harmless for the other tests.
continuations=(--add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Ddev.deferred.inlineCallbacks.continuations=true)
if [ "$#" -eq 0 ]; then
  jcstress all "${continuations[@]}" -- -m quick -c 2 -sc false
  jcstress inline-virtual-threads -Ddev.deferred.inlineCallbacks.continuations=false -- -m quick -c 2 -sc false -t InlineCallbacksTest
  # The same with a spin window of a few hundred spin hints, so that resumes land both before and
  # after a waiting side gives up spinning and parks.
  jcstress inline-brief-spin -Ddev.deferred.inlineCallbacks.continuations=false -Ddev.deferred.inlineCallbacks.spinNanos=1 -- -m quick -c 2 -sc false -t InlineCallbacksTest
  # (WovenInlineCallbacksTest, run in "all", is woven at build: its bodies run on the firing thread
  # whatever the flags.) And on the opt-in carrier mechanism, where the firing thread runs the body's virtual thread.
  jcstress inline-carrier --add-opens java.base/java.lang=ALL-UNNAMED -Ddev.deferred.inlineCallbacks.carrier=true -- -m quick -c 2 -sc false -t InlineCallbacksTest
else
  jcstress custom "${continuations[@]}" -- "$@"
fi
if [ "$failed" -ne 0 ]; then
  echo "jcstress: FAILED" >&2
  exit 1
fi
echo "jcstress: all tests passed"
