package io.tlsdiag.agent.diagnosis;

import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads this JVM's {@code jdk.certpath.disabledAlgorithms} / {@code jdk.tls.disabledAlgorithms} and finds the entries
 * that apply: the evidence for "which side disabled what".
 */
public final class DisabledAlgorithms {

    public static final String CERTPATH = "jdk.certpath.disabledAlgorithms";
    public static final String TLS = "jdk.tls.disabledAlgorithms";

    private static final Pattern KEY_SIZE = Pattern.compile("(\\w+)\\s+keySize\\s*<\\s*(\\d+)");

    private DisabledAlgorithms() {
    }

    public static List<String> entries(String property) {
        List<String> out = new ArrayList<String>();
        String value = Security.getProperty(property);
        if (value == null) {
            return out;
        }
        for (String e : value.split(",")) {
            if (!e.trim().isEmpty()) {
                out.add(e.trim());
            }
        }
        return out;
    }

    /** Entries of {@code property} that disable the signature algorithm, or the key at this size. */
    public static List<String> matching(String property, String signatureAlgorithm, String keyAlgorithm, Integer keyBits) {
        List<String> out = new ArrayList<String>();
        String sig = signatureAlgorithm == null ? "" : signatureAlgorithm.toUpperCase(Locale.ROOT);
        for (String entry : entries(property)) {
            Matcher m = KEY_SIZE.matcher(entry);
            if (m.find()) {
                if (keyAlgorithm != null && keyBits != null && m.group(1).equalsIgnoreCase(keyAlgorithm)
                        && keyBits < Integer.parseInt(m.group(2))) {
                    out.add(entry);
                }
                continue;
            }
            String token = entry.split("\\s")[0].toUpperCase(Locale.ROOT);
            if (!token.isEmpty() && !token.equals("INCLUDE") && (sig.startsWith(token + "WITH") || sig.equals(token)
                    || (sig.contains("WITH") && sig.endsWith("WITH" + token)))) {
                out.add(entry);
            }
        }
        return out;
    }

    /** The protocol names among {@code jdk.tls.disabledAlgorithms} (SSLv3, TLSv1, TLSv1.1, ...). */
    public static List<String> disabledProtocols() {
        List<String> out = new ArrayList<String>();
        for (String e : entries(TLS)) {
            if (e.startsWith("SSLv") || e.startsWith("TLSv") || e.startsWith("DTLSv")) {
                out.add(e);
            }
        }
        return out;
    }
}
