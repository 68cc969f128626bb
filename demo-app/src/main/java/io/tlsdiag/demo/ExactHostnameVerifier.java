package io.tlsdiag.demo;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/** An application hostname verifier: accepts only a DNS subjectAltName equal to the host, like strict clients. */
public final class ExactHostnameVerifier implements HostnameVerifier {

    @Override
    public boolean verify(String host, SSLSession session) {
        try {
            X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans == null) {
                return false;
            }
            for (List<?> san : sans) {
                if (((Integer) san.get(0)) == 2 && host.equalsIgnoreCase((String) san.get(1))) {
                    return true;
                }
            }
            return false;
        } catch (SSLPeerUnverifiedException | CertificateParsingException e) {
            return false;
        }
    }
}
