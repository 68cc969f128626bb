package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent never harms its host: bad options, an unwritable directory, a second copy of the agent, debug mode.
 * In each, the application sees exactly what it sees without the agent (AgentRun#runComparedWithoutAgent).
 */
class HostSafetyIT {

    @TempDir
    Path tmp;

    private static List<String> failingArgs() throws Exception {
        Peers peers = Peers.shared();
        return List.of("a=" + peers.url("expired"), "b=" + peers.url("good"), "c=" + peers.url("self-signed"));
    }

    private AgentRun run(String dir) throws Exception {
        return new AgentRun(TestJdks.all().get(0), tmp.resolve(dir))
                .jvmArg(Peers.shared().trustStoreArg()).jvmArg(Peers.trustStorePasswordArg());
    }

    @Test
    void unwritableOutputDirectoryWarnsOnceAndChangesNothing() throws Exception {
        AgentRun.Result r = run("unwritable").agentOptions("output=/proc/tlsdiag-cannot-write")
                .runComparedWithoutAgent("io.tlsdiag.demo.DemoClient", failingArgs());
        assertEquals(0, r.exitCode(), r.describe());
        long warnings = Arrays.stream(AgentOutput.withoutIncidentLines(r.stderr()).split("\n"))
                .filter(l -> l.startsWith("[tlsdiag]")).count();
        assertEquals(1, warnings, "exactly one warning line: " + r.stderr());
        assertTrue(r.stderr().contains("cannot write incidents to /proc/tlsdiag-cannot-write"), r.stderr());
    }

    @Test
    void malformedAndUnknownOptionsWarnAndFallBackToDefaults() throws Exception {
        AgentRun.Result r = run("options").agentOptions("bogus=1,output,queueSize=-5")
                .runComparedWithoutAgent("io.tlsdiag.demo.DemoClient", failingArgs());
        assertEquals(0, r.exitCode(), r.describe());
        List<String> lines = Arrays.stream(AgentOutput.withoutIncidentLines(r.stderr()).split("\n"))
                .filter(l -> l.startsWith("[tlsdiag]")).toList();
        assertEquals(3, lines.size(), r.stderr());
        assertTrue(lines.get(0).contains("unknown option 'bogus'"), lines.toString());
        assertTrue(lines.get(1).contains("malformed option 'output'"), lines.toString());
        assertTrue(lines.get(2).contains("queueSize=-5"), lines.toString());
        assertEquals(2, r.incidents("tlsdiag-incidents").size(), "the default directory is used");
    }

    @Test
    void debugModeTalksButChangesNothingAndReportsNoFailure() throws Exception {
        // The harness fails any run whose stderr shows an agent stack trace or internal error (AgentOutput);
        // debug mode prints every hooked class and would print every swallowed hook exception with its trace.
        AgentRun.Result r = run("debug").agentOptions("output=incidents,debug=true")
                .runComparedWithoutAgent("io.tlsdiag.demo.DemoClient", failingArgs());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("[tlsdiag] hooked ")), r.stderr());
        assertEquals(2, r.incidents("incidents").size(), r.describe());
    }

    /**
     * The JVM does not verify boot classes by default, so a woven JDK class with a bad stack map would not fail to
     * load: it would misbehave. Here the verifier checks every woven class (JSSE on the socket and engine paths, a
     * trust manager of the application's, HttpsURLConnection's verifier check), on every test JDK.
     */
    @Test
    void wovenClassesPassTheBytecodeVerifier() throws Exception {
        Peers peers = Peers.shared();
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            for (String client : List.of("urlconnection", "httpclient", "socket")) {
                AgentRun.Result r = new AgentRun(jdk, tmp.resolve("verify-" + jdk.label() + "-" + client))
                        .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                        .jvmArg("-XX:+UnlockDiagnosticVMOptions").jvmArg("-XX:+BytecodeVerificationLocal")
                        .agentOptions("output=incidents")
                        .runComparedWithoutAgent("io.tlsdiag.demo.DemoClient", List.of("--client", client,
                                "--trust-manager", "delegating", "a=" + peers.url("expired"),
                                "b=" + peers.url("good"), "c=" + peers.url("wrong-host")));
                assertEquals(0, r.exitCode(), r.describe());
                assertTrue(!r.stderr().contains("VerifyError"), r.describe());
                long failed = r.stdout().lines().filter(l -> l.startsWith("RESULT ") && l.contains(" FAILED ")).count();
                assertTrue(failed >= 1, r.describe());
                assertEquals(failed, r.incidents("incidents").size(), r.describe());
            }
        }
    }

    @Test
    void incidentFilesAreOwnerOnlyAndWrittenAtomically() throws Exception {
        AgentRun.Result r = run("perms").agentOptions("output=out/nested")
                .run("io.tlsdiag.demo.DemoClient", failingArgs());
        Path dir = r.workDir().resolve("out/nested");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.toList();
        }
        // Hidden files are the agent's bookkeeping (.tlsdiag.lock, .tlsdiag-evicted); a temporary file is not.
        List<Path> visible = files.stream().filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        assertEquals(3, visible.size(), "two incidents and the stream: " + files);
        assertTrue(files.stream().map(f -> f.getFileName().toString())
                .allMatch(n -> !n.startsWith(".") || n.startsWith(".tlsdiag") && !n.endsWith(".tmp")),
                "no temporary files left behind: " + files);
        assertEquals(2, files.stream().filter(f -> f.getFileName().toString().endsWith(".json")).count());
        assertTrue(files.contains(dir.resolve("incidents.ndjson")), files.toString());
        for (Path f : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
        for (JsonNode i : r.incidents("out/nested")) {
            IncidentSchema.assertValid(i);
            assertTrue(!i.toString().contains("PRIVATE KEY"), "no key material in an incident");
        }
    }

    @Test
    void secondCopyOfTheAgentIsRefusedAndReportsNothingTwice() throws Exception {
        AgentRun.Result r = run("twice").agentOptions("output=incidents").secondAgentCopy()
                .runComparedWithoutAgent("io.tlsdiag.demo.DemoClient", failingArgs());
        assertTrue(r.stderr().contains("already active"), r.stderr());
        assertEquals(2, r.incidents("incidents").size(), "one incident per failure, not two");
    }
}
