package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.CertEvidence;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.ClockSkew;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/** A certificate of the presented chain was past its notAfter when the JDK validated it. */
public final class CertExpiredRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (!e.trustRejected() || !e.hasChain()) {
            return null;
        }
        boolean validatorSaysExpired = e.pathReason() == BasicReason.EXPIRED
                || e.cause(CertificateExpiredException.class) != null;
        if (!validatorSaysExpired) {
            return null;
        }
        Integer index = ChainScan.pick(e, e.pathFailureIndex(), new ChainScan.Test() {
            @Override
            public boolean fails(X509Certificate cert, Evidence ev) {
                return Certs.isExpired(cert, ev.validationTime());
            }
        });
        if (index == null) {
            return null;
        }
        X509Certificate cert = e.chain()[index];
        String who = Certs.position(e.chain(), index, e.peerRole());
        String ago = Certs.duration(e.validationTime().getTime() - cert.getNotAfter().getTime());
        long outside = (e.validationTime().getTime() - cert.getNotAfter().getTime()) / 1000;
        boolean clock = ClockSkew.suspectedExpired(outside);
        return new Verdict(Category.CERT_EXPIRED, index,
                Certs.capitalised(who) + " (" + Certs.subject(cert) + ") presented by "
                        + e.peerLabel() + " expired on " + Certs.date(cert.getNotAfter()) + ", " + ago + " ago."
                        + (clock ? " It expired only " + ago + " ago: this host's clock (it read "
                        + Certs.date(e.validationTime()) + ") may be wrong, running ahead." : ""),
                Arrays.asList(
                        "On " + e.peerLabel() + ": renew the certificate " + Certs.subject(cert)
                                + " (expired " + Certs.date(cert.getNotAfter()) + ") and install the new one"
                                + (index > 0 ? " together with its current intermediate chain" : "") + ".",
                        "Check that this host's clock is right (it read " + Certs.date(e.validationTime())
                                + "): a wrong clock makes valid certificates look expired.",
                        "Do not disable certificate validation on the client; it would accept any certificate."))
                .with("certificate", CertEvidence.ref(e.chain(), index))
                .with("notBefore", Certs.instant(cert.getNotBefore()))
                .with("notAfter", Certs.instant(cert.getNotAfter()))
                .with("validationTime", Certs.instant(e.validationTime()))
                .with("expiredForSeconds", (e.validationTime().getTime() - cert.getNotAfter().getTime()) / 1000)
                .with("expiredFor", ago)
                .with("secondsOutsideValidity", outside)
                .with("clockMayBeWrong", clock);
    }
}
