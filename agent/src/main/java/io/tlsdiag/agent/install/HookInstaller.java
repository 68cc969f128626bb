package io.tlsdiag.agent.install;

import io.tlsdiag.agent.util.AgentLog;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs and removes the hooks.
 *
 * <p>Startup cost is the design constraint. At launch {@code premain} only registers the transformer, behind a
 * {@link StartupGate} ({@link #registerGated}); the rest ({@link #install}: the bridge in the boot class loader, the
 * hooks connected to it) runs on a background thread while the application starts, and a background warm-up weaves
 * the JDK's TLS classes before they are loaded (see {@link PreWeaver}). Weaving uses only ByteBuddy's ASM. No handshake
 * can be missed: a TLS class loaded before the agent is ready waits for it, or is retransformed after.
 */
public final class HookInstaller {

    private final Instrumentation inst;
    private final StartupGate gate = new StartupGate();
    private volatile TlsTransformer transformer;
    private volatile PreWeaver preWeaver;

    public HookInstaller(Instrumentation inst) {
        this.inst = inst;
    }

    /**
     * At launch, before the application's first class: registers the transformer with its gate closed. {@code starter}
     * is the thread that will call {@link #install}; it must not wait for itself.
     */
    public void registerGated(Thread starter) {
        gate.startingOn(starter);
        register();
    }

    private void register() {
        preWeaver = new PreWeaver();
        TlsTransformer t = new TlsTransformer(preWeaver, gate);
        // Load and initialise what the transformer runs before it is registered: a class of ours defined while
        // the transformer runs would otherwise re-enter its own definition (LinkageError: duplicate definition).
        ClassSelector.select("", new byte[] {0});
        ClassSelector.mayNeedHooks(HookInstaller.class);
        t.transform(null, null, null, null, new byte[0]);
        transformer = t;
        inst.addTransformer(t, true);
    }

    /**
     * Defines the bridge, connects the hooks and opens the gate (registering the transformer first if
     * {@link #registerGated} did not). Loaded TLS classes are retransformed after an attach ({@code loadedClassesToo})
     * and whenever one went by unwoven while the agent started. Returns how many were retransformed. Throws when the
     * bridge cannot be defined: then nothing is woven.
     */
    public int install(boolean loadedClassesToo) throws Throwable {
        long start = System.nanoTime();
        BootBridge.install(inst);
        long bridged = System.nanoTime();
        BridgeConnection.connect();
        long connected = System.nanoTime();
        if (transformer == null) {
            register();
        }
        boolean missed = gate.open(true);
        long opened = System.nanoTime();
        int hooked = loadedClassesToo || missed ? retransform(loadedCandidates()) : 0;
        if (AgentLog.debug()) {
            long end = System.nanoTime();
            AgentLog.info("hooks installed in " + micros(end - start) + " us: bridge " + micros(bridged - start)
                    + ", connect " + micros(connected - bridged) + ", transformer " + micros(opened - connected)
                    + ", retransform " + micros(end - opened) + " (" + hooked + " loaded classes)");
        }
        return hooked;
    }

    /** The agent did not start: let held-back classes through unwoven, and remove the transformer. */
    public void abandonIfNotInstalled() {
        if (!gate.isOpen()) {
            gate.open(false);
            TlsTransformer t = transformer;
            if (t != null) {
                inst.removeTransformer(t);
                transformer = null;
            }
        }
    }

    private static long micros(long nanos) {
        return nanos / 1000;
    }

    /** Weaves the JDK's TLS classes on a daemon thread, before the application loads them (see PreWeaver). */
    public void warmUpInBackground() {
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                long start = System.nanoTime();
                try {
                    preWeaver.prepareAll();
                    if (AgentLog.debug()) {
                        AgentLog.info("warm-up done in " + (System.nanoTime() - start) / 1000000 + " ms");
                    }
                } catch (Throwable e) {
                    AgentLog.failure("warm-up", e);
                }
            }
        }, "tlsdiag-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** Removes the transformer and restores every class it changed. Returns false when nothing was installed. */
    public boolean uninstall() {
        TlsTransformer t = transformer;
        if (t == null) {
            return false;
        }
        transformer = null;
        inst.removeTransformer(t);
        retransform(loadedCandidates());
        return true;
    }

    private List<Class<?>> loadedCandidates() {
        List<Class<?>> out = new ArrayList<Class<?>>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            try {
                if (inst.isModifiableClass(c) && ClassSelector.mayNeedHooks(c)) {
                    out.add(c);
                }
            } catch (Throwable t) {
                if (AgentLog.debug()) {
                    AgentLog.info("skipping " + c.getName() + ": " + t);
                }
            }
        }
        return out;
    }

    private int retransform(List<Class<?>> classes) {
        int done = 0;
        for (Class<?> c : classes) {
            try {
                inst.retransformClasses(c);
                done++;
            } catch (Throwable t) {
                AgentLog.failure("retransforming " + c.getName(), t);
            }
        }
        return done;
    }
}
