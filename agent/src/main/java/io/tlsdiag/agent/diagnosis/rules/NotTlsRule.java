package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.util.Arrays;

/**
 * The peer answered with bytes that are not a TLS record (typically plain HTTP on the port): no certificate, no
 * alert, and JSSE's record layer refused the first record it read. Only JSSE's message says that last part
 * ("Unsupported or unrecognized SSL message"; JDK 8: "Unrecognized SSL message, plaintext connection?"; Netty, which
 * checks the record itself and never hands it to the engine: "not an SSL/TLS record"; BoringSSL:
 * WRONG_VERSION_NUMBER or HTTP_REQUEST): the
 * exception is a plain SSLException, with no reason code, and the alert JSSE sends is a generic one.
 */
public final class NotTlsRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (e.hasChain() || e.alertReceived()
                || !e.mentions("unsupported or unrecognized ssl message", "plaintext connection?",
                "not an ssl/tls record", "wrong_version_number", "http_request")) {
            return null;
        }
        return new Verdict(Category.NOT_TLS, null,
                e.peerLabel() + " did not answer with TLS: the first bytes it sent are not a TLS record "
                        + "(plain HTTP or another protocol on that port?).",
                Arrays.asList(
                        "On the client: check the port and scheme; this port may serve plain HTTP (use http://) "
                                + "or TLS may be on another port.",
                        "On " + e.peerLabel() + ": if it should speak TLS on this port, enable TLS on that "
                                + "listener; check for a proxy or load balancer that terminates TLS elsewhere."));
    }
}
