package io.tlsdiag.it.leak.webapp;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;

/** Accepts only "localhost", the name every demo server certificate carries. */
final class ExactHostnameVerifier implements HostnameVerifier {

    @Override
    public boolean verify(String host, SSLSession session) {
        return "localhost".equals(host);
    }
}
