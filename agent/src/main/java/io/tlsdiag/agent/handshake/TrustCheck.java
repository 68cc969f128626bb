package io.tlsdiag.agent.handshake;

import io.tlsdiag.agent.util.JdkClasses;

import java.lang.ref.WeakReference;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * One certificate validation as the trust managers saw it: the chain exactly as presented, and every trust manager
 * that looked at it, innermost first (JDK wrapper -> application trust manager -> JDK trust manager nest; the same
 * chain array is handed down, which is how nested calls are recognised as one validation).
 *
 * <p>A trust manager may belong to a web application's class loader, so a check never holds one strongly: it is
 * needed only on the handshake thread, while the handshake holds it anyway (its anchors are read there). What a
 * trust manager threw is needed later, on the writer thread, and its backtrace pins the classes of its frames; so it
 * is held strongly only once the check is bound to its connection (see {@link #bound()}), and the connection's life
 * bounds it. Before that, while inner trust managers have answered and JSSE's outer call has not, the check is
 * <em>pending</em>, on the handshake thread only, and holds that weakly too.
 */
public final class TrustCheck {

    /** One trust manager's verdict. */
    public static final class Call {
        public final String className;
        /** What the trust manager threw; null when it accepted. */
        public final Throwable thrown;
        private final boolean rejected;
        private final WeakReference<Object> trustManager;
        /** A pending check's hold on what was thrown; null once bound. */
        private final WeakReference<Throwable> pendingThrown;

        private Call(String className, WeakReference<Object> trustManager, boolean rejected, Throwable thrown,
                     WeakReference<Throwable> pendingThrown) {
            this.className = className;
            this.trustManager = trustManager;
            this.rejected = rejected;
            this.thrown = thrown;
            this.pendingThrown = pendingThrown;
        }

        /** The trust manager itself, while it is alive (always, on the handshake thread during its handshake). */
        public Object trustManager() {
            return trustManager.get();
        }

        /** Whether it threw; true even when a pending check lost what it threw. */
        public boolean rejected() {
            return rejected;
        }

        Call bound() {
            if (pendingThrown == null) {
                return this;
            }
            return new Call(className, trustManager, rejected, pendingThrown.get(), null);
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
    private final List<Call> calls;
    private final boolean pending;

    /** A check bound to its connection (or built by a test): holds what the trust managers threw. */
    public TrustCheck(X509Certificate[] chain, String authType, boolean serverCertificate) {
        this(chain, authType, serverCertificate, new ArrayList<Call>(3), false);
    }

    private TrustCheck(X509Certificate[] chain, String authType, boolean serverCertificate, List<Call> calls,
                       boolean pending) {
        this.chain = chain;
        this.authType = authType;
        this.serverCertificate = serverCertificate;
        this.calls = calls;
        this.pending = pending;
    }

    /** A check whose connection is not known yet: holds nothing of the application strongly. */
    public static TrustCheck pending(X509Certificate[] chain, String authType, boolean serverCertificate) {
        return new TrustCheck(chain, authType, serverCertificate, new ArrayList<Call>(3), true);
    }

    /** Records one trust manager's verdict; inner trust managers are added first. */
    public void add(Object trustManager, Throwable thrown) {
        WeakReference<Object> tm = new WeakReference<Object>(trustManager);
        String className = trustManager.getClass().getName();
        calls.add(pending
                ? new Call(className, tm, thrown != null, null, thrown == null ? null : new WeakReference<Throwable>(thrown))
                : new Call(className, tm, thrown != null, thrown, null));
    }

    /** This check, bound to its connection: what was thrown is held from now on. */
    public TrustCheck bound() {
        if (!pending) {
            return this;
        }
        List<Call> strong = new ArrayList<Call>(calls.size() + 1);
        for (Call call : calls) {
            strong.add(call.bound());
        }
        return new TrustCheck(chain, authType, serverCertificate, strong, false);
    }

    /** A copy that later calls do not change, for the writer thread. */
    public TrustCheck snapshot() {
        TrustCheck b = bound();
        return new TrustCheck(chain, authType, serverCertificate, new ArrayList<Call>(b.calls), false);
    }

    public List<Call> calls() {
        return calls;
    }

    /** The innermost trust manager that threw: where the rejection was decided. */
    public Call rejecting() {
        for (Call call : calls) {
            if (call.rejected) {
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
