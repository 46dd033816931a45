#!/usr/bin/env bash
# Checks what `./mvnw install` publishes: installs into a temporary local repository and compares its
# dev.deferred artifacts with the expected set, exactly (anything missing or extra fails).
# Usage: scripts/check-published.sh [extra mvn args]   (tests are skipped: run scripts/test.sh for them)
# Dependencies and plugins are read from ~/.m2/repository when it has them (read-only, as a "tail"
# repository) and downloaded into the temporary repository otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

# The published set. A new library module goes here (and into deferred-bom's dependencyManagement).
libraries=(deferred deferred-testing deferred-reactor deferred-net deferred-completablefuture deferred-slf4j-mdc)
poms_only=(deferred-parent deferred-bom)

repo=$(mktemp -d "${TMPDIR:-/tmp}/deferred-published.XXXXXX")
trap 'rm -rf "$repo"' EXIT
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n1)
echo "check-published: ./mvnw install $version into $repo"
./mvnw -B -ntp -q -Dstyle.color=never -DskipTests \
  -Dmaven.repo.local="$repo" -Dmaven.repo.local.tail="$HOME/.m2/repository" "$@" install

expected=()
for a in "${poms_only[@]}"; do expected+=("$a/$version/$a-$version.pom"); done
for a in "${libraries[@]}"; do
  for suffix in .pom .jar -sources.jar -javadoc.jar; do expected+=("$a/$version/$a-$version$suffix"); done
done

# Every installed file of dev.deferred but Maven's own bookkeeping (metadata, _remote.repositories).
actual=$(cd "$repo/dev/deferred" 2>/dev/null && find . -type f ! -name 'maven-metadata*' ! -name '_remote.repositories' | sed 's:^\./::' | sort)
wanted=$(printf '%s\n' "${expected[@]}" | sort)
if [ "$actual" != "$wanted" ]; then
  echo "check-published: FAILED: the installed dev.deferred artifacts differ from the expected set" >&2
  diff <(echo "$wanted") <(echo "$actual") | sed -n 's/^< /  missing: /p; s/^> /  unexpected: /p' >&2
  exit 1
fi

# Each jar has content of its kind, and each POM carries what Maven Central requires (the libraries
# inherit it from deferred-parent; deferred-bom has no parent and carries it itself).
for a in "${libraries[@]}"; do
  base="$repo/dev/deferred/$a/$version/$a-$version"
  for f in module-info.class META-INF/LICENSE META-INF/NOTICE; do
    jar tf "$base.jar" | grep -qx "$f" || { echo "check-published: FAILED: $a.jar has no $f" >&2; exit 1; }
  done
  jar tf "$base-sources.jar" | grep -q '\.java$' || { echo "check-published: FAILED: $a-sources.jar has no sources" >&2; exit 1; }
  jar tf "$base-javadoc.jar" | grep -q '^index.html$' || { echo "check-published: FAILED: $a-javadoc.jar has no index.html" >&2; exit 1; }
  grep -q '<description>' "$base.pom" || { echo "check-published: FAILED: $a's POM has no description" >&2; exit 1; }
done
for a in "${poms_only[@]}"; do
  pom="$repo/dev/deferred/$a/$version/$a-$version.pom"
  for tag in '<url>' '<licenses>' '<developers>' '<scm' '<description>'; do
    grep -q "$tag" "$pom" || { echo "check-published: FAILED: $a's POM has no $tag" >&2; exit 1; }
  done
done
# The BOM manages exactly the libraries.
bom_managed=$(sed -n 's:.*<groupId>dev.deferred</groupId><artifactId>\([^<]*\)</artifactId>.*:\1:p' "$repo/dev/deferred/deferred-bom/$version/deferred-bom-$version.pom" | sort)
if [ "$bom_managed" != "$(printf '%s\n' "${libraries[@]}" | sort)" ]; then
  echo "check-published: FAILED: deferred-bom manages [$(echo $bom_managed)], expected [${libraries[*]}]" >&2
  exit 1
fi
echo "check-published: OK: ${#poms_only[@]} POMs (${poms_only[*]}) and ${#libraries[@]} libraries with sources and javadoc jars (${libraries[*]}); nothing else"
