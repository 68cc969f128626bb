package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.HostnameMatcher;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.handshake.HandshakeFailure;

import java.util.Arrays;

/** A HostnameVerifier accepted a certificate that does not name the host: it accepts every name. */
public final class InsecureHostnameVerifierRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (!e.isSource(HandshakeFailure.Source.HOSTNAME_ACCEPTED) || !e.hasChain()
                || HostnameMatcher.matches(e.peerHost(), e.chain()[0])) {
            return null;
        }
        String hv = e.failure().acceptingClass;
        return new Verdict(Category.INSECURE_HOSTNAME_VERIFIER, 0,
                "The hostname verifier " + hv + " accepted the certificate " + Certs.subject(e.chain()[0])
                        + " for '" + e.peerHost() + "', a name it does not carry: host name checking is off.",
                Arrays.asList(
                        "Remove " + hv + " and use the client's default verifier; fix the certificate or the host "
                                + "name the application uses instead.",
                        "On " + e.peerLabel() + ": serve a certificate that names '" + e.peerHost() + "'."))
                .with("hostnameVerifier", hv)
                .with("requestedName", e.peerHost())
                .with("subjectAltNames", HostnameMatcher.subjectAltNames(e.chain()[0]));
    }
}
