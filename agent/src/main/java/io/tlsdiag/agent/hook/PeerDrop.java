package io.tlsdiag.agent.hook;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.util.Locale;

/**
 * Whether an I/O error is the peer dropping the connection (a reset, a broken pipe), as a TLS 1.3 server does when it
 * refuses a client certificate and closes before the client reads its alert; not this JVM closing the socket itself
 * (another thread's close, a cancelled call, an interrupt), nor a clean end of stream.
 */
final class PeerDrop {

    /** The JDK's own words when the application closed or shut down the socket: fixed English text, not translated. */
    private static final String[] CLOSED_HERE = {"Socket closed", "Socket is closed", "Socket output is shutdown",
            "Socket input is shutdown"};

    private PeerDrop() {
    }

    static boolean isPeerDrop(Throwable t) {
        if (t instanceof SocketException) {
            String message = t.getMessage();
            for (String local : CLOSED_HERE) {
                if (local.equals(message)) {
                    return false;
                }
            }
            return true;
        }
        // NIO channels of older JDKs throw a plain IOException with the system's words ("Connection reset by peer").
        if (!(t instanceof IOException) || t instanceof EOFException || t instanceof SSLException
                || t.getMessage() == null) {
            return false;
        }
        String message = t.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("connection reset") || message.contains("broken pipe");
    }
}
