package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tlsdiag run from a Java runtime without the attach API, as in the JRE images many containers use: a runtime linked
 * with jlink from the JDK under test, with the Java SE modules and the usual extras but no jdk.attach. list, attach,
 * status and detach work from it (tlsdiag speaks the HotSpot attach protocol over the target's UNIX socket itself).
 */
class AttachFromJreIT {

    /** The same modules as a Temurin JRE image, less jdk.attach (and jdk.jcmd, which needs it). */
    static final String MODULES = "java.se,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.management,jdk.localedata";

    @TempDir
    static Path jres;

    @TempDir
    Path tmp;

    private static final Map<Path, TestJdks.Jdk> linked = new HashMap<>();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void listAttachStatusAndDetachFromARuntimeWithoutTheAttachApi(TestJdks.Jdk jdk) throws Exception {
        TestJdks.Jdk jre = jreOf(jdk);
        Peers peers = Peers.shared();
        Path incidents = tmp.resolve("incidents");
        try (TargetJvm target = new TargetJvm(jdk, tmp, List.of())) {
            assertTrue(target.call(peers.url("expired")).contains(" FAILED "), "TLS in use before the attach");

            Cli.Result list = Cli.run(jre, tmp, "list");
            assertEquals(0, list.exitCode(), list.all());
            assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith(target.pid + " ")
                    && l.contains("io.tlsdiag.demo.DemoService") && l.contains(" - ")), list.stdout());

            Cli.Result attach = Cli.run(jre, tmp, "attach", target.pid, "--output", incidents.toString());
            assertEquals(0, attach.exitCode(), attach.all());
            assertTrue(attach.stdout().contains("incidents: " + incidents), attach.stdout());
            System.out.printf("[measure] %s: 'tlsdiag attach' from a runtime without jdk.attach took %d ms%n", jdk,
                    attach.millis());

            target.call(peers.url("expired"));
            JsonNode incident = awaitIncidents(tmp, 1).get(0);
            assertEquals("CERT_EXPIRED", incident.path("category").asText());
            Expect.stackHasFrame(incident, "io.tlsdiag.demo.DemoService");

            Cli.Result status = Cli.run(jre, tmp, "status", target.pid);
            assertEquals(0, status.exitCode(), status.all());
            assertTrue(status.stdout().contains("written      1"), status.stdout());

            Cli.Result detach = Cli.run(jre, tmp, "detach", target.pid);
            assertEquals(0, detach.exitCode(), detach.all());
            assertEquals(3, Cli.run(jre, tmp, "status", target.pid).exitCode(), "status says: not active");
            assertFalse(target.output().contains("Full thread dump"),
                    "the SIGQUIT that wakes the attach listener must not print a thread dump");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void aJvmThatForbidsAttachIsRefusedInOneLineWithoutASignal(TestJdks.Jdk jdk) throws Exception {
        TestJdks.Jdk jre = jreOf(jdk);
        try (TargetJvm target = new TargetJvm(jdk, tmp, List.of("-XX:+DisableAttachMechanism"))) {
            Cli.Result refused = Cli.run(jre, tmp, "attach", target.pid);
            assertEquals(2, refused.exitCode(), refused.all());
            assertTrue(refused.stderr().contains("cannot attach to PID " + target.pid), refused.all());
            assertTrue(refused.stderr().contains("DisableAttachMechanism"), refused.all());
            assertEquals(1, refused.stderr().lines().count(), "one clear message: " + refused.stderr());
            assertFalse(target.output().contains("Full thread dump"),
                    "no SIGQUIT was sent to a JVM that would print a thread dump");
        }
    }

    /** A runtime linked from {@code jdk} without jdk.attach, made once per JDK. */
    static synchronized TestJdks.Jdk jreOf(TestJdks.Jdk jdk) throws Exception {
        TestJdks.Jdk jre = linked.get(jdk.home());
        if (jre != null) {
            return jre;
        }
        Path home = jres.resolve(jdk.label() + "-jre");
        Path jlink = jdk.home().resolve("bin/jlink");
        // A Java home without jlink is itself a runtime (test.sh also covers those); the JDKs CI tests on have it.
        Assumptions.assumeTrue(Files.isExecutable(jlink), "no jlink in " + jdk.home());
        Process p = new ProcessBuilder(jlink.toString(), "--add-modules", MODULES, "--no-header-files",
                "--no-man-pages", "--output", home.toString()).redirectErrorStream(true)
                .redirectOutput(jres.resolve(jdk.label() + "-jlink.log").toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "jlink finished");
        assertEquals(0, p.exitValue(), Files.readString(jres.resolve(jdk.label() + "-jlink.log")));
        jre = new TestJdks.Jdk(jdk.label() + "-jre", home);

        Process modules = new ProcessBuilder(jre.java().toString(), "--list-modules").redirectErrorStream(true).start();
        String list = new String(modules.getInputStream().readAllBytes());
        assertTrue(modules.waitFor(60, TimeUnit.SECONDS));
        assertTrue(list.contains("java.instrument") && list.contains("java.management"), list);
        assertFalse(list.contains("jdk.attach"), "the runtime must have no attach API:\n" + list);
        linked.put(jdk.home(), jre);
        return jre;
    }

    private static List<JsonNode> awaitIncidents(Path workDir, int count) throws Exception {
        AgentRun.Result dir = new AgentRun.Result(0, "", "", workDir);
        long deadline = System.currentTimeMillis() + 10_000;
        List<JsonNode> found = dir.incidents("incidents");
        while (found.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            found = dir.incidents("incidents");
        }
        assertEquals(count, found.size(), "incidents written");
        return found;
    }
}
