package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HANDSHAKE_LIMIT_EXCEEDED: the JDK's own limits, provoked by lowering them in the client JVM against an openssl
 * s_server that sends a 3-certificate chain (leaf, intermediate, root), through HttpsURLConnection and through
 * java.net.http.HttpClient (where the engine's exception is thrown from a delegated task and never passes fatal()).
 */
class HandshakeLimitIT {

    @TempDir
    static Path tmp;

    static final List<String> CLIENTS = List.of("urlconnection", "httpclient");
    static OpensslServer forUrlConnection;
    /** JDK label + "/" + run -> client -> incident. */
    static final Map<String, Map<String, JsonNode>> incidents = new LinkedHashMap<>();

    @BeforeAll
    static void run() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pki"));
        EvidencePki.Ca root = EvidencePki.root("CN=tlsdiag Limits Root CA,O=tlsdiag evidence");
        EvidencePki.Ca intermediate = EvidencePki.intermediate("CN=tlsdiag Limits Intermediate CA,O=tlsdiag evidence",
                root);
        EvidencePki.Leaf leaf = EvidencePki.leaf("localhost", intermediate, intermediate.cert(), root.cert());
        leaf.write(dir, "long");
        Path trustStore = EvidencePki.trustStore(dir.resolve("trust.p12"), root.cert());
        forUrlConnection = OpensslServer.start(dir, leaf.serverOptions(dir, "long"));
        Map<String, String> limits = Map.of("chain", "-Djdk.tls.maxCertificateChainLength=2",
                "size", "-Djdk.tls.maxHandshakeMessageSize=400");
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            for (Map.Entry<String, String> limit : limits.entrySet()) {
                Map<String, JsonNode> byClient = new LinkedHashMap<>();
                for (String client : CLIENTS) {
                    AgentRun.Result r = new AgentRun(jdk, tmp.resolve(limit.getKey() + "-" + client + "-" + jdk.label()))
                            .agentOptions("output=incidents").jvmArg("-Djavax.net.ssl.trustStore=" + trustStore)
                            .jvmArg(Peers.trustStorePasswordArg()).jvmArg(limit.getValue())
                            .run("io.tlsdiag.demo.DemoClient", List.of("--client", client, "--timeout-ms", "3000",
                                    client + "=" + forUrlConnection.url()));
                    List<JsonNode> written = r.incidents("incidents");
                    assertEquals(1, written.size(), jdk + " " + limit + " " + client + ": " + written + r.describe());
                    IncidentSchema.assertValid(written.get(0));
                    assertEquals(forUrlConnection.port, written.get(0).path("peer").path("port").asInt());
                    byClient.put(client, written.get(0));
                }
                incidents.put(jdk.label() + "/" + limit.getKey(), byClient);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (forUrlConnection != null) {
            forUrlConnection.stop();
        }
    }

    @Test
    void aChainLongerThanTheLimitNamesThePropertyTheLimitAndTheLength() throws Exception {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            for (String client : CLIENTS) {
                JsonNode i = incidents.get(jdk.label() + "/chain").get(client);
                JsonNode d = i.path("diagnosis");
                assertEquals("HANDSHAKE_LIMIT_EXCEEDED", i.path("category").asText(), jdk + " " + client + ": " + i);
                assertEquals("jdk.tls.maxCertificateChainLength", d.path("property").asText(), d.toString());
                assertEquals(2, d.path("limit").asInt(), d.toString());
                assertEquals(3, d.path("actual").asInt(), d.toString());
                String first = i.path("remediation").get(0).asText();
                assertTrue(first.startsWith("On localhost:") && first.contains("shorter chain"), first);
                assertTrue(i.path("remediation").get(1).asText().contains("-Djdk.tls.maxCertificateChainLength=3"),
                        i.path("remediation").toString());
            }
            JsonNode i = incidents.get(jdk.label() + "/chain").get("urlconnection");
            Path out = tmp.resolve("chain-urlconnection-" + jdk.label()).resolve("incidents");
            Cli.Result show = Cli.run(jdk, tmp, "show", i.path("id").asText(), "--dir", out.toString());
            assertEquals(0, show.exitCode(), show.all());
            assertTrue(show.stdout().startsWith("HANDSHAKE_LIMIT_EXCEEDED"), show.stdout());
            assertTrue(show.stdout().contains("Limit: jdk.tls.maxCertificateChainLength = 2, the peer sent 3"),
                    show.stdout());
        }
    }

    @Test
    void aHandshakeMessageLargerThanTheLimitNamesThePropertyAndTheSize() {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            for (String client : CLIENTS) {
                JsonNode i = incidents.get(jdk.label() + "/size").get(client);
                JsonNode d = i.path("diagnosis");
                assertEquals("HANDSHAKE_LIMIT_EXCEEDED", i.path("category").asText(), jdk + " " + client + ": " + i);
                assertEquals("jdk.tls.maxHandshakeMessageSize", d.path("property").asText(), d.toString());
                assertEquals(400, d.path("limit").asInt(), d.toString());
                assertTrue(d.path("actual").asInt() > 400, d.toString());
                assertTrue(i.path("remediation").get(0).asText().startsWith("On localhost:"),
                        i.path("remediation").toString());
            }
        }
    }
}
