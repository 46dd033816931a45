#!/usr/bin/env bash
# Runs every test of every module (unit, property and example tests). Usage: scripts/test.sh [extra mvn args]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
echo "Using JDK at $JAVA_HOME"
exec mvn -B -ntp -Dstyle.color=never verify "$@"
