package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the JDK's own handshake limits stopped the handshake before any certificate was checked: a certificate
 * chain longer than jdk.tls.maxCertificateChainLength (default 10 from a server, 8 from a client), or a handshake
 * message (typically a Certificate message with a huge certificate, such as one with 10,000 SANs) larger than
 * jdk.tls.maxHandshakeMessageSize (default 32768 bytes). JSSE says so only in its SSLProtocolException's message,
 * fixed English text that carries both numbers.
 */
public final class HandshakeLimitExceededRule implements Rule {

    private static final Pattern CHAIN = Pattern.compile(
            "certificate chain length \\((\\d+)\\) exceeds the maximum allowed length \\((\\d+)\\)");
    private static final Pattern SIZE = Pattern.compile(
            "size of the handshake message \\((\\d+)\\) exceeds the maximum allowed size \\((\\d+)\\)");

    @Override
    public Verdict apply(Evidence e) {
        for (String text : texts(e)) {
            Matcher chain = CHAIN.matcher(text);
            if (chain.find()) {
                return chainTooLong(e, Long.parseLong(chain.group(1)), Long.parseLong(chain.group(2)));
            }
            Matcher size = SIZE.matcher(text);
            if (size.find()) {
                return messageTooLarge(e, Long.parseLong(size.group(1)), Long.parseLong(size.group(2)));
            }
        }
        return null;
    }

    private static List<String> texts(Evidence e) {
        List<String> out = new ArrayList<String>();
        if (e.failure().diagnostic != null) {
            out.add(e.failure().diagnostic);
        }
        for (Throwable t : e.causes()) {
            if (t.getMessage() != null) {
                out.add(t.getMessage());
            }
        }
        return out;
    }

    private static Verdict chainTooLong(Evidence e, long actual, long limit) {
        // The role-specific property wins over the global one when it is set (sun.security.ssl.SSLConfiguration).
        String specific = "client".equals(e.role()) ? "jdk.tls.client.maxInboundCertificateChainLength"
                : "jdk.tls.server.maxInboundCertificateChainLength";
        String property = isSet(specific) ? specific : "jdk.tls.maxCertificateChainLength";
        String peer = e.peerRole();
        return verdict(e, property, limit, actual,
                "The " + peer + " " + e.peerLabel() + " sent a certificate chain of " + actual + " certificates, more"
                        + " than this JVM accepts (" + property + " = " + limit + "); JSSE stopped the handshake"
                        + " before checking any certificate.",
                "On " + e.peerLabel() + ": send a shorter chain: the leaf and its intermediates only, without the"
                        + " root, duplicates or unrelated certificates.",
                "Only if that long a chain is really needed: raise the limit on this JVM, e.g. -D" + property + "="
                        + Math.max(actual, limit + 1) + ".");
    }

    private static Verdict messageTooLarge(Evidence e, long actual, long limit) {
        String property = "jdk.tls.maxHandshakeMessageSize";
        return verdict(e, property, limit, actual,
                e.peerLabel() + " sent a handshake message of " + actual + " bytes, more than this JVM accepts ("
                        + property + " = " + limit + "): typically a Certificate message with a very large"
                        + " certificate (thousands of subjectAltNames) or chain.",
                "On " + e.peerLabel() + ": serve a smaller certificate (fewer subjectAltNames; split it into several"
                        + " certificates) and a chain without unneeded certificates.",
                "Only if that message is legitimate: raise the limit on this JVM, e.g. -D" + property + "="
                        + Math.max(actual, limit + 1) + ".");
    }

    private static Verdict verdict(Evidence e, String property, long limit, long actual, String summary,
                                   String serverFix, String raise) {
        return new Verdict(Category.HANDSHAKE_LIMIT_EXCEEDED, null, summary, Arrays.asList(serverFix, raise))
                .with("property", property)
                .with("limit", limit)
                .with("actual", actual)
                .with("alert", e.alert())
                .with("alertDirection", e.alert() == null ? null : e.alertReceived() ? "received" : "sent");
    }

    private static boolean isSet(String property) {
        try {
            String v = System.getProperty(property);
            return v != null && Integer.parseInt(v.trim()) >= 0;
        } catch (RuntimeException unset) {
            return false;
        }
    }
}
