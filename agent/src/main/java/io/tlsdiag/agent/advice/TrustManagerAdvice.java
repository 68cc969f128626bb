package io.tlsdiag.agent.advice;

import net.bytebuddy.asm.Advice;

/**
 * On {@code checkServerTrusted/checkClientTrusted} of every {@code X509TrustManager}: the JDK's own, the JDK's
 * wrapper around a plain application trust manager, and application classes. Records the chain as presented and
 * which trust manager said what; the trust decision itself is never touched.
 */
public final class TrustManagerAdvice {

    private TrustManagerAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object trustManager,
                     @Advice.Origin("#m") String method,
                     @Advice.AllArguments Object[] arguments,
                     @Advice.Thrown Throwable thrown) throws Exception {
        Class.forName("io.tlsdiag.agent.hook.Hooks", true, ClassLoader.getSystemClassLoader())
                .getMethod("onTrustCheck", Object[].class)
                .invoke(null, (Object) new Object[] {trustManager, method, arguments, thrown});
    }
}
