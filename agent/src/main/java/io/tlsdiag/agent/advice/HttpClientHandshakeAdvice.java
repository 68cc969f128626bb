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
        // upstream == null: the peer ended the stream. Otherwise the client closed it itself (its connect timeout
        // says "connection closed locally") or an I/O error came first; neither is the peer closing.
        if (upstream == null && result instanceof SSLHandshakeException) {
            Class.forName("io.tlsdiag.agent.hook.Hooks", true, ClassLoader.getSystemClassLoader())
                    .getMethod("onPeerClosedHandshake", Object[].class)
                    .invoke(null, (Object) new Object[] {engine, result});
        }
    }
}
