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
AGENT_OPTIONS="output=$WORK/incidents"
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

  # TLS inspection: a debugging proxy's root (named as mitmproxy names its own) signs the leaf directly, and the
  # server sends the leaf alone. The root is in this demo's "OS trust store" (a PEM bundle, given to the agent as
  # osTrustStore), as IT pushes such roots into the OS store, but not in the trust store the client uses.
  (
    cd "$WORK/pki"
    export OPENSSL_CONF=/dev/null
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout mitm-root.key -out mitm-root.crt \
      -subj "/CN=mitmproxy/O=mitmproxy" -days 30 -addext basicConstraints=critical,CA:TRUE \
      -addext keyUsage=critical,keyCertSign,cRLSign
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout mitm-leaf.key -out mitm-leaf.csr \
      -subj "/CN=localhost"
    printf 'basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n' \
      >mitm-leaf.ext
    openssl x509 -req -in mitm-leaf.csr -CA mitm-root.crt -CAkey mitm-root.key -set_serial 4242 -days 30 \
      -extfile mitm-leaf.ext -out mitm-leaf.crt
    cp mitm-root.crt os-trust-bundle.pem
  ) >"$WORK/openssl-pki.log" 2>&1
  MITM_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 44444)
  OPENSSL_CONF=/dev/null openssl s_server -accept "127.0.0.1:$MITM_PORT" -www \
    -cert "$WORK/pki/mitm-leaf.crt" -key "$WORK/pki/mitm-leaf.key" >"$WORK/openssl-mitm.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 50); do grep -q ACCEPT "$WORK/openssl-mitm.log" 2>/dev/null && break; sleep 0.1; done
  TARGETS+=("intercepted=https://localhost:$MITM_PORT/")
  AGENT_OPTIONS="$AGENT_OPTIONS,osTrustStore=$WORK/pki/os-trust-bundle.pem"
fi

echo "==> running the demo client with -javaagent:agent/target/tlsdiag.jar"
java "-javaagent:$AGENT=$AGENT_OPTIONS" \
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
INSPECTED=$(cd "$WORK/incidents" && ls -- *tls-inspection*.json 2>/dev/null | head -1)
if [ -n "$INSPECTED" ]; then
  echo
  echo "==> TLS inspection: java -jar agent/target/tlsdiag.jar show ${INSPECTED%.json} --dir $WORK/incidents"
  java -jar "$AGENT" show "$WORK/incidents/$INSPECTED"
fi
echo
echo "More: java -jar agent/target/tlsdiag.jar report $WORK/incidents --html report.html"
echo "      java -jar agent/target/tlsdiag.jar probe https://localhost:<port>/ --truststore $WORK/pki/truststore.p12"
