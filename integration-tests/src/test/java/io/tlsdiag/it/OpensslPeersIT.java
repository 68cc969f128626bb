package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsdiag.demo.DemoPki;
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
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures only a non-JDK peer (or a broken client configuration) produces, against {@code openssl s_server}: a
 * fatal alert no rule explains, no cipher suite in common, a client certificate the server refuses, and an empty
 * trust store on the client.
 */
class OpensslPeersIT {

    @TempDir
    static Path tmp;

    static final List<OpensslServer> servers = new ArrayList<>();
    static OpensslServer sniFatal;
    static OpensslServer camelliaOnly;
    static OpensslServer otherClientCa;
    static Path clientKeyStore;

    @BeforeAll
    static void start() throws Exception {
        Peers peers = Peers.shared();
        Path dir = peers.dir;
        List<String> good = List.of("-cert", dir.resolve("good.crt").toString(), "-cert_chain",
                dir.resolve("good-chain.crt").toString(), "-key", dir.resolve("good.key").toString());
        // Only serves the name other.example, and aborts any other SNI with a fatal unrecognized_name alert.
        List<String> sni = new ArrayList<>(good);
        sni.addAll(List.of("-servername", "other.example", "-servername_fatal", "-cert2",
                dir.resolve("good.crt").toString(), "-key2", dir.resolve("good.key").toString()));
        sniFatal = OpensslServer.start(dir, sni);
        // TLS 1.2 with a Camellia suite only: the JDK offers none.
        List<String> camellia = new ArrayList<>(good);
        camellia.addAll(List.of("-no_tls1_3", "-cipher", "ECDHE-ECDSA-CAMELLIA128-SHA256"));
        camelliaOnly = OpensslServer.start(dir, camellia);
        // Requires a client certificate issued by a CA the demo client's certificate does not come from.
        Path otherRoot = tmp.resolve("other-root.pem");
        Files.writeString(otherRoot, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(peers.pki.otherRoot.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        List<String> clientAuth = new ArrayList<>(good);
        clientAuth.addAll(List.of("-Verify", "1", "-verify_return_error", "-verifyCAfile", otherRoot.toString()));
        otherClientCa = OpensslServer.start(dir, clientAuth);
        servers.addAll(List.of(sniFatal, camelliaOnly, otherClientCa));

        DemoPki.Identity client = peers.pki.identity("client");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("demo-client", client.key(), "changeit".toCharArray(), client.chain().toArray(new Certificate[0]));
        clientKeyStore = tmp.resolve("client.p12");
        try (OutputStream out = Files.newOutputStream(clientKeyStore)) {
            ks.store(out, "changeit".toCharArray());
        }
    }

    @AfterAll
    static void stop() {
        servers.forEach(OpensslServer::stop);
    }

    private static JsonNode onlyIncident(String dir, List<String> jvmArgs, String url) throws Exception {
        AgentRun run = new AgentRun(TestJdks.all().get(0), tmp.resolve(dir)).agentOptions("output=incidents");
        for (String a : jvmArgs) {
            run.jvmArg(a);
        }
        AgentRun.Result r = run.run("io.tlsdiag.demo.DemoClient", List.of("--client", "socket", "--sni",
                "wrong.example", "x=" + url));
        List<JsonNode> incidents = r.incidents("incidents");
        assertEquals(1, incidents.size(), r.describe());
        IncidentSchema.assertValid(incidents.get(0));
        return incidents.get(0);
    }

    private static List<String> demoTrust() throws Exception {
        return List.of(Peers.shared().trustStoreArg(), Peers.trustStorePasswordArg());
    }

    @Test
    void unexplainedFatalAlertIsPeerAlertWithTheAlertName() throws Exception {
        JsonNode i = onlyIncident("sni", demoTrust(), sniFatal.url());
        assertEquals("PEER_ALERT", i.path("category").asText(), i.path("summary").asText());
        assertEquals("unrecognized_name", i.path("handshake").path("alert").asText());
        assertEquals("received", i.path("handshake").path("alertDirection").asText());
    }

    @Test
    void serverWithOnlyUnsupportedSuitesIsNoCommonCipher() throws Exception {
        JsonNode i = onlyIncident("cipher", demoTrust(), camelliaOnly.url());
        assertEquals("NO_COMMON_CIPHER", i.path("category").asText(), i.path("summary").asText());
        assertEquals("peer", i.path("diagnosis").path("refusedBy").asText());
        assertTrue(i.path("diagnosis").path("enabledCipherSuites").size() > 5);
    }

    @Test
    void clientCertificateRefusedByTheServerIsClientCertRejected() throws Exception {
        List<String> args = new ArrayList<>(demoTrust());
        args.addAll(List.of("-Djavax.net.ssl.keyStore=" + clientKeyStore, "-Djavax.net.ssl.keyStorePassword=changeit",
                "-Djavax.net.ssl.keyStoreType=PKCS12"));
        AgentRun run = new AgentRun(TestJdks.all().get(0), tmp.resolve("client-auth")).agentOptions("output=incidents");
        args.forEach(run::jvmArg);
        // The socket client only handshakes; the refusal of a TLS 1.3 client certificate arrives with the first read.
        AgentRun.Result r = run.run("io.tlsdiag.demo.DemoClient", List.of("x=" + otherClientCa.url()));
        List<JsonNode> incidents = r.incidents("incidents");
        assertEquals(1, incidents.size(), r.describe());
        JsonNode i = incidents.get(0);
        IncidentSchema.assertValid(i);
        assertEquals("CLIENT_CERT_REJECTED", i.path("category").asText(), i.path("summary").asText());
        JsonNode d = i.path("diagnosis");
        assertEquals("demo-client", d.path("sentAlias").asText());
        assertEquals(Expect.sha256(Peers.shared().pki.identity("client").leaf()),
                d.path("sentCertificate").path("sha256").asText());
        assertEquals(clientKeyStore.toString(), d.path("keyStoreProperty").asText());
    }

    @Test
    void emptyTrustStoreIsTrustStoreProblem() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        Path file = tmp.resolve("empty.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            empty.store(out, "changeit".toCharArray());
        }
        JsonNode i = onlyIncident("empty", List.of("-Djavax.net.ssl.trustStore=" + file,
                "-Djavax.net.ssl.trustStorePassword=changeit"), Peers.shared().url("good"));
        assertEquals("TRUSTSTORE_PROBLEM", i.path("category").asText(), i.path("summary").asText());
        assertEquals(0, i.path("trust").path("anchors").asInt());
    }
}
