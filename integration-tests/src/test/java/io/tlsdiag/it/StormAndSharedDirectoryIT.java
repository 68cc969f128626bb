package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failure storms inside one JVM (client and server side, {@code SelfStorm}), a storm from many client addresses,
 * several JVMs sharing one incident directory, and a directory that cannot be written at first.
 */
class StormAndSharedDirectoryIT {

    private static final int WARM_UP = 20; // SelfStorm's own warm-up handshakes, counted by the agent too

    @TempDir
    Path tmp;

    private static AgentRun.Result selfStorm(TestJdks.Jdk jdk, Path workDir, String options, int handshakes,
            int addresses) throws Exception {
        AgentRun.Result r = new AgentRun(jdk, workDir).agentOptions(options)
                .run("io.tlsdiag.demo.bench.SelfStorm", List.of("4", String.valueOf(handshakes),
                        String.valueOf(addresses), "0"));
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("FAILED=" + (handshakes + WARM_UP)), r.describe());
        return r;
    }

    private static List<JsonNode> byRole(List<JsonNode> incidents, String role) {
        return incidents.stream().filter(i -> i.path("role").asText().equals(role)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void aStormCountsEveryFailureOnBothSidesExactlyOnce(TestJdks.Jdk jdk) throws Exception {
        int total = 300 + WARM_UP;
        AgentRun.Result r = selfStorm(jdk, tmp.resolve("storm"), "output=incidents", 300, 1);
        List<JsonNode> incidents = r.incidents("incidents");
        for (JsonNode i : incidents) {
            IncidentSchema.assertValid(i);
        }
        List<JsonNode> client = byRole(incidents, "client");
        assertEquals(1, client.size(), "the client saw one failure, repeated: " + Expect.ids(incidents));
        assertEquals(total, client.get(0).path("occurrences").asLong());
        assertEquals("CERT_EXPIRED", client.get(0).path("category").asText());
        List<JsonNode> server = byRole(incidents, "server");
        // The server sees the client's alert, or (when the client's close wins) a reset: at most a few reasons, never
        // one incident per connection, although every connection came from another ephemeral port.
        assertTrue(server.size() >= 1 && server.size() <= 3, "server incidents by reason: " + Expect.ids(server));
        assertEquals(total, Expect.occurrences(server), "every refused client counted once on the server side");
        server.forEach(i -> assertEquals("127.0.0.1", i.path("peer").path("address").asText()));
    }

    @Test
    void aStormFromManyClientAddressesStaysBoundedAndKeepsTheIncidentThatRecurred() throws Exception {
        int addresses = 400;
        AgentRun.Result r = selfStorm(TestJdks.all().get(0), tmp.resolve("many"),
                "output=incidents,maxIncidents=50,maxBytes=1000000000,queueSize=5000", addresses, addresses);
        Path dir = r.workDir().resolve("incidents");
        List<JsonNode> kept = r.incidents("incidents");
        assertEquals(50, kept.size(), "maxIncidents holds");
        List<JsonNode> client = byRole(kept, "client");
        assertEquals(1, client.size(), "the one recurring incident survives the eviction of one-off ones");
        assertEquals(addresses + WARM_UP, client.get(0).path("occurrences").asLong());
        Set<String> ids = ndjsonIds(dir);
        long evicted = Long.parseLong(Files.readString(dir.resolve(".tlsdiag-evicted")).trim());
        assertTrue(ids.size() > addresses, "one server-side incident per client address: " + ids.size());
        assertEquals(ids.size() - 50, evicted, "every incident written is kept or counted as evicted");
        assertNoTemporaryFiles(dir);
    }

    @Test
    void severalJvmsShareOneDirectoryWithoutLosingOrCorruptingAnything() throws Exception {
        Peers peers = Peers.shared();
        List<String> urls = new ArrayList<>();
        for (String p : List.of("expired", "not-yet-valid", "wrong-host", "self-signed", "untrusted-root",
                "incomplete-chain", "expired-intermediate", "wrong-usage")) {
            urls.add(peers.url(p));
        }
        Path shared = tmp.resolve("shared");
        int jvms = 3;
        List<TargetJvm> targets = new ArrayList<>();
        try {
            for (int j = 0; j < jvms; j++) {
                targets.add(new TargetJvm(TestJdks.all().get(j % TestJdks.all().size()),
                        Files.createDirectories(tmp.resolve("jvm" + j)),
                        List.of("-javaagent:" + AgentRun.AGENT_JAR + "=output=" + shared + ",maxIncidents=10")));
            }
            // All JVMs fail at the same time, each from its own thread.
            List<Thread> callers = new ArrayList<>();
            List<String> results = java.util.Collections.synchronizedList(new ArrayList<>());
            for (TargetJvm t : targets) {
                Thread caller = new Thread(() -> {
                    for (String url : urls) {
                        try {
                            results.add(t.call(url));
                        } catch (Exception e) {
                            results.add("ERROR " + e);
                        }
                    }
                });
                caller.start();
                callers.add(caller);
            }
            for (Thread c : callers) {
                c.join(120_000);
            }
            assertEquals(jvms * urls.size(), results.stream().filter(r -> r.contains(" FAILED ")).count(),
                    results.toString());
            // The JVMs keep running: wait (bounded) until each failure is in the stream, rather than on their exit.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Set<String> ids = ndjsonIds(shared);
            while (ids.size() < jvms * urls.size() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                ids = ndjsonIds(shared);
            }
            assertEquals(jvms * urls.size(), ids.size(), "every JVM's every failure is in the stream");
            ObjectMapper json = new ObjectMapper();
            List<Path> files;
            try (Stream<Path> s = Files.list(shared)) {
                files = s.filter(f -> f.getFileName().toString().endsWith(".json")
                        && !f.getFileName().toString().startsWith(".")).toList();
            }
            assertEquals(10, files.size(), "the bound holds across JVMs");
            for (Path f : files) {
                IncidentSchema.assertValid(json.readTree(f.toFile()));
            }
            assertEquals(ids.size() - 10, Long.parseLong(Files.readString(shared.resolve(".tlsdiag-evicted")).trim()),
                    "one eviction count for the directory");
            assertNoTemporaryFiles(shared);
        } finally {
            for (TargetJvm t : targets) {
                t.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void aDirectoryThatCannotBeCreatedWarnsOnceAndIsWrittenOnceItCan(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        Path blocker = tmp.resolve("blocker");
        Files.writeString(blocker, "a file where the incident directory's parent should be");
        Path out = blocker.resolve("incidents");
        Path work = Files.createDirectories(tmp.resolve("work"));
        try (TargetJvm target = new TargetJvm(jdk, work, List.of("-javaagent:" + AgentRun.AGENT_JAR + "=output=" + out))) {
            String expired = target.call(peers.url("expired"));
            String wrongHost = target.call(peers.url("wrong-host"));
            assertTrue(expired.contains(" FAILED ") && wrongHost.contains(" FAILED "), expired + "\n" + wrongHost);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            StringBuilder printed = new StringBuilder();
            while (!printed.toString().contains("cannot write incidents") && System.nanoTime() < deadline) {
                printed.append(target.drainOutput()).append('\n');
                Thread.sleep(50);
            }
            String third = target.call(peers.url("self-signed"));
            assertTrue(third.startsWith("RESULT"), third);
            printed.append(target.drainOutput());
            assertEquals(1, count(printed.toString(), "cannot write incidents"), "one warning:\n" + printed);
            assertFalse(printed.toString().matches("(?s).*\\bat io\\.tlsdiag\\..*"), "no agent stack trace:\n" + printed);

            Files.delete(blocker);
            List<String> categories = new ArrayList<>();
            while (categories.size() < 3 && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(30)) {
                Thread.sleep(100);
                categories = categoriesIn(out);
            }
            assertEquals(List.of("CERT_EXPIRED", "HOSTNAME_MISMATCH", "SELF_SIGNED"), categories.stream().sorted()
                    .toList(), "the failures of the unusable time are written once the directory can be created");
            String later = target.call(peers.url("untrusted-root"));
            assertTrue(later.startsWith("RESULT"), later);
            while (categories.size() < 4 && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(60)) {
                Thread.sleep(100);
                categories = categoriesIn(out);
            }
            assertTrue(categories.contains("UNTRUSTED_ROOT"), "and new ones as they happen: " + categories);
        }
    }

    /** A real full disk: a 256 KiB tmpfs filled up (mounting needs root, which CI has). */
    @Test
    void aFullDiskIsSurvivedAndIncidentsAreWrittenOnceThereIsRoomAgain() throws Exception {
        Peers peers = Peers.shared();
        Path mount = Files.createDirectories(tmp.resolve("small-disk"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = m.waitFor(30, TimeUnit.SECONDS) && m.exitValue() == 0;
        // Mounting needs root with CAP_SYS_ADMIN (CI here has it); without, this one test is skipped, visibly.
        org.junit.jupiter.api.Assumptions.assumeTrue(mounted, "mounting a small tmpfs needs CAP_SYS_ADMIN");
        try {
            Path out = Files.createDirectories(mount.resolve("incidents"));
            Path filler = mount.resolve("filler");
            try (var o = Files.newOutputStream(filler)) {
                byte[] block = new byte[4096];
                while (true) {
                    o.write(block);
                    o.flush();
                }
            } catch (java.io.IOException full) {
                // No space left on device: the disk is full
            }
            Path work = Files.createDirectories(tmp.resolve("work"));
            try (TargetJvm target = new TargetJvm(TestJdks.all().get(0), work,
                    List.of("-javaagent:" + AgentRun.AGENT_JAR + "=output=" + out))) {
                String expired = target.call(peers.url("expired"));
                String wrongHost = target.call(peers.url("wrong-host"));
                assertTrue(expired.contains(" FAILED ") && wrongHost.contains(" FAILED "), expired + wrongHost);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                StringBuilder printed = new StringBuilder();
                while (!printed.toString().contains("cannot write incidents") && System.nanoTime() < deadline) {
                    printed.append(target.drainOutput()).append('\n');
                    Thread.sleep(50);
                }
                assertEquals(1, count(printed.toString(), "cannot write incidents"), "one warning:\n" + printed);
                assertEquals(List.of(), categoriesIn(out), "nothing half-written on a full disk");
                Files.delete(filler);
                List<String> categories = new ArrayList<>();
                while (categories.size() < 2 && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(30)) {
                    Thread.sleep(100);
                    categories = categoriesIn(out);
                }
                assertEquals(List.of("CERT_EXPIRED", "HOSTNAME_MISMATCH"), categories.stream().sorted().toList());
            }
            assertNoTemporaryFiles(out); // the JVM has exited: no attempt on the full disk left anything behind
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> categoriesIn(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).toList()) {
                out.add(json.readTree(f.toFile()).path("category").asText());
            }
        }
        return out;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** The ids in incidents.ndjson (and its rotated predecessor); every complete line must be a whole JSON document. */
    private static Set<String> ndjsonIds(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Set<String> ids = new HashSet<>();
        for (String name : List.of("incidents.ndjson.1", "incidents.ndjson")) {
            Path p = dir.resolve(name);
            if (Files.exists(p)) {
                String text = Files.readString(p);
                // Only lines that are complete: a writer may be appending the next one while we read.
                for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                    if (!line.isEmpty()) {
                        ids.add(json.readTree(line).path("id").asText());
                    }
                }
            }
        }
        return ids;
    }

    private static void assertNoTemporaryFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> tmp = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertTrue(tmp.isEmpty(), "temporary files left: " + tmp);
        }
    }
}
