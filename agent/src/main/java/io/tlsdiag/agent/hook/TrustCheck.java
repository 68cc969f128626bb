package io.tlsdiag.agent.hook;

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

    public final X509Certificate[] chain;
    public final String authType;
    /** True for checkServerTrusted (this JVM validates a server), false for checkClientTrusted. */
    public final boolean serverCertificate;
    private final List<Call> calls = new ArrayList<Call>(3);
    private WeakReference<Object> transport;

    TrustCheck(X509Certificate[] chain, String authType, boolean serverCertificate) {
        this.chain = chain;
        this.authType = authType;
        this.serverCertificate = serverCertificate;
    }

    void add(Object trustManager, Throwable thrown, Object transportOrNull) {
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

    /** The outermost trust manager: the one the application (or JSSE's wrapper around it) configured. */
    public Call outermost() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    public boolean rejected() {
        return rejecting() != null;
    }
}
