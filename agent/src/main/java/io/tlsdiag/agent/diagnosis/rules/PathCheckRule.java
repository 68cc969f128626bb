package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.CertEvidence;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The shape shared by rules for one PKIX check (revocation, algorithm constraints, key usage, basic and name
 * constraints): the JDK's validator names the failed check by its reason code or, for checks outside the
 * CertPathValidator (the end-entity checker), by its message; the certificate it blamed is the one at fault.
 */
abstract class PathCheckRule implements Rule {

    private final Category category;
    private final CertPathValidatorException.Reason reason;
    private final String[] messageFragments;

    PathCheckRule(Category category, CertPathValidatorException.Reason reason, String... messageFragments) {
        this.category = category;
        this.reason = reason;
        this.messageFragments = messageFragments;
    }

    @Override
    public final Verdict apply(Evidence e) {
        if (!e.trustRejected() || !e.hasChain()) {
            return null;
        }
        if (e.pathReason() != reason && !e.mentions(messageFragments)) {
            return null;
        }
        Integer index = e.pathFailureIndex();
        int at = index == null ? defaultIndex(e) : index;
        String who = Certs.position(e.chain(), at, e.peerRole());
        Verdict v = new Verdict(category, at, summary(e, who, Certs.subject(e.chain()[at])),
                remediation(e, Certs.subject(e.chain()[at])))
                .with("certificate", CertEvidence.ref(e.chain(), at))
                .with("validatorReason", e.pathReason() == null ? null : e.pathReason().toString());
        return evidence(v, e, e.chain()[at]);
    }

    /** The rule's own evidence about the certificate at fault: which extension, which value. */
    abstract Verdict evidence(Verdict v, Evidence e, X509Certificate cert);

    /** The certificate blamed when the validator gave no index: the leaf for end-entity checks. */
    int defaultIndex(Evidence e) {
        return 0;
    }

    abstract String summary(Evidence e, String who, String subject);

    abstract List<String> remediation(Evidence e, String subject);
}
