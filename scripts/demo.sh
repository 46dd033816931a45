#!/usr/bin/env bash
# Builds what the demo needs (tests skipped) and runs it. Usage: scripts/demo.sh [demo args]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
mvn -B -ntp -q -DskipTests -pl examples -am install >&2
exec mvn -B -ntp -q -pl examples exec:java -Dexec.args="$*"
