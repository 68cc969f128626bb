#!/usr/bin/env bash
# The agent's cost under a failure storm (CPU per failed handshake, heap, exact counts), against no agent in the
# same run. Usage: scripts/storm-bench.sh [JAVA_HOME] [rounds] [threads] [handshakes] [clientAddresses]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f agent/target/tlsdiag.jar ] && [ -f demo-app/target/tlsdiag-demo-app.jar ] || mvn -B -q -DskipTests package
JAVA_HOME_ARG=${1:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
CP="demo-app/target/tlsdiag-demo-app.jar:$(ls demo-app/target/lib/*.jar | tr '\n' ':')"
echo "==> $("$JAVA_HOME_ARG/bin/java" -version 2>&1 | head -1), $(nproc) cores"
"$JAVA_HOME_ARG/bin/java" -cp "$CP" io.tlsdiag.demo.bench.StormBench "$(pwd)/agent/target/tlsdiag.jar" \
  "$JAVA_HOME_ARG/bin/java" "${2:-3}" "${3:-4}" "${4:-2000}" "${5:-1}"
