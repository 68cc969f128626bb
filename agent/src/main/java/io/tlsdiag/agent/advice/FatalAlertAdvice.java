package io.tlsdiag.agent.advice;

import net.bytebuddy.asm.Advice;

/**
 * On {@code sun.security.ssl.TransportContext.fatal(Alert, String, boolean, Throwable)}: the one place every JSSE
 * fatal error passes, sent or received, on the socket and the engine path, whichever thread detects it. The hook
 * reports only the first fatal of a connection ({@code closeReason} still unset), which is what makes one incident
 * per failed handshake.
 */
public final class FatalAlertAdvice {

    private FatalAlertAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.FieldValue("transport") Object transport,
                        @Advice.FieldValue("closeReason") Object closeReason,
                        @Advice.FieldValue("isNegotiated") boolean negotiated,
                        @Advice.FieldValue("handshakeContext") Object handshake,
                        @Advice.FieldValue("sslContext") Object sslContext) throws Exception {
        if (closeReason != null) {
            return null;
        }
        return Class.forName("io.tlsdiag.agent.hook.Hooks", true, ClassLoader.getSystemClassLoader())
                .getMethod("onFatalEnter", Object[].class)
                .invoke(null, (Object) new Object[] {transport, negotiated, handshake != null, sslContext});
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object pending,
                     @Advice.Argument(0) Object alert,
                     @Advice.Argument(1) String diagnostic,
                     @Advice.Argument(2) boolean received,
                     @Advice.Argument(3) Throwable cause,
                     @Advice.Thrown Throwable thrown) throws Exception {
        if (pending != null) {
            Class.forName("io.tlsdiag.agent.hook.Hooks", true, ClassLoader.getSystemClassLoader())
                    .getMethod("onFatalExit", Object[].class)
                    .invoke(null, (Object) new Object[] {pending, alert, diagnostic, received, cause, thrown});
        }
    }
}
