package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsdiag.demo.DemoServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tlsdiag report} and {@code show} on what the demo client produces, including a certificate whose names
 * carry terminal escape sequences and markup.
 */
class ReportIT {

    @TempDir
    static Path tmp;

    static Path incidents;
    static TestJdks.Jdk jdk;
    static int hostilePort;

    @BeforeAll
    static void produce() throws Exception {
        Peers peers = Peers.shared();
        jdk = TestJdks.all().get(0);
        try (DemoServers hostile = new DemoServers(peers.pki, List.of("hostile"))) {
            hostilePort = hostile.port("hostile");
            List<String> args = new ArrayList<>(List.of("--timeout-ms", "1500"));
            args.add("a=" + peers.url("expired"));
            args.add("b=" + peers.url("expired"));
            args.add("c=" + peers.url("wrong-host"));
            args.add("d=" + peers.url("expiring-soon"));
            args.add("e=https://localhost:" + hostilePort + "/");
            AgentRun.Result r = new AgentRun(jdk, tmp.resolve("run")).agentOptions("output=incidents")
                    .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                    .run("io.tlsdiag.demo.DemoClient", args);
            assertEquals(0, r.exitCode(), r.describe());
        }
        incidents = tmp.resolve("run/incidents");
    }

    @Test
    void reportGroupsByCategoryAndPeerWithCountsAndExitsOne() throws Exception {
        Cli.Result r = Cli.run(jdk, tmp, "report", incidents.toString());
        assertEquals(1, r.exitCode(), r.all());
        String expiredPort = String.valueOf(Peers.shared().servers.port("expired"));
        String row = r.stdout().lines().filter(l -> l.startsWith("CERT_EXPIRED ")).findFirst().orElseThrow();
        assertTrue(row.contains("localhost:" + expiredPort), row);
        assertTrue(row.matches(".*\\s2\\s+\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+\\d\\d-.*"), "count 2: " + row);
        assertTrue(r.stdout().contains("CERT_EXPIRING_SOON"), r.stdout());
        assertTrue(r.stdout().lines().allMatch(l -> l.length() <= 80 || l.startsWith("  from ")),
                "80 columns:\n" + r.stdout());
    }

    @Test
    void reportJsonIsForMachines() throws Exception {
        Cli.Result r = Cli.run(jdk, tmp, "report", incidents.toString(), "--json");
        assertEquals(1, r.exitCode(), r.all());
        JsonNode root = new ObjectMapper().readTree(r.stdout());
        assertEquals(4, root.path("groups").size(), root.toPrettyString());
        JsonNode expired = null;
        for (JsonNode g : root.path("groups")) {
            if (g.path("category").asText().equals("CERT_EXPIRED")) {
                expired = g;
            }
        }
        assertEquals(2, expired.path("occurrences").asInt());
        assertEquals("failure", expired.path("kind").asText());
        assertEquals(1, expired.path("incidentIds").size(), "two failures, one incident file");
    }

    @Test
    void emptyDirectoryReportsNothingAndExitsZero() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Cli.Result r = Cli.run(jdk, tmp, "report", empty.toString());
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("Nothing to report."), r.stdout());
        assertEquals(2, Cli.run(jdk, tmp, "report", tmp.resolve("missing").toString()).exitCode());
    }

    @Test
    void showExplainsOneIncidentWithTheFaultMarkedAndTheCaller() throws Exception {
        String id = id("CERT_EXPIRED");
        Cli.Result r = Cli.run(jdk, tmp, "show", id, "--dir", incidents.toString());
        assertEquals(0, r.exitCode(), r.all());
        String out = r.stdout();
        assertTrue(out.startsWith("CERT_EXPIRED  localhost:"), out);
        assertTrue(out.contains("2 times, the last at"), out);
        assertTrue(out.contains(">> [0] CN=localhost,O=tlsdiag demo"), out);
        assertTrue(out.contains("EXPIRED"), out);
        assertTrue(out.contains("Trust: " + Peers.shared().trustStore), out);
        assertTrue(out.contains("io.tlsdiag.demo.DemoClient.main(DemoClient.java:"), out);
        assertTrue(out.contains("1. On localhost:"), out);
        assertTrue(out.lines().allMatch(l -> l.length() <= 80), "80 columns:\n" + out);
        assertFalse(out.contains("\u001b"), "no colour when not on a terminal");
    }

    @Test
    void hostileCertificateNamesAreNeutralisedInTheTerminal() throws Exception {
        Cli.Result report = Cli.run(jdk, tmp, "report", incidents.toString());
        Cli.Result show = Cli.run(jdk, tmp, "show", id("SELF_SIGNED"), "--dir", incidents.toString());
        for (String out : List.of(report.stdout(), show.stdout())) {
            assertFalse(out.contains("\u001b"), "no raw escape character may reach the terminal:\n" + out);
            assertFalse(out.contains("\u0007") || out.contains("\u202e"), out);
            assertTrue(out.contains("evil\\u001b]0"), "the escape is shown, harmlessly:\n" + out);
        }
    }

    static String id(String category) throws Exception {
        for (JsonNode i : new AgentRun.Result(0, "", "", tmp.resolve("run")).incidents("incidents")) {
            if (i.path("category").asText().equals(category)) {
                return i.path("id").asText();
            }
        }
        throw new AssertionError("no " + category + " incident");
    }
}
