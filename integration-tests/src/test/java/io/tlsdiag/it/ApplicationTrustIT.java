package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trust decided by the application: its own trust manager (pinning, or delegating to the JDK's), its own hostname
 * verifier, and the JDK's default cacerts when the application configures nothing.
 */
class ApplicationTrustIT {

    @TempDir
    Path tmp;

    private JsonNode onlyIncident(AgentRun.Result run) throws Exception {
        List<JsonNode> incidents = run.incidents("incidents");
        assertEquals(1, incidents.size(), run.describe());
        IncidentSchema.assertValid(incidents.get(0));
        return incidents.get(0);
    }

    private AgentRun.Result client(String... args) throws Exception {
        Peers peers = Peers.shared();
        return new AgentRun(TestJdks.all().get(0), tmp).agentOptions("output=incidents")
                .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                .run("io.tlsdiag.demo.DemoClient", List.of(args));
    }

    @Test
    void pinningTrustManagerRejectionIsCustomTrustRejected() throws Exception {
        JsonNode i = onlyIncident(client("--trust-manager", "pinned", "x=" + Peers.shared().url("good")));
        assertEquals("CUSTOM_TRUST_REJECTED", i.path("category").asText(), i.path("summary").asText());
        assertEquals("io.tlsdiag.demo.PinnedTrustManager", i.path("trust").path("trustManager").asText());
        assertEquals("io.tlsdiag.demo.PinnedTrustManager", i.path("trust").path("rejectedBy").asText());
        Expect.chainIs(i, Peers.shared().pki.identity("good"));
    }

    @Test
    void delegatingTrustManagerKeepsTheJdkVerdictAndNamesTheApplicationClass() throws Exception {
        JsonNode i = onlyIncident(client("--trust-manager", "delegating", "x=" + Peers.shared().url("expired")));
        assertEquals("CERT_EXPIRED", i.path("category").asText(), i.path("summary").asText());
        Expect.failingIndex(i, 0);
        assertEquals("io.tlsdiag.demo.DelegatingTrustManager", i.path("trust").path("trustManager").asText());
        assertEquals("sun.security.ssl.X509TrustManagerImpl", i.path("trust").path("rejectedBy").asText());
        assertEquals(Peers.shared().trustStore.toString(), i.path("trust").path("source").asText(),
                "the delegate was built from the default trust store, so its anchors are that file's");
    }

    @Test
    void hostnameVerifierRejectionAfterHandshakeIsHostnameMismatch() throws Exception {
        AgentRun.Result run = client("--hostname-verifier", "exact", "x=" + Peers.shared().url("wrong-host"));
        JsonNode i = onlyIncident(run);
        assertEquals("HOSTNAME_MISMATCH", i.path("category").asText(), i.path("summary").asText());
        assertEquals("io.tlsdiag.demo.ExactHostnameVerifier", i.path("handshake").path("hostnameVerifier").asText());
        assertEquals("hostname_verifier", i.path("handshake").path("detectedBy").asText());
        assertEquals("localhost", i.path("peer").path("host").asText());
        Expect.chainIs(i, Peers.shared().pki.identity("wrong-host"));
        Expect.stackHasFrame(i, "io.tlsdiag.demo.DemoClient");
        assertTrue(run.results().get("x").contains("HTTPS hostname wrong"), run.results().toString());
    }

    @Test
    void defaultCacertsIsNamedAsTheTrustSource() throws Exception {
        TestJdks.Jdk jdk = TestJdks.all().get(0);
        AgentRun.Result run = new AgentRun(jdk, tmp).agentOptions("output=incidents")
                .run("io.tlsdiag.demo.DemoClient", List.of("x=" + Peers.shared().url("self-signed")));
        JsonNode i = onlyIncident(run);
        assertEquals("SELF_SIGNED", i.path("category").asText());
        Path cacerts = jdk.home().resolve("lib/security/cacerts").toRealPath();
        assertEquals(cacerts, Path.of(i.path("trust").path("source").asText()).toRealPath());
        assertTrue(i.path("trust").path("anchors").asInt() > 50, "the JDK's cacerts has many anchors");
    }
}
