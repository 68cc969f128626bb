package io.tlsdiag.agent.install;

import io.tlsdiag.agent.util.AgentLog;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs and removes the hooks.
 *
 * <p>Startup cost is the design constraint: a ByteBuddy AgentBuilder costs hundreds of milliseconds of class loading
 * before the application may continue. Here {@code premain} only registers a plain transformer (no ByteBuddy class
 * is loaded for that) and retransforms the few TLS classes already loaded, if any; ByteBuddy is warmed up on a
 * background thread, in parallel with the application's own startup, and is only really needed when the first TLS
 * class loads. No handshake can be missed: the transformer is live before {@code premain} returns.
 */
public final class HookInstaller {

    private final Instrumentation inst;
    private final boolean debug;
    private volatile TlsTransformer transformer;
    private volatile Weaver weaver;
    private volatile PreWeaver preWeaver;

    public HookInstaller(Instrumentation inst, boolean debug) {
        this.inst = inst;
        this.debug = debug;
    }

    /** Registers the transformer and hooks already-loaded TLS classes. Returns how many were retransformed. */
    public int install() {
        long start = System.nanoTime();
        // Whether advice prints its own exceptions is woven into the classes: fixed by the first attach's debug.
        weaver = new Weaver(debug);
        preWeaver = new PreWeaver(weaver);
        transformer = new TlsTransformer(weaver, preWeaver);
        // Load and initialise what the transformer runs before it is registered: a class of ours defined while
        // the transformer runs would otherwise re-enter its own definition (LinkageError: duplicate definition).
        ClassSelector.select("", new byte[] {0});
        ClassSelector.mayNeedHooks(HookInstaller.class);
        transformer.transform(null, null, null, null, new byte[0]);
        inst.addTransformer(transformer, true);
        int hooked = retransform(loadedCandidates());
        if (AgentLog.debug()) {
            AgentLog.info("transformer installed in " + (System.nanoTime() - start) / 1000000 + " ms, "
                    + hooked + " loaded classes retransformed");
        }
        return hooked;
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
