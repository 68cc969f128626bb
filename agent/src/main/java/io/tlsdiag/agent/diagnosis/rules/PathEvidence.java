package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.CertEvidence;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Verdict;

import javax.security.auth.x500.X500Principal;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evidence shared by the rules for a path that does not reach a trust anchor (self-signed, untrusted, incomplete). */
final class PathEvidence {

    private PathEvidence() {
    }

    /** Where the path stopped, where its issuer could be fetched, and rotated/cross-signed anchors of that name. */
    static Verdict addTo(Verdict v, Evidence e, int topIndex) {
        X509Certificate top = e.chain()[topIndex];
        X500Principal wanted = Certs.isSelfSigned(top) ? top.getSubjectX500Principal() : top.getIssuerX500Principal();
        List<Map<String, Object>> sameName = new ArrayList<Map<String, Object>>();
        for (X509Certificate anchor : e.anchors()) {
            if (anchor.getSubjectX500Principal().equals(wanted) && !anchor.equals(top)) {
                Map<String, Object> a = new LinkedHashMap<String, Object>();
                a.put("subject", Certs.subject(anchor));
                a.put("sha256", Certs.sha256(anchor));
                a.put("notAfter", Certs.instant(anchor.getNotAfter()));
                a.put("sameKey", anchor.getPublicKey().equals(top.getPublicKey()));
                sameName.add(a);
            }
        }
        return v.with("pathStoppedAt", CertEvidence.ref(e.chain(), topIndex))
                .with("missingIssuer", Certs.isSelfSigned(top) ? null : Certs.issuer(top))
                .with("caIssuersUrls", CertEvidence.caIssuersUrls(top))
                .with("anchorsWithIssuerName", sameName)
                .with("anchorsChecked", e.anchors().length);
    }

    /** The certificate to import into the client's trust store, when importing is the right fix, and how. */
    static Verdict importable(Verdict v, Evidence e, int index, String alias) {
        X509Certificate cert = e.chain()[index];
        Map<String, Object> c = CertEvidence.ref(e.chain(), index);
        c.put("pem", pem(cert));
        return v.with("certificateToImport", c)
                .with("importCommand", importCommand(e, alias));
    }

    static String importCommand(Evidence e, String alias) {
        return "keytool -importcert -alias " + alias + " -file " + alias + ".pem -keystore "
                + e.trustStoreForCommands() + " -storetype " + e.trustStoreTypeForCommands();
    }

    private static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (Exception ex) {
            return null;
        }
    }

    /** A keytool alias from a subject: its CN, lower case, safe for a shell. */
    static String alias(X509Certificate cert) {
        String cn = io.tlsdiag.agent.diagnosis.HostnameMatcher.commonName(cert);
        String a = (cn == null ? "imported-ca" : cn).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-");
        return a.isEmpty() ? "imported-ca" : a;
    }
}
