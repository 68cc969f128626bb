package io.tlsdiag.it;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * "No agent stack trace appears on stderr": what a JVM running the agent may never print. The agent's own voice
 * ({@code [tlsdiag] ...} warnings, debug lines) is allowed; a frame of the agent's code, an internal error the agent
 * reports about itself, or a JVM that says the agent failed to start is not.
 *
 * <p>The harness applies it to every JVM it runs: {@link AgentRun#run} on the finished output, {@link TargetJvm#close}
 * on everything the target printed, and (through {@link AfterEach}, registered for every test class by
 * src/test/resources/META-INF/services) the output of each {@link AgentRun#start}ed JVM after its test.
 */
public final class AgentOutput {

    /** Each with the reason a line is an agent failure. The demo application's own frames are io.tlsdiag.demo. */
    private static final List<Pattern> FAILURES = List.of(
            Pattern.compile("^\\s+at io\\.tlsdiag\\.(?!demo\\.)"),           // a frame of the agent or its shaded libraries
            Pattern.compile("^Caused by: .*\\bio\\.tlsdiag\\.(?!demo\\.)"), // an exception class of the agent
            Pattern.compile("^\\[tlsdiag\\] internal error"),                 // AgentLog.failure
            Pattern.compile("^Exception in thread \"tlsdiag"),                // an agent thread died
            Pattern.compile("processing of -javaagent failed|java\\.lang\\.instrument ASSERTION FAILED")); // premain

    private static final List<Path> PENDING = new ArrayList<>();

    private AgentOutput() {
    }

    /** The lines of {@code output} that show an agent failure. */
    static List<String> failures(String output) {
        return output.lines().filter(l -> FAILURES.stream().anyMatch(p -> p.matcher(l).find())).toList();
    }

    /** Fails when {@code output} (of {@code what}) shows an agent failure. */
    static void assertClean(String output, String what) {
        List<String> bad = failures(output);
        if (!bad.isEmpty()) {
            throw new AssertionError("the agent failed inside " + what + " (" + bad.size()
                    + " line(s) such as '" + bad.get(0).strip() + "'); it printed:\n" + output);
        }
    }

    /** Checks {@code file} after the current test ends (for JVMs a test starts and stops itself). */
    static synchronized void checkAfterTest(Path file) {
        PENDING.add(file);
    }

    private static synchronized List<Path> takePending() {
        List<Path> files = new ArrayList<>(PENDING);
        PENDING.clear();
        return files;
    }

    /** The check of {@link #checkAfterTest} files, run after each test (autodetected JUnit extension). */
    public static final class AfterEach implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            for (Path file : takePending()) {
                if (Files.exists(file)) {
                    assertClean(Files.readString(file), file.toString());
                }
            }
        }
    }

    /**
     * {@code text} without the agent's one line per new incident or finding ({@code log=auto} writes it to stderr
     * when the application has no SLF4J), so the rest can be compared with what the application alone prints.
     */
    static String withoutIncidentLines(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("[tlsdiag] TLS handshake failed: ") || line.startsWith("[tlsdiag] TLS finding: ")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line);
        }
        return out.toString();
    }
}
