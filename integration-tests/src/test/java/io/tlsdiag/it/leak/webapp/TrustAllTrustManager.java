package io.tlsdiag.it.leak.webapp;

import javax.net.ssl.X509TrustManager;
import java.security.cert.X509Certificate;

/** The "trust all" snippet: the agent reports it once (INSECURE_TRUST_MANAGER) and must then forget it. */
final class TrustAllTrustManager implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // accepts everything
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // accepts everything
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
