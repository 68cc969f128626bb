package io.tlsdiag.agent.advice;

import net.bytebuddy.asm.Advice;

/**
 * On {@code chooseClientAlias / chooseEngineClientAlias} of every key manager: JSSE calls it only when the server
 * asked for a client certificate, and the returned alias says whether one was sent. That is the evidence that
 * separates "client certificate required" from other handshake failures. Key material is never read.
 */
public final class ClientAliasAdvice {

    private ClientAliasAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object keyManager,
                     @Advice.AllArguments Object[] arguments,
                     @Advice.Return String alias) throws Exception {
        Class.forName("io.tlsdiag.agent.hook.Hooks", true, ClassLoader.getSystemClassLoader())
                .getMethod("onClientAliasChosen", Object[].class)
                .invoke(null, (Object) new Object[] {keyManager, arguments, alias});
    }
}
