package io.tlsdiag.demo;

import javax.net.ssl.X509TrustManager;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** An application trust manager that trusts exactly one pinned leaf fingerprint, the way pinning clients do. */
public final class PinnedTrustManager implements X509TrustManager {

    private final String pinnedSha256;

    public PinnedTrustManager(String pinnedSha256) {
        this.pinnedSha256 = pinnedSha256;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
            if (!actual.equals(pinnedSha256)) {
                throw new CertificateException("server certificate " + actual + " does not match the pin");
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
