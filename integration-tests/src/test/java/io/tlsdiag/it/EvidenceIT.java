package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Extra evidence in existing categories (clock skew), against openssl s_server with generated certificates, on every
 * test JDK: how far outside its validity a certificate was, and when that points at this host's clock.
 */
class EvidenceIT {

    @TempDir
    static Path tmp;

    static final List<OpensslServer> servers = new ArrayList<>();
    static final Map<String, OpensslServer> byName = new LinkedHashMap<>();
    static Path trustStore;
    /** JDK label -> peer name -> incident. */
    static final Map<String, Map<String, JsonNode>> incidents = new LinkedHashMap<>();

    @BeforeAll
    static void run() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pki"));
        EvidencePki.Ca root = EvidencePki.root("CN=tlsdiag Evidence Root CA,O=tlsdiag evidence");
        trustStore = EvidencePki.trustStore(dir.resolve("trust.p12"), root.cert());
        Instant now = Instant.now();
        serve(dir, "issued-just-now", EvidencePki.leaf("localhost", root, now.plus(Duration.ofMinutes(10)),
                now.plus(Duration.ofDays(90))));
        serve(dir, "starts-in-ten-days", EvidencePki.leaf("localhost", root, now.plus(Duration.ofDays(10)),
                now.plus(Duration.ofDays(90))));
        serve(dir, "expired-minutes-ago", EvidencePki.leaf("localhost", root, now.minus(Duration.ofDays(90)),
                now.minus(Duration.ofMinutes(5))));
        serve(dir, "expired-days-ago", EvidencePki.leaf("localhost", root, now.minus(Duration.ofDays(90)),
                now.minus(Duration.ofDays(3))));
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            List<String> args = new ArrayList<>(List.of("--timeout-ms", "3000"));
            byName.forEach((name, s) -> args.add(name + "=" + s.url()));
            AgentRun.Result r = new AgentRun(jdk, tmp.resolve("clock-" + jdk.label()))
                    .agentOptions("output=incidents").jvmArg("-Djavax.net.ssl.trustStore=" + trustStore)
                    .jvmArg(Peers.trustStorePasswordArg()).run("io.tlsdiag.demo.DemoClient", args);
            Map<String, JsonNode> mine = new LinkedHashMap<>();
            for (JsonNode i : r.incidents("incidents")) {
                IncidentSchema.assertValid(i);
                byName.forEach((name, s) -> {
                    if (i.path("peer").path("port").asInt() == s.port) {
                        assertFalse(mine.containsKey(name), "one incident per peer: " + name);
                        mine.put(name, i);
                    }
                });
            }
            assertEquals(byName.keySet(), mine.keySet(), r.describe());
            incidents.put(jdk.label(), mine);
        }
    }

    private static void serve(Path dir, String name, EvidencePki.Leaf leaf) throws Exception {
        leaf.write(dir, name);
        OpensslServer s = OpensslServer.start(dir, leaf.serverOptions(dir, name));
        servers.add(s);
        byName.put(name, s);
    }

    @AfterAll
    static void stop() {
        servers.forEach(OpensslServer::stop);
    }

    private static long seconds(JsonNode i, String field) {
        return Math.abs(Instant.parse(i.path("diagnosis").path(field).asText()).getEpochSecond()
                - Instant.parse(i.path("time").asText()).getEpochSecond());
    }

    @Test
    void notYetValidByMinutesSaysTheClockMayBeWrong() throws Exception {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            JsonNode i = incidents.get(jdk.label()).get("issued-just-now");
            JsonNode d = i.path("diagnosis");
            assertEquals("CERT_NOT_YET_VALID", i.path("category").asText(), jdk + ": " + i);
            long outside = d.path("secondsOutsideValidity").asLong(-1);
            assertTrue(Math.abs(outside - seconds(i, "notBefore")) <= 1, jdk + ": " + d);
            assertTrue(outside > 8 * 60 && outside <= 10 * 60, jdk + ": " + d);
            assertTrue(d.path("clockMayBeWrong").asBoolean(), jdk + ": " + d);
            assertTrue(i.path("summary").asText().contains("this host's clock"), i.path("summary").asText());
            Path out = tmp.resolve("clock-" + jdk.label()).resolve("incidents");
            Cli.Result show = Cli.run(jdk, tmp, "show", i.path("id").asText(), "--dir", out.toString());
            assertEquals(0, show.exitCode(), show.all());
            assertTrue(show.stdout().contains("this host's clock"), show.stdout());
            assertTrue(show.stdout().contains("Outside validity by"), show.stdout());
        }
    }

    @Test
    void notYetValidByDaysDoesNotBlameTheClock() {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            JsonNode i = incidents.get(jdk.label()).get("starts-in-ten-days");
            JsonNode d = i.path("diagnosis");
            assertEquals("CERT_NOT_YET_VALID", i.path("category").asText(), jdk + ": " + i);
            assertTrue(Math.abs(d.path("secondsOutsideValidity").asLong(-1) - seconds(i, "notBefore")) <= 1,
                    d.toString());
            assertFalse(d.path("clockMayBeWrong").asBoolean(true), d.toString());
            assertFalse(i.path("summary").asText().contains("clock"), i.path("summary").asText());
        }
    }

    @Test
    void expiredMinutesAgoSaysTheClockMayBeWrong() {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            JsonNode i = incidents.get(jdk.label()).get("expired-minutes-ago");
            JsonNode d = i.path("diagnosis");
            assertEquals("CERT_EXPIRED", i.path("category").asText(), jdk + ": " + i);
            long outside = d.path("secondsOutsideValidity").asLong(-1);
            assertTrue(Math.abs(outside - seconds(i, "notAfter")) <= 1, d.toString());
            assertTrue(outside >= 5 * 60 && outside < 60 * 60, d.toString());
            assertEquals(d.path("expiredForSeconds").asLong(), outside);
            assertTrue(d.path("clockMayBeWrong").asBoolean(), d.toString());
            assertTrue(i.path("summary").asText().contains("this host's clock"), i.path("summary").asText());
        }
    }

    @Test
    void expiredDaysAgoDoesNotBlameTheClock() {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            JsonNode i = incidents.get(jdk.label()).get("expired-days-ago");
            JsonNode d = i.path("diagnosis");
            assertEquals("CERT_EXPIRED", i.path("category").asText(), jdk + ": " + i);
            assertNotNull(d.get("secondsOutsideValidity"), d.toString());
            assertTrue(d.path("secondsOutsideValidity").asLong() >= 3 * 24 * 3600, d.toString());
            assertFalse(d.path("clockMayBeWrong").asBoolean(true), d.toString());
            assertFalse(i.path("summary").asText().contains("clock"), i.path("summary").asText());
        }
    }
}
