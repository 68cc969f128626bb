package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsdiag.demo.DemoPki;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JVM under the agent is the TLS server: a client without a certificate is reported with role "server". */
class ServerRoleIT {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void clientWithoutCertificateIsReportedByTheServer(TestJdks.Jdk jdk) throws Exception {
        Path pki = tmp.resolve("pki");
        Process server = startServer(jdk, pki);
        try {
            int port = port();
            SSLContext ctx = clientTrusting(pki.resolve("truststore.p12"), null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                assertRefused(s);
            }
            List<JsonNode> incidents = awaitIncidents();
            assertEquals(1, incidents.size(), "one incident for one refused client: " + incidents);
            JsonNode i = incidents.get(0);
            IncidentSchema.assertValid(i);
            assertEquals("server", i.path("role").asText());
            assertEquals("CLIENT_CERT_REQUIRED", i.path("category").asText(), i.path("summary").asText());
            assertEquals("127.0.0.1", i.path("peer").path("address").asText());
            assertEquals(0, i.path("chain").size(), "the client sent no certificate");
            Expect.stackHasFrame(i, "io.tlsdiag.demo.DemoServers");
        } finally {
            server.destroy();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void untrustedClientCertificateIsReportedByTheServerWithItsChain(TestJdks.Jdk jdk) throws Exception {
        Path pki = tmp.resolve("pki");
        Process server = startServer(jdk, pki);
        try {
            // A client certificate from a look-alike PKI: its CA names are the server's (so the client offers it), its
            // keys are not (so the server must refuse it).
            DemoPki mine = new DemoPki();
            DemoPki.Identity id = mine.identity("client");
            SSLContext ctx = clientTrusting(pki.resolve("truststore.p12"), id);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port())) {
                s.setSoTimeout(5000);
                assertRefused(s);
            }
            List<JsonNode> incidents = awaitIncidents();
            assertEquals(1, incidents.size(), incidents.toString());
            JsonNode i = incidents.get(0);
            IncidentSchema.assertValid(i);
            assertEquals("server", i.path("role").asText());
            assertEquals("UNTRUSTED_ROOT", i.path("category").asText(), i.path("summary").asText());
            assertEquals("127.0.0.1", i.path("peer").path("address").asText());
            Expect.chainIs(i, id);
            Expect.failingIndex(i, 1);
            assertTrue(i.path("summary").asText().contains("trusts a CA of that name, but with another key"),
                    i.path("summary").asText());
            JsonNode sameName = i.path("diagnosis").path("anchorsWithIssuerName");
            assertEquals(1, sameName.size(), i.path("diagnosis").toString());
            assertEquals(false, sameName.get(0).path("sameKey").asBoolean());
            assertEquals("sun.security.ssl.X509TrustManagerImpl", i.path("trust").path("rejectedBy").asText());
        } finally {
            server.destroy();
        }
    }

    private Process startServer(TestJdks.Jdk jdk, Path pki) throws Exception {
        Path ports = tmp.resolve("ports.properties");
        Process server = new AgentRun(jdk, tmp).agentOptions("output=incidents")
                .start("io.tlsdiag.demo.DemoServers",
                        List.of("--pki-dir", pki.toString(), "--ports-file", ports.toString(), "client-cert-required"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(ports)) {
            assertTrue(server.isAlive() && System.currentTimeMillis() < deadline,
                    "server did not start: " + Files.readString(tmp.resolve("stderr.txt")));
            Thread.sleep(50);
        }
        return server;
    }

    private int port() throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(tmp.resolve("ports.properties"))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("client-cert-required"));
    }

    private List<JsonNode> awaitIncidents() throws Exception {
        Path dir = tmp.resolve("incidents");
        long deadline = System.currentTimeMillis() + 10_000;
        while ((!Files.isDirectory(dir) || Files.list(dir).noneMatch(f -> f.toString().endsWith(".json")))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(200);
        return new AgentRun.Result(0, "", "", tmp).incidents("incidents");
    }

    /**
     * With TLS 1.3 the client's handshake completes before the server has read the client's (missing or refused)
     * certificate, so the server's refusal can reach the client at the handshake, at the first write (a reset: broken
     * pipe) or at the first read, depending on scheduling. Any of them is the refusal; only none of them is a failure.
     */
    private static void assertRefused(SSLSocket s) {
        assertThrows(Exception.class, () -> {
            s.startHandshake();
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
            s.getOutputStream().flush();
            s.getInputStream().read();
        }, "the server must refuse us");
    }

    /** A client context trusting the PKCS#12 trust store and, unless null, presenting the identity. */
    static SSLContext clientTrusting(Path trustStore, DemoPki.Identity clientIdentity) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(trustStore.toFile())) {
            ks.load(in, DemoPki.TRUSTSTORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.KeyManager[] kms = null;
        if (clientIdentity != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", clientIdentity.key(), "pw".toCharArray(),
                    clientIdentity.chain().toArray(new java.security.cert.Certificate[0]));
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "pw".toCharArray());
            kms = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kms, tmf.getTrustManagers(), null);
        return ctx;
    }
}
