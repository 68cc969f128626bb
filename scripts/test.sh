#!/usr/bin/env bash
# The tlsdiag test suite: unit tests, then integration tests that start real JVMs with the real agent jar against
# real TLS peers, once per Java version this machine has (17 or newer). The agent's unit tests also run on each of
# them.
#
# Where JDKs are looked for: JAVA_HOME, the java on the PATH, /usr/lib/jvm/*, /opt/java/*,
# /Library/Java/JavaVirtualMachines/*/Contents/Home, and TLSDIAG_JDK17 / TLSDIAG_JDK25 / TLSDIAG_JDKS (a list of
# homes separated by spaces or commas). One home per feature version is used, the first found in that order.
# TLSDIAG_REQUIRE_JDKS="17 25" makes a missing version an error instead of a skip (.ci/run sets it).
# Maven itself runs on the oldest version found (17 or newer, with javac): the tests are Java 17.
#
# bash scripts/test.sh --list-jdks   only says which versions would be covered and which skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

MIN=17
WANTED="17 25"   # what the README promises to cover; others found are covered too

# Follows symbolic links without readlink -f (not on older macOS).
resolve() {
  local f=$1 link
  while [ -L "$f" ]; do
    link=$(readlink "$f")
    case $link in /*) f=$link ;; *) f=$(dirname "$f")/$link ;; esac
  done
  (cd "$(dirname "$f")" && echo "$(pwd -P)/$(basename "$f")")
}

# The feature version of a Java home (8 for 1.8), from its release file or, failing that, from java -version.
feature() {
  local home=$1 v=""
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)
  fi
  v=${v#1.}
  v=${v%%[.+_-]*}
  case $v in ''|*[!0-9]*) return 1 ;; esac
  echo "$v"
}

candidates=()
add() { [ -n "${1:-}" ] && candidates+=("$1"); return 0; }
add "${TLSDIAG_JDK17:-}"
add "${TLSDIAG_JDK25:-}"
jdks=${TLSDIAG_JDKS:-}
for h in ${jdks//,/ }; do add "$h"; done
add "${JAVA_HOME:-}"
if command -v java >/dev/null 2>&1; then
  add "$(dirname "$(dirname "$(resolve "$(command -v java)")")")"
fi
# The usual install folders (TLSDIAG_JDK_SEARCH replaces them, for the test of this script).
for h in ${TLSDIAG_JDK_SEARCH-/usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home}; do
  add "$h"
done

covered_versions=""   # "17 25"
covered_homes=""      # "/a,/b"
skipped=()
seen_paths=" "
for h in "${candidates[@]}"; do
  [ -d "$h" ] && [ -x "$h/bin/java" ] || continue
  real=$(cd "$h" && pwd -P)
  case $seen_paths in *" $real "*) continue ;; esac
  seen_paths="$seen_paths$real "
  if ! v=$(feature "$h"); then
    skipped+=("$h: version unknown")
  elif [ "$v" -lt "$MIN" ]; then
    skipped+=("Java $v at $h: older than $MIN")
  elif case " $covered_versions " in *" $v "*) true ;; *) false ;; esac; then
    skipped+=("Java $v at $h: Java $v already covered")
  else
    covered_versions="${covered_versions:+$covered_versions }$v"
    covered_homes="${covered_homes:+$covered_homes,}$real"
  fi
done

home_of() { # $1 = feature version -> its covered home
  local i=0 v h
  IFS=, read -r -a homes <<<"$covered_homes"
  for v in $covered_versions; do
    h=${homes[$i]}; i=$((i + 1))
    [ "$v" = "$1" ] && { echo "$h"; return 0; }
  done
  return 1
}

for v in $WANTED ${TLSDIAG_REQUIRE_JDKS:-}; do
  case " $covered_versions " in *" $v "*) continue ;; esac
  case " ${TLSDIAG_REQUIRE_JDKS:-} " in
    *" $v "*) echo "test.sh: Java $v is required here (TLSDIAG_REQUIRE_JDKS) and none was found; set TLSDIAG_JDKS=/path/to/jdk$v"
              exit 2 ;;
  esac
  case " ${not_found:-} " in *" $v "*) ;; *) not_found="${not_found:+$not_found }$v" ;; esac
done
for v in ${not_found:-}; do skipped+=("Java $v: not installed (set TLSDIAG_JDKS to test it)"); done

# Maven runs on the oldest covered version that has a compiler.
MAVEN_JDK=""
for v in $(printf '%s\n' $covered_versions | sort -n); do
  h=$(home_of "$v")
  if [ -x "$h/bin/javac" ]; then MAVEN_JDK=$h; break; fi
done
if [ -z "$MAVEN_JDK" ]; then
  echo "test.sh: no JDK $MIN or newer with javac found (looked at JAVA_HOME, the PATH, /usr/lib/jvm, /opt/java,"
  echo "  /Library/Java/JavaVirtualMachines); install one, or set TLSDIAG_JDKS=/path/to/jdk"
  for s in "${skipped[@]+"${skipped[@]}"}"; do echo "  skipped: $s"; done
  exit 2
fi

summary() {
  local v
  for v in $covered_versions; do echo "    covered: Java $v at $(home_of "$v")"; done
  for s in "${skipped[@]+"${skipped[@]}"}"; do echo "    skipped: $s"; done
}
echo "==> Java versions (Maven runs on $MAVEN_JDK)"
summary
[ "${1:-}" != "--list-jdks" ] || exit 0

echo "==> build, unit tests and integration tests (agent on Java ${covered_versions// /, })"
# The HTML report test needs Chromium; it is skipped (visibly) without one unless TLSDIAG_REQUIRE_BROWSER=true,
# which .ci/run sets after installing it.
JAVA_HOME="$MAVEN_JDK" mvn -B verify -Dtlsdiag.test.javaHomes="$covered_homes" \
  -Dtlsdiag.requireBrowser="${TLSDIAG_REQUIRE_BROWSER:-false}"

for v in $covered_versions; do
  h=$(home_of "$v")
  [ "$h" != "$MAVEN_JDK" ] || continue
  if [ ! -x "$h/bin/javac" ]; then
    echo "==> agent unit tests on Java $v: skipped ($h is a runtime without javac)"
    continue
  fi
  echo "==> agent unit tests on Java $v"
  JAVA_HOME="$h" mvn -B -pl demo-app,agent test | grep -E "Tests run:|FAIL|ERROR|BUILD"
done

echo "==> all tests passed on Java ${covered_versions// /, }"
summary
