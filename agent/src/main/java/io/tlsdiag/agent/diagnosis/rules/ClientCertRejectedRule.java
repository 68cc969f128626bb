package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.handshake.Alerts;
import io.tlsdiag.agent.handshake.ClientAuthRecord;
import io.tlsdiag.agent.handshake.HandshakeFailure;

import java.util.Arrays;

/**
 * A client certificate was sent and the other side refused it: as client, the server answered our certificate with
 * a certificate alert, or dropped the connection right after it (TLS 1.3 servers such as HAProxy often do); as server, our trust manager rejected the client's chain for no more specific reason.
 */
public final class ClientCertRejectedRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if ("server".equals(e.role())) {
            if (!e.trustRejected() || e.failure().trustCheck.serverCertificate) {
                return null;
            }
            return ClientAuthEvidence.addTo(new Verdict(Category.CLIENT_CERT_REJECTED, e.hasChain() ? 0 : null,
                    "This server rejected the certificate of client " + e.peerLabel() + ".",
                    Arrays.asList("On the client " + e.peerLabel() + ": use a certificate issued by a CA in this "
                            + "server's trust store.", "On this server: if the client's CA should be trusted, add "
                            + "its root to the server's trust store.")), e);
        }
        ClientAuthRecord auth = e.failure().clientAuth;
        if (auth == null || auth.alias == null) {
            return null;
        }
        if (!e.alertReceived() && droppedAfterOurCertificate(e)) {
            boolean tls13 = "TLSv1.3".equals(e.failure().negotiatedProtocol) || "TLSv1.3".equals(auth.protocol);
            return ClientAuthEvidence.addTo(new Verdict(Category.CLIENT_CERT_REJECTED, null,
                    e.peerLabel() + " closed the connection right after this JVM sent the client certificate '"
                            + auth.alias + "', and this JVM read no alert" + (tls13 ? ": a TLS 1.3 server refuses a "
                            + "client certificate after the client's Finished and closes, and the client's next write "
                            + "or read can fail before the alert is read." : "."),
                    refusedRemediation(e)), e);
        }
        if (!e.alertReceived() || !Alerts.isCertificateVerdict(e.alert()) || "certificate_required".equals(e.alert())) {
            return null;
        }
        return ClientAuthEvidence.addTo(new Verdict(Category.CLIENT_CERT_REJECTED, null,
                e.peerLabel() + " rejected the client certificate '" + auth.alias + "' this JVM sent (alert "
                        + e.alert() + ").",
                refusedRemediation(e)), e);
    }

    private static java.util.List<String> refusedRemediation(Evidence e) {
        return Arrays.asList(
                "On " + e.peerLabel() + ": check its log for why it refused the client certificate "
                        + "(unknown CA, expired, revoked) and trust the client's issuing CA if it should.",
                "On the client: use a certificate issued by a CA the server trusts, and make sure it is not expired.");
    }

    /** The connection ended under the client, or its write failed on the closed connection. */
    private static boolean droppedAfterOurCertificate(Evidence e) {
        return e.connectionEnded() || e.isSource(HandshakeFailure.Source.WRITE_FAILED);
    }
}
