package io.tlsdiag.agent;

import io.tlsdiag.agent.hook.HandshakeFailure;
import io.tlsdiag.agent.incident.IncidentSink;

import java.io.File;

/** The agent's state in this JVM: its options and where incidents go. One per JVM, however often it is started. */
public final class AgentRuntime {

    private static volatile AgentRuntime current;

    private final AgentOptions options;
    private final IncidentSink sink;
    private volatile boolean active = true;

    private AgentRuntime(AgentOptions options) {
        this.options = options;
        this.sink = new IncidentSink(options);
    }

    static synchronized AgentRuntime start(AgentOptions options) {
        if (current == null) {
            current = new AgentRuntime(options);
        }
        return current;
    }

    /** The running agent, or null before start (hooks can fire while the installer is still running). */
    public static AgentRuntime current() {
        return current;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public File outputDirectory() {
        return options.outputDirectory();
    }

    public AgentOptions options() {
        return options;
    }

    public IncidentSink sink() {
        return sink;
    }

    /** Hands a failure to the writer thread; never blocks: a full queue drops and counts. */
    public void submit(HandshakeFailure failure) {
        sink.submit(failure);
    }
}
