package io.tlsdiag.agent.diagnosis;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evidence values about certificates, in the shapes the {@code diagnosis} object uses. */
public final class CertEvidence {

    private CertEvidence() {
    }

    /** {index, subject, sha256}: names one certificate of the chain. */
    public static Map<String, Object> ref(X509Certificate[] chain, int index) {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("index", index);
        m.put("subject", Certs.subject(chain[index]));
        m.put("sha256", Certs.sha256(chain[index]));
        return m;
    }

    /** The URLs of the CRL Distribution Points extension (where revocation lists are fetched from). */
    public static List<String> crlDistributionPoints(X509Certificate cert) {
        List<String> urls = new ArrayList<String>();
        byte[] ext = cert.getExtensionValue("2.5.29.31");
        if (ext == null) {
            return urls;
        }
        // Every [6] uniformResourceIdentifier in the extension is a distribution point URI.
        for (int i = 0; i + 2 < ext.length; i++) {
            int len = ext[i + 1] & 0xff;
            if ((ext[i] & 0xff) == 0x86 && len < 0x80 && i + 2 + len <= ext.length) {
                String s = new String(ext, i + 2, len, java.nio.charset.StandardCharsets.US_ASCII);
                if (s.startsWith("http://") || s.startsWith("https://") || s.startsWith("ldap://")) {
                    urls.add(s);
                    i += 1 + len;
                }
            }
        }
        return urls;
    }

    /** The caIssuers URLs of the Authority Information Access extension (where the issuer can be downloaded). */
    public static List<String> caIssuersUrls(X509Certificate cert) {
        List<String> urls = new ArrayList<String>();
        byte[] ext = cert.getExtensionValue("1.3.6.1.5.5.7.1.1");
        if (ext == null) {
            return urls;
        }
        // A DER scan for the id-ad-caIssuers OID (1.3.6.1.5.5.7.48.2) followed by a [6] IA5String URI: robust
        // enough for evidence, and needs no internal JDK class.
        byte[] oid = {0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};
        for (int i = 0; i + oid.length + 2 < ext.length; i++) {
            boolean match = true;
            for (int j = 0; j < oid.length && match; j++) {
                match = ext[i + j] == oid[j];
            }
            int tag = i + oid.length;
            if (match && (ext[tag] & 0xff) == 0x86) {
                int len = ext[tag + 1] & 0xff;
                int start = tag + 2;
                if (len < 0x80 && start + len <= ext.length) {
                    urls.add(new String(ext, start, len, java.nio.charset.StandardCharsets.US_ASCII));
                }
            }
        }
        return urls;
    }
}
