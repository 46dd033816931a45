#!/usr/bin/env bash
# Builds what the demo needs (tests skipped) and runs it. Usage: scripts/demo.sh [demo args]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
./mvnw -B -ntp -q -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -pl examples -am package >&2
exec java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" dev.deferred.examples.Demo "$@"
