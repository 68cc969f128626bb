package io.tlsdiag.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
        return run(List.of(), Map.of(), jdk, workDir, args);
    }

    /** With these variables added to the environment (a null value removes the variable). */
    static Result runWithEnv(Map<String, String> env, TestJdks.Jdk jdk, Path workDir, String... args)
            throws Exception {
        return run(List.of(), env, jdk, workDir, args);
    }

    /** As another user ({@code runuser -u USER --}); its working directory is /tmp, which every user can enter. */
    static Result runAs(String user, TestJdks.Jdk jdk, Path outputDir, String... args) throws Exception {
        return run(List.of("runuser", "-u", user, "--"), Map.of(), jdk, outputDir, args);
    }

    /**
     * On a terminal, as a person at a shell would run it: util-linux {@code script} gives tlsdiag a pseudo-terminal
     * for stdin and stdout, typing {@code typed} into it. What the terminal showed comes back as stdout (stderr
     * included, with CR LF line ends as a terminal has them).
     */
    static Result runOnTerminal(Map<String, String> env, String typed, TestJdks.Jdk jdk, Path workDir,
            String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-jar", AgentRun.AGENT_JAR.toString()));
        command.addAll(List.of(args));
        String shell = command.stream().map(Cli::quoted).collect(Collectors.joining(" "));
        List<String> cmd = List.of("script", "-q", "-e", "-c", shell, "/dev/null");
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "tty", ".out");
        Path in = Files.createTempFile(workDir, "tty", ".in");
        Files.writeString(in, typed == null ? "" : typed);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectInput(in.toFile())
                .redirectOutput(out.toFile()).redirectErrorStream(true);
        environment(pb, env);
        pb.environment().put("TERM", "xterm");
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tlsdiag " + String.join(" ", args) + " did not finish on a terminal");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), "",
                (System.nanoTime() - start) / 1_000_000);
    }

    static boolean canRunOnTerminal() {
        return Files.isExecutable(Path.of("/usr/bin/script"));
    }

    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static void environment(ProcessBuilder pb, Map<String, String> env) {
        // Whoever runs the tests may have NO_COLOR set; a test that wants it says so.
        pb.environment().remove("NO_COLOR");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
    }

    private static Result run(List<String> prefix, Map<String, String> env, TestJdks.Jdk jdk, Path workDir,
            String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(jdk.java().toString(), "-jar", AgentRun.AGENT_JAR.toString()));
        cmd.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "cli", ".out");
        Path err = Files.createTempFile(workDir, "cli", ".err");
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(prefix.isEmpty() ? workDir.toFile()
                : new java.io.File("/tmp")).redirectOutput(out.toFile()).redirectError(err.toFile());
        environment(pb, env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tlsdiag " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err),
                (System.nanoTime() - start) / 1_000_000);
    }
}
