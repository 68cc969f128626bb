package io.tlsdiag.agent.advice;

import net.bytebuddy.asm.Advice;

import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * On {@code sun.security.ssl.SSLSocketImpl$AppOutputStream.write(byte[], int, int)}: a plain I/O error on write is
 * rethrown without passing {@code fatal()}. It matters right after a TLS 1.3 handshake in which the server asked for
 * a client certificate and got none: the server drops the connection, and the client's first write fails ("Broken
 * pipe", "Error writing to server") before it can read the server's alert.
 */
public final class SocketWriteAdvice {

    private SocketWriteAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue("this$0") Object socket, @Advice.Thrown Throwable thrown) throws Exception {
        if (thrown instanceof IOException && !(thrown instanceof SSLException)) {
            Class.forName("io.tlsdiag.agent.hook.Hooks", true, ClassLoader.getSystemClassLoader())
                    .getMethod("onWriteFailed", Object[].class)
                    .invoke(null, (Object) new Object[] {socket, thrown});
        }
    }
}
