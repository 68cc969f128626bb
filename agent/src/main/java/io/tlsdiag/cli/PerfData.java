package io.tlsdiag.cli;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HotSpot's performance-data files ({@code /tmp/hsperfdata_<user>/<pid>}), read the way {@code jps} reads them: the
 * JVMs running on this machine, their command line, and whether they accept attach. Used where the JDK's attach API
 * (which reads the same files) is not there, in a runtime without jdk.attach. JVMs started with
 * {@code -XX:-UsePerfData} have no such file.
 */
final class PerfData {

    private static final int MAGIC = 0xcafec0c0;

    final String pid;
    final Map<String, String> strings;

    private PerfData(String pid, Map<String, String> strings) {
        this.pid = pid;
        this.strings = strings;
    }

    /** The main class or jar and its arguments, as {@code jps -m} shows them; "" when unknown. */
    String command() {
        String c = strings.get("sun.rt.javaCommand");
        return c == null ? "" : c;
    }

    /** False only when the JVM says it refuses attach ({@code -XX:+DisableAttachMechanism}). */
    boolean attachable() {
        String capabilities = strings.get("sun.rt.jvmCapabilities");
        return capabilities == null || capabilities.isEmpty() || capabilities.charAt(0) == '1';
    }

    /** Every readable performance-data file of a live process in {@code tmpDir}'s hsperfdata_* folders. */
    static List<PerfData> all(File tmpDir) {
        List<PerfData> out = new ArrayList<PerfData>();
        File[] userDirs = tmpDir.listFiles((d, name) -> name.startsWith("hsperfdata_"));
        if (userDirs == null) {
            return out;
        }
        boolean proc = new File("/proc/self").exists();
        for (File userDir : userDirs) {
            File[] files = userDir.listFiles((d, name) -> name.matches("[0-9]+"));
            if (files == null) {
                continue;
            }
            for (File f : files) {
                if (proc && !new File("/proc/" + f.getName()).exists()) {
                    continue; // left behind by a JVM that was killed
                }
                PerfData p = read(f);
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The performance data of {@code pid} in {@code tmpDir}, or null. */
    static PerfData of(File tmpDir, String pid) {
        File[] userDirs = tmpDir.listFiles((d, name) -> name.startsWith("hsperfdata_"));
        if (userDirs != null) {
            for (File userDir : userDirs) {
                File f = new File(userDir, pid);
                if (f.isFile()) {
                    PerfData p = read(f);
                    if (p != null) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /** Parses one file (the layout of HotSpot's perfMemory.hpp); null when unreadable or not a perf-data file. */
    static PerfData read(File f) {
        try {
            return parse(f.getName(), Files.readAllBytes(f.toPath()));
        } catch (Exception e) {
            return null; // another user's file, or one being created or deleted
        }
    }

    static PerfData parse(String pid, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 32 || b.getInt(0) != MAGIC) { // the magic number is always big-endian
            return null;
        }
        b.order(bytes[4] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entry = b.getInt(24);
        int count = b.getInt(28);
        Map<String, String> strings = new LinkedHashMap<String, String>();
        for (int i = 0; i < count && entry > 0 && entry + 20 <= bytes.length; i++) {
            int length = b.getInt(entry);
            int nameOffset = b.getInt(entry + 4);
            int vectorLength = b.getInt(entry + 8);
            byte type = b.get(entry + 12);
            int dataOffset = b.getInt(entry + 16);
            if (length <= 0) {
                break;
            }
            if (type == 'B' && vectorLength > 0) { // byte vectors are the strings
                strings.put(cString(bytes, entry + nameOffset, length), cString(bytes, entry + dataOffset,
                        vectorLength));
            }
            entry += length;
        }
        return new PerfData(pid, strings);
    }

    private static String cString(byte[] bytes, int start, int max) {
        int end = start;
        while (end < bytes.length && end - start < max && bytes[end] != 0) {
            end++;
        }
        return start >= bytes.length ? "" : new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
}
