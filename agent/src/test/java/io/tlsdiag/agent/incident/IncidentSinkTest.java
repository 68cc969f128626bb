package io.tlsdiag.agent.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsdiag.agent.AgentOptions;
import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.agent.handshake.RequestSubmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-off from the application's threads to the writer thread. */
class IncidentSinkTest {

    @TempDir
    Path tmp;

    private static List<Path> incidents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void theWriterIsBuiltOnTheWriterThreadNotTheApplications() throws Exception {
        IncidentSink sink = new IncidentSink(AgentOptions.parse("output=" + tmp.resolve("out")), null);
        sink.submit(ClientFailures.rejecting("expired", 8443));
        assertTrue(sink.awaitDrained(30_000));
        assertEquals("tlsdiag-writer", sink.writer().builtOnThread);
        assertEquals(1, incidents(tmp.resolve("out")).size());
        sink.close(1000);
    }

    @Test
    void incidentsWaitForADirectoryThatCannotBeWrittenYet() throws Exception {
        Path blocker = tmp.resolve("blocker");
        Files.writeString(blocker, "a file where the directory should be");
        Path out = blocker.resolve("incidents");
        IncidentSink sink = new IncidentSink(AgentOptions.parse("output=" + out), null);
        sink.submit(ClientFailures.rejecting("expired", 8443));
        sink.submit(ClientFailures.rejecting("expired", 9443));
        assertTrue(sink.awaitDrained(30_000));
        assertEquals(0, sink.written());
        assertEquals(0, sink.dropped(), "kept, not dropped");
        Files.delete(blocker);
        long deadline = System.currentTimeMillis() + 30_000;
        while (sink.written() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(2, incidents(out).size(), "both written once the directory could be created");
        assertEquals(2, sink.written());
        sink.close(1000);
    }

    @Test
    void closeDrainsAndStopsTheWriterThread() throws Exception {
        IncidentSink sink = new IncidentSink(AgentOptions.parse("output=" + tmp.resolve("out")), null);
        sink.submit(ClientFailures.rejecting("expired", 8443));
        Thread writer = sink.writerThread();
        sink.close(30_000);
        writer.join(30_000);
        assertTrue(!writer.isAlive(), "the writer thread ended");
        assertEquals(1, incidents(tmp.resolve("out")).size(), "what was queued was written first");
        sink.submit(ClientFailures.rejecting("expired", 9443));
        assertEquals(1, sink.dropped(), "a closed sink counts, never throws");
    }

    @Test
    void aSinkThatReplacesAnotherInTheSameDirectoryGoesOnCountingItsIncidents() throws Exception {
        Path out = tmp.resolve("out");
        IncidentSink first = new IncidentSink(AgentOptions.parse("output=" + out), null);
        first.submit(ClientFailures.rejecting("expired", 8443));
        assertTrue(first.awaitDrained(30_000));
        IncidentSink second = new IncidentSink(AgentOptions.parse("output=" + out + ",maxIncidents=5"), null, first);
        first.close(30_000);
        second.submit(ClientFailures.rejecting("expired", 8443));
        second.submit(ClientFailures.rejecting("expired", 8443));
        assertTrue(second.awaitDrained(30_000));
        List<Path> files = incidents(out);
        assertEquals(1, files.size(), "a repeat after the re-attach is a repeat, not a new incident");
        assertEquals(3, IncidentStore.occurrencesIn(files.get(0)));
        second.close(1000);
    }

    @Test
    void aRepeatThatWasFollowedGivesTheIncidentItsCallSite() throws Exception {
        Path out = tmp.resolve("out");
        IncidentSink sink = new IncidentSink(AgentOptions.parse("output=" + out), null);
        HandshakeFailure first = ClientFailures.rejecting("expired", 8443);
        first.callSiteMissed = true; // its request was past the budget: a library thread's stack only
        sink.submit(first);
        assertTrue(sink.awaitDrained(30_000));
        JsonNode before = new ObjectMapper().readTree(incidents(out).get(0).toFile());
        assertEquals("failure", before.path("stackOrigin").asText());
        sink.submit(repeatSubmittedBy("com.example.shop.Checkout", "pay"));
        assertTrue(sink.awaitDrained(30_000));

        JsonNode incident = new ObjectMapper().readTree(incidents(out).get(0).toFile());
        assertEquals(2, incident.path("occurrences").asInt());
        assertEquals("request-submission", incident.path("stackOrigin").asText());
        assertTrue(incident.path("stackFromRepeat").asBoolean());
        assertEquals("com.example.shop.Checkout.pay", frame(incident.path("stack").get(0)));
        assertEquals(before.path("stack"), incident.path("failingThreadStack"), "the first occurrence's stack, apart");
        sink.close(1000);
    }

    @Test
    void anIncidentThatHasItsCallSiteKeepsIt() throws Exception {
        Path out = tmp.resolve("out");
        IncidentSink sink = new IncidentSink(AgentOptions.parse("output=" + out), null);
        sink.submit(ClientFailures.rejecting("expired", 8443)); // a synchronous client: its own stack is the call
        assertTrue(sink.awaitDrained(30_000));
        JsonNode before = new ObjectMapper().readTree(incidents(out).get(0).toFile());
        sink.submit(repeatSubmittedBy("com.example.shop.Checkout", "pay"));
        assertTrue(sink.awaitDrained(30_000));

        JsonNode incident = new ObjectMapper().readTree(incidents(out).get(0).toFile());
        assertEquals(2, incident.path("occurrences").asInt());
        assertEquals(before.path("stack"), incident.path("stack"));
        assertEquals("failure", incident.path("stackOrigin").asText());
        assertTrue(incident.path("stackFromRepeat").isMissingNode());
        sink.close(1000);
    }

    private static HandshakeFailure repeatSubmittedBy(String className, String method) throws Exception {
        HandshakeFailure repeat = ClientFailures.rejecting("expired", 8443);
        repeat.requested = new RequestSubmission();
        repeat.requested.setStackTrace(new StackTraceElement[] {
                new StackTraceElement(className, method, "Checkout.java", 42),
                new StackTraceElement("com.example.shop.Main", "main", "Main.java", 7)});
        return repeat;
    }

    private static String frame(JsonNode f) {
        return f.path("className").asText() + "." + f.path("methodName").asText();
    }
}
