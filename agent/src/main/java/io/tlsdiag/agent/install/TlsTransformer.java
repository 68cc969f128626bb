package io.tlsdiag.agent.install;

import io.tlsdiag.agent.util.AgentLog;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * The agent's only transformer. For almost every class the JVM loads it returns null after a map lookup and a prefix
 * test; the few TLS classes it selects are woven with their advice (prepared by {@link PreWeaver} when it can), once
 * the {@link StartupGate} lets them through. Any failure leaves the class as it was.
 */
final class TlsTransformer implements ClassFileTransformer {

    /**
     * Set while this thread is inside {@link #transform}: classes loaded meanwhile (ours, ByteBuddy's ASM) are never
     * candidates, and a class of ours loading for the first time must not re-enter its own definition.
     */
    private static final ThreadLocal<Boolean> BUSY = new ThreadLocal<Boolean>();

    private final PreWeaver preWeaver;
    private final StartupGate gate;

    TlsTransformer(PreWeaver preWeaver, StartupGate gate) {
        this.preWeaver = preWeaver;
        this.gate = gate;
    }

    /**
     * Classes of a module layer created at run time: their module does not read the bridge's (only the boot layer's
     * modules are made to, see BootBridge), so a woven call would fail to link. They are left alone.
     */
    private static boolean inModuleLayer(ClassLoader loader) {
        return loader != null && loader.getClass().getName().equals("jdk.internal.loader.Loader");
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (BUSY.get() != null || inModuleLayer(loader)) {
            return null;
        }
        BUSY.set(Boolean.TRUE);
        try {
            List<HookPoint> points = ClassSelector.select(className, classfileBuffer);
            if (points.isEmpty() || !gate.admit(points.get(0).waitsAtGate())) {
                return null;
            }
            byte[] woven = classBeingRedefined == null ? preWeaver.lookup(className, classfileBuffer)
                    : PreWeaver.NOT_PREPARED;
            if (woven == PreWeaver.NOT_PREPARED) {
                woven = Weaver.weave(className, classfileBuffer, points);
            }
            if (woven != null && AgentLog.debug()) { // read each time: a re-attach may switch debug on
                AgentLog.info("hooked " + className.replace('/', '.') + " " + Weaver.applicable(points, classfileBuffer)
                        + (classBeingRedefined != null ? " (retransformed)" : ""));
            }
            return woven;
        } catch (Throwable t) {
            AgentLog.failure("instrumenting " + className.replace('/', '.'), t);
            return null;
        } finally {
            BUSY.remove();
        }
    }
}
