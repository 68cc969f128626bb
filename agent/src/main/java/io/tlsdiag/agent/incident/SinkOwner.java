package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.ops.NewIncident;

/**
 * What an incident sink tells the agent that owns it ({@code io.tlsdiag.agent.AgentRuntime} is one; unit tests pass
 * none). Called on the writer thread only.
 */
public interface SinkOwner {

    /** Failures by category across every sink the agent has had: a re-attach replaces the sink, not the counts. */
    CategoryCounts categoryCounts();

    /** A new incident (never a repeat), once written, or kept for a directory that cannot be written yet. */
    void newIncident(NewIncident incident);

    /** The sink's counters moved: the writer handled a failure or flushed its counts. */
    void publishStatus();
}
