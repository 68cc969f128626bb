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

    /**
     * The alert an OpenSSL/BoringSSL error names, as received from the peer: netty-tcnative's exceptions carry only
     * the library's error string, e.g. {@code error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA}.
     * Null when the message names none.
     */
    public static String receivedInOpensslMessage(String message) {
        if (message == null) {
            return null;
        }
        java.util.regex.Matcher m = OPENSSL_ALERT.matcher(message);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    private static final java.util.regex.Pattern OPENSSL_ALERT =
            java.util.regex.Pattern.compile("(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)");

    /** Whether an engine's error message says the peer refused a certificate (OpenSSL's wording). */
    public static boolean mentionsCertificateRefusal(String message) {
        return isCertificateVerdict(receivedInOpensslMessage(message));
    }

    public static boolean isCertificateVerdict(String alert) {
        return alert != null && CERTIFICATE_VERDICTS.contains(alert);
    }
}
