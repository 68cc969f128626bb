package io.tlsdiag.agent.diagnosis;

import javax.security.auth.x500.X500Principal;
import java.security.cert.X509Certificate;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

/** Small, side-effect-free facts about certificates that several rules need. */
public final class Certs {

    private Certs() {
    }

    public static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    public static String issuer(X509Certificate cert) {
        return cert.getIssuerX500Principal().getName(X500Principal.RFC2253);
    }

    /** Lower-case hex SHA-256 of the DER encoding, no colons (the form the incident format uses). */
    public static String sha256(X509Certificate cert) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            StringBuilder hex = new StringBuilder(64);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot fingerprint certificate", e);
        }
    }

    /** ISO-8601 UTC instant, second precision. */
    public static String instant(Date date) {
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        return format.format(date);
    }

    public static boolean isCa(X509Certificate cert) {
        return cert.getBasicConstraints() >= 0;
    }

    /** Issued by itself and signed by its own key. */
    public static boolean isSelfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public static boolean isExpired(X509Certificate cert, Date at) {
        return at.after(cert.getNotAfter());
    }

    public static boolean isNotYetValid(X509Certificate cert, Date at) {
        return at.before(cert.getNotBefore());
    }

    /** "2026-11-29 14:20 UTC": what a person reads in a summary. */
    public static String date(Date date) {
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        return format.format(date);
    }

    /** A duration in the largest sensible unit: "3 days", "5 hours", "40 minutes". */
    public static String duration(long millis) {
        long minutes = Math.abs(millis) / 60000;
        if (minutes >= 2 * 24 * 60) {
            return (minutes / (24 * 60)) + " days";
        }
        if (minutes >= 120) {
            return (minutes / 60) + " hours";
        }
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    /**
     * The text with its first letter in upper case, for a sentence that starts with {@link #position}. Locale.ROOT:
     * in the host's default locale "intermediate" could become "İntermediate" (Turkish).
     */
    public static String capitalised(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    /** The position words used in summaries: "the server's certificate", "intermediate #1", "the root". */
    public static String position(X509Certificate[] chain, int index, String peerRole) {
        if (index == 0) {
            return "the " + peerRole + "'s certificate";
        }
        if (index == chain.length - 1 && isSelfSigned(chain[index])) {
            return "the root CA certificate";
        }
        return "intermediate CA certificate #" + index;
    }
}
