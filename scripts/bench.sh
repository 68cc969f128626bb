#!/usr/bin/env bash
# Startup cost and successful-handshake cost of the agent, measured against no agent in the same run.
# Usage: scripts/bench.sh [JAVA_HOME] [startupRounds] [loopRounds] [handshakesPerLoop]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f agent/target/tlsdiag.jar ] && [ -f demo-app/target/tlsdiag-demo-app.jar ] || mvn -B -q -DskipTests package
JAVA_HOME_ARG=${1:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
CP="demo-app/target/tlsdiag-demo-app.jar:$(ls demo-app/target/lib/*.jar | tr '\n' ':')"
echo "==> $("$JAVA_HOME_ARG/bin/java" -version 2>&1 | head -1), $(nproc) cores"
"$JAVA_HOME_ARG/bin/java" -cp "$CP" io.tlsdiag.demo.bench.Bench "$(pwd)/agent/target/tlsdiag.jar" \
  "$JAVA_HOME_ARG/bin/java" "${2:-15}" "${3:-3}" "${4:-800}"
