package io.tlsdiag.agent.advice;

import net.bytebuddy.asm.Advice;

import java.io.InterruptedIOException;

/**
 * On {@code sun.security.ssl.SSLSocketImpl.startHandshake(boolean)}: a read timeout during the handshake leaves here
 * as {@code SocketTimeoutException} without passing {@code fatal()} (JSSE keeps the socket usable after a timeout),
 * so this is the only place a handshake timeout can be seen.
 */
public final class SocketHandshakeAdvice {

    private SocketHandshakeAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object socket, @Advice.Thrown Throwable thrown) throws Exception {
        if (thrown instanceof InterruptedIOException) {
            Class.forName("io.tlsdiag.agent.hook.Hooks", true, ClassLoader.getSystemClassLoader())
                    .getMethod("onHandshakeInterrupted", Object[].class)
                    .invoke(null, (Object) new Object[] {socket, thrown});
        }
    }
}
