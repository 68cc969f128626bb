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
        d.put("expiryWarningDays", "30");
        d.put("dedupWindowSeconds", "600");
        d.put("maxIncidents", "1000");
        d.put("maxBytes", "52428800");
        d.put("debug", "false");
        // Used by `tlsdiag detach`: an attach that carries command=detach switches the agent off.
        d.put("command", "attach");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    private final Map<String, String> values;
    private final List<String> warnings;
    private final java.util.Set<String> given;

    private AgentOptions(Map<String, String> values, List<String> warnings, java.util.Set<String> given) {
        this.values = values;
        this.warnings = warnings;
        this.given = given;
    }

    public static AgentOptions defaults() {
        return parse(null);
    }

    public static AgentOptions parse(String agentArgs) {
        Map<String, String> values = new LinkedHashMap<String, String>(DEFAULTS);
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
                    warnings.add("ignoring option " + key + "=" + value + ": not a valid value, using "
                            + DEFAULTS.get(key));
                } else {
                    values.put(key, value);
                    given.add(key);
                }
            }
        }
        return new AgentOptions(values, warnings, given);
    }

    private static boolean isValid(String key, String value) {
        if (key.equals("dedupWindowSeconds") || key.equals("maxIncidents") || key.equals("maxBytes")) {
            try {
                return Long.parseLong(value) > 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (key.equals("expiryWarningDays")) {
            try {
                int n = Integer.parseInt(value);
                return n >= 0 && n <= 3650;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (key.equals("queueSize") || key.equals("maxStackDepth")) {
            try {
                int n = Integer.parseInt(value);
                return n > 0 && n <= 1000000;
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
        return new File(values.get("output")).getAbsoluteFile();
    }

    public int queueSize() {
        return Integer.parseInt(values.get("queueSize"));
    }

    public int maxStackDepth() {
        return Integer.parseInt(values.get("maxStackDepth"));
    }

    /** Repeats of the same failure (category, peer, chain) within this window update one incident. */
    public long dedupWindowMillis() {
        return Long.parseLong(values.get("dedupWindowSeconds")) * 1000L;
    }

    /** The most incident files kept in the output directory; the oldest go first. */
    public int maxIncidents() {
        return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(values.get("maxIncidents")));
    }

    /** The most bytes of incident files (and of the NDJSON stream) kept in the output directory. */
    public long maxBytes() {
        return Long.parseLong(values.get("maxBytes"));
    }

    /** Certificates of successful handshakes expiring within this many days are reported once (0: never). */
    public int expiryWarningDays() {
        return Integer.parseInt(values.get("expiryWarningDays"));
    }

    /** Debug mode prints exceptions thrown inside advice instead of swallowing them silently. */
    public boolean debug() {
        return Boolean.parseBoolean(values.get("debug"));
    }

    /** Whether the option was set explicitly (rather than left at its default). */
    public boolean isGiven(String key) {
        return given.contains(key);
    }

    public boolean isDetach() {
        return "detach".equals(values.get("command"));
    }

    public List<String> warnings() {
        return warnings;
    }

}
