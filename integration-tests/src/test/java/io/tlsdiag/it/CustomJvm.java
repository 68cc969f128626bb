package io.tlsdiag.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A JVM with what {@link AgentRun} and {@link TargetJvm} do not set: environment variables, another class path (an
 * application with its own SLF4J). Run to completion ({@link #run}) or kept running as a {@link Running} DemoService.
 * Its output is checked for agent failures like theirs ({@link AgentOutput}).
 */
final class CustomJvm {

    private final TestJdks.Jdk jdk;
    private final Path workDir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private String classpath = AgentRun.demoClasspath();
    private String agentOptions;

    CustomJvm(TestJdks.Jdk jdk, Path workDir) {
        this.jdk = jdk;
        this.workDir = workDir;
    }

    /** The jars of an application's own SLF4J: slf4j-api and slf4j-simple (demo-app/target/slf4j-lib). */
    static List<String> slf4jJars() {
        File dir = Path.of(System.getProperty("tlsdiag.demoLibs")).resolveSibling("slf4j-lib").toFile();
        File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
        assertNotNull(jars, "no " + dir + ": build demo-app first");
        assertEquals(2, jars.length, Arrays.toString(jars));
        return Arrays.stream(jars).map(File::getPath).sorted().toList();
    }

    CustomJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    CustomJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    CustomJvm withSlf4j() {
        classpath = Stream.concat(Stream.of(classpath), slf4jJars().stream())
                .collect(Collectors.joining(File.pathSeparator));
        return this;
    }

    /** With {@code -javaagent:tlsdiag.jar[=options]} (null: no options). */
    CustomJvm agent(String options) {
        agentOptions = options == null ? "" : options;
        return this;
    }

    private ProcessBuilder builder(String mainClass, List<String> args) throws Exception {
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>(List.of(jdk.java().toString(), Peers.shared().trustStoreArg(),
                Peers.trustStorePasswordArg()));
        if (agentOptions != null) {
            cmd.add("-javaagent:" + AgentRun.AGENT_JAR + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", classpath, mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        // Only what the test sets: a TLSDIAG_* variable of the shell running the tests must not leak in.
        pb.environment().keySet().removeIf(k -> k.startsWith("TLSDIAG_"));
        pb.environment().putAll(env);
        return pb;
    }

    AgentRun.Result run(String mainClass, String... args) throws Exception {
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Process p = builder(mainClass, List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 120 s");
        }
        AgentRun.Result r = new AgentRun.Result(p.exitValue(), Files.readString(out), Files.readString(err), workDir);
        AgentOutput.assertClean(r.stderr(), mainClass + " in " + workDir + "\n" + r.describe());
        return r;
    }

    /** A DemoService (see {@link TargetJvm}) with this environment; its stdout and stderr are read together. */
    Running startService() throws Exception {
        return new Running(builder("io.tlsdiag.demo.DemoService", List.of()).redirectErrorStream(true).start(), jdk);
    }

    static final class Running implements AutoCloseable {
        private final Process process;
        private final TestJdks.Jdk jdk;
        private final Writer stdin;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> everything = Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;
        final String pid;

        private Running(Process process, TestJdks.Jdk jdk) throws Exception {
            this.process = process;
            this.jdk = jdk;
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        everything.add(line);
                        lines.add(line);
                    }
                } catch (Exception ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            pid = next("READY").split(" ")[1];
        }

        /** Makes the application call {@code url}; returns its RESULT line. */
        String call(String url) throws Exception {
            stdin.write(url + "\n");
            stdin.flush();
            return next("RESULT");
        }

        /** The next line that starts with {@code prefix} (30 s at most). */
        String next(String prefix) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new AssertionError("no line starting with '" + prefix + "'; the JVM printed:\n" + output());
        }

        String output() {
            synchronized (everything) {
                return String.join("\n", everything);
            }
        }

        /** Its system properties, as {@code jcmd VM.system_properties} prints them (unescaped). */
        Properties systemProperties() throws Exception {
            String printed = jcmd("VM.system_properties");
            Properties p = new Properties();
            p.load(new java.io.StringReader(printed));
            return p;
        }

        String jcmd(String... command) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(jdk.home().resolve("bin/jcmd").toString(), pid));
            cmd.addAll(List.of(command));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("jcmd " + String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            AgentOutput.assertClean(output(), "the JVM " + pid);
        }
    }
}
