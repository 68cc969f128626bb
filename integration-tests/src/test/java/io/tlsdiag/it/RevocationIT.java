package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsdiag.demo.DemoServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revocation, with the JDK's own CRL checking switched on in the client (com.sun.net.ssl.checkRevocation and
 * com.sun.security.enableCRLDP) against a CRL served on 127.0.0.1.
 */
class RevocationIT {

    @TempDir
    Path tmp;

    @Test
    void revokedAndUndeterminableCertificatesAreTold() throws Exception {
        Peers peers = Peers.shared();
        try (DemoServers servers = new DemoServers(peers.pki, List.of("revoked", "revocation-unknown"))) {
            AgentRun.Result r = new AgentRun(TestJdks.all().get(0), tmp).agentOptions("output=incidents")
                    .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                    .jvmArg("-Dcom.sun.net.ssl.checkRevocation=true").jvmArg("-Dcom.sun.security.enableCRLDP=true")
                    .run("io.tlsdiag.demo.DemoClient", List.of(
                            "a=https://localhost:" + servers.port("revoked") + "/",
                            "b=https://localhost:" + servers.port("revocation-unknown") + "/"));
            List<JsonNode> incidents = r.incidents("incidents");
            assertEquals(2, incidents.size(), r.describe());
            JsonNode revoked = Expect.forPort(incidents, servers.port("revoked")).get(0);
            IncidentSchema.assertValid(revoked);
            assertEquals("REVOKED", revoked.path("category").asText(), revoked.path("summary").asText());
            Expect.failingIndex(revoked, 0);
            assertEquals("KEY_COMPROMISE", revoked.path("diagnosis").path("revocationReason").asText());
            assertTrue(revoked.path("diagnosis").path("revocationDate").asText().endsWith("Z"));
            JsonNode unknown = Expect.forPort(incidents, servers.port("revocation-unknown")).get(0);
            IncidentSchema.assertValid(unknown);
            assertEquals("REVOCATION_UNKNOWN", unknown.path("category").asText(), unknown.path("summary").asText());
            Expect.failingIndex(unknown, 0);
            assertTrue(unknown.path("diagnosis").path("crlDistributionPoints").get(0).asText().endsWith("/missing.crl"),
                    unknown.path("diagnosis").toString());
        }
    }
}
