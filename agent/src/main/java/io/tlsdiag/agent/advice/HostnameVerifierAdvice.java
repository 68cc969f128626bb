package io.tlsdiag.agent.advice;

import net.bytebuddy.asm.Advice;

/**
 * On {@code HostnameVerifier.verify(String, SSLSession)} of every implementation. HTTP clients (HttpsURLConnection
 * with a custom verifier, OkHttp, Apache HttpClient) check the host name after a handshake the JDK considered
 * successful, so a rejection here is a failed connection the JDK never sees; an acceptance of a name the certificate
 * does not carry is the signature of a verifier that accepts everything.
 */
public final class HostnameVerifierAdvice {

    private HostnameVerifierAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object verifier,
                     @Advice.Argument(0) String host,
                     @Advice.Argument(1) Object session,
                     @Advice.Return boolean verified) throws Exception {
        Class.forName("io.tlsdiag.agent.hook.Hooks", true, ClassLoader.getSystemClassLoader())
                .getMethod("onHostnameVerified", Object[].class)
                .invoke(null, (Object) new Object[] {verifier, host, session, verified});
    }
}
