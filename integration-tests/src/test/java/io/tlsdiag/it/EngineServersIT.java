package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsdiag.demo.DemoPki;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Servers on the engine path that require client certificates ({@code io.tlsdiag.clients.TlsServers}: Netty with the
 * JDK provider, Netty with netty-tcnative/BoringSSL, gRPC on grpc-netty-shaded), under the agent, and clients from this
 * JVM that send no certificate, an expired one, or one from a CA the server does not trust, each twice. Every failure
 * is a role "server" incident with the client's chain and address; the two attempts of one client share it
 * ({@code occurrences} 2); its stack is where the application set up the server's TLS.
 */
class EngineServersIT {

    private static final List<String> SERVERS = List.of("netty-jdk", "netty-openssl", "grpc");

    /** A client of the servers: the certificate it sends (none: null), and what the server's incident must say. */
    private record Client(String name, DemoPki.Identity identity, String category, Integer failingIndex) {
    }

    @TempDir
    Path tmp;

    @TestFactory
    List<DynamicNode> engineServersReportRefusedClients() throws Exception {
        DemoPki pki = new DemoPki();
        Path pem = serverFiles(pki, tmp.resolve("pem"));
        // A look-alike PKI: CA names the server lists (so the client offers its certificate), keys it does not trust.
        DemoPki lookAlike = new DemoPki();
        List<Client> clients = List.of(
                new Client("no-certificate", null, "CLIENT_CERT_REQUIRED", null),
                new Client("expired", pki.identity("expired"), "CERT_EXPIRED", 0),
                new Client("untrusted", lookAlike.identity("client"), "UNTRUSTED_ROOT", 1));
        Path trustStore = pki.writeTrustStore(tmp.resolve("client-truststore.p12"));
        SSLContext trustingServers = ServerRoleIT.clientTrusting(trustStore, null);
        List<DynamicNode> tests = new ArrayList<>();
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            for (String s : SERVERS) {
                Path dir = tmp.resolve(jdk.label() + "-" + s);
                // One server per JVM: its incidents are its own.
                Process server = new AgentRun(jdk, dir).classpath(AgentRun.clientClasspath())
                        .agentOptions("output=incidents")
                        .start("io.tlsdiag.clients.TlsServers", List.of(pem.toString(), s));
                try {
                    int port = awaitPort(server, dir, s);
                    for (Client c : clients) {
                        SSLContext ctx = c.identity() == null ? trustingServers
                                : ServerRoleIT.clientTrusting(trustStore, c.identity());
                        for (int attempt = 0; attempt < 2; attempt++) {
                            assertRefused(ctx, port, s + " / " + c.name());
                        }
                    }
                    server.getOutputStream().close();
                    assertTrue(server.waitFor(60, TimeUnit.SECONDS), "TlsServers did not stop");
                } finally {
                    server.destroyForcibly(); // a no-op once it stopped; frees its ports when a step above failed
                }
                List<JsonNode> incidents = new AgentRun.Result(server.exitValue(), "", "", dir).incidents("incidents");
                String where = jdk.label() + " " + s + " (" + dir + ")";
                tests.add(DynamicTest.dynamicTest(jdk.label() + ": " + s + " has one incident per refused client",
                        () -> {
                            assertEquals(0, server.exitValue(), Files.readString(dir.resolve("stderr.txt")));
                            assertEquals(clients.size(), incidents.size(), where + summaries(incidents));
                        }));
                for (Client c : clients) {
                    tests.add(DynamicTest.dynamicTest(jdk.label() + ": " + s + " refuses " + c.name(), () -> {
                        List<JsonNode> mine = incidents.stream().filter(i -> c.category().equals(
                                i.path("category").asText())).toList();
                        assertEquals(1, mine.size(), "one incident for " + c.name() + " in " + where
                                + summaries(incidents));
                        JsonNode i = mine.get(0);
                        IncidentSchema.assertValid(i);
                        assertEquals("server", i.path("role").asText());
                        assertEquals("127.0.0.1", i.path("peer").path("address").asText(), i.toString());
                        assertEquals(2, i.path("occurrences").asLong(), "both attempts from 127.0.0.1: " + i);
                        if (c.identity() == null) {
                            assertEquals(0, i.path("chain").size(), "the client sent no certificate: " + i);
                        } else {
                            Expect.chainIs(i, c.identity());
                            Expect.failingIndex(i, c.failingIndex());
                        }
                        assertEquals("tls-context-setup", i.path("stackOrigin").asText(), i.toString());
                        Expect.stackHasFrame(i, "io.tlsdiag.clients.TlsServers");
                        assertTrue(i.path("failingThreadStack").size() > 0, i.toString());
                    }));
                }
            }
        }
        return tests;
    }

    /**
     * The client side of the same refusal through gRPC: a gRPC client without a certificate (ClientMatrix's grpc,
     * BoringSSL) calling the gRPC server that requires one (without the agent) is one CLIENT_CERT_REQUIRED incident,
     * and gRPC's error is the same with and without the agent. The demo's peers cannot serve this cell: gRPC needs
     * HTTP/2 over ALPN, which they do not speak.
     */
    @TestFactory
    List<DynamicNode> grpcClientWithoutACertificate() throws Exception {
        DemoPki pki = new DemoPki();
        Path pem = serverFiles(pki, tmp.resolve("client-pem"));
        Path trustStore = pki.writeTrustStore(tmp.resolve("truststore.p12"));
        List<DynamicNode> tests = new ArrayList<>();
        TestJdks.Jdk first = TestJdks.all().get(0);
        Path serverDir = tmp.resolve("grpc-server");
        Process server = new AgentRun(first, serverDir).withoutAgent().classpath(AgentRun.clientClasspath())
                .start("io.tlsdiag.clients.TlsServers", List.of(pem.toString(), "grpc"));
        try {
            int port = awaitPort(server, serverDir, "grpc");
            List<String> args = List.of("--client", "grpc", "--timeout-ms", "5000",
                    "client-cert-required=https://localhost:" + port + "/");
            for (TestJdks.Jdk jdk : TestJdks.all()) {
                AgentRun.Result run = new AgentRun(jdk, tmp.resolve("grpc-client-" + jdk.label()))
                        .classpath(AgentRun.clientClasspath()).agentOptions("output=incidents")
                        .jvmArg("-Djavax.net.ssl.trustStore=" + trustStore)
                        .jvmArg("-Djavax.net.ssl.trustStorePassword=" + DemoPki.TRUSTSTORE_PASSWORD)
                        .runComparedWithoutAgent("io.tlsdiag.clients.ClientMatrix", args);
                List<JsonNode> incidents = run.incidents("incidents");
                tests.add(DynamicTest.dynamicTest(jdk.label() + ": grpc client refused for lack of a certificate",
                        () -> {
                            assertTrue(run.results().get("client-cert-required").startsWith("FAILED"),
                                    run.describe());
                            assertEquals(1, incidents.size(), summaries(incidents));
                            JsonNode i = incidents.get(0);
                            IncidentSchema.assertValid(i);
                            assertEquals("CLIENT_CERT_REQUIRED", i.path("category").asText(),
                                    i.path("summary").asText());
                            assertEquals("client", i.path("role").asText());
                            assertEquals(port, i.path("peer").path("port").asInt(), i.toString());
                            assertEquals(1, i.path("occurrences").asLong(), i.toString());
                            Expect.chainIs(i, pki.identity("good"));
                        }));
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        return tests;
    }

    /** What TlsServers reads: the "good" identity as PEM, and the demo root it trusts for client certificates. */
    private static Path serverFiles(DemoPki pki, Path dir) throws Exception {
        Files.createDirectories(dir);
        pki.writePem("good", dir);
        Files.writeString(dir.resolve("trust.crt"), EvidencePki.pem("CERTIFICATE", pki.root.getEncoded()));
        return dir;
    }

    private static String summaries(List<JsonNode> incidents) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode i : incidents) {
            sb.append("\n  ").append(i.path("category").asText()).append(" x").append(i.path("occurrences"))
                    .append(" peer=").append(i.path("peer")).append(" stackOrigin=").append(i.path("stackOrigin"))
                    .append(": ").append(i.path("summary").asText());
        }
        return sb.toString();
    }

    private static int awaitPort(Process server, Path dir, String name) throws Exception {
        Path out = dir.resolve("stdout.txt");
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            if (text.contains("READY")) {
                for (String line : text.split("\n")) {
                    if (line.startsWith("SERVER " + name + " ")) {
                        return Integer.parseInt(line.trim().split(" ")[2]);
                    }
                }
                throw new AssertionError("no port for " + name + ": " + text);
            }
            assertTrue(server.isAlive() && System.currentTimeMillis() < deadline,
                    "TlsServers did not start: " + Files.readString(dir.resolve("stderr.txt")));
            Thread.sleep(50);
        }
    }

    /**
     * With TLS 1.3 the client's handshake completes before the server has checked its certificate, so the refusal
     * reaches the client at the handshake, the first write or the first read; any of them is the refusal.
     */
    private static void assertRefused(SSLContext ctx, int port, String what) throws Exception {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            SSLParameters params = s.getSSLParameters();
            params.setApplicationProtocols(new String[] {"h2"}); // gRPC's server negotiates HTTP/2
            s.setSSLParameters(params);
            assertThrows(Exception.class, () -> {
                s.startHandshake();
                s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                if (s.getInputStream().read() < 0) {
                    throw new java.io.EOFException("closed"); // refused without an alert that reached us
                }
            }, "the server must refuse " + what);
        }
    }
}
