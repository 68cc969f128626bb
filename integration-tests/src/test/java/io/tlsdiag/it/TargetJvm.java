package io.tlsdiag.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A running DemoService JVM to attach to: the test sends it URLs and reads what the application saw. When it is
 * closed, everything it printed is checked for agent failures (see {@link AgentOutput}).
 */
final class TargetJvm implements AutoCloseable {

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Every line the target printed, for the check at close (lines consumed by next() included). */
    private final List<String> everything = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;
    private boolean agentFailuresExpected;
    final String pid;

    /** {@code jvmArgs} come after the demo trust store's, so a test may set its own trust store. */
    TargetJvm(TestJdks.Jdk jdk, Path workDir, List<String> jvmArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(jdk.java().toString(), Peers.shared().trustStoreArg(),
                Peers.trustStorePasswordArg()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", AgentRun.demoClasspath(), "io.tlsdiag.demo.DemoService"));
        process = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                String line;
                while ((line = r.readLine()) != null) {
                    everything.add(line);
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        String ready = next("READY");
        pid = ready.split(" ")[1];
    }

    /** Makes the application call {@code url} and returns its RESULT line. */
    String call(String url) throws Exception {
        stdin.write(url + "\n");
        stdin.flush();
        return next("RESULT");
    }

    String next(String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.append(line).append('\n');
        }
        assertNotNull(null, "no " + prefix + " line from the target; it printed:\n" + seen);
        return null;
    }

    /** Everything else the target printed so far (its stderr included). */
    String drainOutput() {
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        return String.join("\n", rest);
    }

    /** Opt-out of the check at close, only for a test that makes the agent fail on purpose. */
    TargetJvm expectAgentFailures() {
        agentFailuresExpected = true;
        return this;
    }

    /** Everything the target printed so far, stdout and stderr. */
    String output() {
        synchronized (everything) {
            return String.join("\n", everything);
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        // Its last lines are read before they are checked: wait (bounded) for the exit and the end of its output.
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        if (!agentFailuresExpected) {
            AgentOutput.assertClean(output(), "the target JVM " + pid);
        }
    }
}
