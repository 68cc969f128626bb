package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Counterfactual;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.OtherTrustSources;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Another trust source of this machine accepts the chain that the store in use rejected: the server is fine, the
 * client's trust store lacks a root. Three cases, told apart by which source accepts it:
 * <ul>
 * <li>{@code custom-store-replaced-public-roots}: the JDK's own default store trusts it, and the store in use is
 *     another one (a custom trust store that holds only private CAs);</li>
 * <li>{@code outdated-jdk-cacerts}: the store in use is the JDK's cacerts, only the OS trusts the chain, and its root
 *     is newer than this JDK's release;</li>
 * <li>{@code root-only-in-os}: only the OS store trusts it (a root installed there, e.g. by IT).</li>
 * </ul>
 */
public final class TrustStoreMissingRootRule implements Rule {

    static final String CUSTOM_STORE = "custom-store-replaced-public-roots";
    static final String OUTDATED_JDK = "outdated-jdk-cacerts";
    static final String ONLY_OS = "root-only-in-os";

    @Override
    public Verdict apply(Evidence e) {
        if (!e.chainTrustFailure()) {
            return null;
        }
        Counterfactual c = e.counterfactual();
        Counterfactual.Result trusting = c.result(OtherTrustSources.JDK_DEFAULT);
        if (trusting == null || !trusting.trusts()) {
            trusting = c.firstTrusting();
        }
        if (trusting == null) {
            return null;
        }
        X509Certificate root = trusting.anchor;
        String rootName = Certs.subject(root);
        String store = TrustSourcesEvidence.storeInUse(e);
        String where = TrustSourcesEvidence.label(trusting.source);
        boolean inUseIsJdkDefault = c.inUse() != null && OtherTrustSources.JDK_DEFAULT.equals(c.inUse().name);
        String kase;
        String summary;
        List<String> fix = new ArrayList<String>();
        String alias = TrustSourcesEvidence.alias(rootName);
        if (OtherTrustSources.JDK_DEFAULT.equals(trusting.source.name)) {
            kase = CUSTOM_STORE;
            summary = "The chain presented by " + e.peerLabel() + " leads to " + rootName + ", which " + where
                    + " trusts; " + store + " does not: it replaced the JDK's public roots instead of adding to them.";
            fix.add("Keep the JDK's roots as well as your private CA: either a composite trust manager (try the "
                    + "private trust store, then the JDK's default TrustManagerFactory initialised with a null "
                    + "KeyStore), or a copy of cacerts with the private CA added: cp " + trusting.source.location
                    + " truststore.p12 && keytool -importcert -alias <private-ca> -file <private-ca>.pem -keystore "
                    + "truststore.p12 -storepass changeit, then point javax.net.ssl.trustStore at truststore.p12.");
            fix.add("Or import just this root (verify its SHA-256 " + Certs.sha256(root) + " out of band): "
                    + PathEvidence.importCommand(e, alias));
        } else if (inUseIsJdkDefault && newerThanThisJdk(root)) {
            kase = OUTDATED_JDK;
            summary = "The chain presented by " + e.peerLabel() + " leads to " + rootName + ", which " + where
                    + " trusts; this JDK's cacerts, " + c.inUse().location + " (" + c.inUse().certificates.size()
                    + " anchors), does not: the root is newer than this JDK (Java " + System.getProperty("java.version")
                    + (jdkDate() == null ? "" : ", released " + jdkDate()) + ").";
            fix.add("Update the JDK (or its cacerts, e.g. the distribution's ca-certificates-java package) to a "
                    + "release that includes " + rootName + ".");
            fix.add("Until then, import that root from the OS trust store (verify its SHA-256 " + Certs.sha256(root)
                    + "; save this incident's diagnosis.missingRoot.pem as " + alias + ".pem): "
                    + PathEvidence.importCommand(e, alias));
        } else {
            kase = ONLY_OS;
            summary = "The chain presented by " + e.peerLabel() + " leads to " + rootName + ", which only " + where
                    + " trusts; " + store + (inUseIsJdkDefault || c.result(OtherTrustSources.JDK_DEFAULT) == null
                    ? " does not." : " and this JDK's own default trust store do not.");
            fix.add("If " + rootName + " is meant to be trusted (a root your organisation installed into the OS), "
                    + "import it from the OS trust store into the trust store this JVM uses (verify its SHA-256 "
                    + Certs.sha256(root) + " out of band; save this incident's diagnosis.missingRoot.pem as " + alias
                    + ".pem): "
                    + PathEvidence.importCommand(e, alias));
            fix.add("Or let Java use the OS trust store: -Djavax.net.ssl.trustStoreType=Windows-ROOT on Windows, "
                    + "-Djavax.net.ssl.trustStoreType=KeychainStore on macOS.");
        }
        fix.add("Do not disable certificate validation; it would accept any certificate.");
        Map<String, Object> missing = new LinkedHashMap<String, Object>();
        missing.put("subject", rootName);
        missing.put("sha256", Certs.sha256(root));
        missing.put("notBefore", Certs.instant(root.getNotBefore()));
        missing.put("notAfter", Certs.instant(root.getNotAfter()));
        missing.put("source", trusting.source.name);
        missing.put("location", trusting.source.location);
        missing.put("pem", TrustSourcesEvidence.pem(root));
        int last = e.chain().length - 1;
        Verdict v = new Verdict(Category.TRUST_STORE_MISSING_ROOT, last, summary, fix)
                .with("trustStoreCase", kase)
                .with("missingRoot", missing)
                .with("importCommand", PathEvidence.importCommand(e, alias));
        PathEvidence.addTo(v, e, last);
        return TrustSourcesEvidence.addTo(v, e);
    }

    /** The JDK's release date (java.version.date, Java 10 and later), or null. */
    private static String jdkDate() {
        String d = System.getProperty("java.version.date");
        return d == null || d.isEmpty() ? null : d;
    }

    /** Whether the root was created after this JDK was released: its cacerts cannot have it. */
    static boolean newerThanThisJdk(X509Certificate root) {
        String d = jdkDate();
        if (d == null) {
            return false;
        }
        try {
            java.text.SimpleDateFormat f = new java.text.SimpleDateFormat("yyyy-MM-dd", java.util.Locale.ROOT);
            f.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
            Date released = f.parse(d);
            return root.getNotBefore().after(released);
        } catch (Exception unparsable) {
            return false;
        }
    }
}
