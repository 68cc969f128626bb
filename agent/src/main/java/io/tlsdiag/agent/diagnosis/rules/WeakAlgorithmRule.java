package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.DisabledAlgorithms;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.KeySizes;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;

import java.security.cert.CertPathValidatorException.BasicReason;
import java.util.Arrays;
import java.util.List;

/** A signature algorithm or key size is disabled by jdk.certpath.disabledAlgorithms. */
public final class WeakAlgorithmRule extends PathCheckRule {

    public WeakAlgorithmRule() {
        super(Category.WEAK_ALGORITHM, BasicReason.ALGORITHM_CONSTRAINED, "algorithm constraints check failed");
    }

    @Override
    String summary(Evidence e, String who, String subject) {
        return Certs.capitalised(who) + " (" + subject + ") presented by "
                + e.peerLabel() + " uses an algorithm or key size this JVM has disabled "
                + "(jdk.certpath.disabledAlgorithms).";
    }

    @Override
    List<String> remediation(Evidence e, String subject) {
        return Arrays.asList(
                "On " + e.peerLabel() + ": reissue " + subject + " with a current algorithm (SHA-256 or better, "
                        + "RSA 2048+ or ECDSA P-256+).",
                "Do not remove entries from jdk.certpath.disabledAlgorithms; they protect against forged "
                        + "certificates.");
    }

    @Override
    Verdict evidence(Verdict v, Evidence e, X509Certificate cert) {
        Integer bits = KeySizes.bits(cert.getPublicKey());
        return v.with("signatureAlgorithm", cert.getSigAlgName())
                .with("keyAlgorithm", cert.getPublicKey().getAlgorithm())
                .with("keySize", bits)
                .with("property", DisabledAlgorithms.CERTPATH)
                .with("matchingEntries", DisabledAlgorithms.matching(DisabledAlgorithms.CERTPATH, cert.getSigAlgName(),
                        cert.getPublicKey().getAlgorithm(), bits));
    }
}
