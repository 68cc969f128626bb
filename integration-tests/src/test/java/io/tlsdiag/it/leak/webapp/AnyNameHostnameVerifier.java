package io.tlsdiag.it.leak.webapp;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;

/** Accepts every name: the agent reports it once (a finding) and must then forget it. */
final class AnyNameHostnameVerifier implements HostnameVerifier {

    @Override
    public boolean verify(String host, SSLSession session) {
        return true;
    }
}
