package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dynamic attach into a JVM that is already running and already used TLS: no restart, no flag on the target, no
 * root needed (the target runs as the same user). Then attach twice, status, detach, and the refusals.
 */
class AttachIT {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void attachAfterTlsWasUsedThenDetach(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        Path incidents = tmp.resolve("incidents");
        AgentRun.Result none = new AgentRun.Result(0, "", "", tmp);
        try (TargetJvm target = new TargetJvm(jdk, tmp, List.of())) {
            assertTrue(target.call(peers.url("good")).contains(" OK "));
            assertTrue(target.call(peers.url("expired")).contains(" FAILED "));

            Cli.Result list = Cli.run(jdk, tmp, "list");
            assertEquals(0, list.exitCode(), list.all());
            assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith(target.pid + " ")
                    && l.contains("io.tlsdiag.demo.DemoService") && l.contains(" - ")), list.stdout());

            Cli.Result attach = Cli.run(jdk, tmp, "attach", target.pid, "--output", incidents.toString());
            assertEquals(0, attach.exitCode(), attach.all());
            assertTrue(attach.stdout().contains("incidents: " + incidents), attach.stdout());
            System.out.printf("[measure] %s: 'tlsdiag attach' took %d ms end to end (%s)%n", jdk,
                    attach.millis(), attach.stdout().lines().findFirst().orElse(""));

            String seen = target.call(peers.url("expired"));
            List<JsonNode> after = awaitIncidents(none, 1);
            JsonNode i = after.get(0);
            IncidentSchema.assertValid(i);
            assertEquals("CERT_EXPIRED", i.path("category").asText());
            Expect.failingIndex(i, 0);
            Expect.chainIs(i, peers.pki.identity("expired"));
            Expect.stackHasFrame(i, "io.tlsdiag.demo.DemoService");
            Expect.sameExceptionAsApplication(i, seen.split(" ", 3)[2]);
            assertEquals(peers.trustStore.toString(), i.path("trust").path("source").asText());

            Cli.Result again = Cli.run(jdk, tmp, "attach", target.pid);
            assertEquals(0, again.exitCode(), again.all());
            assertTrue(again.stdout().contains("already active"), again.stdout());
            target.call(peers.url("self-signed"));
            assertEquals(2, awaitIncidents(none, 2).size(), "a second attach must not double the hooks");

            Cli.Result status = Cli.run(jdk, tmp, "status", target.pid);
            assertEquals(0, status.exitCode(), status.all());
            assertTrue(status.stdout().contains("written      2"), status.stdout());

            Cli.Result detach = Cli.run(jdk, tmp, "detach", target.pid);
            assertEquals(0, detach.exitCode(), detach.all());
            assertTrue(target.call(peers.url("expired")).contains(" FAILED "));
            Thread.sleep(500);
            assertEquals(2, none.incidents("incidents").size(), "nothing is written after detach");
            assertEquals(3, Cli.run(jdk, tmp, "status", target.pid).exitCode(), "status says: not active");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void reattachChangesOnlyTheOptionItNames(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        Path incidents = tmp.resolve("incidents");
        AgentRun.Result none = new AgentRun.Result(0, "", "", tmp);
        try (TargetJvm target = new TargetJvm(jdk, tmp, List.of())) {
            Cli.Result attach = Cli.run(jdk, tmp, "attach", target.pid, "--output", incidents.toString(),
                    "--option", "dedupWindowSeconds=7", "--option", "queueSize=32");
            assertEquals(0, attach.exitCode(), attach.all());
            assertEquals("options: output=" + incidents + ", queueSize=32, maxStackDepth=64, dedupWindowSeconds=7, "
                    + "maxIncidents=1000, maxBytes=52428800, expiryWarningDays=30, "
                    + "requestCapturesPerSecond=100, handshakeStallSeconds=60, log=auto, jmx=true, jmxDelaySeconds=60, "
                    + "debug=false",
                    optionsLine(attach), attach.stdout());
            target.call(peers.url("expired"));
            awaitIncidents(none, 1);

            Cli.Result again = Cli.run(jdk, tmp, "attach", target.pid, "--option", "maxIncidents=2");
            assertEquals(0, again.exitCode(), again.all());
            StringBuilder printed = new StringBuilder(target.drainOutput());
            assertTrue(again.stdout().contains("already active in JVM " + target.pid + "; options updated"),
                    again.stdout());
            assertEquals("options: output=" + incidents + ", queueSize=32, maxStackDepth=64, dedupWindowSeconds=7, "
                    + "maxIncidents=2, maxBytes=52428800, expiryWarningDays=30, "
                    + "requestCapturesPerSecond=100, handshakeStallSeconds=60, log=auto, jmx=true, jmxDelaySeconds=60, "
                    + "debug=false",
                    optionsLine(again), "only maxIncidents changes:\n" + again.stdout());

            // Three more distinct failures into the same directory: maxIncidents=2 now holds, whoever wrote the rest.
            for (String peer : List.of("self-signed", "untrusted-root", "wrong-host")) {
                assertTrue(target.call(peers.url(peer)).contains(" FAILED "), peer);
            }
            awaitStatus(jdk, target, "written      4");
            assertEquals(2, none.incidents("incidents").size(), "maxIncidents=2 applies after the re-attach");

            Cli.Result same = Cli.run(jdk, tmp, "attach", target.pid, "--option", "maxIncidents=2");
            assertTrue(same.stdout().contains("; options unchanged"), same.stdout());
            Cli.Result bad = Cli.run(jdk, tmp, "attach", target.pid, "--option", "maxIncidents=lots");
            assertTrue(bad.stdout().contains("; options unchanged"), bad.stdout());
            assertTrue(bad.stderr().contains("maxIncidents=lots: not a valid value, keeping 2"), bad.all());
            assertTrue(optionsLine(bad).contains("maxIncidents=2,"), bad.stdout());
            assertNoAgentError(printed.append(target.drainOutput()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void reattachWithANewOutputMovesWritingThereAndStopsTheOldWriter(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        AgentRun.Result none = new AgentRun.Result(0, "", "", tmp);
        try (TargetJvm target = new TargetJvm(jdk, tmp, List.of())) {
            Cli.Result attach = Cli.run(jdk, tmp, "attach", target.pid, "--output", first.toString(),
                    "--option", "dedupWindowSeconds=7", "--option", "maxIncidents=50");
            assertEquals(0, attach.exitCode(), attach.all());
            target.call(peers.url("expired"));
            awaitIncidents(none, "first", 1);
            assertEquals(1, writerThreads(jdk, target), "the first failure started one writer");

            Cli.Result again = Cli.run(jdk, tmp, "attach", target.pid, "--output", second.toString());
            assertEquals(0, again.exitCode(), again.all());
            StringBuilder printed = new StringBuilder(target.drainOutput());
            assertTrue(again.stdout().contains("; options updated"), again.stdout());
            assertTrue(again.stdout().contains("incidents: " + second), again.stdout());
            assertEquals("options: output=" + second + ", queueSize=256, maxStackDepth=64, dedupWindowSeconds=7, "
                    + "maxIncidents=50, maxBytes=52428800, expiryWarningDays=30, "
                    + "requestCapturesPerSecond=100, handshakeStallSeconds=60, log=auto, jmx=true, jmxDelaySeconds=60, "
                    + "debug=false",
                    optionsLine(again), "only output changes:\n" + again.stdout());

            target.call(peers.url("self-signed"));
            assertEquals("SELF_SIGNED", awaitIncidents(none, "second", 1).get(0).path("category").asText());
            assertEquals(1, none.incidents("first").size(), "nothing more goes to the old directory");
            long deadline = System.currentTimeMillis() + 20_000;
            int writers = writerThreads(jdk, target);
            while (writers != 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                writers = writerThreads(jdk, target);
            }
            assertEquals(1, writers, "the old writer thread stops; the new one runs");
            // The counters go on across the change of directory.
            awaitStatus(jdk, target, "written      2");
            assertNoAgentError(printed.append(target.drainOutput()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void attachToAJvmStartedWithTheAgentReportsItActive(TestJdks.Jdk jdk) throws Exception {
        try (TargetJvm target = new TargetJvm(jdk, tmp,
                List.of("-javaagent:" + AgentRun.AGENT_JAR + "=output=" + tmp.resolve("launch")))) {
            Cli.Result attach = Cli.run(jdk, tmp, "attach", target.pid);
            assertEquals(0, attach.exitCode(), attach.all());
            assertTrue(attach.stdout().contains("already active"), attach.stdout());
            assertTrue(attach.stdout().contains("incidents: " + tmp.resolve("launch")), attach.stdout());
            target.call(Peers.shared().url("expired"));
            assertEquals(1, awaitIncidents(new AgentRun.Result(0, "", "", tmp), "launch", 1).size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void attachFailuresAreClear(TestJdks.Jdk jdk) throws Exception {
        Cli.Result noSuchPid = Cli.run(jdk, tmp, "attach", "999999");
        assertEquals(2, noSuchPid.exitCode());
        assertTrue(noSuchPid.stderr().startsWith("tlsdiag attach: no process with PID 999999"), noSuchPid.all());

        Cli.Result notAPid = Cli.run(jdk, tmp, "attach", "abc");
        assertEquals(2, notAPid.exitCode());
        assertTrue(notAPid.stderr().contains("'abc' is not a process id"), notAPid.all());

        try (TargetJvm target = new TargetJvm(jdk, tmp, List.of("-XX:+DisableAttachMechanism"))) {
            Cli.Result refused = Cli.run(jdk, tmp, "attach", target.pid);
            assertEquals(2, refused.exitCode(), refused.all());
            assertTrue(refused.stderr().contains("cannot attach to PID " + target.pid), refused.all());
            assertTrue(refused.stderr().contains("DisableAttachMechanism"), refused.all());
            assertEquals(1, refused.stderr().lines().count(), "one clear message: " + refused.stderr());
        }

        if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
            // Another user's JVM: this (root) JVM's target, attached from user nobody.
            try (TargetJvm target = new TargetJvm(jdk, tmp, List.of())) {
                Cli.Result other = Cli.runAs("nobody", jdk, tmp, "attach", target.pid);
                assertEquals(2, other.exitCode(), other.all());
                assertTrue(other.stderr().contains("it runs as another user (uid 0)"), other.all());
            }
        }

        Cli.Result help = Cli.run(jdk, tmp, "attach", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().startsWith("usage: tlsdiag attach"), help.stdout());
        Cli.Result unknown = Cli.run(jdk, tmp, "frobnicate");
        assertEquals(2, unknown.exitCode());
    }

    /**
     * A re-attach is invisible to the application: no agent error, no stack trace in what the target printed since
     * the re-attach (what it printed before each RESULT line is consumed by {@link TargetJvm#call}).
     */
    private static void assertNoAgentError(CharSequence printed) {
        String text = printed.toString();
        assertFalse(text.contains("internal error") || text.contains("\tat "), text);
    }

    private static String optionsLine(Cli.Result attach) {
        return attach.stdout().lines().filter(l -> l.startsWith("options: ")).findFirst().orElse("(no options line)");
    }

    /** Polls {@code tlsdiag status} until it prints {@code expected}. */
    private void awaitStatus(TestJdks.Jdk jdk, TargetJvm target, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        Cli.Result status = Cli.run(jdk, tmp, "status", target.pid);
        while (!status.stdout().contains(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            status = Cli.run(jdk, tmp, "status", target.pid);
        }
        assertTrue(status.stdout().contains(expected), status.all());
    }

    /** Threads named tlsdiag-writer in the target, from its thread dump ({@code jcmd <pid> Thread.print}). */
    private static int writerThreads(TestJdks.Jdk jdk, TargetJvm target) throws Exception {
        Process p = new ProcessBuilder(jdk.home().resolve("bin/jcmd").toString(), target.pid, "Thread.print")
                .redirectErrorStream(true).start();
        String dump = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), dump);
        assertTrue(dump.contains("\"main\""), "a thread dump:\n" + dump);
        return (int) dump.lines().filter(l -> l.startsWith("\"tlsdiag-writer\" ")).count();
    }

    private List<JsonNode> awaitIncidents(AgentRun.Result dir, int count) throws Exception {
        return awaitIncidents(dir, "incidents", count);
    }

    private static List<JsonNode> awaitIncidents(AgentRun.Result dir, String sub, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        List<JsonNode> found = dir.incidents(sub);
        while (found.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            found = dir.incidents(sub);
        }
        assertEquals(count, found.size(), "incidents in " + sub);
        return found;
    }
}
