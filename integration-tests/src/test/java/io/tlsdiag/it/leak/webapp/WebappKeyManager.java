package io.tlsdiag.it.leak.webapp;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** Presents the client certificate of the JDK key manager it wraps, or (present = false) none at all. */
final class WebappKeyManager extends X509ExtendedKeyManager {

    private final X509KeyManager delegate;
    private final boolean present;

    WebappKeyManager(X509KeyManager delegate, boolean present) {
        this.delegate = delegate;
        this.present = present;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return present ? delegate.chooseClientAlias(keyType, issuers, socket) : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return present ? delegate.chooseClientAlias(keyType, issuers, null) : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return delegate.getPrivateKey(alias);
    }
}
