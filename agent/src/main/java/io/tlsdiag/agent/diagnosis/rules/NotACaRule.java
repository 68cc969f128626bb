package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.CertEvidence;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * A certificate that issued another one in the chain is not a CA (basicConstraints CA:false or absent). Decided from
 * the certificates, whichever of the validator's checks tripped first: the JDK checks the issuer's keyCertSign bit
 * before its basic constraints, so the same defect often arrives as a key-usage failure.
 */
public final class NotACaRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (!e.trustRejected() || e.chain().length < 2 || e.cause(java.security.cert.CertPathValidatorException.class) == null) {
            return null;
        }
        for (int i = 1; i < e.chain().length; i++) {
            X509Certificate issuer = e.chain()[i];
            X509Certificate issued = e.chain()[i - 1];
            if (issuer.getBasicConstraints() < 0 && issued.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                String who = Certs.position(e.chain(), i, e.peerRole());
                return new Verdict(Category.NOT_A_CA, i,
                        Certs.capitalised(who) + " (" + Certs.subject(issuer)
                                + ") presented by " + e.peerLabel() + " issued " + Certs.subject(issued)
                                + " but is not a CA (basicConstraints CA:false).",
                        Arrays.asList("On " + e.peerLabel() + ": issue " + Certs.subject(issued) + " from a real CA "
                                + "certificate (basicConstraints CA:true, keyUsage keyCertSign), not from "
                                + Certs.subject(issuer) + "."))
                        .with("certificate", CertEvidence.ref(e.chain(), i))
                        .with("issued", CertEvidence.ref(e.chain(), i - 1))
                        .with("extension", "basicConstraints")
                        .with("ca", false)
                        .with("keyCertSign", issuer.getKeyUsage() != null && issuer.getKeyUsage()[5])
                        .with("validatorReason", e.pathReason() == null ? null : e.pathReason().toString());
            }
        }
        return null;
    }
}
