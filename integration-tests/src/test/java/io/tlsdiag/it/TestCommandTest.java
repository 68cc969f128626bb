package io.tlsdiag.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's test command on machines other than CI's: {@code scripts/test.sh --list-jdks} says which Java
 * versions it would cover and which it skips, with fake Java homes (a release file and a bin/java) standing in for
 * the JDKs this machine does not have.
 */
class TestCommandTest {

    static final Path SCRIPT = Path.of("../scripts/test.sh").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Run(int exitCode, String output) {
    }

    @Test
    void coversEveryVersionFromSeventeenOnAndSaysWhatItSkipped() throws Exception {
        Path java17 = fakeHome("jdk-17", "17.0.9", true);
        Path bin = toolsWithoutJava();
        Files.createSymbolicLink(bin.resolve("java"), java17.resolve("bin/java"));
        Path java11 = fakeHome("jdk-11", "11.0.22", true);
        Path java21 = fakeHome("jdk-21", "21.0.2", true);
        Files.createDirectories(tmp.resolve("jvm"));
        Path java24 = fakeHome("jvm/jdk-24", "24.0.1", false);
        Run r = listJdks(Map.of("JAVA_HOME", java11.toString(), "TLSDIAG_JDKS", java21.toString(),
                "TLSDIAG_JDK_SEARCH", tmp.resolve("jvm") + "/*"), bin.toString());
        assertEquals(0, r.exitCode(), r.output());
        String out = r.output();
        assertTrue(out.contains("covered: Java 17 at " + java17), "the java on the PATH, through its link:\n" + out);
        assertTrue(out.contains("covered: Java 21 at " + java21), out);
        assertTrue(out.contains("covered: Java 24 at " + java24), "found in an install folder:\n" + out);
        assertTrue(out.contains("skipped: Java 11 at " + java11 + ": older than 17"), out);
        assertTrue(out.contains("skipped: Java 25: not installed"), out);
        assertTrue(out.contains("Maven runs on " + java17 + ")"), "the oldest JDK with javac:\n" + out);
    }

    @Test
    void ciRequiresSeventeenAndTwentyFive() throws Exception {
        Path bin = toolsWithoutJava();
        Files.createSymbolicLink(bin.resolve("java"), fakeHome("jdk-17", "17.0.9", true).resolve("bin/java"));
        Run r = listJdks(Map.of("TLSDIAG_REQUIRE_JDKS", "17 25", "TLSDIAG_JDK_SEARCH", ""), bin.toString());
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("Java 25 is required here (TLSDIAG_REQUIRE_JDKS) and none was found"),
                r.output());
    }

    @Test
    void withoutAnyJavaSeventeenItSaysWhatToInstall() throws Exception {
        Path java11 = fakeHome("jdk-11", "11.0.22", true);
        Run r = listJdks(Map.of("JAVA_HOME", java11.toString(), "TLSDIAG_JDK_SEARCH", ""), toolsWithoutJava().toString());
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("no JDK 17 or newer with javac found"), r.output());
        assertTrue(r.output().contains("skipped: Java 11 at " + java11 + ": older than 17"), r.output());
    }

    /** A PATH with the tools the script uses and no java. */
    private Path toolsWithoutJava() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : List.of("bash", "sed", "head", "sort", "dirname", "basename", "readlink")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
        return bin;
    }

    /** A Java home as the script sees one: a release file, bin/java and, for a JDK, bin/javac (never run). */
    private Path fakeHome(String name, String version, boolean jdk) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve(name).resolve("bin"));
        for (String tool : jdk ? List.of("java", "javac") : List.of("java")) {
            Path file = bin.resolve(tool);
            Files.writeString(file, "#!/bin/sh\necho 'openjdk version \"" + version + "\"' >&2\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(bin.getParent().resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        return bin.getParent().toRealPath();
    }

    private Run listJdks(Map<String, String> env, String path) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", SCRIPT.toString(), "--list-jdks").redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TLSDIAG_") || k.equals("JAVA_HOME"));
        pb.environment().putAll(env);
        pb.environment().put("PATH", path);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "test.sh --list-jdks did not finish");
        return new Run(p.exitValue(), out);
    }
}
