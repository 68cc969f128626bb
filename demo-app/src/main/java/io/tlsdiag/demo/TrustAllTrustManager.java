package io.tlsdiag.demo;

import javax.net.ssl.X509TrustManager;
import java.security.cert.X509Certificate;

/**
 * The "trust all certificates" snippet that circulates on the web, here only so the demo and the tests can show
 * tlsdiag reporting it as a finding. It switches certificate verification off: never use it.
 */
public final class TrustAllTrustManager implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // accepts everything: that is the defect
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // accepts everything: that is the defect
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
