package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.handshake.HandshakeFailure;

import java.util.Arrays;

/**
 * An application-provided trust manager (or hostname verifier) rejected the peer by its own logic, with none of
 * the JDK's PKIX evidence behind it: pinning, an allow-list, a custom policy.
 */
public final class CustomTrustRejectedRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        String decidedBy;
        if (e.isSource(HandshakeFailure.Source.HOSTNAME_VERIFIER)) {
            decidedBy = e.failure().hostnameVerifier;
        } else if (e.trustRejected() && !e.rejectedByJdkTrustManager()) {
            decidedBy = e.rejectingTrustManager();
        } else {
            return null;
        }
        return new Verdict(Category.CUSTOM_TRUST_REJECTED, e.hasChain() ? 0 : null,
                "The application's own " + decidedBy + " rejected " + e.peerLabel() + ".",
                Arrays.asList(
                        "Find out what " + decidedBy + " checks (pinning, an allow-list) and whether "
                                + e.peerLabel() + " changed its certificate legitimately; update the pin or list.",
                        "On " + e.peerLabel() + ": if the certificate was rotated, tell the clients that pin it."));
    }
}
