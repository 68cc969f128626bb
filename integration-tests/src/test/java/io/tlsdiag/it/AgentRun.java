package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Starts a real JVM (optionally with the real shaded agent jar), waits for it, and reads what it wrote. */
public final class AgentRun {

    public static final Path AGENT_JAR = Path.of(System.getProperty("tlsdiag.agentJar", "../agent/target/tlsdiag.jar"))
            .toAbsolutePath().normalize();

    private final TestJdks.Jdk jdk;
    private final Path workDir;
    private String agentOptions;
    private boolean withAgent = true;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> extraAgents = new ArrayList<>();
    private boolean agentFailuresExpected;
    private String classpath;

    public AgentRun(TestJdks.Jdk jdk, Path workDir) {
        this.jdk = jdk;
        this.workDir = workDir;
    }

    public AgentRun agentOptions(String options) {
        this.agentOptions = options;
        return this;
    }

    public AgentRun withoutAgent() {
        this.withAgent = false;
        return this;
    }

    public AgentRun jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /**
     * Opt-out of the check every run gets ({@link AgentOutput}: no agent stack trace, no internal error on stderr),
     * only for a test that makes the agent fail on purpose.
     */
    public AgentRun expectAgentFailures() {
        this.agentFailuresExpected = true;
        return this;
    }

    public AgentRun secondAgentCopy() {
        extraAgents.add("-javaagent:" + AGENT_JAR);
        return this;
    }

    /** Runs the program on this class path instead of the demo application's (see {@link #clientClasspath()}). */
    public AgentRun classpath(String classpath) {
        this.classpath = classpath;
        return this;
    }

    public static String demoClasspath() {
        return jarAndLibs(System.getProperty("tlsdiag.demoClasses"), System.getProperty("tlsdiag.demoLibs"));
    }

    /** The test-clients module: applications on OkHttp, Apache HttpClient, Netty, Reactor Netty, Jetty, gRPC. */
    public static String clientClasspath() {
        return jarAndLibs(System.getProperty("tlsdiag.clientClasses"), System.getProperty("tlsdiag.clientLibs"));
    }

    private static String jarAndLibs(String jar, String libDir) {
        File[] libs = new File(libDir).listFiles((d, n) -> n.endsWith(".jar"));
        return Stream.concat(Stream.of(jar), Arrays.stream(libs == null ? new File[0] : libs).map(File::getPath))
                .collect(Collectors.joining(File.pathSeparator));
    }

    public Result run(String mainClass, List<String> args) throws Exception {
        List<String> cmd = command(mainClass, args);
        Files.createDirectories(workDir);
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 120 s: " + cmd);
        }
        Result result = new Result(p.exitValue(), Files.readString(out), Files.readString(err), workDir);
        if (!agentFailuresExpected) {
            AgentOutput.assertClean(result.stderr(), mainClass + " in " + workDir + "\n" + result.describe());
        }
        return result;
    }

    /**
     * Runs the program without the agent (in workDir/without-agent) and then with it, and asserts that the
     * application saw the same outcome of every call (DemoClient's RESULT lines: OK, or the same exception types,
     * messages and causes). {@code timingDependent} names calls whose outcome depends on scheduling even without
     * the agent; they are left out of the comparison. Returns the run with the agent.
     */
    public Result runComparedWithoutAgent(String mainClass, List<String> args, String... timingDependent)
            throws Exception {
        AgentRun plain = new AgentRun(jdk, workDir.resolve("without-agent")).withoutAgent();
        plain.jvmArgs.addAll(jvmArgs);
        plain.classpath = classpath;
        Map<String, String> without = plain.run(mainClass, args).results();
        Result with = run(mainClass, args);
        Map<String, String> seen = new LinkedHashMap<>(with.results());
        for (String name : timingDependent) {
            without.remove(name);
            seen.remove(name);
        }
        if (without.isEmpty()) {
            throw new AssertionError("nothing to compare: the program printed no RESULT line\n" + with.describe());
        }
        org.junit.jupiter.api.Assertions.assertEquals(without, seen,
                "the application must see the same outcome with and without the agent\n" + with.describe());
        return with;
    }

    /** Starts the program; what it prints is checked for agent failures after the test (see AgentOutput). */
    public Process start(String mainClass, List<String> args) throws Exception {
        Files.createDirectories(workDir);
        Path err = workDir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command(mainClass, args)).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(err.toFile()).start();
        if (!agentFailuresExpected) {
            AgentOutput.checkAfterTest(err);
        }
        return p;
    }

    private List<String> command(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        if (withAgent) {
            cmd.add("-javaagent:" + AGENT_JAR + (agentOptions == null ? "" : "=" + agentOptions));
            cmd.addAll(extraAgents);
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath != null ? classpath : demoClasspath());
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    public record Result(int exitCode, String stdout, String stderr, Path workDir) {

        /** RESULT lines of DemoClient: name -> "OK ..." or "FAILED <exception chain>". */
        public Map<String, String> results() {
            Map<String, String> r = new LinkedHashMap<>();
            for (String line : stdout.split("\n")) {
                if (line.startsWith("RESULT ")) {
                    String[] parts = line.split(" ", 3);
                    r.put(parts[1], parts[2]);
                }
            }
            return r;
        }

        public List<JsonNode> incidents(String dir) throws Exception {
            Path d = workDir.resolve(dir);
            if (!Files.isDirectory(d)) {
                return List.of();
            }
            ObjectMapper mapper = new ObjectMapper();
            List<JsonNode> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    out.add(mapper.readTree(Files.readString(f, StandardCharsets.UTF_8)));
                }
            }
            return out;
        }

        public String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }
}
