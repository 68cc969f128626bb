package io.tlsdiag.agent.util;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own voice on stderr. Every problem inside the agent is counted, and each kind is printed once: an agent
 * that floods the host's logs during an outage makes the outage worse.
 *
 * <p>Plain stderr rather than a logging framework: the host's logging may be the thing that is broken, and loading
 * a logging framework at startup costs time the application pays for.
 */
public final class AgentLog {

    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static final AtomicLong FAILURES = new AtomicLong();
    private static volatile boolean debug;

    private AgentLog() {
    }

    public static void setDebug(boolean on) {
        debug = on;
    }

    public static boolean debug() {
        return debug;
    }

    public static void info(String message) {
        System.err.println(SharedNames.LOG_PREFIX + message);
    }

    /** A warning printed once per {@code kind} for the life of the JVM. */
    public static void warnOnce(String kind, String message) {
        if (REPORTED.add(kind)) {
            System.err.println(SharedNames.LOG_PREFIX + "warning: " + message);
        }
    }

    /** An internal failure: counted always, printed once per kind (every time in debug mode). */
    public static void failure(String kind, Throwable t) {
        FAILURES.incrementAndGet();
        if (REPORTED.add("failure:" + kind) || debug) {
            System.err.println(SharedNames.LOG_PREFIX + "internal error in " + kind
                    + " (the application is not affected; further errors of this kind are counted, not printed): " + t);
            if (debug) {
                t.printStackTrace();
            }
        }
    }

    public static long failureCount() {
        return FAILURES.get();
    }
}
