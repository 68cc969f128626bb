package io.tlsdiag.agent.incident;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.HostnameMatcher;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;

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
        node.put("sha256", sha256(cert));
        for (String san : HostnameMatcher.subjectAltNames(cert)) {
            node.withArray("subjectAltNames").add(san);
        }
        if (!node.has("subjectAltNames")) {
            node.putArray("subjectAltNames");
        }
        ObjectNode key = node.putObject("publicKey");
        key.put("algorithm", cert.getPublicKey().getAlgorithm());
        Integer bits = keyBits(cert.getPublicKey());
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

    public static String sha256(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            StringBuilder hex = new StringBuilder(64);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot fingerprint certificate", e);
        }
    }

    static Integer keyBits(PublicKey key) {
        if (key instanceof RSAKey) {
            return ((RSAKey) key).getModulus().bitLength();
        }
        if (key instanceof ECKey) {
            return ((ECKey) key).getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAKey) {
            return ((DSAKey) key).getParams().getP().bitLength();
        }
        if ("Ed25519".equals(key.getAlgorithm()) || "X25519".equals(key.getAlgorithm())) {
            return 255;
        }
        if ("Ed448".equals(key.getAlgorithm()) || "X448".equals(key.getAlgorithm())) {
            return 448;
        }
        return null;
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
