package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutual TLS evidence: which CAs the server's CertificateRequest listed, and every key the client's key manager held.
 * One openssl s_server lists its client CA (-Verify with -CAfile): the client's only key comes from another CA, so
 * the JDK sends no certificate. Another lists no CA (-verifyCAfile only): the JDK sends that key, and the server
 * refuses it.
 */
class ClientKeysIT {

    @TempDir
    static Path tmp;

    static final List<OpensslServer> servers = new ArrayList<>();
    static OpensslServer listsItsCa;
    static OpensslServer listsNoCa;
    static EvidencePki.Leaf clientKey;
    static final Map<String, Map<Integer, JsonNode>> incidents = new LinkedHashMap<>();

    @BeforeAll
    static void run() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pki"));
        EvidencePki.Ca serverCa = EvidencePki.root("CN=tlsdiag Accepted Client CA,O=tlsdiag evidence");
        EvidencePki.Ca otherCa = EvidencePki.root("CN=tlsdiag Other Client CA,O=tlsdiag evidence");
        EvidencePki.Leaf serverLeaf = EvidencePki.leaf("localhost", serverCa);
        serverLeaf.write(dir, "server");
        Path caPem = EvidencePki.writePem(dir.resolve("accepted-ca.pem"), serverCa.cert());
        Path trustStore = EvidencePki.trustStore(dir.resolve("trust.p12"), serverCa.cert());
        clientKey = EvidencePki.leaf("client.tlsdiag.test", otherCa);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("other-ca-key", clientKey.key().getPrivate(), "changeit".toCharArray(),
                clientKey.chain().toArray(new Certificate[0]));
        Path keyStore = dir.resolve("client.p12");
        try (OutputStream out = Files.newOutputStream(keyStore)) {
            ks.store(out, "changeit".toCharArray());
        }
        List<String> listing = new ArrayList<>(serverLeaf.serverOptions(dir, "server"));
        listing.addAll(List.of("-Verify", "1", "-CAfile", caPem.toString()));
        listsItsCa = OpensslServer.start(dir, listing);
        List<String> silent = new ArrayList<>(serverLeaf.serverOptions(dir, "server"));
        silent.addAll(List.of("-Verify", "1", "-verify_return_error", "-verifyCAfile", caPem.toString()));
        listsNoCa = OpensslServer.start(dir, silent);
        servers.addAll(List.of(listsItsCa, listsNoCa));
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            AgentRun.Result r = new AgentRun(jdk, tmp.resolve(jdk.label())).agentOptions("output=incidents")
                    .jvmArg("-Djavax.net.ssl.trustStore=" + trustStore).jvmArg(Peers.trustStorePasswordArg())
                    .jvmArg("-Djavax.net.ssl.keyStore=" + keyStore).jvmArg("-Djavax.net.ssl.keyStorePassword=changeit")
                    .jvmArg("-Djavax.net.ssl.keyStoreType=PKCS12")
                    .run("io.tlsdiag.demo.DemoClient", List.of("--timeout-ms", "3000",
                            "listed=" + listsItsCa.url(), "unlisted=" + listsNoCa.url()));
            Map<Integer, JsonNode> byPort = new LinkedHashMap<>();
            for (JsonNode i : r.incidents("incidents")) {
                IncidentSchema.assertValid(i);
                byPort.put(i.path("peer").path("port").asInt(), i);
            }
            assertEquals(2, byPort.size(), jdk + ": " + byPort + r.describe());
            incidents.put(jdk.label(), byPort);
        }
    }

    @AfterAll
    static void stop() {
        servers.forEach(OpensslServer::stop);
    }

    private static void assertTheOneKeyIsListed(JsonNode d, boolean mismatchExpected) {
        JsonNode keys = d.path("clientKeys");
        assertEquals(1, keys.size(), d.toString());
        JsonNode k = keys.get(0);
        assertEquals("other-ca-key", k.path("alias").asText());
        assertEquals("CN=client.tlsdiag.test,O=tlsdiag evidence", k.path("subject").asText());
        assertEquals("CN=tlsdiag Other Client CA,O=tlsdiag evidence", k.path("issuer").asText());
        assertEquals("EC", k.path("keyAlgorithm").asText());
        assertEquals(clientKey.cert().getNotAfter().toInstant().getEpochSecond(),
                java.time.Instant.parse(k.path("notAfter").asText()).getEpochSecond());
        assertEquals(mismatchExpected, k.path("mismatch").isTextual(), k.toString());
        String all = d.toString();
        assertFalse(all.contains("PRIVATE") || all.contains("\"key\""), "no key material: " + all);
    }

    @Test
    void aServerListingItsCaAndAKeyFromAnotherCaIsClientCertRequiredWithBoth() throws Exception {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            JsonNode i = incidents.get(jdk.label()).get(listsItsCa.port);
            JsonNode d = i.path("diagnosis");
            assertEquals("CLIENT_CERT_REQUIRED", i.path("category").asText(), jdk + ": " + i);
            assertEquals(List.of("CN=tlsdiag Accepted Client CA,O=tlsdiag evidence"),
                    strings(d.path("acceptedIssuers")), d.toString());
            assertTheOneKeyIsListed(d, true);
            assertTrue(d.path("clientKeys").get(0).path("mismatch").asText().contains("did not list"), d.toString());
            String summary = i.path("summary").asText();
            assertTrue(summary.contains("accepts certificates from [CN=tlsdiag Accepted Client CA")
                    && summary.contains("'other-ca-key'"), summary);
            Path out = tmp.resolve(jdk.label()).resolve("incidents");
            Cli.Result show = Cli.run(jdk, tmp, "show", i.path("id").asText(), "--dir", out.toString());
            assertEquals(0, show.exitCode(), show.all());
            assertTrue(show.stdout().contains("Server accepts client certificates from:"), show.stdout());
            assertTrue(show.stdout().contains("- other-ca-key: CN=client.tlsdiag.test"), show.stdout());
        }
    }

    @Test
    void aServerListingNoCaGetsTheKeyAndRejectsItWithTheKeysListed() {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            JsonNode i = incidents.get(jdk.label()).get(listsNoCa.port);
            JsonNode d = i.path("diagnosis");
            assertEquals("CLIENT_CERT_REJECTED", i.path("category").asText(), jdk + ": " + i);
            assertEquals(List.of(), strings(d.path("acceptedIssuers")), d.toString());
            assertEquals("other-ca-key", d.path("sentAlias").asText());
            assertTheOneKeyIsListed(d, false);
        }
    }

    private static List<String> strings(JsonNode array) {
        assertTrue(array.isArray(), String.valueOf(array));
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
