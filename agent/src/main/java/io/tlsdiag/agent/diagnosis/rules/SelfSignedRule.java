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
        return new Verdict(Category.SELF_SIGNED, 0,
                e.peerLabel() + " presented a self-signed certificate (" + Certs.subject(leaf)
                        + ") that is not in this JVM's trust store.",
                Arrays.asList(
                        "On " + e.peerLabel() + ": replace the self-signed certificate with one issued by a CA "
                                + "the clients trust (a public CA, or your organisation's internal CA).",
                        "If this self-signed certificate is intended (a private service), import exactly this "
                                + "certificate into the client's trust store with keytool -importcert, after "
                                + "checking its SHA-256 fingerprint with the server's owner.",
                        "Do not disable certificate validation; it would accept any certificate."));
    }
}
