package io.tlsdiag.agent;

import io.tlsdiag.agent.install.HookInstaller;
import io.tlsdiag.agent.ops.Jmx;
import io.tlsdiag.agent.util.AgentLog;
import io.tlsdiag.agent.util.SharedNames;

import java.lang.instrument.Instrumentation;

/**
 * The agent's two entry points: {@code -javaagent:tlsdiag.jar[=options]} at launch ({@link #premain}) and a dynamic
 * attach into a running JVM ({@link #agentmain}). Neither may ever throw into the host: whatever goes wrong here is
 * printed once and the application carries on without the agent.
 */
public final class TlsDiagAgent {

    private TlsDiagAgent() {
    }

    /**
     * At launch, the application waits only for the transformer to be registered (behind a gate that holds back TLS
     * classes until the hooks are ready); the agent itself starts on a background thread while the application
     * starts. See docs/performance.md, "Startup".
     */
    public static void premain(final String agentArgs, final Instrumentation inst) {
        long begin = System.nanoTime();
        try {
            final HookInstaller installer = new HookInstaller(inst);
            Thread starter = new Thread(new Runnable() {
                @Override
                public void run() {
                    try {
                        start(agentArgs, inst, false, installer);
                    } finally {
                        installer.abandonIfNotInstalled();
                    }
                }
            }, "tlsdiag-start");
            starter.setDaemon(true);
            installer.registerGated(starter);
            starter.start();
        } catch (Throwable t) {
            AgentLog.failure("agent startup", t);
        }
        if (Boolean.getBoolean("tlsdiag.debug")) {
            AgentLog.info("premain took " + (System.nanoTime() - begin) / 1000 + " us");
        }
    }

    public static void agentmain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, true, new HookInstaller(inst));
    }

    private static synchronized void start(String agentArgs, Instrumentation inst, boolean attached,
                                           HookInstaller installer) {
        long begin = System.nanoTime();
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
                if (System.getProperty(SharedNames.ACTIVE_PROPERTY) != null) {
                    // Another copy of the agent (another jar, another class loader) is already active.
                    AgentLog.info("another tlsdiag agent is already active in this JVM (incidents go to "
                            + System.getProperty(SharedNames.ACTIVE_PROPERTY) + "); not installing a second set of hooks");
                    return;
                }
                AgentLog.setDebug(options.debug());
                runtime = AgentRuntime.start(options, installer);
                try {
                    runtime.installer().install(attached);
                } catch (Throwable t) {
                    // No hooks: the runtime must not claim to be active, so that a later attach installs them.
                    runtime.deactivate();
                    throw t;
                }
                runtime.publishStatus();
                Jmx.start(runtime, attached); // later, on its own thread: never getPlatformMBeanServer() in premain
                if (!attached) {
                    // At launch nothing TLS-related is loaded yet: prepare the woven JDK classes while the
                    // application starts. After an attach, install() has already woven the loaded TLS classes.
                    runtime.installer().warmUpInBackground();
                }
                if (AgentLog.debug()) {
                    AgentLog.info("started in " + (System.nanoTime() - begin) / 1000 + " us"
                            + (attached ? "" : " (on a background thread)"));
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
