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

    static List<TestJdks.Jdk> jdks() {
        return TestJdks.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void clientWithoutCertificateIsReportedByTheServer(TestJdks.Jdk jdk) throws Exception {
        Path pki = tmp.resolve("pki");
        Path ports = tmp.resolve("ports.properties");
        Process server = new AgentRun(jdk, tmp).agentOptions("output=incidents")
                .start("io.tlsdiag.demo.DemoServers",
                        List.of("--pki-dir", pki.toString(), "--ports-file", ports.toString(), "client-cert-required"));
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (!Files.exists(ports)) {
                assertTrue(server.isAlive() && System.currentTimeMillis() < deadline,
                        "server did not start: " + Files.readString(tmp.resolve("stderr.txt")));
                Thread.sleep(50);
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(ports)) {
                p.load(in);
            }
            int port = Integer.parseInt(p.getProperty("client-cert-required"));
            SSLContext ctx = clientTrusting(pki.resolve("truststore.p12"));
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                s.startHandshake();
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
                assertThrows(Exception.class, () -> s.getInputStream().read(), "the server must refuse us");
            }
            Path dir = tmp.resolve("incidents");
            deadline = System.currentTimeMillis() + 10_000;
            while ((!Files.isDirectory(dir) || Files.list(dir).noneMatch(f -> f.toString().endsWith(".json")))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            List<JsonNode> incidents = new AgentRun.Result(0, "", "", tmp).incidents("incidents");
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

    private static SSLContext clientTrusting(Path trustStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(trustStore.toFile())) {
            ks.load(in, DemoPki.TRUSTSTORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
