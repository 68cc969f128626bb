package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.CertificateException;
import java.util.Arrays;

/**
 * The peer's Certificate message held a certificate this JVM could not decode (not DER X.509, truncated, or an
 * encoding the JDK's parser rejects), so no chain exists to validate. JSSE says so in its own message, "Failed to
 * parse server certificates" (or client certificates), with the CertificateFactory's exception as the cause, and
 * sends bad_certificate.
 */
public final class MalformedCertificateRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (e.hasChain() || e.alertReceived()
                || !e.mentions("failed to parse server certificates", "failed to parse client certificates")) {
            return null;
        }
        CertificateException parse = e.cause(CertificateException.class);
        String reason = parse == null ? null : parse.getMessage();
        String peer = e.peerRole();
        return new Verdict(Category.MALFORMED_CERTIFICATE, null,
                "The " + peer + " " + e.peerLabel() + " sent a certificate this JVM cannot parse"
                        + (reason == null ? "" : " (" + reason + ")") + "; no certificate was checked.",
                Arrays.asList(
                        "On " + e.peerLabel() + ": check the certificate files it serves: each must be one X.509"
                                + " certificate (PEM or DER as the server expects), complete, not a key, CSR or"
                                + " corrupted copy; reinstall the certificate and chain from the CA's originals.",
                        "Then check it with: openssl s_client -connect " + e.peerLabel() + " -showcerts"))
                .with("parseError", reason)
                .with("parseErrorType", parse == null ? null : parse.getClass().getName())
                .with("alert", e.alert())
                .with("alertDirection", e.alert() == null ? null : e.alertReceived() ? "received" : "sent");
    }
}
