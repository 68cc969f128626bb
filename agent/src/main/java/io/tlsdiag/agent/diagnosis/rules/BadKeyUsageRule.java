package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;

import java.security.cert.PKIXReason;
import java.util.Arrays;
import java.util.List;

/** keyUsage or extendedKeyUsage does not allow the certificate's use here (e.g. no serverAuth). */
public final class BadKeyUsageRule extends PathCheckRule {

    public BadKeyUsageRule() {
        super(Category.BAD_KEY_USAGE, PKIXReason.INVALID_KEY_USAGE,
                "keyusage does not allow", "extended key usage does not permit");
    }

    @Override
    String summary(Evidence e, String who, String subject) {
        return Certs.capitalised(who) + " (" + subject + ") presented by "
                + e.peerLabel() + " is not allowed for this use by its keyUsage / extendedKeyUsage extension.";
    }

    @Override
    List<String> remediation(Evidence e, String subject) {
        return Arrays.asList("On " + e.peerLabel() + ": reissue " + subject + " with the right key usage ("
                + ("client".equals(e.peerRole()) ? "clientAuth" : "serverAuth") + " in extendedKeyUsage, and "
                + "digitalSignature in keyUsage).");
    }

    @Override
    Verdict evidence(Verdict v, Evidence e, X509Certificate cert) {
        java.util.List<String> eku;
        try {
            eku = cert.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException ex) {
            eku = null;
        }
        return v.with("keyUsage", KeyUsageNames.of(cert.getKeyUsage()))
                .with("extendedKeyUsage", eku)
                .with("needed", "client".equals(e.peerRole()) ? "clientAuth (1.3.6.1.5.5.7.3.2)"
                        : "serverAuth (1.3.6.1.5.5.7.3.1)");
    }
}
