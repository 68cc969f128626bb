package io.tlsdiag.agent.install;

import io.tlsdiag.agent.util.AgentLog;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * The agent's only transformer. For almost every class the JVM loads it returns null after a map lookup and a prefix
 * test; the few TLS classes it selects are woven with their advice. Any failure leaves the class as it was.
 */
final class TlsTransformer implements ClassFileTransformer {

    /**
     * Set while this thread is inside {@link #transform}: classes loaded meanwhile (ours, ByteBuddy's) are never
     * candidates, and a class of ours loading for the first time must not re-enter its own definition.
     */
    private static final ThreadLocal<Boolean> BUSY = new ThreadLocal<Boolean>();

    private final Weaver weaver;
    private final PreWeaver preWeaver;

    TlsTransformer(Weaver weaver, PreWeaver preWeaver) {
        this.weaver = weaver;
        this.preWeaver = preWeaver;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (BUSY.get() != null) {
            return null;
        }
        BUSY.set(Boolean.TRUE);
        try {
            List<HookPoint> points = ClassSelector.select(className, classfileBuffer);
            if (points.isEmpty()) {
                return null;
            }
            byte[] woven = classBeingRedefined == null ? preWeaver.lookup(className, classfileBuffer)
                    : PreWeaver.NOT_PREPARED;
            if (woven == PreWeaver.NOT_PREPARED) {
                woven = weaver.weave(className, classfileBuffer, loader, points);
            }
            if (woven != null && AgentLog.debug()) { // read each time: a re-attach may switch debug on
                AgentLog.info("hooked " + className.replace('/', '.') + " " + points
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
