#!/usr/bin/env bash
# Runs every test of every module (unit, property and example tests). Usage: scripts/test.sh [extra mvn args]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
echo "Using JDK at $JAVA_HOME"
# Test code is compiled quietly (its lint warnings are for developers: ./mvnw verify shows them);
# main code keeps its warnings visible, and the published modules' main code fails on any (-Werror).
exec ./mvnw -B -ntp -Dstyle.color=never -Dorg.slf4j.simpleLogger.log.org.apache.maven.plugin.compiler.TestCompilerMojo=error verify "$@"
