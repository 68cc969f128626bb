package io.tlsdiag.agent;

import io.tlsdiag.agent.incident.SinkOptions;
import io.tlsdiag.agent.ops.LogMode;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static io.tlsdiag.agent.util.SharedNames.COMMAND;
import static io.tlsdiag.agent.util.SharedNames.COMMAND_ATTACH;
import static io.tlsdiag.agent.util.SharedNames.COMMAND_DETACH;
import static io.tlsdiag.agent.util.SharedNames.CONFIG_FILE;
import static io.tlsdiag.agent.util.SharedNames.DEBUG;
import static io.tlsdiag.agent.util.SharedNames.DEDUP_WINDOW_SECONDS;
import static io.tlsdiag.agent.util.SharedNames.DEFAULT_OUTPUT;
import static io.tlsdiag.agent.util.SharedNames.EXPIRY_WARNING_DAYS;
import static io.tlsdiag.agent.util.SharedNames.JMX;
import static io.tlsdiag.agent.util.SharedNames.JMX_DELAY_SECONDS;
import static io.tlsdiag.agent.util.SharedNames.LOG;
import static io.tlsdiag.agent.util.SharedNames.MAX_BYTES;
import static io.tlsdiag.agent.util.SharedNames.MAX_INCIDENTS;
import static io.tlsdiag.agent.util.SharedNames.MAX_STACK_DEPTH;
import static io.tlsdiag.agent.util.SharedNames.REQUEST_CAPTURES_PER_SECOND;
import static io.tlsdiag.agent.util.SharedNames.HANDSHAKE_STALL_SECONDS;
import static io.tlsdiag.agent.util.SharedNames.OPTION_ENVIRONMENT_PREFIX;
import static io.tlsdiag.agent.util.SharedNames.OPTION_PROPERTY_PREFIX;
import static io.tlsdiag.agent.util.SharedNames.OS_TRUST_STORE;
import static io.tlsdiag.agent.util.SharedNames.OUTPUT;
import static io.tlsdiag.agent.util.SharedNames.QUEUE_SIZE;

/**
 * The agent's options. Parsing never fails: an unknown or malformed option becomes a warning and the value of the
 * next source stays, so the application always starts.
 *
 * <p>Sources, highest precedence first ({@link #load}): the agent's arguments ({@code -javaagent:tlsdiag.jar=k=v,...}
 * or {@code tlsdiag attach --option k=v}); system properties {@code -Dtlsdiag.<option>}; environment variables
 * {@code TLSDIAG_<OPTION>} (upper case, camelCase split by {@code _}); a properties file ({@code configFile}); the
 * defaults. Arguments are comma-separated, so a value that needs a comma comes from one of the other sources. Each
 * option remembers which source its value came from ({@link #sources}), which {@code tlsdiag status} shows.
 *
 * <p>A re-attach parses its options against the ones in effect ({@link #load} with a base): it changes exactly the
 * options it names (and, when it names a {@code configFile}, what that file says), and a bad value keeps the current
 * one rather than falling back to the default.
 *
 * <p>Option names, the property and variable prefixes and the default directory are in
 * {@link io.tlsdiag.agent.util.SharedNames}, which the command line uses too.
 */
public final class AgentOptions implements SinkOptions {

    /** Source labels, as {@code tlsdiag.optionSources} publishes them. */
    public static final String FROM_DEFAULT = "default";
    public static final String FROM_FILE = "file";
    public static final String FROM_ENVIRONMENT = "env";
    public static final String FROM_SYSTEM_PROPERTY = "sysprop";
    public static final String FROM_JAVAAGENT = "javaagent";
    public static final String FROM_ATTACH = "attach";

    /** Every option the agent understands, with its default, in the order the README lists them. */
    static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<String, String>();
        d.put(OUTPUT, DEFAULT_OUTPUT);
        d.put(QUEUE_SIZE, "256");
        d.put(MAX_STACK_DEPTH, "64");
        d.put(DEDUP_WINDOW_SECONDS, "600");
        d.put(MAX_INCIDENTS, "1000");
        d.put(MAX_BYTES, "52428800");
        d.put(EXPIRY_WARNING_DAYS, "30");
        d.put(REQUEST_CAPTURES_PER_SECOND, "100");
        d.put(HANDSHAKE_STALL_SECONDS, "60");
        d.put(LOG, "auto");
        d.put(JMX, "true");
        d.put(JMX_DELAY_SECONDS, "60");
        d.put(DEBUG, "false");
        d.put(OS_TRUST_STORE, ""); // detect
        d.put(CONFIG_FILE, ""); // none
        // Used by `tlsdiag detach`: an attach that carries command=detach switches the agent off.
        d.put(COMMAND, COMMAND_ATTACH);
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    /**
     * Options only the agent's arguments may set: {@code command} is how {@code tlsdiag detach} talks to the agent,
     * never a setting (a {@code TLSDIAG_COMMAND=detach} in an environment must not switch the agent off).
     */
    private static final Set<String> ARGUMENT_ONLY = Collections.singleton(COMMAND);

    /**
     * The longest de-duplication window, 10 years: far beyond any use, and its milliseconds fit in a long (seconds up
     * to {@code Long.MAX_VALUE} overflowed into a negative window that de-duplicated nothing).
     */
    static final long MAX_DEDUP_WINDOW_SECONDS = 3650L * 24 * 3600;

    /** Options whose values are words, accepted in any case and kept in lower case. */
    private static final Set<String> WORDS = new HashSet<String>(java.util.Arrays.asList(LOG, JMX, DEBUG));

    /** The numeric options and their bounds (inclusive). */
    private static final Map<String, long[]> RANGES = new LinkedHashMap<String, long[]>();

    static {
        RANGES.put(QUEUE_SIZE, new long[] {1, 1000000});
        RANGES.put(MAX_STACK_DEPTH, new long[] {1, 1000000});
        RANGES.put(EXPIRY_WARNING_DAYS, new long[] {0, 3650});
        RANGES.put(REQUEST_CAPTURES_PER_SECOND, new long[] {0, 1000000});
        RANGES.put(HANDSHAKE_STALL_SECONDS, new long[] {0, 86400});
        RANGES.put(DEDUP_WINDOW_SECONDS, new long[] {1, MAX_DEDUP_WINDOW_SECONDS});
        RANGES.put(MAX_INCIDENTS, new long[] {1, Long.MAX_VALUE});
        RANGES.put(MAX_BYTES, new long[] {1, Long.MAX_VALUE});
        RANGES.put(JMX_DELAY_SECONDS, new long[] {0, 24 * 3600});
    }

    private final Map<String, String> values;
    private final Map<String, String> sources;
    private final List<String> warnings;
    private final Set<String> given;
    // Parsed once: some are read on every handshake (expiryWarningDays) or failure (dedupWindowSeconds).
    private final File outputDirectory;
    private final int queueSize;
    private final int maxStackDepth;
    private final int requestCapturesPerSecond;
    private final int handshakeStallSeconds;
    private final int expiryWarningDays;
    private final String osTrustStore;
    private final long dedupWindowMillis;
    private final int maxIncidents;
    private final long maxBytes;
    private final LogMode log;
    private final boolean jmx;
    private final long jmxDelaySeconds;
    private final boolean debug;
    private final boolean detach;
    private final String effective;

    private AgentOptions(Map<String, String> values, Map<String, String> sources, List<String> warnings,
                         Set<String> given) {
        this.values = values;
        this.sources = sources;
        this.warnings = warnings;
        this.given = given;
        this.outputDirectory = new File(values.get(OUTPUT)).getAbsoluteFile();
        this.queueSize = Integer.parseInt(values.get(QUEUE_SIZE));
        this.maxStackDepth = Integer.parseInt(values.get(MAX_STACK_DEPTH));
        this.expiryWarningDays = Integer.parseInt(values.get(EXPIRY_WARNING_DAYS));
        this.requestCapturesPerSecond = Integer.parseInt(values.get(REQUEST_CAPTURES_PER_SECOND));
        this.handshakeStallSeconds = Integer.parseInt(values.get(HANDSHAKE_STALL_SECONDS));
        this.osTrustStore = values.get(OS_TRUST_STORE);
        this.dedupWindowMillis = Long.parseLong(values.get(DEDUP_WINDOW_SECONDS)) * 1000L;
        this.maxIncidents = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(values.get(MAX_INCIDENTS)));
        this.maxBytes = Long.parseLong(values.get(MAX_BYTES));
        this.log = LogMode.valueOf(values.get(LOG).toUpperCase(Locale.ROOT));
        this.jmx = Boolean.parseBoolean(values.get(JMX));
        this.jmxDelaySeconds = Long.parseLong(values.get(JMX_DELAY_SECONDS));
        this.debug = Boolean.parseBoolean(values.get(DEBUG));
        this.detach = COMMAND_DETACH.equals(values.get(COMMAND));
        String configFile = values.get(CONFIG_FILE);
        Map<String, Object> shown = new LinkedHashMap<String, Object>();
        shown.put(OUTPUT, outputDirectory.getPath());
        shown.put(QUEUE_SIZE, queueSize);
        shown.put(MAX_STACK_DEPTH, maxStackDepth);
        shown.put(DEDUP_WINDOW_SECONDS, dedupWindowMillis / 1000L);
        shown.put(MAX_INCIDENTS, maxIncidents);
        shown.put(MAX_BYTES, maxBytes);
        shown.put(EXPIRY_WARNING_DAYS, expiryWarningDays);
        shown.put(REQUEST_CAPTURES_PER_SECOND, requestCapturesPerSecond);
        shown.put(HANDSHAKE_STALL_SECONDS, handshakeStallSeconds);
        shown.put(LOG, log.name().toLowerCase(Locale.ROOT));
        shown.put(JMX, jmx);
        shown.put(JMX_DELAY_SECONDS, jmxDelaySeconds);
        shown.put(DEBUG, debug);
        if (!osTrustStore.isEmpty()) {
            shown.put(OS_TRUST_STORE, osTrustStore);
        }
        if (!configFile.isEmpty()) {
            shown.put(CONFIG_FILE, configFile);
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : shown.entrySet()) {
            sb.append(sb.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
        }
        this.effective = sb.toString();
    }

    /** The options of {@code agentArgs} over the defaults, nothing else (no environment, no file). */
    public static AgentOptions parse(String agentArgs) {
        return parse(agentArgs, null);
    }

    /**
     * The options of {@code agentArgs} on top of {@code base} (the options in effect; null: the defaults), and
     * nothing else: no system property, environment variable or file is read. Only the options named in
     * {@code agentArgs} change; {@link #isGiven} tells which ones were. {@code command} is never inherited: every
     * attach is an attach unless it says detach.
     */
    public static AgentOptions parse(String agentArgs, AgentOptions base) {
        Layers layers = new Layers(base);
        layers.arguments(agentArgs, base == null ? FROM_JAVAAGENT : FROM_ATTACH);
        return layers.build();
    }

    /**
     * The options the agent starts with in this JVM, from every source: {@code agentArgs} over this JVM's system
     * properties, environment and configuration file over the defaults. With a {@code base} (a re-attach to a JVM
     * where the agent already runs), {@code agentArgs} over {@code base}, and over the {@code configFile} the
     * arguments name if they name one: the environment of a running JVM has not changed since the agent started.
     */
    public static AgentOptions load(String agentArgs, AgentOptions base, boolean attached) {
        Map<String, String> env;
        try {
            env = System.getenv();
        } catch (SecurityException e) {
            env = Collections.emptyMap();
        }
        Properties properties;
        try {
            properties = System.getProperties();
        } catch (SecurityException e) {
            properties = new Properties();
        }
        return load(agentArgs, base, attached, env, properties);
    }

    /** {@link #load(String, AgentOptions, boolean)} with the given environment and system properties (tests). */
    static AgentOptions load(String agentArgs, AgentOptions base, boolean attached, Map<String, String> env,
                             Properties properties) {
        Layers layers = new Layers(base);
        List<String[]> arguments = layers.split(agentArgs);
        String fileArgument = null;
        for (String[] pair : arguments) {
            if (CONFIG_FILE.equals(pair[0])) {
                fileArgument = pair[1];
            }
        }
        if (base == null) {
            String file = firstNonEmpty(fileArgument,
                    properties.getProperty(propertyName(CONFIG_FILE)), env.get(environmentName(CONFIG_FILE)));
            if (file != null) {
                layers.file(file);
            }
            for (String key : DEFAULTS.keySet()) {
                if (!ARGUMENT_ONLY.contains(key)) {
                    layers.apply(key, env.get(environmentName(key)), FROM_ENVIRONMENT, environmentName(key), null);
                }
            }
            for (String key : DEFAULTS.keySet()) {
                if (!ARGUMENT_ONLY.contains(key)) {
                    layers.apply(key, properties.getProperty(propertyName(key)), FROM_SYSTEM_PROPERTY,
                            "-D" + propertyName(key), null);
                }
            }
        } else if (fileArgument != null) {
            layers.file(fileArgument);
        }
        layers.arguments(arguments, attached ? FROM_ATTACH : FROM_JAVAAGENT);
        return layers.build();
    }

    /** The system property that sets {@code option}: {@code tlsdiag.maxIncidents}. */
    public static String propertyName(String option) {
        return OPTION_PROPERTY_PREFIX + option;
    }

    /** The environment variable that sets {@code option}: {@code TLSDIAG_MAX_INCIDENTS}. */
    public static String environmentName(String option) {
        StringBuilder sb = new StringBuilder(OPTION_ENVIRONMENT_PREFIX);
        for (int i = 0; i < option.length(); i++) {
            char c = option.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('_');
            }
            sb.append(Character.toUpperCase(c));
        }
        return sb.toString();
    }

    /** The options a user may set, with their defaults ({@code ""}: none), in the README's order. */
    public static Map<String, String> settableOptions() {
        Map<String, String> m = new LinkedHashMap<String, String>(DEFAULTS);
        m.keySet().removeAll(ARGUMENT_ONLY);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Reads a {@link #describe()} string (the {@code tlsdiag.options} system property) back into option -> value.
     * Unlike {@link #parse}, a comma inside a value (an output directory given through the environment) does not
     * split it: only a comma followed by a known option name and {@code =} starts the next option.
     */
    public static Map<String, String> readDescription(String described) {
        Map<String, String> out = new LinkedHashMap<String, String>();
        if (described == null) {
            return out;
        }
        List<Integer> starts = new ArrayList<Integer>();
        for (int i = 0; i < described.length(); i++) {
            if (i == 0 || described.charAt(i - 1) == ',') {
                int eq = described.indexOf('=', i);
                if (eq > i && DEFAULTS.containsKey(described.substring(i, eq))) {
                    starts.add(i);
                }
            }
        }
        for (int s = 0; s < starts.size(); s++) {
            int start = starts.get(s);
            int end = s + 1 < starts.size() ? starts.get(s + 1) - 1 : described.length();
            int eq = described.indexOf('=', start);
            out.put(described.substring(start, eq), described.substring(eq + 1, end));
        }
        return out;
    }

    private static String firstNonEmpty(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.trim().isEmpty()) {
                return c.trim();
            }
        }
        return null;
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
        if (key.equals(DEBUG) || key.equals(JMX)) {
            return value.equals("true") || value.equals("false");
        }
        if (key.equals(LOG)) {
            for (LogMode m : LogMode.values()) {
                if (m.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return true;
                }
            }
            return false;
        }
        if (key.equals(COMMAND)) {
            return value.equals(COMMAND_ATTACH) || value.equals(COMMAND_DETACH);
        }
        return true;
    }

    /** The values being built, source by source, lowest precedence first. */
    private static final class Layers {
        final boolean merging;
        final Map<String, String> values;
        final Map<String, String> sources;
        final List<String> warnings = new ArrayList<String>();
        final Set<String> given = new HashSet<String>();

        Layers(AgentOptions base) {
            merging = base != null;
            values = new LinkedHashMap<String, String>(base == null ? DEFAULTS : base.values);
            values.put(COMMAND, DEFAULTS.get(COMMAND));
            if (base != null) {
                sources = new LinkedHashMap<String, String>(base.sources);
            } else {
                sources = new LinkedHashMap<String, String>();
                for (String key : DEFAULTS.keySet()) {
                    sources.put(key, FROM_DEFAULT);
                }
            }
        }

        /**
         * {@code k=v,k=v} into {option, value} pairs; an item that is not one becomes {null, warning}, reported
         * when the arguments are applied, so that the warnings keep the order of the items.
         */
        List<String[]> split(String agentArgs) {
            List<String[]> out = new ArrayList<String[]>();
            if (agentArgs == null || agentArgs.trim().isEmpty()) {
                return out;
            }
            for (String pair : agentArgs.split(",")) {
                String item = pair.trim();
                if (item.isEmpty()) {
                    continue;
                }
                int eq = item.indexOf('=');
                if (eq <= 0 || eq == item.length() - 1) {
                    out.add(new String[] {null, "ignoring malformed option '" + item + "' (expected key=value)"});
                    continue;
                }
                String key = item.substring(0, eq).trim();
                if (!DEFAULTS.containsKey(key)) {
                    out.add(new String[] {null, "ignoring unknown option '" + key + "' (known: "
                            + settableOptions().keySet() + ")"});
                    continue;
                }
                out.add(new String[] {key, item.substring(eq + 1).trim()});
            }
            return out;
        }

        void arguments(String agentArgs, String source) {
            arguments(split(agentArgs), source);
        }

        /** In the order given: a later valid value of the same option wins. */
        void arguments(List<String[]> arguments, String source) {
            for (String[] pair : arguments) {
                if (pair[0] == null) {
                    warnings.add(pair[1]);
                } else if (apply(pair[0], pair[1], source, null, null)) {
                    given.add(pair[0]);
                }
            }
        }

        /**
         * Sets {@code key} from {@code source} when {@code value} is valid; null or blank means the source does not
         * set it. {@code name} is how the source spells the option in a warning (null: {@code option key}),
         * {@code where} what follows the value there (a file's name), if anything.
         */
        boolean apply(String key, String value, String source, String name, String where) {
            if (value == null || value.trim().isEmpty()) {
                return false;
            }
            String v = value.trim();
            if (WORDS.contains(key)) {
                v = v.toLowerCase(Locale.ROOT); // TLSDIAG_DEBUG=TRUE, log=STDERR: as meant
            }
            if (!isValid(key, v)) {
                warnings.add("ignoring " + (name == null ? "option " + key : name) + "=" + v
                        + (where == null ? "" : " in " + where) + ": not a valid value, "
                        + (merging ? "keeping " : "using ") + shown(key));
                return false;
            }
            values.put(key, v);
            sources.put(key, source);
            return true;
        }

        private String shown(String key) {
            String v = values.get(key);
            return v.isEmpty() ? "none" : v;
        }

        /**
         * The options of a properties file ({@code option=value} lines). A file that cannot be read is a warning.
         * Only option names are ever repeated in a warning, never a value of an unknown key: a file shared with
         * the application could hold its passwords.
         */
        void file(String path) {
            File f = new File(path).getAbsoluteFile();
            Properties p = new Properties();
            Reader in = null;
            try {
                in = new InputStreamReader(new FileInputStream(f), StandardCharsets.UTF_8);
                p.load(in);
            } catch (Exception e) {
                warnings.add("cannot read configFile " + f + " (" + e.getClass().getSimpleName() + "); ignoring it");
                return;
            } finally {
                if (in != null) {
                    try {
                        in.close();
                    } catch (Exception ignored) {
                        // read already
                    }
                }
            }
            Map<String, String> sorted = new java.util.TreeMap<String, String>();
            for (String name : p.stringPropertyNames()) {
                sorted.put(name, p.getProperty(name));
            }
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                String key = e.getKey().trim();
                if (!DEFAULTS.containsKey(key) || ARGUMENT_ONLY.contains(key) || key.equals(CONFIG_FILE)) {
                    warnings.add("ignoring unknown option '" + key + "' in " + f);
                    continue;
                }
                apply(key, e.getValue(), FROM_FILE, key, f.getPath());
            }
        }

        AgentOptions build() {
            return new AgentOptions(values, Collections.unmodifiableMap(sources), warnings, given);
        }
    }

    /** The incident directory, absolute; a relative path is resolved against the JVM's working directory. */
    @Override
    public File outputDirectory() {
        return outputDirectory;
    }

    @Override
    public int queueSize() {
        return queueSize;
    }

    /** Asynchronous requests followed per second (a stack capture each); 0: only after a failure. */
    public int requestCapturesPerSecond() {
        return requestCapturesPerSecond;
    }

    /** How long a client engine may stay mid-handshake, untouched by any close, before it is reported; 0: never. */
    public int handshakeStallSeconds() {
        return handshakeStallSeconds;
    }

    @Override
    public int maxStackDepth() {
        return maxStackDepth;
    }

    /** Repeats of the same failure (category, peer, chain) within this window update one incident. */
    @Override
    public long dedupWindowMillis() {
        return dedupWindowMillis;
    }

    /** The most incident files kept in the output directory; the oldest go first. */
    @Override
    public int maxIncidents() {
        return maxIncidents;
    }

    /** The most bytes of incident files (and of the NDJSON stream) kept in the output directory. */
    @Override
    public long maxBytes() {
        return maxBytes;
    }

    /** Certificates of successful handshakes expiring within this many days are reported once (0: never). */
    @Override
    public int expiryWarningDays() {
        return expiryWarningDays;
    }

    /** The OS trust store rejected chains are compared against ("" detects it, {@code none}: off). */
    @Override
    public String osTrustStore() {
        return osTrustStore;
    }

    /** Where each new incident's log line goes. */
    public LogMode log() {
        return log;
    }

    /** Whether the MXBean ({@code SharedNames.MXBEAN_NAME}) is registered. */
    public boolean jmx() {
        return jmx;
    }

    /** After a launch, how long the MXBean waits before it is registered, unless an incident comes first. */
    public long jmxDelaySeconds() {
        return jmxDelaySeconds;
    }

    /**
     * Debug mode prints every internal error with its stack trace (not only the first of each kind), and what the
     * installer does: each class it hooks or skips, and how long it took.
     */
    public boolean debug() {
        return debug;
    }

    /** Whether the option was set explicitly by the arguments (rather than left as it was). */
    public boolean isGiven(String key) {
        return given.contains(key);
    }

    /** Where each option's value came from ({@link #FROM_DEFAULT}, {@link #FROM_ENVIRONMENT}, ...). */
    public String source(String key) {
        return sources.get(key);
    }

    /**
     * Each option's source as {@code option=source,...}, in the order of {@link #describe()} (published as
     * {@code tlsdiag.optionSources}; the sources are plain words, so this always splits at its commas).
     */
    public String describeSources() {
        StringBuilder sb = new StringBuilder();
        for (String key : DEFAULTS.keySet()) {
            if (ARGUMENT_ONLY.contains(key)
                    || (key.equals(CONFIG_FILE) || key.equals(OS_TRUST_STORE)) && values.get(key).isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(key).append('=').append(sources.get(key));
        }
        return sb.toString();
    }

    /**
     * The effective options as {@code key=value,...} in the README's order, with the output directory absolute:
     * published to {@code tlsdiag attach} and {@code status} (none of them is secret), and parseable again by
     * {@link #parse(String)} unless a value holds a comma ({@link #readDescription} reads those too).
     */
    public String describe() {
        return effective;
    }

    /**
     * Whether {@code other} needs nothing different from the incident sink: every option but those read where they
     * are used ({@code debug}, {@code log}, {@code jmx}, {@code jmxDelaySeconds}, {@code configFile}).
     * ({@code expiryWarningDays} and {@code osTrustStore} count: the writer uses them in the diagnosis.)
     */
    public boolean sameSinkSettings(AgentOptions other) {
        return outputDirectory.equals(other.outputDirectory) && queueSize == other.queueSize
                && maxStackDepth == other.maxStackDepth && dedupWindowMillis == other.dedupWindowMillis
                && maxIncidents == other.maxIncidents && maxBytes == other.maxBytes
                && expiryWarningDays == other.expiryWarningDays && osTrustStore.equals(other.osTrustStore);
    }

    public boolean isDetach() {
        return detach;
    }

    public List<String> warnings() {
        return warnings;
    }
}
