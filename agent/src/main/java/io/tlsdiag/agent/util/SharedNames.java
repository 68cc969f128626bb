package io.tlsdiag.agent.util;

/**
 * Every name the agent and the command line share, in one place: the system properties the agent publishes in its
 * JVM (read by {@code tlsdiag list}, {@code status}, {@code attach} and {@code detach} through the attach API), the
 * agent options the command line passes by name, the files of an incident directory, the MXBean's name and the
 * prefix of the agent's own lines. The constants are compile-time constants: javac copies them into the command
 * line's classes, so reading a target JVM's status loads no agent class.
 */
public final class SharedNames {

    /** Set while tlsdiag is active in a JVM; its value is the incident directory. Also refuses a second agent copy. */
    public static final String ACTIVE_PROPERTY = "tlsdiag.active";
    /** The counters: {@code active=,output=,written=,repeats=,dropped=,evicted=,agentErrors=,version=}. */
    public static final String STATUS_PROPERTY = "tlsdiag.status";
    /** The effective options, {@code option=value,...} (kept across a detach). */
    public static final String OPTIONS_PROPERTY = "tlsdiag.options";
    /** Where each option's value came from, {@code option=source,...}. */
    public static final String OPTION_SOURCES_PROPERTY = "tlsdiag.optionSources";

    /** Prefix of the system properties that set options: {@code -Dtlsdiag.output=DIR}. */
    public static final String OPTION_PROPERTY_PREFIX = "tlsdiag.";
    /** Prefix of the environment variables that set options: {@code TLSDIAG_OUTPUT=DIR}. */
    public static final String OPTION_ENVIRONMENT_PREFIX = "TLSDIAG_";

    // The agent's options, in the README's order.
    public static final String OUTPUT = "output";
    public static final String QUEUE_SIZE = "queueSize";
    public static final String MAX_STACK_DEPTH = "maxStackDepth";
    public static final String DEDUP_WINDOW_SECONDS = "dedupWindowSeconds";
    public static final String MAX_INCIDENTS = "maxIncidents";
    public static final String MAX_BYTES = "maxBytes";
    public static final String EXPIRY_WARNING_DAYS = "expiryWarningDays";
    public static final String REQUEST_CAPTURES_PER_SECOND = "requestCapturesPerSecond";
    public static final String HANDSHAKE_STALL_SECONDS = "handshakeStallSeconds";
    public static final String LOG = "log";
    public static final String JMX = "jmx";
    public static final String JMX_DELAY_SECONDS = "jmxDelaySeconds";
    public static final String DEBUG = "debug";
    public static final String OS_TRUST_STORE = "osTrustStore";
    public static final String CONFIG_FILE = "configFile";
    /** Not a setting: how {@code tlsdiag detach} talks to the agent ({@code command=detach}); arguments only. */
    public static final String COMMAND = "command";
    public static final String COMMAND_ATTACH = "attach";
    public static final String COMMAND_DETACH = "detach";

    /** The incident directory when {@link #OUTPUT} is not given, relative to the JVM's working directory. */
    public static final String DEFAULT_OUTPUT = "tlsdiag-incidents";
    /** An incident is {@code <id>.json}; a name starting with a dot is never one (temporary files, the two below). */
    public static final String INCIDENT_SUFFIX = ".json";
    /** How many incidents were evicted from the directory, by every JVM writing there. */
    public static final String EVICTED_FILE = ".tlsdiag-evicted";
    /** The lock that JVMs sharing one incident directory take while they change it. */
    public static final String LOCK_FILE = ".tlsdiag.lock";
    /** Every new or updated incident as one line, for log shippers. */
    public static final String STREAM_FILE = "incidents.ndjson";

    /** The MXBean with tlsdiag's counters. */
    public static final String MXBEAN_NAME = "io.tlsdiag:type=TlsDiag";
    /** What the agent's own lines on stderr start with (the probe's child JVM is read by it). */
    public static final String LOG_PREFIX = "[tlsdiag] ";

    private SharedNames() {
    }

    /** Whether a file of an incident directory is an incident. */
    public static boolean isIncidentFile(String fileName) {
        return fileName.endsWith(INCIDENT_SUFFIX) && !fileName.startsWith(".");
    }
}
