package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.HostnameMatcher;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.hook.HandshakeFailure;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * The leaf certificate does not name the host the application asked for. Either the JDK's endpoint identification
 * rejected it inside the trust manager, or a HostnameVerifier said no after the handshake; in both cases the verdict
 * is confirmed by an independent RFC 6125 check of the leaf.
 */
public final class HostnameMismatchRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (!e.hasChain() || e.peerHost() == null) {
            return null;
        }
        boolean identityCheckFailed = e.isSource(HandshakeFailure.Source.HOSTNAME_VERIFIER)
                || (e.trustRejected() && e.mentions("no subject alternative", "no name matching"));
        X509Certificate leaf = e.chain()[0];
        if (!identityCheckFailed || HostnameMatcher.matches(e.peerHost(), leaf)) {
            return null;
        }
        List<String> names = HostnameMatcher.subjectAltNames(leaf);
        String named = names.isEmpty() ? "no subjectAltName at all (CN=" + HostnameMatcher.commonName(leaf) + ")"
                : "only " + names;
        return new Verdict(Category.HOSTNAME_MISMATCH, 0,
                "The certificate presented by " + e.peerLabel() + " (" + Certs.subject(leaf) + ") is not valid for "
                        + "the name '" + e.peerHost() + "': it names " + named + ".",
                Arrays.asList(
                        "On " + e.peerLabel() + ": install a certificate whose subjectAltName includes '"
                                + e.peerHost() + "', or serve the right certificate for that name (check SNI).",
                        "On the client: connect with the name the certificate was issued for, if '" + e.peerHost()
                                + "' is an alias or an IP address.",
                        "Do not install a HostnameVerifier that accepts every name; it allows interception."));
    }
}
