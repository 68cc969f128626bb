package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Counterfactual;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.OtherTrustSources;
import io.tlsdiag.agent.diagnosis.Verdict;

/** The counterfactual evidence every chain-trust failure carries, and how the rules name the trust sources. */
final class TrustSourcesEvidence {

    private TrustSourcesEvidence() {
    }

    /** {@code alsoTrustedBy} and {@code trustSources}, for chain-trust failures (added by the Diagnoser). */
    static Verdict addTo(Verdict v, Evidence e) {
        if (!e.chainTrustFailure() || v.evidence.containsKey("alsoTrustedBy")) {
            return v;
        }
        try {
            Counterfactual c = e.counterfactual();
            return v.with("alsoTrustedBy", c.alsoTrustedBy()).with("trustSources", c.describe());
        } catch (RuntimeException ex) {
            io.tlsdiag.agent.util.AgentLog.failure("counterfactual trust", ex);
            return v;
        }
    }

    /** "the trust store this JVM uses, /path (3 anchors)", or as much of that as is known. */
    static String storeInUse(Evidence e) {
        String path = e.trustStoreForCommands().startsWith("<") ? null : e.trustStoreForCommands();
        String size = e.anchorsKnown() ? e.anchors().length + (e.anchors().length == 1 ? " anchor" : " anchors") : null;
        if (path == null && size == null) {
            return "the trust store this JVM uses";
        }
        return "the trust store this JVM uses, " + (path == null ? "" : path + " ") + "(" + (size == null ? "?" : size)
                + ")";
    }

    /** A source's name as a reader says it: "the JDK's own cacerts (/path)", "the OS trust store (/path)". */
    static String label(OtherTrustSources.Source s) {
        return (OtherTrustSources.JDK_DEFAULT.equals(s.name) ? "this JDK's default trust store " : "the OS trust store ")
                + s.location;
    }

    /** A keytool alias from a distinguished name: its CN (else the whole name), lower case, safe for a shell. */
    static String alias(String dn) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(?:^|,)\\s*CN=((?:\\\\.|[^,])+)").matcher(dn);
        String cn = m.find() ? m.group(1) : dn;
        String a = cn.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").replaceAll("^-+|-+$", "");
        return a.isEmpty() ? "imported-ca" : a;
    }

    static String pem(java.security.cert.X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (Exception ex) {
            return null;
        }
    }
}
