package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsdiag.demo.DemoPki;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions shared by the integration tests, each on one field of the incident contract. */
final class Expect {

    private Expect() {
    }

    static List<JsonNode> forPort(List<JsonNode> incidents, int port) {
        return incidents.stream().filter(i -> i.path("peer").path("port").asInt() == port).toList();
    }

    static long occurrences(List<JsonNode> incidents) {
        return incidents.stream().mapToLong(i -> i.path("occurrences").asLong()).sum();
    }

    static List<String> ids(List<JsonNode> incidents) {
        return incidents.stream().map(i -> i.path("id").asText()).toList();
    }

    static void chainIs(JsonNode incident, DemoPki.Identity presented) throws Exception {
        List<String> expected = presented.chain().stream().map(Expect::sha256).toList();
        List<String> actual = StreamSupport.stream(incident.path("chain").spliterator(), false)
                .map(c -> c.path("sha256").asText()).toList();
        assertEquals(expected, actual, "chain fingerprints, as the peer presented it");
    }

    static void failingIndex(JsonNode incident, Integer expected) {
        JsonNode actual = incident.path("failingCertificateIndex");
        if (expected == null) {
            assertTrue(actual.isNull(), "failingCertificateIndex should be null, was " + actual);
        } else {
            assertEquals(expected.intValue(), actual.asInt(-1), "failingCertificateIndex");
        }
    }

    static void stackHasFrame(JsonNode incident, String className) {
        boolean found = StreamSupport.stream(incident.path("stack").spliterator(), false)
                .anyMatch(f -> f.path("className").asText().equals(className));
        assertTrue(found, "stack should contain a frame of " + className + ": " + incident.path("stack"));
        boolean agentFrames = StreamSupport.stream(incident.path("stack").spliterator(), false)
                .anyMatch(f -> f.path("className").asText().startsWith("io.tlsdiag.agent"));
        assertTrue(!agentFrames, "agent frames must be removed from the stack");
    }

    /** The first link of the exception chain the application printed equals the incident's exception. */
    static void sameExceptionAsApplication(JsonNode incident, String applicationResult) {
        String first = applicationResult.replaceFirst("^FAILED ", "").split(" <- ")[0];
        String recorded = incident.path("exception").path("type").asText() + ": "
                + incident.path("exception").path("message").asText();
        assertEquals(first, recorded.replace('\n', ' '), "the incident records the exception the application saw");
    }

    static String sha256(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
