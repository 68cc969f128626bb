package io.tlsdiag.agent.handshake;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** TLS alert names as RFC 8446 spells them, from JSSE's internal {@code Alert} enum (whose constant names match). */
public final class Alerts {

    /** Alerts by which a peer rejects the certificate it was shown. */
    private static final Set<String> CERTIFICATE_VERDICTS = new HashSet<String>(Arrays.asList(
            "bad_certificate", "unsupported_certificate", "certificate_revoked", "certificate_expired",
            "certificate_unknown", "unknown_ca", "access_denied", "certificate_required", "decrypt_error",
            "handshake_failure"));

    private Alerts() {
    }

    /** JSSE's {@code Alert} constant as its RFC name ({@code UNKNOWN_CA} -> {@code unknown_ca}); null stays null. */
    public static String name(Object alert) {
        return alert == null ? null : alert.toString().toLowerCase(Locale.ROOT);
    }

    public static boolean isCertificateVerdict(String alert) {
        return alert != null && CERTIFICATE_VERDICTS.contains(alert);
    }
}
