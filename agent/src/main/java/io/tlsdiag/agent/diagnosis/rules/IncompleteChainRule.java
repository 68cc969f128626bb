package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * The chain ends in an end-entity certificate whose issuer was not sent and is not a trust anchor, nor a root of
 * another trust source of this machine (then the trust store lacks a root, and an intermediate is not missing): the
 * server forgot to send its intermediate certificate(s). Browsers often hide this by fetching or caching intermediates; Java
 * does not.
 */
public final class IncompleteChainRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (!e.trustRejected() || !e.hasChain() || !e.noPathToAnchor()) {
            return null;
        }
        int last = e.chain().length - 1;
        X509Certificate top = e.chain()[last];
        if (Certs.isCa(top) || Certs.isSelfSigned(top) || e.anchorWithSubject(top.getIssuerX500Principal())) {
            return null;
        }
        // Incomplete only when the issuer is a root in no trust source we can see: a leaf signed directly by a root
        // that another store holds (an interception proxy's, an OS-only root) is not missing an intermediate.
        if (e.counterfactual().rootElsewhereThatIssued(top) != null) {
            return null;
        }
        Verdict v = new Verdict(Category.INCOMPLETE_CHAIN, last,
                e.peerLabel() + " sent its certificate (" + Certs.subject(top) + ") without the intermediate CA "
                        + "certificate that issued it (" + Certs.issuer(top) + "), and no trust anchor is that issuer.",
                Arrays.asList(
                        "On " + e.peerLabel() + ": configure the server to send the full chain: its certificate "
                                + "followed by the intermediate " + Certs.issuer(top) + " (e.g. nginx "
                                + "ssl_certificate with the fullchain file, or the CA bundle in the keystore).",
                        "Check what the server sends: openssl s_client -connect " + e.peerLabel()
                                + " -servername " + e.peerHost() + " -showcerts",
                        "Do not add the intermediate to client trust stores as a workaround; it breaks again at the "
                                + "next intermediate rotation."));
        return PathEvidence.addTo(v, e, last);
    }
}
