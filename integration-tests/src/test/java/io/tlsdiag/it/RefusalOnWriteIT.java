package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsdiag.demo.DemoPki;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TLS 1.3 server refuses the client's certificate after the client's Finished and closes; the client, which
 * considers the handshake complete, only writes, so it never reads the alert and sees a plain SocketException.
 * That write failure is the refusal (CLIENT_CERT_REJECTED). Scheduling produces this order for any client now and
 * then (HttpsURLConnection against HAProxy in RealServersIT); {@code LateWrite} produces it every time.
 */
class RefusalOnWriteIT {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void aWriteFailingAfterTheServerRefusedOurCertificateIsTheRefusal(TestJdks.Jdk jdk) throws Exception {
        DemoPki pki = new DemoPki();
        Path trustStore = pki.writeTrustStore(tmp.resolve("truststore.p12"));
        Path keyStore = RealServersIT.clientKeyStore(tmp.resolve("client.p12"), pki.identity("client"));
        try (RefusingServer server = new RefusingServer(pki, tmp.resolve("refused"))) {
            List<String> args = List.of("refused", "localhost", String.valueOf(server.port()),
                    tmp.resolve("refused").toString());
            AgentRun plain = new AgentRun(jdk, tmp.resolve("without-agent")).withoutAgent();
            AgentRun agent = new AgentRun(jdk, tmp.resolve("agent")).agentOptions("output=incidents");
            for (AgentRun run : List.of(plain, agent)) {
                clientWithCertificate(run, trustStore, keyStore);
            }
            String without = plain.run("io.tlsdiag.clients.LateWrite", args).results().get("refused");
            Files.delete(tmp.resolve("refused"));
            AgentRun.Result with = agent.run("io.tlsdiag.clients.LateWrite", args);
            String result = with.results().get("refused");
            assertTrue(result != null && result.startsWith("FAILED java.net.SocketException"),
                    "the write must fail with a plain SocketException: " + with.describe());
            // "Broken pipe" or "Connection reset": which one depends on when the reset arrives, agent or not
            assertTrue(without != null && without.startsWith("FAILED java.net.SocketException"),
                    "the same outcome without the agent: " + without);
            assertEquals(2, server.refused.get(), "the server refused both clients' certificates");

            List<JsonNode> incidents = with.incidents("incidents");
            assertEquals(1, incidents.size(), "one incident for one refused connection: " + incidents);
            JsonNode i = incidents.get(0);
            IncidentSchema.assertValid(i);
            assertEquals("CLIENT_CERT_REJECTED", i.path("category").asText(), i.path("summary").asText());
            assertEquals("client", i.path("role").asText());
            assertTrue(i.path("summary").asText().contains("'client'"), i.path("summary").asText());
            Expect.stackHasFrame(i, "io.tlsdiag.clients.LateWrite");
            Expect.sameExceptionAsApplication(i, result);
        }
    }

    /** A client JVM on the test clients' class path, trusting the demo CA and holding the client key of keyStore. */
    static AgentRun clientWithCertificate(AgentRun run, Path trustStore, Path keyStore) {
        return run.classpath(AgentRun.clientClasspath())
                .jvmArg("-Djavax.net.ssl.trustStore=" + trustStore)
                .jvmArg("-Djavax.net.ssl.trustStorePassword=" + DemoPki.TRUSTSTORE_PASSWORD)
                .jvmArg("-Djavax.net.ssl.keyStore=" + keyStore)
                .jvmArg("-Djavax.net.ssl.keyStorePassword=changeit")
                .jvmArg("-Djavax.net.ssl.keyStoreType=PKCS12");
    }

    /**
     * Lists the demo CA as accepted, so the client sends its certificate, then refuses every client certificate (as a
     * server does for a revoked one).
     */
    private static final class Refusing extends X509ExtendedTrustManager {
        private final X509TrustManager listed;

        Refusing(X509TrustManager listed) {
            this.listed = listed;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return listed.getAcceptedIssuers();
        }

        private static void refuse() throws CertificateException {
            throw new CertificateException("refused by policy");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            refuse();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            refuse();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            refuse();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            refuse();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            refuse();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            refuse();
        }
    }

    /**
     * A JDK server on 127.0.0.1, TLS 1.3 only, that requires a client certificate and refuses every one: the refusal
     * comes after the client's Finished, with an alert, and the connection is closed.
     */
    private static final class RefusingServer implements AutoCloseable {
        final AtomicInteger refused = new AtomicInteger();
        private final SSLServerSocket socket;
        private final Thread acceptor;

        /** Created once a refused connection is closed: the client may write then. */
        private final Path refusedMarker;

        RefusingServer(DemoPki pki, Path refusedMarker) throws Exception {
            this.refusedMarker = refusedMarker;
            DemoPki.Identity good = pki.identity("good");
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("good", good.key(), "pw".toCharArray(), good.chain().toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "pw".toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(pki.trustStore());
            X509TrustManager demo = (X509TrustManager) tmf.getTrustManagers()[0];
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {new Refusing(demo)}, null);
            socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 10,
                    InetAddress.getByName("127.0.0.1"));
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            socket.setNeedClientAuth(true);
            acceptor = new Thread(this::serve, "refusing-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                boolean refusedThisOne = false;
                try (SSLSocket s = (SSLSocket) socket.accept()) {
                    s.setSoTimeout(10_000);
                    try {
                        s.startHandshake();
                        s.getInputStream().read(); // TLS 1.3: the client's certificate is checked on this read
                    } catch (javax.net.ssl.SSLException refusal) {
                        refusedThisOne = true;
                    }
                } catch (IOException closedOrBroken) {
                    // the socket was closed by close(), or a client misbehaved: the counts say which
                }
                if (refusedThisOne) {
                    refused.incrementAndGet(); // counted before the marker: the client exits only after it
                    try {
                        Files.writeString(refusedMarker, "refused");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(5000);
        }
    }
}
