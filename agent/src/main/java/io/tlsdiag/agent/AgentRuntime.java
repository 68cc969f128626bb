package io.tlsdiag.agent;

import io.tlsdiag.agent.hook.HandshakeFailure;
import io.tlsdiag.agent.incident.IncidentSink;
import io.tlsdiag.agent.install.HookInstaller;
import io.tlsdiag.agent.util.AgentLog;

import java.io.File;

/**
 * The agent's state in this JVM: options, the incident sink, the installed hooks. One per JVM, however often the
 * agent is started (launch, attach, re-attach after a detach).
 *
 * <p>Its status is published as system properties, which {@code tlsdiag status} reads through the attach API
 * without loading anything into the target: {@code tlsdiag.active} (the incident directory, while active) and
 * {@code tlsdiag.status}.
 */
public final class AgentRuntime {

    public static final String STATUS_PROPERTY = "tlsdiag.status";

    private static volatile AgentRuntime current;

    private final HookInstaller installer;
    private volatile AgentOptions options;
    private volatile IncidentSink sink;
    private volatile boolean active = true;

    private AgentRuntime(AgentOptions options, HookInstaller installer) {
        this.options = options;
        this.installer = installer;
        this.sink = new IncidentSink(options, this);
    }

    static synchronized AgentRuntime start(AgentOptions options, HookInstaller installer) {
        if (current == null) {
            current = new AgentRuntime(options, installer);
        }
        return current;
    }

    /** The running agent, or null before start. */
    public static AgentRuntime current() {
        return current;
    }

    public boolean isActive() {
        return active;
    }

    public File outputDirectory() {
        return options.outputDirectory();
    }

    public AgentOptions options() {
        return options;
    }

    HookInstaller installer() {
        return installer;
    }

    /** Hands a failure to the writer thread; never blocks: a full queue drops and counts. */
    public void submit(HandshakeFailure failure) {
        sink.submit(failure);
    }

    /** Applies options from a later attach; a new output directory gets a new sink from now on. */
    synchronized void reconfigure(AgentOptions newOptions) {
        boolean newDirectory = newOptions.isGiven("output")
                && !newOptions.outputDirectory().equals(options.outputDirectory());
        if (newOptions.isGiven("output") || newOptions.isGiven("queueSize") || newOptions.isGiven("maxStackDepth")) {
            options = newOptions;
        }
        AgentLog.setDebug(options.debug());
        if (newDirectory) {
            sink = new IncidentSink(options, this);
        }
    }

    synchronized void deactivate() {
        active = false;
        installer.uninstall();
        publishStatus();
    }

    synchronized void reactivate() {
        installer.install();
        active = true;
        publishStatus();
    }

    /** Updates the status properties; called on every state change and after each incident written. */
    public void publishStatus() {
        if (active) {
            System.setProperty(TlsDiagAgent.ACTIVE_PROPERTY, outputDirectory().getPath());
        } else {
            System.clearProperty(TlsDiagAgent.ACTIVE_PROPERTY);
        }
        IncidentSink s = sink;
        System.setProperty(STATUS_PROPERTY, "active=" + active + ",output=" + outputDirectory().getPath()
                + ",written=" + s.written() + ",repeats=" + s.repeats() + ",dropped=" + s.dropped()
                + ",evicted=" + s.evicted() + ",agentErrors=" + AgentLog.failureCount()
                + ",version=" + version());
    }

    public static String version() {
        String v = TlsDiagAgent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
