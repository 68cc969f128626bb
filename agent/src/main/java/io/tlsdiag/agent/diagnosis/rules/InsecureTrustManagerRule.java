package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.handshake.HandshakeFailure;

import java.util.Arrays;

/**
 * An application trust manager accepted a chain that this JVM's own trust store rejects, consulting no trust anchor
 * and no other trust manager: the "trust all certificates" snippet, or pinning that replaces validation.
 */
public final class InsecureTrustManagerRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (!e.isSource(HandshakeFailure.Source.TRUST_ACCEPTED) || !e.hasChain()) {
            return null;
        }
        Throwable jdkVerdict = e.defaultTrustRejection();
        if (jdkVerdict == null) {
            return null; // the JVM would have trusted this chain too: nothing to report
        }
        String tm = e.failure().acceptingClass;
        return new Verdict(Category.INSECURE_TRUST_MANAGER, 0,
                "The application's trust manager " + tm + " accepted the certificate of " + e.peerLabel() + " ("
                        + Certs.subject(e.chain()[0]) + ") that this JVM's trust store rejects, without checking any "
                        + "trust anchor: certificate verification is effectively off.",
                Arrays.asList(
                        "Remove " + tm + " (a 'trust all certificates' trust manager) and fix the reason it was added: "
                                + "renew the server's certificate, have it send its full chain, or import its CA into "
                                + "the trust store.",
                        "If it implements deliberate certificate pinning, make it also validate the chain with "
                                + "the JDK's trust manager, so expiry and revocation are still checked."))
                .with("trustManager", tm)
                .with("trustManagerAnchors", 0)
                .with("jdkVerdict", jdkVerdict.getClass().getName() + ": " + jdkVerdict.getMessage());
    }
}
