package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;

import java.security.cert.CertPathValidatorException.BasicReason;
import java.util.Arrays;
import java.util.List;

/** A revocation check (CRL or OCSP) said the certificate is revoked. */
public final class RevokedRule extends PathCheckRule {

    public RevokedRule() {
        super(Category.REVOKED, BasicReason.REVOKED, "certificate has been revoked");
    }

    @Override
    String summary(Evidence e, String who, String subject) {
        return "The issuing CA has revoked " + who + " (" + subject + ") presented by " + e.peerLabel() + ".";
    }

    @Override
    List<String> remediation(Evidence e, String subject) {
        return Arrays.asList("On " + e.peerLabel() + ": replace the revoked certificate " + subject
                + " with a newly issued one, and find out why it was revoked (key compromise?).");
    }

    @Override
    Verdict evidence(Verdict v, Evidence e, X509Certificate cert) {
        java.security.cert.CertificateRevokedException r = e.cause(java.security.cert.CertificateRevokedException.class);
        return v.with("revocationDate", r == null ? null : io.tlsdiag.agent.diagnosis.Certs.instant(r.getRevocationDate()))
                .with("revocationReason", r == null ? null : String.valueOf(r.getRevocationReason()));
    }
}
