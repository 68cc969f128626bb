package io.tlsdiag.agent.ops;

import io.tlsdiag.agent.diagnosis.Category;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncidentLogTest {

    private static NewIncident incident(Category category, String role, String peer, String summary) {
        return new NewIncident("20250101T000000Z-cert-expired-1a2b3c4d", category.name(), category.isFinding(), role,
                peer, summary, new File("/var/log/tlsdiag"), null);
    }

    @Test
    void oneLineWithCategoryPeerSummaryAndId() {
        assertEquals("TLS handshake failed: CERT_EXPIRED, peer api.example.org:443: The server's certificate "
                        + "expired. (incident 20250101T000000Z-cert-expired-1a2b3c4d in /var/log/tlsdiag)",
                IncidentLog.line(incident(Category.CERT_EXPIRED, "client", "api.example.org:443",
                        "The server's certificate expired.")));
        assertTrue(IncidentLog.line(incident(Category.CLIENT_CERT_REQUIRED, "server", "10.0.0.7", "x"))
                .startsWith("TLS handshake failed: CLIENT_CERT_REQUIRED, client 10.0.0.7: x"));
        assertTrue(IncidentLog.line(incident(Category.CERT_EXPIRING_SOON, "client", "h:1", "soon"))
                .startsWith("TLS finding: CERT_EXPIRING_SOON, peer h:1: soon"));
    }

    @Test
    void aCertificateNameCannotForgeALogLine() {
        String line = IncidentLog.line(incident(Category.HOSTNAME_MISMATCH, "client", "h:1",
                "The certificate names evil\n2025-01-01 INFO all good\r\u2028ok"));
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028"), line);
        assertTrue(line.contains("evil 2025-01-01 INFO all good  ok"), line);
        String huge = IncidentLog.line(incident(Category.HOSTNAME_MISMATCH, "client", "h:1", "x".repeat(10_000)));
        assertEquals(2000, huge.length());
    }

    @Test
    void withoutSlf4jTheLineGoesToStderrWithThePrefixAndOffMeansNothing() {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // This test's class path has no SLF4J.
            IncidentLog.announce(LogMode.AUTO, incident(Category.CERT_EXPIRED, "client", "h:1", "a"));
            IncidentLog.announce(LogMode.OFF, incident(Category.CERT_EXPIRED, "client", "h:2", "b"));
            IncidentLog.announce(LogMode.STDERR, incident(Category.CERT_EXPIRED, "client", "h:3", "c"));
        } finally {
            System.setErr(before);
        }
        String out = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.lines().allMatch(l -> l.startsWith("[tlsdiag] TLS handshake failed: CERT_EXPIRED, peer h:")),
                out);
        assertFalse(out.contains("h:2"), out);
    }

    @Test
    void logSlf4jWithoutSlf4jWarnsOnceAndNeverUsesStderrForTheLines() {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            IncidentLog.announce(LogMode.SLF4J, incident(Category.CERT_EXPIRED, "client", "h:1", "a"));
            IncidentLog.announce(LogMode.SLF4J, incident(Category.SELF_SIGNED, "client", "h:2", "b"));
        } finally {
            System.setErr(before);
        }
        String out = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("[tlsdiag] warning: log=slf4j, but the application has no SLF4J"), out);
    }
}
