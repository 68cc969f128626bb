package io.tlsdiag.agent.incident;

import java.io.File;

/** The options an incident sink works with ({@code io.tlsdiag.agent.AgentOptions} is one; the README explains each). */
public interface SinkOptions {

    /** The incident directory, absolute. */
    File outputDirectory();

    /** Failures waiting for the writer; a full queue drops and counts. */
    int queueSize();

    /** Application stack frames kept per incident. */
    int maxStackDepth();

    /** Repeats of the same failure within this window update one incident. */
    long dedupWindowMillis();

    /** The most incident files kept in the directory; the oldest one-off incidents go first. */
    int maxIncidents();

    /** The most bytes of incident files (and of the NDJSON stream) kept in the directory. */
    long maxBytes();

    /** How soon an expiring certificate is a finding (the diagnosis puts it into the evidence). */
    int expiryWarningDays();

    /**
     * The OS trust store to compare rejected chains against: "" detects it, {@code none} switches it off, else a
     * PEM bundle, a directory of PEM files, a key store file, or {@code Windows-ROOT} / {@code KeychainStore}.
     */
    default String osTrustStore() {
        return "";
    }
}
