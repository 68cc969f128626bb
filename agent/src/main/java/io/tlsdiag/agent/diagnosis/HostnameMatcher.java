package io.tlsdiag.agent.diagnosis;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * RFC 6125 host name matching, independent of the JDK's, so a mismatch verdict rests on its own check: DNS names
 * from the subjectAltName (the CN only when there is no DNS name), a wildcard only as the whole left-most label and
 * covering exactly one label; IP addresses against IP entries only.
 */
public final class HostnameMatcher {

    private HostnameMatcher() {
    }

    public static boolean matches(String host, X509Certificate leaf) {
        if (host == null) {
            return false;
        }
        String wanted = host.toLowerCase(Locale.ROOT);
        if (wanted.endsWith(".")) {
            wanted = wanted.substring(0, wanted.length() - 1);
        }
        boolean ip = looksLikeIp(wanted);
        List<String> dnsNames = new ArrayList<String>();
        for (String san : subjectAltNames(leaf)) {
            if (ip && san.startsWith("IP:") && sameIp(san.substring(3), wanted)) {
                return true;
            }
            if (san.startsWith("DNS:")) {
                dnsNames.add(san.substring(4).toLowerCase(Locale.ROOT));
            }
        }
        if (ip) {
            return false;
        }
        if (dnsNames.isEmpty()) {
            String cn = commonName(leaf);
            if (cn != null) {
                dnsNames.add(cn.toLowerCase(Locale.ROOT));
            }
        }
        for (String pattern : dnsNames) {
            if (matchesPattern(wanted, pattern)) {
                return true;
            }
        }
        return false;
    }

    static boolean matchesPattern(String host, String pattern) {
        if (!pattern.startsWith("*.")) {
            return host.equals(pattern);
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }

    /** subjectAltName entries as "DNS:name", "IP:address", "URI:...", "email:..." strings, in certificate order. */
    public static List<String> subjectAltNames(X509Certificate cert) {
        List<String> out = new ArrayList<String>();
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return out;
        }
        if (sans == null) {
            return out;
        }
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            Object value = san.get(1);
            String prefix;
            switch (type) {
                case 1: prefix = "email:"; break;
                case 2: prefix = "DNS:"; break;
                case 6: prefix = "URI:"; break;
                case 7: prefix = "IP:"; break;
                case 4: prefix = "DirName:"; break;
                default: prefix = "other(" + type + "):"; break;
            }
            out.add(prefix + (value instanceof String ? value : "<binary>"));
        }
        return out;
    }

    /** The subject's most specific common name, or null (see {@link CommonName}). */
    public static String commonName(X509Certificate cert) {
        return CommonName.of(cert.getSubjectX500Principal());
    }

    /**
     * Whether {@code host} is an IP address literal: a dotted quad of 0-255, or an IPv6 address (in brackets, with a
     * zone, with a dotted quad at the end, all allowed). Anything else is a host name, which is compared as text and
     * never resolved: the agent makes no DNS look-up.
     */
    public static boolean looksLikeIp(String host) {
        return IpLiteral.parse(host) != null;
    }

    private static boolean sameIp(String a, String b) {
        byte[] x = IpLiteral.parse(a);
        return x != null && java.util.Arrays.equals(x, IpLiteral.parse(b));
    }
}
