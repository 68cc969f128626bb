package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;

import java.security.cert.PKIXReason;
import java.util.Arrays;
import java.util.List;

/** A CA's nameConstraints extension forbids a name in a certificate below it. */
public final class NameConstraintsRule extends PathCheckRule {

    public NameConstraintsRule() {
        super(Category.NAME_CONSTRAINTS, PKIXReason.INVALID_NAME, "name constraints check failed");
    }

    @Override
    String summary(Evidence e, String who, String subject) {
        return Certs.capitalised(who) + " (" + subject + ") presented by "
                + e.peerLabel() + " has a name that a CA above it is not allowed to certify (nameConstraints).";
    }

    @Override
    List<String> remediation(Evidence e, String subject) {
        return Arrays.asList("On " + e.peerLabel() + ": issue " + subject + " from a CA whose nameConstraints "
                + "permit its names.");
    }

    @Override
    Verdict evidence(Verdict v, Evidence e, X509Certificate cert) {
        return v.with("extension", "nameConstraints")
                .with("subjectAltNames", io.tlsdiag.agent.diagnosis.HostnameMatcher.subjectAltNames(cert));
    }
}
