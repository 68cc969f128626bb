package io.tlsdiag.agent.ops;

/**
 * The running agent as JMX sees it ({@code io.tlsdiag.agent.AgentRuntime} is one): whether and when the MXBean is
 * registered (options that a re-attach may change, so read each time) and the MXBean's values.
 */
public interface MonitoredAgent {

    /** Option {@code jmx}: whether the MXBean is registered. */
    boolean jmxEnabled();

    /** Option {@code jmxDelaySeconds}: after a launch, how long the MXBean waits, unless an incident comes first. */
    long jmxDelaySeconds();

    /** The MXBean: a view that reads the agent's counters whenever a JMX client asks. */
    TlsDiagMXBean metrics();
}
