package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;

import java.security.cert.PKIXReason;
import java.util.Arrays;
import java.util.List;

/** A certificate that issued another one is not a CA (basicConstraints CA:false or absent). */
public final class NotACaRule extends PathCheckRule {

    public NotACaRule() {
        super(Category.NOT_A_CA, PKIXReason.NOT_CA_CERT, "basic constraints check failed", "not a ca certificate");
    }

    @Override
    int defaultIndex(Evidence e) {
        return Math.min(1, e.chain().length - 1);
    }

    @Override
    String summary(Evidence e, String who, String subject) {
        return who.substring(0, 1).toUpperCase() + who.substring(1) + " (" + subject + ") presented by "
                + e.peerLabel() + " issued another certificate but is not a CA (basicConstraints).";
    }

    @Override
    List<String> remediation(Evidence e, String subject) {
        return Arrays.asList("On " + e.peerLabel() + ": issue the certificate from a real CA certificate "
                + "(basicConstraints CA:true), not from " + subject + ".");
    }

    @Override
    Verdict evidence(Verdict v, Evidence e, X509Certificate cert) {
        return v.with("extension", "basicConstraints").with("ca", cert.getBasicConstraints() >= 0)
                .with("pathLenConstraint", cert.getBasicConstraints());
    }
}
