package io.tlsdiag.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsdiag.it.leak.LeakTarget;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent keeps nothing of an application beyond its connections: a web application that used its own trust
 * managers, hostname verifiers and key manager for successful and failed handshakes, on pool threads that outlive it,
 * can be collected once it is undeployed (see {@link LeakTarget}). Without the agent the same run must pass too,
 * which shows that the test itself holds nothing.
 */
class ClassLoaderLeakIT {

    @TempDir
    Path tmp;

    static Stream<Arguments> runs() {
        return TestJdks.all().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, true), Arguments.of(jdk, false)));
    }

    @ParameterizedTest(name = "{0}, agent {1}")
    @MethodSource("runs")
    void undeployedApplicationIsCollected(TestJdks.Jdk jdk, boolean withAgent) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(jdk.java().toString()));
        if (withAgent) {
            cmd.add("-javaagent:" + AgentRun.AGENT_JAR + "=output=incidents");
        }
        cmd.addAll(List.of("-Xmx256m", "-cp", targetClasspath(), LeakTarget.class.getName()));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("target did not finish in 180 s: " + cmd);
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        String describe = "exit " + p.exitValue() + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        assertFalse(stdout.contains("UNEXPECTED"), describe);
        assertTrue(stdout.contains("COLLECTED"), describe);
        assertEquals(0, p.exitValue(), describe);
        assertFalse(stderr.contains("[tlsdiag] internal error"), describe);
        if (withAgent) {
            // The agent did its work with the application's own objects: each of these incidents needed them.
            Set<String> categories = new TreeSet<>();
            try (Stream<Path> files = Files.list(tmp.resolve("incidents"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                    categories.add(new ObjectMapper().readTree(f.toFile()).path("category").asText());
                }
            }
            assertTrue(categories.containsAll(List.of("CERT_EXPIRED", "CUSTOM_TRUST_REJECTED", "HOSTNAME_MISMATCH",
                    "INSECURE_TRUST_MANAGER", "CLIENT_CERT_REQUIRED")), categories + "\n" + describe);
        }
    }

    /** The test classes (the target and its web application) and the demo's classes (the PKI and its peers). */
    private static String targetClasspath() throws Exception {
        String testClasses = Path.of(LeakTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        return testClasses + File.pathSeparator + AgentRun.demoClasspath();
    }
}
