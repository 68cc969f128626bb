package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One WARN line per new incident where operators look: through the application's own SLF4J (a real binding,
 * slf4j-simple, writing to the application's log file) when it has one, on stderr when it has none. Repeats add no
 * line. SLF4J is looked up at the first incident, never earlier: the applications here configure their logging in
 * {@code main}, after the agent started, and that configuration is the one that holds.
 */
class ApplicationLogIT {

    @TempDir
    Path tmp;

    private static final String SLF4J_WARN = "WARN tlsdiag - TLS handshake failed: ";
    private static final String STDERR_LINE = "[tlsdiag] TLS handshake failed: ";

    private static List<String> calls() throws Exception {
        Peers peers = Peers.shared();
        // The second call to the expired peer repeats the first failure: counted, not logged again.
        return List.of("a=" + peers.url("expired"), "b=" + peers.url("expired"), "c=" + peers.url("self-signed"));
    }

    /** The two lines (CERT_EXPIRED, SELF_SIGNED) name the incidents' category, peer, summary and id. */
    private static void assertLinesDescribe(List<String> lines, List<JsonNode> incidents) {
        assertEquals(2, incidents.size(), incidents.toString());
        assertEquals(2, lines.size(), "one line per new incident, none per repeat: " + lines);
        for (JsonNode incident : incidents) {
            String id = incident.path("id").asText();
            String line = lines.stream().filter(l -> l.contains(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line names incident " + id + ": " + lines));
            String category = incident.path("category").asText();
            JsonNode peer = incident.path("peer");
            assertTrue(line.contains("TLS handshake failed: " + category + ", peer " + peer.path("host").asText()
                    + ":" + peer.path("port").asInt() + ": " + incident.path("summary").asText()), line);
        }
    }

    private static List<String> linesWith(String text, String marker) {
        return text.lines().filter(l -> l.contains(marker)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void anApplicationWithSlf4jGetsTheLineInItsOwnLog(TestJdks.Jdk jdk) throws Exception {
        Path log = tmp.resolve("app.log");
        List<String> args = new java.util.ArrayList<>(List.of("--log-file", log.toString()));
        args.addAll(calls());
        AgentRun.Result r = new CustomJvm(jdk, tmp).withSlf4j().agent("output=incidents")
                .run("io.tlsdiag.demo.Slf4jClient", args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.describe());
        String logged = Files.readString(log);
        // Its own configuration held (the file): SLF4J was not initialised before the application's main.
        assertTrue(logged.contains("INFO io.tlsdiag.demo.Slf4jClient - application started"), logged);
        assertLinesDescribe(linesWith(logged, SLF4J_WARN), r.incidents("incidents"));
        assertTrue(linesWith(logged, SLF4J_WARN).get(0).startsWith("[tlsdiag-writer] " + SLF4J_WARN), logged);
        assertFalse(r.stderr().contains("TLS handshake failed"), "not on stderr as well:\n" + r.stderr());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void anApplicationWithoutSlf4jGetsTheLineOnStderr(TestJdks.Jdk jdk) throws Exception {
        AgentRun.Result r = new CustomJvm(jdk, tmp).agent("output=incidents")
                .run("io.tlsdiag.demo.DemoClient", calls().toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.describe());
        List<String> lines = linesWith(r.stderr(), "TLS handshake failed");
        assertTrue(lines.stream().allMatch(l -> l.startsWith(STDERR_LINE)), r.stderr());
        assertLinesDescribe(lines, r.incidents("incidents"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void aWebApplicationsSlf4jIsFoundThroughTheRequestThreadsContextLoader(TestJdks.Jdk jdk) throws Exception {
        // SLF4J only inside the "web application's" class loader, as in a servlet container.
        Path log = tmp.resolve("webapp.log");
        List<String> args = new java.util.ArrayList<>(List.of("--webapp-libs",
                String.join(File.pathSeparator, CustomJvm.slf4jJars()), "--log-file", log.toString()));
        args.addAll(calls());
        AgentRun.Result r = new CustomJvm(jdk, tmp).agent("output=incidents")
                .run("io.tlsdiag.demo.ContainerClient", args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.describe());
        String logged = Files.readString(log);
        assertTrue(logged.contains("INFO webapp - web application started"), logged);
        assertLinesDescribe(linesWith(logged, SLF4J_WARN), r.incidents("incidents"));
        assertFalse(r.stderr().contains("TLS handshake failed"), r.stderr());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void logStderrAndLogOffOverrideTheApplicationsSlf4j(TestJdks.Jdk jdk) throws Exception {
        Path log = tmp.resolve("stderr/app.log");
        List<String> args = new java.util.ArrayList<>(List.of("--log-file", log.toString()));
        args.addAll(calls());
        AgentRun.Result toStderr = new CustomJvm(jdk, tmp.resolve("stderr")).withSlf4j()
                .agent("output=incidents,log=stderr").run("io.tlsdiag.demo.Slf4jClient", args.toArray(new String[0]));
        assertEquals(0, toStderr.exitCode(), toStderr.describe());
        assertLinesDescribe(linesWith(toStderr.stderr(), STDERR_LINE), toStderr.incidents("incidents"));
        assertFalse(Files.readString(log).contains(" tlsdiag - "), Files.readString(log));

        Path quietLog = tmp.resolve("off/app.log");
        args.set(1, quietLog.toString());
        AgentRun.Result off = new CustomJvm(jdk, tmp.resolve("off")).withSlf4j().env("TLSDIAG_LOG", "off")
                .agent("output=incidents").run("io.tlsdiag.demo.Slf4jClient", args.toArray(new String[0]));
        assertEquals(0, off.exitCode(), off.describe());
        assertEquals(2, off.incidents("incidents").size(), off.describe());
        assertFalse(off.stderr().contains("TLS handshake failed"), off.stderr());
        String quiet = Files.readString(quietLog);
        assertTrue(quiet.contains("application done"), quiet);
        assertFalse(quiet.contains(" tlsdiag - "), quiet);
    }
}
