package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.util.Arrays;

/**
 * The peer closed or reset the connection in the middle of the handshake, without a TLS alert: an end of stream or a
 * socket error under the exception, HttpClient's own end-of-stream detection (the hook that saw it), or, where an
 * SSLEngine says so only in words, JSSE's message or Netty's (on its native transports, where no JDK socket channel
 * reads the end of stream). When the peer closed before the client's hello was produced, it says so
 * ({@code beforeClientHello}): the server refused the connection itself, and no TLS setting is the cause.
 */
public final class ConnectionClosedRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        boolean closed = e.connectionEnded()
                || e.mentions("closing inbound before receiving peer's close_notify", "connection reset",
                "connection closed while ssl/tls handshake was in progress");
        if (e.alertReceived() || !closed) {
            return null;
        }
        if (e.failure().closedBeforeClientHello) {
            return beforeClientHello(e);
        }
        return new Verdict(Category.CONNECTION_CLOSED, null,
                e.peerLabel() + " closed the connection during the TLS handshake without sending a TLS alert.",
                Arrays.asList(
                        "On " + e.peerLabel() + ": read its TLS error log for this time; servers often drop a "
                                + "handshake they cannot serve (no certificate for the requested name, SNI "
                                + "required, a firewall or proxy in between).",
                        "On the client: check that the server expects TLS here directly (not a proxy needing "
                                + "CONNECT) and that an intermediate device does not cut the connection."));
    }

    /**
     * The peer closed before this client's hello was even produced: no TLS was exchanged, so nothing about
     * certificates, names or versions can be the cause. A server that accepts and closes at once is refusing the
     * connection itself.
     */
    private static Verdict beforeClientHello(Evidence e) {
        return new Verdict(Category.CONNECTION_CLOSED, null,
                e.peerLabel() + " accepted the connection and closed it before this client sent its TLS hello: no TLS"
                        + " was exchanged.",
                Arrays.asList(
                        "On " + e.peerLabel() + ": a server that closes connections on accept is refusing them"
                                + " before TLS: its connection limit, an allow list of client addresses, or a proxy or"
                                + " load balancer with no healthy backend behind this port.",
                        "On the client: check that this host and port are the service's TLS endpoint, and whether"
                                + " other connections from this host to it succeed (a limit) or none do (a refusal)."))
                .with("beforeClientHello", true);
    }
}
