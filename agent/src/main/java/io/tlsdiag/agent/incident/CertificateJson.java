package io.tlsdiag.agent.incident;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.HostnameMatcher;
import io.tlsdiag.agent.diagnosis.KeySizes;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/** One certificate as the incident format describes it. Only public data: a certificate holds no secrets. */
public final class CertificateJson {

    private CertificateJson() {
    }

    public static ObjectNode describe(X509Certificate cert, int index) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("index", index);
        node.put("subject", Certs.subject(cert));
        node.put("issuer", Certs.issuer(cert));
        node.put("serialNumber", cert.getSerialNumber().toString(16));
        node.put("notBefore", Iso.instant(cert.getNotBefore().getTime()));
        node.put("notAfter", Iso.instant(cert.getNotAfter().getTime()));
        node.put("sha256", Certs.sha256(cert));
        for (String san : HostnameMatcher.subjectAltNames(cert)) {
            node.withArray("subjectAltNames").add(san);
        }
        if (!node.has("subjectAltNames")) {
            node.putArray("subjectAltNames");
        }
        ObjectNode key = node.putObject("publicKey");
        key.put("algorithm", cert.getPublicKey().getAlgorithm());
        Integer bits = KeySizes.bits(cert.getPublicKey());
        if (bits == null) {
            key.putNull("bits");
        } else {
            key.put("bits", bits);
        }
        node.put("signatureAlgorithm", cert.getSigAlgName());
        node.put("ca", Certs.isCa(cert));
        node.put("selfSigned", Certs.isSelfSigned(cert));
        node.put("pem", pem(cert));
        return node;
    }

    static String pem(X509Certificate cert) {
        try {
            String b64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            return null;
        }
    }
}
