#!/usr/bin/env bash
# The tlsdiag test suite: unit tests, then integration tests that start real JVMs with the real agent jar against
# real TLS peers, with the agent running on JDK 17 and on JDK 25. The agent's unit tests also run on JDK 25.
#
# JDKs: TLSDIAG_JDK17 / TLSDIAG_JDK25 (default: the ones this machine ships under /usr/lib/jvm).
set -euo pipefail
cd "$(dirname "$0")/.."

find_jdk() { # $1 = feature version
  local home
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] && [ -f "$home/release" ] || continue
    if grep -q "^JAVA_VERSION=\"$1[.\"]" "$home/release"; then echo "$home"; return 0; fi
  done
  return 1
}
JDK17=${TLSDIAG_JDK17:-$(find_jdk 17 || true)}
JDK25=${TLSDIAG_JDK25:-$(find_jdk 25 || true)}
[ -n "$JDK17" ] || { echo "test.sh: no JDK 17 found (set TLSDIAG_JDK17)"; exit 2; }
[ -n "$JDK25" ] || { echo "test.sh: no JDK 25 found (set TLSDIAG_JDK25)"; exit 2; }
echo "==> JDK 17: $JDK17"
echo "==> JDK 25: $JDK25"

echo "==> build, unit tests and integration tests (agent on JDK 17 and JDK 25)"
# The HTML report test needs Chromium; it is skipped (visibly) without one unless TLSDIAG_REQUIRE_BROWSER=true,
# which .ci/run sets after installing it.
JAVA_HOME="$JDK17" mvn -B verify -Dtlsdiag.test.javaHomes="$JDK17,$JDK25" \
  -Dtlsdiag.requireBrowser="${TLSDIAG_REQUIRE_BROWSER:-false}"

echo "==> agent unit tests on JDK 25"
JAVA_HOME="$JDK25" mvn -B -pl demo-app,agent test | grep -E "Tests run:|FAIL|ERROR|BUILD" 
echo "==> all tests passed"
