package io.tlsdiag.it.leak.webapp;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * A web application, as far as TLS goes: its own trust managers, hostname verifiers and key manager, all loaded by
 * its own class loader (LeakTarget defines this package from bytes in a throw-away loader). Deploying it returns its
 * requests by name; each request is one TLS connection whose expected outcome starts its name ("ok-" or "fail-").
 * Only JDK types cross to the container. No lambdas: the classes here are exactly the application's own.
 */
public final class WebApp implements Function<Map<String, Object>, Map<String, Callable<String>>> {

    @Override
    public Map<String, Callable<String>> apply(Map<String, Object> config) {
        try {
            return requests(config);
        } catch (Exception e) {
            throw new IllegalStateException("deployment failed: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Callable<String>> requests(Map<String, Object> config) throws Exception {
        Map<String, Integer> ports = (Map<String, Integer>) config.get("ports");
        KeyStore trustStore = (KeyStore) config.get("trustStore");
        KeyStore clientKeys = (KeyStore) config.get("clientKeyStore");
        char[] password = (char[]) config.get("clientKeyPassword");

        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        X509TrustManager jdkTrust = (X509TrustManager) tmf.getTrustManagers()[0];
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(clientKeys, password);
        X509KeyManager jdkKeys = (X509KeyManager) kmf.getKeyManagers()[0];

        SSLContext delegating = context(new WebappKeyManager(jdkKeys, true), new DelegatingTrustManager(jdkTrust));
        SSLContext withoutClientCertificate = context(new WebappKeyManager(jdkKeys, false),
                new DelegatingTrustManager(jdkTrust));
        SSLContext pinning = context(null, new PinningTrustManager());
        SSLContext trustAll = context(null, new TrustAllTrustManager());
        HostnameVerifier exact = new ExactHostnameVerifier();
        HostnameVerifier anyName = new AnyNameHostnameVerifier();

        int good = ports.get("good");
        int expired = ports.get("expired");
        int clientAuth = ports.get("client-cert-required");
        Map<String, Callable<String>> requests = new LinkedHashMap<String, Callable<String>>();
        requests.put("ok-trusted", new Request(delegating, good, exact, "localhost"));
        requests.put("ok-client-certificate", new Request(delegating, clientAuth, exact, "localhost"));
        requests.put("ok-trust-all", new Request(trustAll, expired, anyName, "localhost"));
        requests.put("ok-any-name", new Request(delegating, good, anyName, "wrong.example"));
        requests.put("ok-engine", new EngineRequest(delegating, good));
        requests.put("fail-expired", new Request(delegating, expired, exact, "localhost"));
        requests.put("fail-pinned", new Request(pinning, good, exact, "localhost"));
        requests.put("fail-host-name", new Request(delegating, good, exact, "wrong.example"));
        requests.put("fail-no-client-certificate", new Request(withoutClientCertificate, clientAuth, exact,
                "localhost"));
        return requests;
    }

    private static SSLContext context(KeyManager km, TrustManager tm) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(km == null ? null : new KeyManager[] {km}, new TrustManager[] {tm}, null);
        return ctx;
    }
}
