package io.tlsdiag.agent.ops;

import java.util.Map;

/**
 * tlsdiag's counters over JMX, as {@code io.tlsdiag:type=TlsDiag} ({@code SharedNames.MXBEAN_NAME}): for JConsole,
 * JMX exporters (Prometheus' jmx_exporter, Jolokia) and dashboards. Plain Java types only, so any JMX client reads them without tlsdiag's
 * classes (maps become tables of key/value rows).
 */
public interface TlsDiagMXBean {

    /** Failed handshakes by category, repeats included; every category is listed, zeros too. */
    Map<String, Long> getFailuresByCategory();

    /** Findings of successful handshakes (an expiring certificate, an accept-all trust manager) by category. */
    Map<String, Long> getFindingsByCategory();

    /** Incident files written (new incidents; repeats update a file and are not counted here). */
    long getIncidentsWritten();

    /** Repeats of a failure counted into an existing incident. */
    long getRepeats();

    /** Failures not written because the queue was full or the directory unusable for too long. */
    long getDropped();

    /** Problems inside the agent (each swallowed; the application was not affected). */
    long getAgentErrors();

    /** Whether the hooks are installed (false after {@code tlsdiag detach}). */
    boolean isActive();

    String getOutputDirectory();

    String getVersion();
}
