package io.tlsdiag.agent.install;

import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/** An application trust manager as WeaverTest weaves it: its own handlers, loops and wide locals. */
public class SampleTrustManager implements X509TrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        long total = 0;
        double ratio = 1.5;
        for (int i = 0; i < 3; i++) {
            total += i;
            ratio *= 2;
        }
        try {
            Integer.parseInt(authType);
        } catch (NumberFormatException handledHere) {
            total++; // the method's own handler: the hook must see a normal return, not this exception
        }
        if (authType.equals("REJECT") && total > 0 && ratio > 0) {
            throw new CertificateException("rejected by the sample");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        if (chain.length > 100) {
            return;
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
