package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;
import java.util.Arrays;

/** A lone self-signed certificate that no trust anchor contains. */
public final class SelfSignedRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (!e.trustRejected() || e.chain().length != 1 || !e.noPathToAnchor()) {
            return null;
        }
        X509Certificate leaf = e.chain()[0];
        if (!Certs.isSelfSigned(leaf) || e.isAnchor(leaf)) {
            return null;
        }
        String alias = PathEvidence.alias(leaf);
        Verdict v = new Verdict(Category.SELF_SIGNED, 0,
                e.peerLabel() + " presented a self-signed certificate (" + Certs.subject(leaf)
                        + ") that is not in this JVM's trust store.",
                Arrays.asList(
                        "On " + e.peerLabel() + ": replace the self-signed certificate with one issued by a CA "
                                + "the clients trust (a public CA, or your organisation's internal CA).",
                        "If this self-signed certificate is intended (a private service), check its SHA-256 "
                                + "fingerprint " + Certs.sha256(leaf) + " with the server's owner, save the PEM "
                                + "from this incident as " + alias + ".pem and import exactly it: "
                                + PathEvidence.importCommand(e, alias),
                        "Do not disable certificate validation; it would accept any certificate."));
        PathEvidence.addTo(v, e, 0);
        return PathEvidence.importable(v, e, 0, alias);
    }
}
