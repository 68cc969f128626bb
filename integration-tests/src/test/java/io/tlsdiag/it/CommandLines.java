package io.tlsdiag.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The command lines of the processes on this machine, as any user reads them ({@code ps}, /proc/PID/cmdline): a
 * secret found here is readable by every user of the host.
 */
final class CommandLines {

    private CommandLines() {
    }

    /** PID -> command line (arguments joined by spaces), for every process whose command line could be read. */
    static Map<Long, String> all() throws IOException {
        Map<Long, String> out = new LinkedHashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String line = of(Long.parseLong(p.getFileName().toString()));
                if (line != null) {
                    out.put(Long.parseLong(p.getFileName().toString()), line);
                }
            }
        }
        return out;
    }

    /** The command line of {@code pid}, or null when the process is gone (or has none, as kernel threads). */
    static String of(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
            return raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException gone) {
            return null;
        }
    }

    /** PID -> command line of every process whose command line contains {@code text}. */
    static Map<Long, String> containing(String text) throws IOException {
        Map<Long, String> out = new LinkedHashMap<>();
        all().forEach((pid, line) -> {
            if (line.contains(text)) {
                out.put(pid, line);
            }
        });
        return out;
    }
}
