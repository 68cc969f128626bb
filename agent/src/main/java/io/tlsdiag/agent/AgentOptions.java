package io.tlsdiag.agent;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's options: {@code -javaagent:tlsdiag.jar=key=value,key=value}. Parsing never fails: an unknown or
 * malformed option becomes a warning and the default stays, so the application always starts.
 *
 * <p>A re-attach parses its options against the ones in effect ({@link #parse(String, AgentOptions)}): it changes
 * exactly the options it names, and a bad value keeps the current one rather than falling back to the default.
 */
public final class AgentOptions {

    public static final String DEFAULT_OUTPUT = "tlsdiag-incidents";

    /** Every option the agent understands, with its default, in the order the README lists them. */
    static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<String, String>();
        d.put("output", DEFAULT_OUTPUT);
        d.put("queueSize", "256");
        d.put("maxStackDepth", "64");
        d.put("dedupWindowSeconds", "600");
        d.put("maxIncidents", "1000");
        d.put("maxBytes", "52428800");
        d.put("expiryWarningDays", "30");
        d.put("debug", "false");
        // Used by `tlsdiag detach`: an attach that carries command=detach switches the agent off.
        d.put("command", "attach");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    /**
     * The longest de-duplication window, 10 years: far beyond any use, and its milliseconds fit in a long (seconds up
     * to {@code Long.MAX_VALUE} overflowed into a negative window that de-duplicated nothing).
     */
    static final long MAX_DEDUP_WINDOW_SECONDS = 3650L * 24 * 3600;

    /** The numeric options and their bounds (inclusive). */
    private static final Map<String, long[]> RANGES = new LinkedHashMap<String, long[]>();

    static {
        RANGES.put("queueSize", new long[] {1, 1000000});
        RANGES.put("maxStackDepth", new long[] {1, 1000000});
        RANGES.put("expiryWarningDays", new long[] {0, 3650});
        RANGES.put("dedupWindowSeconds", new long[] {1, MAX_DEDUP_WINDOW_SECONDS});
        RANGES.put("maxIncidents", new long[] {1, Long.MAX_VALUE});
        RANGES.put("maxBytes", new long[] {1, Long.MAX_VALUE});
    }

    private final Map<String, String> values;
    private final List<String> warnings;
    private final java.util.Set<String> given;
    // Parsed once: some are read on every handshake (expiryWarningDays) or failure (dedupWindowSeconds).
    private final File outputDirectory;
    private final int queueSize;
    private final int maxStackDepth;
    private final int expiryWarningDays;
    private final long dedupWindowMillis;
    private final int maxIncidents;
    private final long maxBytes;
    private final boolean debug;
    private final boolean detach;
    private final String effective;

    private AgentOptions(Map<String, String> values, List<String> warnings, java.util.Set<String> given) {
        this.values = values;
        this.warnings = warnings;
        this.given = given;
        this.outputDirectory = new File(values.get("output")).getAbsoluteFile();
        this.queueSize = Integer.parseInt(values.get("queueSize"));
        this.maxStackDepth = Integer.parseInt(values.get("maxStackDepth"));
        this.expiryWarningDays = Integer.parseInt(values.get("expiryWarningDays"));
        this.dedupWindowMillis = Long.parseLong(values.get("dedupWindowSeconds")) * 1000L;
        this.maxIncidents = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(values.get("maxIncidents")));
        this.maxBytes = Long.parseLong(values.get("maxBytes"));
        this.debug = Boolean.parseBoolean(values.get("debug"));
        this.detach = "detach".equals(values.get("command"));
        this.effective = "output=" + outputDirectory.getPath() + ",queueSize=" + queueSize
                + ",maxStackDepth=" + maxStackDepth + ",dedupWindowSeconds=" + dedupWindowMillis / 1000L
                + ",maxIncidents=" + maxIncidents + ",maxBytes=" + maxBytes + ",expiryWarningDays=" + expiryWarningDays
                + ",debug=" + debug;
    }

    public static AgentOptions defaults() {
        return parse(null);
    }

    public static AgentOptions parse(String agentArgs) {
        return parse(agentArgs, null);
    }

    /**
     * The options of {@code agentArgs} on top of {@code base} (the options in effect; null: the defaults). Only the
     * options named in {@code agentArgs} change; {@link #isGiven} tells which ones were. {@code command} is never
     * inherited: every attach is an attach unless it says detach.
     */
    public static AgentOptions parse(String agentArgs, AgentOptions base) {
        Map<String, String> values = new LinkedHashMap<String, String>(base == null ? DEFAULTS : base.values);
        values.put("command", DEFAULTS.get("command"));
        List<String> warnings = new ArrayList<String>();
        java.util.Set<String> given = new java.util.HashSet<String>();
        if (agentArgs != null && !agentArgs.trim().isEmpty()) {
            for (String pair : agentArgs.split(",")) {
                String item = pair.trim();
                if (item.isEmpty()) {
                    continue;
                }
                int eq = item.indexOf('=');
                if (eq <= 0 || eq == item.length() - 1) {
                    warnings.add("ignoring malformed option '" + item + "' (expected key=value)");
                    continue;
                }
                String key = item.substring(0, eq).trim();
                String value = item.substring(eq + 1).trim();
                if (!DEFAULTS.containsKey(key)) {
                    warnings.add("ignoring unknown option '" + key + "' (known: " + DEFAULTS.keySet() + ")");
                } else if (!isValid(key, value)) {
                    warnings.add("ignoring option " + key + "=" + value + ": not a valid value, "
                            + (base == null ? "using " : "keeping ") + values.get(key));
                } else {
                    values.put(key, value);
                    given.add(key);
                }
            }
        }
        return new AgentOptions(values, warnings, given);
    }

    private static boolean isValid(String key, String value) {
        long[] range = RANGES.get(key);
        if (range != null) {
            try {
                long n = Long.parseLong(value);
                return n >= range[0] && n <= range[1];
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (key.equals("debug")) {
            return value.equals("true") || value.equals("false");
        }
        if (key.equals("command")) {
            return value.equals("attach") || value.equals("detach");
        }
        return true;
    }

    /** The incident directory, absolute; a relative path is resolved against the JVM's working directory. */
    public File outputDirectory() {
        return outputDirectory;
    }

    public int queueSize() {
        return queueSize;
    }

    public int maxStackDepth() {
        return maxStackDepth;
    }

    /** Repeats of the same failure (category, peer, chain) within this window update one incident. */
    public long dedupWindowMillis() {
        return dedupWindowMillis;
    }

    /** The most incident files kept in the output directory; the oldest go first. */
    public int maxIncidents() {
        return maxIncidents;
    }

    /** The most bytes of incident files (and of the NDJSON stream) kept in the output directory. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Certificates of successful handshakes expiring within this many days are reported once (0: never). */
    public int expiryWarningDays() {
        return expiryWarningDays;
    }

    /** Debug mode prints exceptions thrown inside advice instead of swallowing them silently. */
    public boolean debug() {
        return debug;
    }

    /** Whether the option was set explicitly (rather than left at its default). */
    public boolean isGiven(String key) {
        return given.contains(key);
    }

    /**
     * The effective options as {@code key=value,...} in the README's order, with the output directory absolute:
     * published to {@code tlsdiag attach} (none of them is secret), and parseable again by {@link #parse(String)}.
     */
    public String describe() {
        return effective;
    }

    /**
     * Whether {@code other} needs nothing different from the incident sink: every option but {@code debug}, which
     * is read where it is used. ({@code expiryWarningDays} counts: the writer puts it into the evidence.)
     */
    public boolean sameSinkSettings(AgentOptions other) {
        return outputDirectory.equals(other.outputDirectory) && queueSize == other.queueSize
                && maxStackDepth == other.maxStackDepth && dedupWindowMillis == other.dedupWindowMillis
                && maxIncidents == other.maxIncidents && maxBytes == other.maxBytes
                && expiryWarningDays == other.expiryWarningDays;
    }

    public boolean isDetach() {
        return detach;
    }

    public List<String> warnings() {
        return warnings;
    }

}
