package io.tlsdiag.agent.advice;

import net.bytebuddy.asm.Advice;

/**
 * On the constructors of {@code sun.security.ssl.SSLEngineImpl}: engine handshakes usually fail on an I/O thread
 * (HttpClient, Netty, Jetty), whose stack shows only the library. The stack at creation is where the application
 * asked for the connection, so it is kept (unformatted, one Throwable) for the incident.
 */
public final class EngineCreationAdvice {

    private EngineCreationAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object engine) throws Exception {
        Class.forName("io.tlsdiag.agent.hook.Hooks", true, ClassLoader.getSystemClassLoader())
                .getMethod("onEngineCreated", Object[].class)
                .invoke(null, (Object) new Object[] {engine});
    }
}
