package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.AgentOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures by category for the MXBean: repeats included, although repeats never reach the writer. */
class CategoryCountsTest {

    @TempDir
    Path tmp;

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The counts once they add up to {@code expected} (the writer adds repeats about once a second). */
    private static Map<String, Long> awaitTotal(IncidentSink sink, long expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        Map<String, Long> seen = sink.counts().failures();
        while (total(seen) < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            seen = sink.counts().failures();
        }
        return seen;
    }

    /** The category of the one incident in {@code dir}, as the writer diagnosed it. */
    private static String categoryIn(Path dir) throws Exception {
        try (var files = java.nio.file.Files.list(dir)) {
            Path incident = files.filter(p -> p.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(incident.toFile())
                    .path("category").asText();
        }
    }

    @Test
    void repeatsAreCountedUnderTheCategoryTheWriterFound() throws Exception {
        IncidentSink sink = new IncidentSink(AgentOptions.parse("output=" + tmp.resolve("out")), null);
        Map<String, Long> zero = sink.counts().failures();
        assertEquals(0L, zero.get("CERT_EXPIRED"), "every category is listed, zeros too: " + zero);
        assertEquals(0L, total(zero));
        assertTrue(!zero.containsKey("CERT_EXPIRING_SOON"), "findings are counted apart: " + zero);

        sink.submit(ClientFailures.rejecting("expired", 8443));
        assertTrue(sink.awaitDrained(30_000));
        for (int i = 0; i < 4; i++) {
            sink.submit(ClientFailures.rejecting("expired", 8443)); // repeats: counted on this thread, never queued
        }
        Map<String, Long> seen = awaitTotal(sink, 5);
        assertEquals(5L, seen.get(categoryIn(tmp.resolve("out"))), seen.toString());
        assertEquals(5L, total(seen), seen.toString());
        assertEquals(1, sink.written());
        assertEquals(4, sink.repeats());
        sink.close(1000);
    }

    @Test
    void aSinkThatReplacesAnotherGoesOnCountingItsIncidents() throws Exception {
        AgentOptions options = AgentOptions.parse("output=" + tmp.resolve("out"));
        IncidentSink first = new IncidentSink(options, null);
        first.submit(ClientFailures.rejecting("expired", 8443));
        first.submit(ClientFailures.rejecting("expired", 8443));
        assertTrue(first.awaitDrained(30_000));
        IncidentSink second = new IncidentSink(AgentOptions.parse("queueSize=8", options), null, first);
        first.close(3000);
        second.submit(ClientFailures.rejecting("expired", 8443));
        assertTrue(second.awaitDrained(30_000));
        Map<String, Long> seen = awaitTotal(second, 3);
        assertEquals(3L, seen.get(categoryIn(tmp.resolve("out"))), "neither lost nor counted twice: " + seen);
        assertEquals(3L, total(seen), seen.toString());
        second.close(1000);
    }
}
