package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;
import java.util.Arrays;

/** The chain ends in a CA (or root) that no trust anchor of this JVM vouches for. */
public final class UntrustedRootRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        // Either path building found no anchor, or the validator tried the anchor of the issuer's name and its key
        // did not verify the signature (the JDK validates instead of building when the names chain up).
        boolean signatureFailed = e.pathReason() == java.security.cert.CertPathValidatorException.BasicReason.INVALID_SIGNATURE;
        if (!e.trustRejected() || !e.hasChain() || !(e.noPathToAnchor() || signatureFailed)) {
            return null;
        }
        int last = e.chain().length - 1;
        X509Certificate top = e.chain()[last];
        boolean endsInCa = Certs.isCa(top) || Certs.isSelfSigned(top);
        if (!endsInCa || e.isAnchor(top) || e.anchorIssued(top)) {
            return null;
        }
        String root = Certs.isSelfSigned(top) ? Certs.subject(top) : Certs.issuer(top);
        // An anchor of that very name whose key did not sign this chain: a rotated or re-keyed CA, or a look-alike.
        boolean sameNameOtherKey = !Certs.isSelfSigned(top) && e.anchorWithSubject(top.getIssuerX500Principal());
        String alias = PathEvidence.alias(top);
        Verdict v = new Verdict(Category.UNTRUSTED_ROOT, last,
                "The chain presented by " + e.peerLabel() + " leads to the CA " + root
                        + (sameNameOtherKey ? ": this JVM trusts a CA of that name, but with another key (a rotated "
                        + "or re-keyed CA, or a look-alike)." : ", which is not a trust anchor of this JVM ("
                        + e.anchors().length + " anchors checked)."),
                Arrays.asList(
                        "On " + e.peerLabel() + ": if it should use a publicly trusted CA, install a certificate "
                                + "from one (and send its full chain).",
                        "On the client: if " + root + " is your organisation's CA, import its root certificate "
                                + "(verified out of band, not taken from this connection) into the trust store this "
                                + "JVM uses: " + PathEvidence.importCommand(e, alias),
                        "Do not disable certificate validation; it would accept any certificate."));
        PathEvidence.addTo(v, e, last);
        // Only a root the peer sent is offered for import, and only with its fingerprint to verify out of band.
        return Certs.isSelfSigned(top) ? PathEvidence.importable(v, e, last, alias) : v;
    }
}
