package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.diagnosis.HostnameMatcher;
import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.agent.handshake.TrustCheck;
import io.tlsdiag.agent.util.JdkClasses;

import javax.net.ssl.SSLSession;
import javax.net.ssl.X509TrustManager;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Findings from successful handshakes: certificates about to expire, and trust managers or hostname verifiers that
 * accept what they should not. Each is reported once per JVM (per certificate, per class). The checks on the
 * application's thread are only what is already at hand: a date comparison per certificate, a name match on a few
 * hundred verifications per verifier class at most.
 */
final class Findings {

    private static final int HOSTNAME_CHECKS_PER_CLASS = 200;

    /**
     * Expiring certificates already reported, by issuer, serial number and expiry: values the certificate keeps
     * parsed, so no fingerprint is computed per handshake, and no certificate object is kept (one from an
     * application's security provider would pin its class loader). Bounded: short-lived client certificates would
     * otherwise add one entry each, for ever.
     */
    private static final Set<String> REPORTED_CERTIFICATES = ConcurrentHashMap.newKeySet();
    private static final int MAX_REPORTED_CERTIFICATES = 10000;
    private static final Set<String> REPORTED_CLASSES = ConcurrentHashMap.newKeySet();
    private static final ConcurrentMap<String, AtomicInteger> HOSTNAME_CHECKS = new ConcurrentHashMap<String, AtomicInteger>();

    private Findings() {
    }

    /** After a trust manager accepted {@code check.chain}. */
    static void trustAccepted(HookContext runtime, TrustCheck check, Object trustManager, Object transport) {
        int days = runtime.expiryWarningDays();
        if (days > 0) {
            long horizon = System.currentTimeMillis() + days * 86400000L;
            X509Certificate[] chain = check.chain;
            for (int i = 0; i < chain.length; i++) {
                if (chain[i].getNotAfter().getTime() < horizon && firstReportOf(chain[i])) {
                    HandshakeFailure f = finding(HandshakeFailure.Source.EXPIRY_CHECK, chain, transport);
                    f.findingIndex = i;
                    runtime.submit(f);
                }
            }
        }
        // An application trust manager that accepted without asking any other trust manager: the writer checks the
        // chain against this JVM's own trust store, once per class. Seen when JSSE called it (directly, or through
        // its wrapper around a plain X509TrustManager), so the connection is known.
        Object candidate = null;
        if (check.calls().size() == 1 && transport != null) {
            candidate = trustManager;
        } else if (check.calls().size() == 2 && TrustCheck.isJsseWrapper(trustManager.getClass().getName())) {
            candidate = check.calls().get(0).trustManager();
        }
        String cls = candidate == null ? null : candidate.getClass().getName();
        if (cls != null && !JdkClasses.isJdk(cls) && !REPORTED_CLASSES.contains("tm:" + cls)
                && candidate instanceof X509TrustManager) {
            X509Certificate[] anchors = ((X509TrustManager) candidate).getAcceptedIssuers();
            if (anchors == null || anchors.length == 0) {
                REPORTED_CLASSES.add("tm:" + cls);
                HandshakeFailure f = finding(HandshakeFailure.Source.TRUST_ACCEPTED, check.chain, transport);
                f.acceptingClass = cls;
                f.trustCheck = check.snapshot();
                f.anchors = new X509Certificate[0];
                runtime.submit(f);
            }
        }
    }

    private static boolean firstReportOf(X509Certificate c) {
        if (REPORTED_CERTIFICATES.size() >= MAX_REPORTED_CERTIFICATES) {
            return false; // ten thousand expiring certificates reported: the point is made
        }
        return REPORTED_CERTIFICATES.add(c.getIssuerX500Principal().getName() + "#" + c.getSerialNumber().toString(16)
                + "#" + c.getNotAfter().getTime());
    }

    /** After a HostnameVerifier returned true. */
    static void hostnameAccepted(HookContext runtime, Object verifier, String host, SSLSession session) {
        String cls = verifier.getClass().getName();
        if (REPORTED_CLASSES.contains("hv:" + cls)) {
            return;
        }
        AtomicInteger checks = HOSTNAME_CHECKS.get(cls);
        if (checks == null) {
            HOSTNAME_CHECKS.putIfAbsent(cls, new AtomicInteger());
            checks = HOSTNAME_CHECKS.get(cls);
        }
        if (checks.incrementAndGet() > HOSTNAME_CHECKS_PER_CLASS) {
            return;
        }
        X509Certificate[] chain = Hooks.peerChain(session);
        if (chain.length == 0 || HostnameMatcher.matches(host, chain[0]) || !REPORTED_CLASSES.add("hv:" + cls)) {
            return;
        }
        HandshakeFailure f = finding(HandshakeFailure.Source.HOSTNAME_ACCEPTED, chain, null);
        f.acceptingClass = cls;
        f.hostnameVerifier = cls;
        f.peerHost = host;
        f.peerPort = session.getPeerPort();
        runtime.submit(f);
    }

    private static HandshakeFailure finding(HandshakeFailure.Source source, X509Certificate[] chain, Object transport) {
        HandshakeFailure f = new HandshakeFailure();
        f.source = source;
        f.chain = chain;
        Hooks.Transport.describe(transport, f);
        if (f.role == null) {
            f.role = "client";
        }
        f.stackSource = new Throwable();
        return f;
    }
}
