package io.tlsdiag.agent.advice;

import net.bytebuddy.asm.Advice;

import javax.net.ssl.SSLHandshakeException;

/**
 * On {@code jdk.internal.net.http.common.SSLTube.checkForHandshake(Throwable)}: when the peer closes the connection in
 * the middle of a handshake, {@code java.net.http.HttpClient} notices the end of its input stream itself and makes
 * its own SSLHandshakeException; the SSLEngine never fails, so no JSSE hook sees it.
 */
public final class HttpClientHandshakeAdvice {

    private HttpClientHandshakeAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.FieldValue("engine") Object engine,
                     @Advice.Argument(0) Throwable upstream,
                     @Advice.Return Throwable result) throws Exception {
        // A new exception means HttpClient concluded "the handshake ended without finishing". When the client
        // closed the connection itself (its connect timeout), the upstream error says "closed locally".
        if (result instanceof SSLHandshakeException && result != upstream
                && (upstream == null || upstream.getMessage() == null
                    || !upstream.getMessage().contains("closed locally"))) {
            Class.forName("io.tlsdiag.agent.hook.Hooks", true, ClassLoader.getSystemClassLoader())
                    .getMethod("onPeerClosedHandshake", Object[].class)
                    .invoke(null, (Object) new Object[] {engine, result});
        }
    }
}
