package io.tlsdiag.agent.ops;

/** Where a new incident's one log line goes (option {@code log}; the values are these names in lower case). */
public enum LogMode {
    /** The application's SLF4J when it has one (with a real binding), else stderr. */
    AUTO,
    /** Only the application's SLF4J; without one, a single warning and no lines. */
    SLF4J,
    STDERR,
    OFF
}
