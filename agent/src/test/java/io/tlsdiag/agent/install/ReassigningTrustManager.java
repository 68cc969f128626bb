package io.tlsdiag.agent.install;

import javax.net.ssl.X509TrustManager;
import java.security.cert.X509Certificate;

/** A trust manager that assigns to its parameter: left unwoven (see ParameterSlots). */
public class ReassigningTrustManager implements X509TrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        authType = authType.trim();
        if (authType.isEmpty()) {
            throw new IllegalArgumentException("no auth type");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
