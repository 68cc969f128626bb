package io.tlsdiag.agent;

import io.tlsdiag.agent.ops.TlsDiagMXBean;
import io.tlsdiag.agent.util.AgentVersion;

import java.util.Map;

/** The MXBean's values, read from the running agent whenever a JMX client asks. */
final class TlsDiagMetrics implements TlsDiagMXBean {

    private final AgentRuntime runtime;

    TlsDiagMetrics(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Map<String, Long> getFailuresByCategory() {
        return runtime.categoryCounts().failures();
    }

    @Override
    public Map<String, Long> getFindingsByCategory() {
        return runtime.categoryCounts().findings();
    }

    @Override
    public long getIncidentsWritten() {
        return runtime.counters().written;
    }

    @Override
    public long getRepeats() {
        return runtime.counters().repeats;
    }

    @Override
    public long getDropped() {
        return runtime.counters().dropped;
    }

    @Override
    public long getAgentErrors() {
        return runtime.counters().agentErrors;
    }

    @Override
    public boolean isActive() {
        return runtime.isActive();
    }

    @Override
    public String getOutputDirectory() {
        return runtime.outputDirectory().getPath();
    }

    @Override
    public String getVersion() {
        return AgentVersion.get();
    }
}
