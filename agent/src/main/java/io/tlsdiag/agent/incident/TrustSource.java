package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.util.JdkClasses;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.OtherTrustSources;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.agent.handshake.TrustCheck;

import java.io.File;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Says where trust came from. The JDK does not record which file a trust manager was built from, so this compares
 * evidence: the deciding trust manager's anchors against the certificates of the trust store the JDK would load by
 * default (javax.net.ssl.trustStore, else jssecacerts, else cacerts). Equal sets mean that file; otherwise the
 * application supplied its own trust material. The default store is read once, on the writer thread.
 */
final class TrustSource {

    private volatile DefaultStore defaultStore;

    private static final class DefaultStore {
        final String path;
        final String type;
        final Set<String> fingerprints;

        DefaultStore(String path, String type, Set<String> fingerprints) {
            this.path = path;
            this.type = type;
            this.fingerprints = fingerprints;
        }
    }

    ObjectNode describe(HandshakeFailure f, Evidence e) {
        ObjectNode trust = JsonNodeFactory.instance.objectNode();
        TrustCheck check = f.trustCheck;
        TrustCheck.Call outer = check == null ? null : configured(check);
        DefaultStore store = defaultStore();
        boolean anchorsKnown = f.anchors != null;
        boolean isDefaultFile = anchorsKnown && store != null && store.fingerprints.equals(fingerprints(f.anchors));
        String source;
        if (check == null) {
            source = store == null ? "not consulted" : "not consulted (default would be " + store.path + ")";
        } else if (isDefaultFile) {
            source = store.path;
        } else if (e.rejectedByJdkTrustManager() || (outer != null && JdkClasses.isJdk(outer.className))) {
            source = "application-supplied KeyStore (" + (anchorsKnown ? f.anchors.length : 0)
                    + " anchors; not the default trust store)";
        } else {
            source = "custom trust manager " + (outer == null ? "?" : outer.className);
        }
        trust.put("source", source);
        if (isDefaultFile) {
            trust.put("type", store.type);
        }
        trust.put("trustManager", outer == null ? null : outer.className);
        if (anchorsKnown) {
            trust.put("anchors", f.anchors.length);
        } else {
            trust.putNull("anchors");
        }
        if (check != null) {
            for (int i = check.calls().size() - 1; i >= 0; i--) {
                TrustCheck.Call call = check.calls().get(i);
                ObjectNode c = trust.withArray("trustManagers").addObject();
                c.put("className", call.className);
                c.put("rejected", call.rejected());
            }
            trust.put("rejectedBy", e.rejectingTrustManager());
        }
        if (store != null) {
            trust.put("defaultTrustStore", store.path);
        }
        if (f.sslContextClass != null) {
            trust.put("sslContext", f.sslContextClass);
            trust.put("sslContextProtocol", protocolOf(f.sslContextClass));
            trust.put("sslContextProvider", f.sslContextClass.startsWith("sun.security.ssl.") ? "SunJSSE"
                    : f.sslContextClass);
        }
        return trust;
    }

    /**
     * The trust manager the application configured: the outermost one, except JSSE's own wrapper, which JSSE puts
     * around every plain X509TrustManager an application supplies.
     */
    private static TrustCheck.Call configured(TrustCheck check) {
        for (int i = check.calls().size() - 1; i >= 0; i--) {
            TrustCheck.Call call = check.calls().get(i);
            if (!TrustCheck.isJsseWrapper(call.className)) {
                return call;
            }
        }
        return check.outermost();
    }

    /** The SSLContext protocol, from JSSE's implementation class ({@code SSLContextImpl$TLS12Context} -> TLSv1.2). */
    static String protocolOf(String contextClass) {
        String inner = contextClass.substring(contextClass.lastIndexOf('$') + 1);
        if (inner.equals("DefaultSSLContext")) {
            return "Default";
        }
        if (inner.matches("TLS1[0-3]Context")) {
            return "TLSv1." + inner.charAt(4);
        }
        if (inner.equals("TLSContext") || inner.equals("DTLSContext")) {
            return inner.substring(0, inner.length() - "Context".length());
        }
        return inner;
    }

    private DefaultStore defaultStore() {
        DefaultStore s = defaultStore;
        if (s == null) {
            s = loadDefaultStore();
            defaultStore = s;
        }
        return s.path == null ? null : s;
    }

    private static DefaultStore loadDefaultStore() {
        String configured = System.getProperty("javax.net.ssl.trustStore");
        File file;
        if (configured != null && !configured.isEmpty()) {
            if ("NONE".equals(configured)) {
                return new DefaultStore(null, null, new HashSet<String>());
            }
            file = new File(configured);
        } else {
            File security = new File(System.getProperty("java.home"), "lib" + File.separator + "security");
            File jsse = new File(security, "jssecacerts");
            file = jsse.isFile() ? jsse : new File(security, "cacerts");
        }
        String type = System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType());
        Set<String> prints = new HashSet<String>();
        List<X509Certificate> certs = OtherTrustSources.keyStoreCertificates(file,
                System.getProperty("javax.net.ssl.trustStorePassword"), type);
        if (certs != null) {
            for (X509Certificate c : certs) {
                prints.add(Certs.sha256(c));
            }
        }
        return new DefaultStore(file.getAbsolutePath(), type, prints);
    }

    private static Set<String> fingerprints(X509Certificate[] certs) {
        Set<String> prints = new HashSet<String>();
        for (X509Certificate c : certs) {
            prints.add(Certs.sha256(c));
        }
        return prints;
    }
}
