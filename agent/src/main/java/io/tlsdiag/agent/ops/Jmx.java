package io.tlsdiag.agent.ops;

import io.tlsdiag.agent.util.AgentLog;
import io.tlsdiag.agent.util.AgentThreads;
import io.tlsdiag.agent.util.SharedNames;

import java.util.concurrent.TimeUnit;

/**
 * When the MXBean ({@link SharedNames#MXBEAN_NAME}) is registered: never in premain.
 *
 * <p>The first {@code ManagementFactory.getPlatformMBeanServer()} in a JVM creates the platform MXBeans, and with them
 * {@code java.util.logging.LogManager}. An application server that installs its own log manager (WildFly/JBoss's
 * {@code org.jboss.logmanager}, through {@code java.util.logging.manager} set in its main) cannot install it once
 * that has happened, and its logging setup breaks. So, after a launch, the MXBean is registered by whichever comes
 * first: the first incident (on the writer thread: the application is running and making calls, so its logging is
 * set up; the cost falls on the writer, never on an application thread), or a background thread
 * {@code jmxDelaySeconds} (60) after the agent started (so a dashboard sees the zeros before the first failure).
 * After an attach the application is already running: the background thread registers it at once.
 */
public final class Jmx {

    private static final Object LOCK = new Object();
    /** Registered by us, or given up on (an error, or the name was taken by another copy of the agent). */
    private static boolean done;
    private static boolean registered;

    private Jmx() {
    }

    /** At the agent's start (launch or attach), and after a re-attach that may have switched JMX on or off. */
    public static void start(final MonitoredAgent agent, boolean attached) {
        if (!agent.jmxEnabled()) {
            unregister();
            return;
        }
        final long delayMillis = attached ? 0 : TimeUnit.SECONDS.toMillis(agent.jmxDelaySeconds());
        synchronized (LOCK) {
            if (done) {
                return;
            }
        }
        Thread t = AgentThreads.newThread("tlsdiag-jmx", new Runnable() {
            @Override
            public void run() {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    return;
                }
                register(agent);
            }
        }, true);
        t.start();
    }

    /** A new incident was announced (writer thread). */
    public static void onIncident(MonitoredAgent agent) {
        synchronized (LOCK) {
            if (done) {
                return;
            }
        }
        if (agent.jmxEnabled()) {
            register(agent);
        }
    }

    static void register(MonitoredAgent agent) {
        synchronized (LOCK) {
            if (done || !agent.jmxEnabled()) {
                return;
            }
            done = true;
            try {
                registered = JmxRegistrar.register(agent.metrics());
                if (!registered) {
                    AgentLog.warnOnce("jmx-taken", SharedNames.MXBEAN_NAME + " is already registered (another copy of "
                            + "tlsdiag?); not registering a second one");
                }
            } catch (Throwable t) {
                AgentLog.warnOnce("jmx", "cannot register the MXBean " + SharedNames.MXBEAN_NAME + " (" + t
                        + "); everything else works");
            }
        }
    }

    /** {@code jmx=false} on a re-attach: takes ours away; a later {@code jmx=true} registers it again. */
    static void unregister() {
        synchronized (LOCK) {
            if (registered) {
                try {
                    JmxRegistrar.unregister();
                } catch (Throwable t) {
                    AgentLog.warnOnce("jmx-unregister", "cannot unregister " + SharedNames.MXBEAN_NAME + " (" + t + ")");
                }
            }
            registered = false;
            done = false;
        }
    }
}
