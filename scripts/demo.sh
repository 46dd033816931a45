#!/usr/bin/env bash
# Builds what the demo needs (tests skipped) and runs it. Usage: scripts/demo.sh [demo args]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl examples -am package >&2
# --add-exports lets inline callbacks use continuations, the fast path (see InlineCallbacks);
# the demo also runs without it, on virtual threads.
exec java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "examples/target/classes:$(cat examples/target/classpath.txt)" dev.deferred.examples.Demo "$@"
