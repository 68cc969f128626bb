package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.demo.DemoPki;

import javax.net.ssl.SSLHandshakeException;
import java.security.cert.X509Certificate;

/** Failures as the hooks hand them to the sink: a client rejecting a demo peer's chain (one PKI per test run). */
final class ClientFailures {

    private static DemoPki pki;

    private ClientFailures() {
    }

    static synchronized DemoPki pki() throws Exception {
        if (pki == null) {
            pki = new DemoPki();
        }
        return pki;
    }

    /** The client's failure against the peer serving {@code identity}'s chain on {@code port}. */
    static HandshakeFailure rejecting(String identity, int port) throws Exception {
        HandshakeFailure f = new HandshakeFailure();
        f.source = HandshakeFailure.Source.FATAL_ALERT;
        f.role = "client";
        f.peerHost = "localhost";
        f.peerAddress = "127.0.0.1";
        f.peerPort = port;
        f.alert = "certificate_unknown";
        f.exception = new SSLHandshakeException("PKIX path validation failed: validity check failed");
        f.chain = pki().identity(identity).chain().toArray(new X509Certificate[0]);
        f.stackSource = new Throwable();
        return f;
    }
}
