package io.tlsdiag.agent;

import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.agent.hook.HookContext;
import io.tlsdiag.agent.incident.CategoryCounts;
import io.tlsdiag.agent.incident.IncidentSink;
import io.tlsdiag.agent.incident.SinkOwner;
import io.tlsdiag.agent.install.HookInstaller;
import io.tlsdiag.agent.ops.IncidentLog;
import io.tlsdiag.agent.ops.Jmx;
import io.tlsdiag.agent.ops.MonitoredAgent;
import io.tlsdiag.agent.ops.NewIncident;
import io.tlsdiag.agent.ops.TlsDiagMXBean;
import io.tlsdiag.agent.util.AgentLog;
import io.tlsdiag.agent.util.AgentVersion;
import io.tlsdiag.agent.util.SharedNames;

import java.io.File;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's state in this JVM: options, the incident sink, the installed hooks. One per JVM, however often the
 * agent is started (launch, attach, re-attach after a detach). It wires the layers below it together: it is what the
 * hooks report to ({@link HookContext}), what owns the incident sink ({@link SinkOwner}) and what JMX shows
 * ({@link MonitoredAgent}); none of them knows this class.
 *
 * <p>Its status is published as system properties, which {@code tlsdiag status} reads through the attach API
 * without loading anything into the target ({@link SharedNames}): {@code tlsdiag.active} (the incident directory,
 * while active), {@code tlsdiag.status} (counters), {@code tlsdiag.options} (the effective options, which
 * {@code attach} prints) and {@code tlsdiag.optionSources} (where each option's value came from:
 * {@code output=env,queueSize=default,...}; sources are {@code default, file, env, sysprop, javaagent, attach}).
 * None of them holds a secret: no option is one. The same counters are on JMX ({@link Jmx}).
 */
public final class AgentRuntime extends HookContext implements SinkOwner, MonitoredAgent {

    /** How long a replaced sink may take to write what it still holds into its directory. */
    private static final long RETIRE_DRAIN_MILLIS = 3000;
    /** How long a re-attach waits for application threads still handing a failure to the replaced sink. */
    private static final long RETIRE_SUBMITS_MILLIS = 1000;

    private static volatile AgentRuntime current;

    private final HookInstaller installer;
    /** Failures by category for the MXBean, across every sink this runtime has had. */
    private final CategoryCounts categoryCounts = new CategoryCounts();
    private volatile AgentOptions options;
    private volatile Generation generation;
    private volatile boolean active = true;
    /** Guards the counts below and the status properties, so they are always published in a consistent state. */
    private final Object status = new Object();
    /** A replaced sink still writing what it holds; its counts are part of the status until it is folded in. */
    private IncidentSink retiring;
    /** Counts of sinks replaced by a re-attach, so the status counters do not restart at zero. */
    private long retiredWritten;
    private long retiredRepeats;
    private long retiredDropped;

    /**
     * A sink and the application threads inside its {@code submit} right now. A re-attach that replaces the sink
     * waits for those before closing it, so no failure is handed to a sink that has stopped (and lost there).
     */
    private static final class Generation {
        final IncidentSink sink;
        final AtomicInteger submitting = new AtomicInteger();

        Generation(IncidentSink sink) {
            this.sink = sink;
        }
    }

    private AgentRuntime(AgentOptions options, HookInstaller installer) {
        this.options = options;
        this.installer = installer;
        this.generation = new Generation(new IncidentSink(options, this));
    }

    static synchronized AgentRuntime start(AgentOptions options, HookInstaller installer) {
        if (current == null) {
            current = new AgentRuntime(options, installer);
            bind(current);
        }
        return current;
    }

    /** The running agent, or null before start. */
    public static AgentRuntime current() {
        return current;
    }

    @Override
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

    @Override
    public int expiryWarningDays() {
        return options.expiryWarningDays();
    }

    @Override
    public int requestCapturesPerSecond() {
        return options.requestCapturesPerSecond();
    }

    @Override
    public int handshakeStallSeconds() {
        return options.handshakeStallSeconds();
    }

    @Override
    public boolean jmxEnabled() {
        return options.jmx();
    }

    @Override
    public long jmxDelaySeconds() {
        return options.jmxDelaySeconds();
    }

    @Override
    public TlsDiagMXBean metrics() {
        return new TlsDiagMetrics(this);
    }

    @Override
    public CategoryCounts categoryCounts() {
        return categoryCounts;
    }

    /** The counters of {@code tlsdiag status} and the MXBean, at one moment. */
    public static final class Counters {
        public final long written;
        public final long repeats;
        public final long dropped;
        public final long evicted;
        public final long agentErrors;

        Counters(long written, long repeats, long dropped, long evicted, long agentErrors) {
            this.written = written;
            this.repeats = repeats;
            this.dropped = dropped;
            this.evicted = evicted;
            this.agentErrors = agentErrors;
        }
    }

    /** The counts of every sink so far: the current one, one still draining, and those replaced before. */
    public Counters counters() {
        synchronized (status) {
            IncidentSink s = generation.sink;
            IncidentSink r = retiring;
            return new Counters(retiredWritten + s.written() + (r == null ? 0 : r.written()),
                    retiredRepeats + s.repeats() + (r == null ? 0 : r.repeats()),
                    retiredDropped + s.dropped() + (r == null ? 0 : r.dropped()),
                    s.evicted(), AgentLog.failureCount());
        }
    }

    /**
     * A new incident (never a repeat), on the writer thread: its line in the application's log or on stderr, and
     * the MXBean if it is not registered yet. Never throws into the writer.
     */
    @Override
    public void newIncident(NewIncident incident) {
        try {
            IncidentLog.announce(options.log(), incident);
        } catch (Throwable t) {
            AgentLog.failure("incident log line", t);
        }
        try {
            Jmx.onIncident(this);
        } catch (Throwable t) {
            AgentLog.failure("JMX registration", t);
        }
    }

    /** Hands a failure to the writer thread; never blocks: a full queue drops and counts. */
    @Override
    public void submit(HandshakeFailure failure) {
        while (true) {
            Generation g = generation;
            g.submitting.incrementAndGet();
            try {
                // Checked after announcing ourselves: a re-attach that replaced g meanwhile may already be closing
                // it, so go to the new sink instead. If g is still current here, the re-attach waits for us.
                if (g == generation) {
                    g.sink.submit(failure);
                    return;
                }
            } finally {
                g.submitting.decrementAndGet();
            }
        }
    }

    /**
     * Applies the options of a later attach, already merged with the current ones ({@link AgentOptions#parse(String,
     * AgentOptions)}). When anything the sink uses changed, a new sink with the new options takes over at once and the
     * old one writes what it holds into its directory and stops its writer thread. Returns whether any option changed.
     */
    synchronized boolean reconfigure(AgentOptions merged) {
        AgentOptions before = options;
        AgentLog.setDebug(merged.debug());
        if (merged.sameSinkSettings(before)) {
            options = merged;
            publishStatus();
            return !merged.describe().equals(before.describe());
        }
        Generation old = generation;
        Generation next = new Generation(new IncidentSink(merged, this, old.sink));
        synchronized (status) {
            retiring = old.sink;
            options = merged;
            generation = next;
        }
        publishStatus();
        awaitNoSubmits(old);
        old.sink.close(RETIRE_DRAIN_MILLIS);
        synchronized (status) {
            retiredWritten += old.sink.written();
            retiredRepeats += old.sink.repeats();
            retiredDropped += old.sink.dropped();
            retiring = null;
        }
        publishStatus();
        return true;
    }

    /** Waits for application threads still inside {@code old}'s submit: never blocking calls, so not for long. */
    private static void awaitNoSubmits(Generation old) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETIRE_SUBMITS_MILLIS);
        while (old.submitting.get() != 0 && System.nanoTime() < deadline) {
            Thread.yield();
        }
    }

    synchronized void deactivate() {
        active = false;
        installer.uninstall();
        publishStatus();
    }

    synchronized void reactivate() throws Throwable {
        installer.install(true);
        active = true;
        publishStatus();
    }

    /** Updates the status properties; called on every state change and after each incident written. */
    @Override
    public void publishStatus() {
        // Everything is read under the lock: a publish that started before a change cannot overwrite the one after.
        synchronized (status) {
            if (active) {
                System.setProperty(SharedNames.ACTIVE_PROPERTY, outputDirectory().getPath());
            } else {
                System.clearProperty(SharedNames.ACTIVE_PROPERTY);
            }
            Counters c = counters();
            System.setProperty(SharedNames.STATUS_PROPERTY, "active=" + active
                    + ",output=" + outputDirectory().getPath() + ",written=" + c.written + ",repeats=" + c.repeats
                    + ",dropped=" + c.dropped + ",evicted=" + c.evicted + ",agentErrors=" + c.agentErrors
                    + ",version=" + AgentVersion.get());
            System.setProperty(SharedNames.OPTIONS_PROPERTY, options.describe());
            System.setProperty(SharedNames.OPTION_SOURCES_PROPERTY, options.describeSources());
        }
    }
}
