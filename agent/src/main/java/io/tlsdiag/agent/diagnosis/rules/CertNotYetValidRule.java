package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.CertEvidence;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.ClockSkew;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/** A certificate of the presented chain was not yet valid (its notBefore lies ahead of this JVM's clock). */
public final class CertNotYetValidRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (!e.trustRejected() || !e.hasChain()) {
            return null;
        }
        if (e.pathReason() != BasicReason.NOT_YET_VALID && e.cause(CertificateNotYetValidException.class) == null) {
            return null;
        }
        Integer index = ChainScan.pick(e, e.pathFailureIndex(), new ChainScan.Test() {
            @Override
            public boolean fails(X509Certificate cert, Evidence ev) {
                return Certs.isNotYetValid(cert, ev.validationTime());
            }
        });
        if (index == null) {
            return null;
        }
        X509Certificate cert = e.chain()[index];
        String who = Certs.position(e.chain(), index, e.peerRole());
        String until = Certs.duration(cert.getNotBefore().getTime() - e.validationTime().getTime());
        long outside = (cert.getNotBefore().getTime() - e.validationTime().getTime()) / 1000;
        boolean clock = ClockSkew.suspectedNotYetValid(outside);
        return new Verdict(Category.CERT_NOT_YET_VALID, index,
                Certs.capitalised(who) + " (" + Certs.subject(cert) + ") presented by "
                        + e.peerLabel() + " is valid only from " + Certs.date(cert.getNotBefore()) + ", " + until
                        + " from now."
                        + (clock ? " That is less than a day: the certificate was probably issued just now, and this"
                        + " host's clock (it read " + Certs.date(e.validationTime()) + ") may be wrong, running"
                        + " behind." : ""),
                Arrays.asList(
                        "Check the clocks first: this host read " + Certs.date(e.validationTime())
                                + "; if it is behind, fix its time synchronisation (NTP).",
                        "On " + e.peerLabel() + ": if the clocks are right, the certificate " + Certs.subject(cert)
                                + " was issued with a future start date; reissue it or wait until "
                                + Certs.date(cert.getNotBefore()) + "."))
                .with("certificate", CertEvidence.ref(e.chain(), index))
                .with("notBefore", Certs.instant(cert.getNotBefore()))
                .with("notAfter", Certs.instant(cert.getNotAfter()))
                .with("validationTime", Certs.instant(e.validationTime()))
                .with("validInSeconds", (cert.getNotBefore().getTime() - e.validationTime().getTime()) / 1000)
                .with("validIn", until)
                .with("secondsOutsideValidity", outside)
                .with("clockMayBeWrong", clock);
    }
}
