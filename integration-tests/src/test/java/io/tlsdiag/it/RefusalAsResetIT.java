package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsdiag.demo.DemoPki;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TLS 1.3 server that asks for a client certificate and then resets the connection, with no alert: what a client
 * sees when HAProxy's or nginx's refusal of its certificate is overtaken by the reset that follows (the client wrote
 * its request to a connection the server had already closed). Whether the client's write or its read meets the reset
 * depends on scheduling; either is the refusal, one incident per connection.
 *
 * <p>java.net.http.HttpClient (an engine client, whose reader passes the I/O error on as it is) and HttpsURLConnection
 * (an SSLSocket: a failed write, or JSSE's fatal() after a failed read) are the two paths. Both retry once on a new
 * connection.
 */
class RefusalAsResetIT {

    @TempDir
    Path tmp;

    static Stream<Arguments> clients() {
        return TestJdks.all().stream().flatMap(jdk -> Stream.of("httpclient", "urlconnection")
                .map(client -> Arguments.of(jdk, client)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("clients")
    void aResetRightAfterTheCertificateRequestIsTheRefusal(TestJdks.Jdk jdk, String client) throws Exception {
        DemoPki pki = new DemoPki();
        Path trustStore = pki.writeTrustStore(tmp.resolve("truststore.p12"));
        Path keyStore = RealServersIT.clientKeyStore(tmp.resolve("client.p12"), pki.identity("client"));
        try (ResettingServer server = new ResettingServer(pki)) {
            List<String> args = List.of("--client", client, "--timeout-ms", "5000",
                    "reset=https://localhost:" + server.port() + "/");
            AgentRun plain = new AgentRun(jdk, tmp.resolve("without-agent")).withoutAgent();
            AgentRun agent = new AgentRun(jdk, tmp.resolve("agent")).agentOptions("output=incidents");
            for (AgentRun run : List.of(plain, agent)) {
                RefusalOnWriteIT.clientWithCertificate(run, trustStore, keyStore);
            }
            String without = plain.run("io.tlsdiag.demo.DemoClient", args).results().get("reset");
            int before = server.reset.get();
            AgentRun.Result with = agent.run("io.tlsdiag.demo.DemoClient", args);
            int connections = server.reset.get() - before;
            String result = with.results().get("reset");
            assertTrue(result != null && result.startsWith("FAILED "), "the call must fail: " + with.describe());
            assertTrue(without != null && without.startsWith("FAILED "), "and fail without the agent: " + without);
            assertTrue(connections >= 1, "the server saw no completed handshake: " + with.describe());

            // Each refused connection counted once. A write that fails ("Connection reset by peer", "Broken pipe") and
            // a read that fails ("Connection reset") are different exceptions, so separate incidents.
            List<JsonNode> incidents = with.incidents("incidents");
            assertEquals((long) connections, Expect.occurrences(incidents), "every reset connection counted once: "
                    + incidents + "\n" + with.describe());
            for (JsonNode i : incidents) {
                IncidentSchema.assertValid(i);
                assertEquals("CLIENT_CERT_REJECTED", i.path("category").asText(), i.path("summary").asText());
                assertEquals("client", i.path("role").asText());
                assertTrue(i.path("summary").asText().contains("'client'"), i.path("summary").asText());
                assertEquals("client", i.path("handshake").path("clientCertificate").path("sentAlias").asText());
                Expect.chainIs(i, pki.identity("good"));
            }
        }
    }

    /**
     * A JDK server on 127.0.0.1, TLS 1.3 only, requiring a client certificate; once its handshake completes it resets
     * the TCP connection (SO_LINGER 0 on the plain socket under TLS), so the client reads neither an alert nor a
     * close_notify.
     */
    private static final class ResettingServer implements AutoCloseable {
        final AtomicInteger reset = new AtomicInteger();
        private final ServerSocket socket;
        private final SSLContext context;
        private final Thread acceptor;

        ResettingServer(DemoPki pki) throws Exception {
            context = io.tlsdiag.demo.DemoServers.serverContext(pki, "good", true); // trusts the client's CA
            // No session ticket: a refusing server sends none, so the client's retry is a full handshake with a
            // certificate request again, not a resumption. JSSE sends no TLS 1.3 ticket when the session timeout
            // exceeds a ticket's longest lifetime, 7 days (NewSessionTicket.MAX_TICKET_LIFETIME).
            context.getServerSessionContext().setSessionTimeout(7 * 24 * 3600 + 1);
            socket = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
            acceptor = new Thread(this::serve, "resetting-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket raw = socket.accept()) {
                    raw.setSoTimeout(10_000);
                    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, null, false);
                    tls.setUseClientMode(false);
                    tls.setEnabledProtocols(new String[] {"TLSv1.3"});
                    tls.setNeedClientAuth(true);
                    tls.startHandshake(); // returns once the client's certificate and Finished were accepted
                    raw.setSoLinger(true, 0);
                    reset.incrementAndGet();
                } catch (IOException closedOrBroken) {
                    // close() closed the listener, or a client gave up mid-handshake: the count says which
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
