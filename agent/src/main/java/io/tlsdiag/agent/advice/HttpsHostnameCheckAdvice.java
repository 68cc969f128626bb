package io.tlsdiag.agent.advice;

import net.bytebuddy.asm.Advice;

import java.io.IOException;

/**
 * On {@code sun.net.www.protocol.https.HttpsClient.checkURLSpoofing(HostnameVerifier)}: where HttpsURLConnection asks
 * an application HostnameVerifier. Seen from the caller, because verifiers are often lambdas, which no agent can
 * instrument. A normal return for a host the certificate does not name means the verifier accepted a mismatch; an
 * IOException means it refused.
 */
public final class HttpsHostnameCheckAdvice {

    private HttpsHostnameCheckAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) Object verifier,
                     @Advice.FieldValue("session") Object session,
                     @Advice.FieldValue("url") java.net.URL url,
                     @Advice.Thrown Throwable thrown) throws Exception {
        if (thrown == null || thrown instanceof IOException) {
            Class.forName("io.tlsdiag.agent.hook.Hooks", true, ClassLoader.getSystemClassLoader())
                    .getMethod("onHttpsHostnameCheck", Object[].class)
                    .invoke(null, (Object) new Object[] {verifier, url.getHost(), session, thrown == null});
        }
    }
}
