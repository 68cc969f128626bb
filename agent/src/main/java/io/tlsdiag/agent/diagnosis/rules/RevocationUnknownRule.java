package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;

import java.security.cert.CertPathValidatorException.BasicReason;
import java.util.Arrays;
import java.util.List;

/** Revocation checking was on, and no CRL or OCSP answer could be obtained. */
public final class RevocationUnknownRule extends PathCheckRule {

    public RevocationUnknownRule() {
        super(Category.REVOCATION_UNKNOWN, BasicReason.UNDETERMINED_REVOCATION_STATUS,
                "could not determine revocation status", "unable to determine revocation status");
    }

    @Override
    String summary(Evidence e, String who, String subject) {
        return "The revocation status of " + who + " (" + subject + ") presented by " + e.peerLabel()
                + " could not be determined (no CRL or OCSP answer reached this JVM).";
    }

    @Override
    List<String> remediation(Evidence e, String subject) {
        return Arrays.asList(
                "On " + e.peerLabel() + ": enable OCSP stapling so clients need not reach the CA themselves.",
                "On the client: allow this host to reach the CA's OCSP responder / CRL distribution point named in "
                        + "the certificate, or proxy it.");
    }

    @Override
    Verdict evidence(Verdict v, Evidence e, X509Certificate cert) {
        return v.with("crlDistributionPoints", io.tlsdiag.agent.diagnosis.CertEvidence.crlDistributionPoints(cert))
                .with("revocationCheckingEnabled", Boolean.getBoolean("com.sun.net.ssl.checkRevocation"));
    }
}
