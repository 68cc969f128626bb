#!/usr/bin/env bash
# The agent's cost, measured against no agent in the same run (medians and ratios, no thresholds).
#   scripts/bench.sh [JAVA_HOME] [startupRounds] [loopRounds] [handshakesPerLoop]
#       startup (JVM start to main() and to the first handshake; no agent, a floor agent that only registers a
#       transformer, tlsdiag) and successful-handshake throughput on SSLSocket and on SSLEngine
#   scripts/bench.sh storm [JAVA_HOME] [rounds] [threads] [handshakes] [clientAddresses]
#       a failure storm: CPU per failed handshake, heap, exact counts (docs/performance.md)
#   scripts/bench.sh netty [JAVA_HOME] [rounds] [connections]
#       new Netty client connections: what the call-site capture per client channel adds (Java 17+)
#   scripts/bench.sh requests [JAVA_HOME] [rounds] [requests]
#       kept-alive requests through OkHttp's enqueue and java.net.http's sendAsync: what the call-site capture per
#       request adds (Java 17+)
#   scripts/bench.sh handoff [JAVA_HOME] [requests]
#       that per-request work alone (HandOffCost), at stack depths 10 to 200, every request followed and within the
#       default budget; then at depth 40 on 1, 2 and 8 threads at once (shared tables under contention) (Java 17+)
set -euo pipefail
cd "$(dirname "$0")/.."
MAIN=io.tlsdiag.demo.bench.Bench
DEFAULTS=(15 3 800)
CLASSES=demo-app/target/tlsdiag-demo-app.jar
LIBS=demo-app/target/lib
if [ "${1:-}" = storm ]; then
  shift
  MAIN=io.tlsdiag.demo.bench.StormBench
  DEFAULTS=(3 4 2000 1)
elif [ "${1:-}" = netty ]; then
  shift
  MAIN=io.tlsdiag.clients.bench.ConnectionBench
  DEFAULTS=(5 800)
  CLASSES=test-clients/target/tlsdiag-test-clients.jar
  LIBS=test-clients/target/lib
elif [ "${1:-}" = requests ]; then
  shift
  MAIN=io.tlsdiag.clients.bench.RequestBench
  DEFAULTS=(5 5000)
  CLASSES=test-clients/target/tlsdiag-test-clients.jar
  LIBS=test-clients/target/lib
fi
if [ "${1:-}" = handoff ]; then
  shift
  [ -f agent/target/tlsdiag.jar ] && [ -f test-clients/target/tlsdiag-test-clients.jar ] || mvn -B -q -DskipTests package
  JAVA=${1:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}/bin/java
  OUT=$(mktemp -d)
  trap 'rm -rf "$OUT"' EXIT
  echo "==> $("$JAVA" -version 2>&1 | head -1), $(nproc) cores"
  handoff() { # budget depth threads
    echo "requestCapturesPerSecond=$1 depth=$2 threads=$3 $("$JAVA" \
      -javaagent:agent/target/tlsdiag.jar=output="$OUT",requestCapturesPerSecond="$1" \
      -cp test-clients/target/tlsdiag-test-clients.jar io.tlsdiag.clients.bench.HandOffCost "$2" "$REQUESTS" "$3" \
      | tr '\n' ' ')"
  }
  REQUESTS=${2:-200000}
  for budget in 1000000 100; do
    for depth in 10 40 100 200; do
      handoff "$budget" "$depth" 1
    done
    for threads in 2 8; do
      handoff "$budget" 40 "$threads"
    done
  done
  exit 0
fi
[ -f agent/target/tlsdiag.jar ] && [ -f "$CLASSES" ] || mvn -B -q -DskipTests package
JAVA_HOME_ARG=${1:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
shift || true
ARGS=()
for i in "${!DEFAULTS[@]}"; do
  ARGS+=("${1:-${DEFAULTS[$i]}}")
  shift || true
done
CP="$CLASSES:$(ls "$LIBS"/*.jar | tr '\n' ':')"
echo "==> $("$JAVA_HOME_ARG/bin/java" -version 2>&1 | head -1), $(nproc) cores"
"$JAVA_HOME_ARG/bin/java" -cp "$CP" "$MAIN" "$(pwd)/agent/target/tlsdiag.jar" "$JAVA_HOME_ARG/bin/java" "${ARGS[@]}"
