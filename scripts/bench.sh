#!/usr/bin/env bash
# The agent's cost, measured against no agent in the same run (medians and ratios, no thresholds).
#   scripts/bench.sh [JAVA_HOME] [startupRounds] [loopRounds] [handshakesPerLoop]
#       startup (JVM start to main() and to the first handshake; no agent, a floor agent that only registers a
#       transformer, tlsdiag) and successful-handshake throughput on SSLSocket and on SSLEngine
#   scripts/bench.sh storm [JAVA_HOME] [rounds] [threads] [handshakes] [clientAddresses]
#       a failure storm: CPU per failed handshake, heap, exact counts (docs/performance.md)
set -euo pipefail
cd "$(dirname "$0")/.."
MAIN=io.tlsdiag.demo.bench.Bench
DEFAULTS=(15 3 800)
if [ "${1:-}" = storm ]; then
  shift
  MAIN=io.tlsdiag.demo.bench.StormBench
  DEFAULTS=(3 4 2000 1)
fi
[ -f agent/target/tlsdiag.jar ] && [ -f demo-app/target/tlsdiag-demo-app.jar ] || mvn -B -q -DskipTests package
JAVA_HOME_ARG=${1:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
shift || true
ARGS=()
for i in "${!DEFAULTS[@]}"; do
  ARGS+=("${1:-${DEFAULTS[$i]}}")
  shift || true
done
CP="demo-app/target/tlsdiag-demo-app.jar:$(ls demo-app/target/lib/*.jar | tr '\n' ':')"
echo "==> $("$JAVA_HOME_ARG/bin/java" -version 2>&1 | head -1), $(nproc) cores"
"$JAVA_HOME_ARG/bin/java" -cp "$CP" "$MAIN" "$(pwd)/agent/target/tlsdiag.jar" "$JAVA_HOME_ARG/bin/java" "${ARGS[@]}"
