# Sourced by the other scripts: points JAVA_HOME at a JDK >= 21, or stops with one line saying what to do.
# Order: $JAVA_HOME if it is new enough, then the newest JDK under the usual install places.

jdk_major() {  # prints the major version of the JDK at $1, or nothing
  local rel="$1/release" v
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  [ "$v" = "1" ] && v=8
  printf '%s' "$v"
}

find_jdk() {
  local best="" best_v=0 d v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then return 0; fi
  fi
  for d in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$d" ] || continue
    v=$(jdk_major "$d")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    d=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(jdk_major "$d")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then best="$d"; fi
  fi
  if [ -z "$best" ]; then
    echo "deferred needs a JDK 21 or newer (25 recommended): install one and set JAVA_HOME to it." >&2
    exit 1
  fi
  export JAVA_HOME="$best"
}

find_jdk
export PATH="$JAVA_HOME/bin:$PATH"
# Maven itself comes from ./mvnw (the Maven Wrapper): it downloads the pinned Maven version from
# Maven Central into ~/.m2/wrapper on first use, so no installed Maven is needed.
