package io.tlsdiag.agent;

import io.tlsdiag.agent.install.HookInstaller;
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
            AgentOptions options = AgentOptions.parse(agentArgs);
            for (String warning : options.warnings()) {
                AgentLog.info("warning: " + warning);
            }
            if (AgentRuntime.current() != null || System.getProperty(ACTIVE_PROPERTY) != null) {
                AgentLog.info("already active in this JVM (incidents go to " + System.getProperty(ACTIVE_PROPERTY)
                        + "); not installing a second set of hooks");
                return;
            }
            AgentLog.setDebug(options.debug());
            AgentRuntime runtime = AgentRuntime.start(options);
            System.setProperty(ACTIVE_PROPERTY, runtime.outputDirectory().getPath());
            HookInstaller installer = new HookInstaller(inst, options.debug());
            installer.install();
            if (!attached) {
                // At launch nothing TLS-related is loaded yet: prepare the weaving machinery while the application
                // starts. After an attach, install() has already woven the loaded TLS classes.
                installer.warmUpInBackground();
            }
        } catch (Throwable t) {
            AgentLog.failure("agent startup", t);
        }
    }
}
