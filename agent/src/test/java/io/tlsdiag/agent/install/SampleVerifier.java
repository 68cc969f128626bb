package io.tlsdiag.agent.install;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;

/** An application hostname verifier as WeaverTest weaves it. */
public class SampleVerifier implements HostnameVerifier {

    @Override
    public boolean verify(String host, SSLSession session) {
        if (host.startsWith("good")) {
            return true;
        }
        return false;
    }
}
