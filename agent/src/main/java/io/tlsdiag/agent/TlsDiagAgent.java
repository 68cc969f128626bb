package io.tlsdiag.agent;

import io.tlsdiag.agent.install.HookInstaller;
import io.tlsdiag.agent.ops.Jmx;
import io.tlsdiag.agent.util.AgentLog;

import java.lang.instrument.Instrumentation;

/**
 * The agent's two entry points: {@code -javaagent:tlsdiag.jar[=options]} at launch ({@link #premain}) and a dynamic
 * attach into a running JVM ({@link #agentmain}). Neither may ever throw into the host: whatever goes wrong here is
 * printed once and the application carries on without the agent.
 */
public final class TlsDiagAgent {

    /** Set while tlsdiag is active in this JVM; its value is the incident directory. Guards against a second copy. */
    public static final String ACTIVE_PROPERTY = "tlsdiag.active";

    private TlsDiagAgent() {
    }

    public static void premain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, false);
    }

    public static void agentmain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, true);
    }

    private static synchronized void start(String agentArgs, Instrumentation inst, boolean attached) {
        try {
            AgentRuntime runtime = AgentRuntime.current();
            // The first start reads every source (arguments, -Dtlsdiag.*, TLSDIAG_*, configFile). A re-attach names
            // only what it changes: the rest stays as it is (not as it was at launch by default).
            AgentOptions options = AgentOptions.load(agentArgs, runtime == null ? null : runtime.options(), attached);
            for (String warning : options.warnings()) {
                AgentLog.info("warning: " + warning);
            }
            if (options.isDetach()) {
                if (runtime != null && runtime.isActive()) {
                    runtime.deactivate();
                    AgentLog.info("detached: hooks removed, no more incidents are written");
                }
                return;
            }
            if (runtime == null) {
                if (System.getProperty(ACTIVE_PROPERTY) != null) {
                    // Another copy of the agent (another jar, another class loader) is already active.
                    AgentLog.info("another tlsdiag agent is already active in this JVM (incidents go to "
                            + System.getProperty(ACTIVE_PROPERTY) + "); not installing a second set of hooks");
                    return;
                }
                AgentLog.setDebug(options.debug());
                runtime = AgentRuntime.start(options, new HookInstaller(inst, options.debug()));
                runtime.installer().install();
                runtime.publishStatus();
                Jmx.start(runtime, attached); // later, on its own thread: never getPlatformMBeanServer() in premain
                if (!attached) {
                    // At launch nothing TLS-related is loaded yet: prepare the woven JDK classes while the
                    // application starts. After an attach, install() has already woven the loaded TLS classes.
                    runtime.installer().warmUpInBackground();
                }
                return;
            }
            boolean changed = runtime.reconfigure(options);
            Jmx.start(runtime, attached);
            if (runtime.isActive()) {
                AgentLog.info("already active in this JVM (incidents go to " + runtime.outputDirectory() + "); "
                        + (changed ? "options updated (" + options.describe() + ")" : "options unchanged")
                        + ", no second set of hooks");
            } else {
                runtime.reactivate();
            }
        } catch (Throwable t) {
            AgentLog.failure("agent startup", t);
        }
    }
}
