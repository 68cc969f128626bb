package io.tlsdiag.agent.handshake;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The SNI server names a client connection is configured to send: read from its SSLParameters on the handshake
 * thread (the socket's or engine's own lock, which that thread may already hold, as for getUseClientMode()).
 * Whether the extension itself is switched off (jsse.enableSNIExtension) is decided on the writer thread.
 */
public final class ServerNames {

    private ServerNames() {
    }

    /** The host names, an empty array when none is configured, or null when they could not be read (server side). */
    public static String[] requested(Object transport) {
        try {
            SSLParameters p;
            if (transport instanceof SSLSocket && ((SSLSocket) transport).getUseClientMode()) {
                p = ((SSLSocket) transport).getSSLParameters();
            } else if (transport instanceof SSLEngine && ((SSLEngine) transport).getUseClientMode()) {
                p = ((SSLEngine) transport).getSSLParameters();
            } else {
                return null;
            }
            return names(p.getServerNames());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * The host names a client sent, from its JSSE session (a host name checked after the handshake has no
     * connection left to ask), or null when the session is not JSSE's: another provider may not record them.
     */
    public static String[] sentIn(javax.net.ssl.SSLSession session) {
        if (!(session instanceof javax.net.ssl.ExtendedSSLSession)
                || !session.getClass().getName().startsWith("sun.security.ssl.")) {
            return null;
        }
        try {
            return names(((javax.net.ssl.ExtendedSSLSession) session).getRequestedServerNames());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String[] names(List<SNIServerName> names) {
        if (names == null) {
            return new String[0];
        }
        String[] out = new String[names.size()];
        for (int i = 0; i < out.length; i++) {
            SNIServerName n = names.get(i);
            out[i] = n instanceof SNIHostName ? ((SNIHostName) n).getAsciiName()
                    : new String(n.getEncoded(), StandardCharsets.US_ASCII);
        }
        return out;
    }
}
