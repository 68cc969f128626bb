package io.tlsdiag.agent.diagnosis;

import java.util.Locale;

/**
 * Whether this JVM, as a client, sent SNI (server_name) and, when not, why: an SNI-routing server or proxy then
 * answers with its default certificate, which explains many a hostname mismatch. The names come from the
 * connection's SSLParameters (read on the handshake thread); that the extension is switched off is read here from
 * the system properties JSSE reads once, at its start.
 */
public final class SniEvidence {

    /** Why no SNI was sent: the values of {@code diagnosis.sniMissingReason}. */
    public static final String DISABLED_BY_PROPERTY = "jsse.enableSNIExtension=false";
    public static final String DISABLED_EXTENSION = "jdk.tls.client.disableExtensions";
    public static final String IP_ADDRESS = "ip-address";
    public static final String SINGLE_LABEL = "single-label-host";
    public static final String APPLICATION = "application-ssl-parameters";

    public final boolean sent;
    /** The name sent, or null. */
    public final String name;
    /** Null when SNI was sent. */
    public final String missingReason;

    private SniEvidence(boolean sent, String name, String missingReason) {
        this.sent = sent;
        this.name = name;
        this.missingReason = missingReason;
    }

    /** The SNI facts of a client-side failure, or null when they are unknown (server side, or not captured). */
    public static SniEvidence of(Evidence e) {
        String[] names = e.failure().sniNames;
        if (names == null || !"client".equals(e.role())) {
            return null;
        }
        boolean extensionOn = !"false".equalsIgnoreCase(property("jsse.enableSNIExtension"));
        boolean extensionListed = property("jdk.tls.client.disableExtensions") != null
                && property("jdk.tls.client.disableExtensions").toLowerCase(Locale.ROOT).contains("server_name");
        if (names.length > 0 && extensionOn && !extensionListed) {
            return new SniEvidence(true, names[0], null);
        }
        String host = e.peerHost();
        String reason;
        if (!extensionOn) {
            reason = DISABLED_BY_PROPERTY;
        } else if (extensionListed) {
            reason = DISABLED_EXTENSION;
        } else if (host != null && HostnameMatcher.looksLikeIp(host)) {
            reason = IP_ADDRESS;
        } else if (host != null && host.indexOf('.') < 0) {
            reason = SINGLE_LABEL;
        } else {
            reason = APPLICATION;
        }
        return new SniEvidence(false, null, reason);
    }

    /**
     * Adds the SNI fields to a client-side verdict about a served certificate (one was received) that has none yet:
     * which certificate a server picks can depend on SNI.
     */
    public static Verdict attach(Verdict v, Evidence e) {
        if (v == null || v.evidence.containsKey("sniSent") || !e.hasChain()) {
            return v;
        }
        SniEvidence sni = of(e);
        if (sni != null) {
            sni.addTo(v);
        }
        return v;
    }

    /** Adds {@code sniSent}, {@code sniName} and, when none was sent, {@code sniMissingReason}. */
    public void addTo(Verdict v) {
        v.with("sniSent", sent).with("sniName", name);
        if (!sent) {
            v.with("sniMissingReason", missingReason);
        }
    }

    /** One sentence for a summary, or "" when SNI was sent. */
    public String sentence(String host) {
        if (sent) {
            return "";
        }
        return " This JVM sent no SNI server name (" + why(host) + "), so the server may have answered with its"
                + " default certificate.";
    }

    /** What to change on the client, or null when SNI was sent. */
    public String remediation() {
        if (sent) {
            return null;
        }
        if (DISABLED_BY_PROPERTY.equals(missingReason)) {
            return "On the client: remove -Djsse.enableSNIExtension=false (it hides every host name from the server);"
                    + " if it was added for an 'unrecognized_name' warning, fix the server's name configuration"
                    + " instead.";
        }
        if (DISABLED_EXTENSION.equals(missingReason)) {
            return "On the client: remove server_name from -Djdk.tls.client.disableExtensions.";
        }
        if (APPLICATION.equals(missingReason)) {
            return "On the client: the application's SSLParameters set no server name; set one with"
                    + " SSLParameters.setServerNames(List.of(new SNIHostName(\"<host>\"))).";
        }
        return "On the client: connect with a fully qualified host name (with a dot, not an IP address) so the JDK"
                + " sends SNI, or set it explicitly with SSLParameters.setServerNames; or have the server serve the"
                + " right certificate by default.";
    }

    private String why(String host) {
        if (DISABLED_BY_PROPERTY.equals(missingReason)) {
            return "-Djsse.enableSNIExtension=false switches it off";
        }
        if (DISABLED_EXTENSION.equals(missingReason)) {
            return "jdk.tls.client.disableExtensions lists server_name";
        }
        if (IP_ADDRESS.equals(missingReason)) {
            return "'" + host + "' is an IP address, and SNI carries only host names";
        }
        if (SINGLE_LABEL.equals(missingReason)) {
            return "'" + host + "' is a single-label name, for which the JDK sends none";
        }
        return "the application's own SSLParameters set no server name";
    }

    private static String property(String name) {
        try {
            return System.getProperty(name);
        } catch (SecurityException denied) {
            return null;
        }
    }
}
