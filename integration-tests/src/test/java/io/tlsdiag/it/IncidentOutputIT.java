package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the agent leaves in its directory under load: exact counts, bounded size, the NDJSON stream, JFR events. */
class IncidentOutputIT {

    @TempDir
    Path tmp;

    private AgentRun agent(String dir, String options) throws Exception {
        return new AgentRun(TestJdks.all().get(0), tmp.resolve(dir)).agentOptions(options)
                .jvmArg(Peers.shared().trustStoreArg()).jvmArg(Peers.trustStorePasswordArg());
    }

    @Test
    void twoHundredThreadsFailingAtOnceGiveOneIncidentWithExactCounts() throws Exception {
        int port = Peers.shared().servers.port("expired");
        // A queue of 4 cannot hold 200 failures: repeats must be counted without it.
        AgentRun.Result r = agent("storm", "output=incidents,queueSize=4")
                .run("io.tlsdiag.demo.StormClient", List.of(String.valueOf(port), "200", "3"));
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("FAILED=600"), r.stdout());
        List<JsonNode> incidents = r.incidents("incidents");
        assertEquals(1, incidents.size(), "one incident for one failure repeated: " + Expect.ids(incidents));
        JsonNode i = incidents.get(0);
        IncidentSchema.assertValid(i);
        assertEquals(600, i.path("occurrences").asLong(), "every failed handshake counted, none twice");
        assertTrue(i.path("firstSeen").asText().compareTo(i.path("lastSeen").asText()) <= 0);
        assertEquals("CERT_EXPIRED", i.path("category").asText());
    }

    @Test
    void oldestIncidentsAreEvictedPastMaxIncidentsAndCounted() throws Exception {
        Peers peers = Peers.shared();
        List<String> args = new ArrayList<>();
        for (String p : List.of("expired", "not-yet-valid", "wrong-host", "self-signed", "untrusted-root")) {
            args.add(p + "=" + peers.url(p));
        }
        AgentRun.Result r = agent("evict", "output=incidents,maxIncidents=3").run("io.tlsdiag.demo.DemoClient", args);
        List<JsonNode> left = r.incidents("incidents");
        assertEquals(3, left.size());
        assertEquals(List.of("SELF_SIGNED", "UNTRUSTED_ROOT", "HOSTNAME_MISMATCH").stream().sorted().toList(),
                left.stream().map(i -> i.path("category").asText()).sorted().toList(), "the newest three stay");
        assertEquals("2", Files.readString(r.workDir().resolve("incidents/.tlsdiag-evicted")).trim());
    }

    @Test
    void everyIncidentIsAlsoOneLineOfTheNdjsonStream() throws Exception {
        Peers peers = Peers.shared();
        AgentRun.Result r = agent("stream", "output=incidents").run("io.tlsdiag.demo.DemoClient",
                List.of("a=" + peers.url("expired"), "b=" + peers.url("self-signed")));
        List<String> lines = Files.readAllLines(r.workDir().resolve("incidents/incidents.ndjson"));
        assertEquals(2, lines.size(), lines.toString());
        ObjectMapper mapper = new ObjectMapper();
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            JsonNode i = mapper.readTree(line);
            IncidentSchema.assertValid(i);
            ids.add(i.path("id").asText());
        }
        assertEquals(r.incidents("incidents").stream().map(i -> i.path("id").asText()).sorted().toList(),
                ids.stream().sorted().toList());
    }

    @Test
    void failuresAreFlightRecorderEvents() throws Exception {
        Peers peers = Peers.shared();
        Path recording = tmp.resolve("jfr/rec.jfr");
        Files.createDirectories(recording.getParent());
        AgentRun.Result r = agent("jfr", "output=incidents")
                .jvmArg("-XX:StartFlightRecording=filename=" + recording + ",settings=default")
                // The slow second call keeps the JVM alive after the failure: JFR's own exit hook dumps the recording
                // concurrently with ours, so an event committed during a JVM's last milliseconds can miss the dump.
                .run("io.tlsdiag.demo.DemoClient", List.of("--timeout-ms", "1500", "a=" + peers.url("expired"),
                        "b=" + peers.url("silent")));
        assertEquals(0, r.exitCode(), r.describe());
        List<jdk.jfr.consumer.RecordedEvent> events = new ArrayList<>();
        for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(recording)) {
            if (e.getEventType().getName().equals("tlsdiag.HandshakeFailure")
                    && e.getInt("peerPort") == peers.servers.port("expired")) {
                events.add(e);
            }
        }
        assertEquals(1, events.size(), "one JFR event for one failure");
        jdk.jfr.consumer.RecordedEvent e = events.get(0);
        assertEquals("CERT_EXPIRED", e.getString("category"));
        assertEquals("localhost", e.getString("peerHost"));
        assertEquals(peers.servers.port("expired"), e.getInt("peerPort"));
        assertEquals("CN=localhost,O=tlsdiag demo", e.getString("failingCertificateSubject"));
        assertTrue(e.getString("applicationStack").contains("io.tlsdiag.demo.DemoClient.main"),
                e.getString("applicationStack"));
        assertEquals(1, r.incidents("incidents").stream()
                .filter(i -> i.path("id").asText().equals(e.getString("incidentId"))).count());
    }
}
