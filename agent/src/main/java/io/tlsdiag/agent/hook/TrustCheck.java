package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.util.JdkClasses;

import java.lang.ref.WeakReference;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * One certificate validation as the trust managers saw it: the chain exactly as presented, and every trust manager
 * that looked at it, innermost first (JDK wrapper -> application trust manager -> JDK trust manager nest; the same
 * chain array is handed down, which is how nested calls are recognised as one validation).
 */
public final class TrustCheck {

    /** One trust manager's verdict. */
    public static final class Call {
        public final Object trustManager;
        public final String className;
        public final Throwable thrown;

        Call(Object trustManager, Throwable thrown) {
            this.trustManager = trustManager;
            this.className = trustManager.getClass().getName();
            this.thrown = thrown;
        }
    }

    /**
     * JSSE wraps every plain X509TrustManager an application supplies (JDK 8: a nested class of SSLContextImpl).
     * The wrapper delegates the verdict, then adds the JDK's own hostname and algorithm checks.
     */
    public static boolean isJsseWrapper(String className) {
        return className.equals("sun.security.ssl.AbstractTrustManagerWrapper")
                || className.equals("sun.security.ssl.SSLContextImpl$AbstractTrustManagerWrapper");
    }

    public final X509Certificate[] chain;
    public final String authType;
    /** True for checkServerTrusted (this JVM validates a server), false for checkClientTrusted. */
    public final boolean serverCertificate;
    private final List<Call> calls = new ArrayList<Call>(3);
    private WeakReference<Object> transport;

    public TrustCheck(X509Certificate[] chain, String authType, boolean serverCertificate) {
        this.chain = chain;
        this.authType = authType;
        this.serverCertificate = serverCertificate;
    }

    /** Records one trust manager's verdict; inner trust managers are added first. */
    public void add(Object trustManager, Throwable thrown, Object transportOrNull) {
        calls.add(new Call(trustManager, thrown));
        if (transportOrNull != null && transport == null) {
            transport = new WeakReference<Object>(transportOrNull);
        }
    }

    /** Whether this validation belonged to {@code candidate}; a check that never saw its connection matches any. */
    boolean belongsTo(Object candidate) {
        Object own = transport == null ? null : transport.get();
        return own == null || own == candidate;
    }

    public List<Call> calls() {
        return calls;
    }

    /** The innermost trust manager that threw: where the rejection was decided. */
    public Call rejecting() {
        for (Call call : calls) {
            if (call.thrown != null) {
                return call;
            }
        }
        return null;
    }

    /**
     * Whether the rejection was decided by JDK code: a JDK trust manager threw first, or JSSE's wrapper threw after
     * the application's trust manager inside it had accepted (the wrapper's own hostname/algorithm checks).
     */
    public boolean rejectedByJdk() {
        Call r = rejecting();
        if (r == null || !JdkClasses.isJdk(r.className)) {
            return false;
        }
        if (!isJsseWrapper(r.className)) {
            return true;
        }
        return calls.indexOf(r) > 0; // something inside the wrapper was called and accepted
    }

    /** The outermost trust manager: the one the application (or JSSE's wrapper around it) configured. */
    public Call outermost() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    public boolean rejected() {
        return rejecting() != null;
    }
}
