package io.tlsdiag.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDKs the agent is tested on: {@code -Dtlsdiag.test.javaHomes=/jdk17,/jdk25} (scripts/test.sh passes every Java
 * 17+ it finds; CI requires 17 and 25). A listed JDK that does not exist fails the run instead of being skipped.
 */
public final class TestJdks {

    public record Jdk(String label, Path home) {
        public Path java() {
            return home.resolve("bin").resolve("java");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private TestJdks() {
    }

    public static List<Jdk> all() {
        String homes = System.getProperty("tlsdiag.test.javaHomes", System.getProperty("java.home"));
        List<Jdk> out = new ArrayList<>();
        for (String h : homes.split(",")) {
            if (h.isBlank()) {
                continue;
            }
            Path home = Path.of(h.trim());
            if (!Files.isExecutable(home.resolve("bin/java"))) {
                throw new IllegalStateException("tlsdiag.test.javaHomes lists " + home + ", which has no bin/java");
            }
            out.add(new Jdk("jdk" + feature(home), home));
        }
        return out;
    }

    static String feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return v.split("[.]")[0];
                }
            }
        } catch (Exception ignored) {
            // fall through
        }
        return home.getFileName().toString();
    }
}
