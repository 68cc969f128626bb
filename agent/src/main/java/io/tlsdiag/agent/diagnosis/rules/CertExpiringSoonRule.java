package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.CertEvidence;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.handshake.HandshakeFailure;

import java.security.cert.X509Certificate;
import java.util.Arrays;

/** A certificate of a successful handshake expires within the warning window: the warning before the outage. */
public final class CertExpiringSoonRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        int index = e.failure().findingIndex;
        if (!e.isSource(HandshakeFailure.Source.EXPIRY_CHECK) || index < 0 || index >= e.chain().length) {
            return null;
        }
        X509Certificate cert = e.chain()[index];
        long left = cert.getNotAfter().getTime() - e.validationTime().getTime();
        String who = Certs.position(e.chain(), index, e.peerRole());
        return new Verdict(Category.CERT_EXPIRING_SOON, index,
                Certs.capitalised(who) + " (" + Certs.subject(cert) + ") presented by "
                        + e.peerLabel() + " expires on " + Certs.date(cert.getNotAfter()) + ", in "
                        + Certs.duration(left) + ". Handshakes still succeed.",
                Arrays.asList(
                        "On " + e.peerLabel() + ": renew " + Certs.subject(cert) + " before "
                                + Certs.date(cert.getNotAfter()) + " and install it"
                                + (index > 0 ? " with the intermediate chain its issuer now uses" : "") + ".",
                        "Check the renewal automation (ACME client, cert-manager) of that server: it should have "
                                + "renewed by now."))
                .with("certificate", CertEvidence.ref(e.chain(), index))
                .with("notAfter", Certs.instant(cert.getNotAfter()))
                .with("expiresInSeconds", left / 1000)
                .with("expiresIn", Certs.duration(left))
                .with("windowDays", e.expiryWarningDays());
    }
}
