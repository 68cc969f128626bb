package io.tlsdiag.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar tlsdiag.jar ...} as a user would. */
final class Cli {

    record Result(int exitCode, String stdout, String stderr, long millis) {
        String all() {
            return "exit " + exitCode + "\n" + stdout + stderr;
        }
    }

    private Cli() {
    }

    static Result run(TestJdks.Jdk jdk, Path workDir, String... args) throws Exception {
        return run(List.of(), jdk, workDir, args);
    }

    /** As another user ({@code runuser -u USER --}); its working directory is /tmp, which every user can enter. */
    static Result runAs(String user, TestJdks.Jdk jdk, Path outputDir, String... args) throws Exception {
        return run(List.of("runuser", "-u", user, "--"), jdk, outputDir, args);
    }

    private static Result run(List<String> prefix, TestJdks.Jdk jdk, Path workDir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(jdk.java().toString(), "-jar", AgentRun.AGENT_JAR.toString()));
        cmd.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "cli", ".out");
        Path err = Files.createTempFile(workDir, "cli", ".err");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(prefix.isEmpty() ? workDir.toFile() : new java.io.File("/tmp"))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tlsdiag " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err),
                (System.nanoTime() - start) / 1_000_000);
    }
}
