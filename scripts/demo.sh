#!/usr/bin/env bash
# The tlsdiag demo: local TLS peers that fail in one way each, a client that calls them with the agent attached at
# launch, and a report of the incidents the agent wrote. Needs Java 17+, Maven and openssl; everything else is made
# at run time (certificates included). Only 127.0.0.1 is used.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
AGENT="$ROOT/agent/target/tlsdiag.jar"
DEMO_JAR="$ROOT/demo-app/target/tlsdiag-demo-app.jar"

if [ ! -f "$AGENT" ] || [ ! -f "$DEMO_JAR" ]; then
  echo "==> building tlsdiag (first run only)"
  mvn -B -q -DskipTests package
fi

WORK="$ROOT/target/demo"
rm -rf "$WORK"
mkdir -p "$WORK"
CP="$DEMO_JAR:$(ls "$ROOT"/demo-app/target/lib/*.jar | tr '\n' ':')"
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "==> starting local peers on 127.0.0.1 (certificates generated now, in $WORK/pki)"
java -cp "$CP" io.tlsdiag.demo.DemoServers --pki-dir "$WORK/pki" --ports-file "$WORK/ports.properties" \
  >"$WORK/peers.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 150); do [ -f "$WORK/ports.properties" ] && break; sleep 0.1; done
[ -f "$WORK/ports.properties" ] || { echo "peers did not start:"; cat "$WORK/peers.log"; exit 1; }

TARGETS=()
while IFS='=' read -r name port; do
  TARGETS+=("$name=https://localhost:$port/")
done <"$WORK/ports.properties"

if command -v openssl >/dev/null; then
  # A server that speaks only TLS 1.1 (OPENSSL_CONF=/dev/null lifts Debian's TLS 1.2 minimum for this one process).
  OLD_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 44443)
  OPENSSL_CONF=/dev/null openssl s_server -accept "127.0.0.1:$OLD_PORT" -www -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' \
    -cert "$WORK/pki/good.crt" -cert_chain "$WORK/pki/good-chain.crt" -key "$WORK/pki/good.key" \
    >"$WORK/openssl.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 50); do grep -q ACCEPT "$WORK/openssl.log" 2>/dev/null && break; sleep 0.1; done
  TARGETS+=("old-protocol=https://localhost:$OLD_PORT/")
fi

echo "==> running the demo client with -javaagent:agent/target/tlsdiag.jar"
java "-javaagent:$AGENT=output=$WORK/incidents" \
  -Djavax.net.ssl.trustStore="$WORK/pki/truststore.p12" -Djavax.net.ssl.trustStorePassword=changeit \
  -cp "$CP" io.tlsdiag.demo.DemoClient --timeout-ms 1500 "${TARGETS[@]}" \
  | sed -e 's/^RESULT /  /' -e 's/^DONE /  /' | cut -c1-150

echo
echo "==> what tlsdiag wrote in $WORK/incidents (one JSON file per distinct failure, plus incidents.ndjson)"
java -jar "$AGENT" report "$WORK/incidents" || true
FIRST=$(cd "$WORK/incidents" && ls -- *cert-expired*.json 2>/dev/null | head -1)
if [ -n "$FIRST" ]; then
  echo
  echo "==> one of them explained: java -jar agent/target/tlsdiag.jar show ${FIRST%.json} --dir $WORK/incidents"
  java -jar "$AGENT" show "$WORK/incidents/$FIRST"
fi
echo
echo "More: java -jar agent/target/tlsdiag.jar report $WORK/incidents --html report.html"
echo "      java -jar agent/target/tlsdiag.jar probe https://localhost:<port>/ --truststore $WORK/pki/truststore.p12"
