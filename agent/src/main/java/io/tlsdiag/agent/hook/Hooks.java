package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.AgentRuntime;
import io.tlsdiag.agent.util.AgentLog;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import java.net.Socket;
import java.net.SocketException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * Where advice hands over. Each method takes one {@code Object[]} of JDK-typed values (see the advice package for
 * why), never throws, and does as little as possible on the application's thread: it gathers references and hands a
 * {@link HandshakeFailure} to the writer. The host keeps its exception and its trust decision in every case.
 */
public final class Hooks {

    /**
     * Trust managers nest (JSSE's wrapper around the application's, the application's around the JDK's) and the inner
     * ones, often called without the connection, answer first. Their check waits here, on the handshake thread, until
     * JSSE's own call brings the connection; from then on the connection's state holds it. A check that never meets
     * its connection (an application calling a trust manager itself) stays here, holding nothing strongly but the
     * chain, until the next validation on this thread.
     */
    private static final ThreadLocal<TrustCheck> PENDING_TRUST_CHECK = new ThreadLocal<TrustCheck>();
    private static final ConnectionRegistry CONNECTIONS = new ConnectionRegistry();

    private Hooks() {
    }

    /** [trustManager, methodName, arguments[], thrown]. Every checkServerTrusted / checkClientTrusted call. */
    public static void onTrustCheck(Object[] a) {
        try {
            if (AgentRuntime.current() == null || !AgentRuntime.current().isActive()) {
                return;
            }
            Object[] args = (Object[]) a[2];
            if (args.length < 2 || !(args[0] instanceof X509Certificate[])) {
                return;
            }
            X509Certificate[] chain = (X509Certificate[]) args[0];
            Object transport = args.length > 2 ? args[2] : null;
            String authType = (String) args[1];
            boolean server = "checkServerTrusted".equals(a[1]);
            // Nested trust managers pass the same array down; inner ones return first.
            TrustCheck check;
            if (transport != null) {
                check = CONNECTIONS.trustCheck(transport);
                if (check == null || check.chain != chain) {
                    TrustCheck pending = PENDING_TRUST_CHECK.get();
                    check = pending != null && pending.chain == chain ? pending.bound()
                            : new TrustCheck(chain, authType, server);
                    CONNECTIONS.recordTrustCheck(transport, check);
                }
                PENDING_TRUST_CHECK.remove();
            } else {
                check = PENDING_TRUST_CHECK.get();
                if (check == null || check.chain != chain) {
                    check = TrustCheck.pending(chain, authType, server);
                    PENDING_TRUST_CHECK.set(check);
                }
            }
            check.add(a[0], (Throwable) a[3]);
            if (a[3] == null) {
                Findings.trustAccepted(AgentRuntime.current(), check, a[0], transport);
            }
        } catch (Throwable t) {
            AgentLog.failure("trust manager hook", t);
        }
    }

    /** [transport, negotiated, handshaking, sslContext]. Runs before fatal() tears the handshake state down. */
    public static Object onFatalEnter(Object[] a) {
        try {
            AgentRuntime runtime = AgentRuntime.current();
            if (runtime == null || !runtime.isActive()) {
                return null;
            }
            boolean negotiated = (Boolean) a[1];
            boolean handshaking = (Boolean) a[2];
            HandshakeFailure f = new HandshakeFailure();
            f.source = HandshakeFailure.Source.FATAL_ALERT;
            f.sslContextClass = a[3] == null ? null : a[3].getClass().getName();
            Transport.describe(a[0], f);
            if (handshaking || !negotiated) {
                SSLSession session = Transport.handshakeSession(a[0]);
                f.chain = peerChain(session);
                f.negotiatedProtocol = session == null ? null : session.getProtocol();
            }
            return new Object[] {f, a[0], negotiated && !handshaking};
        } catch (Throwable t) {
            AgentLog.failure("fatal alert hook", t);
            return null;
        }
    }

    /** [pending from onFatalEnter, alert, diagnostic, received, cause, thrown]. */
    public static void onFatalExit(Object[] a) {
        try {
            Object[] pending = (Object[]) a[0];
            HandshakeFailure f = (HandshakeFailure) pending[0];
            Object transport = pending[1];
            boolean afterHandshake = (Boolean) pending[2];
            f.alert = Alerts.name(a[1]);
            f.diagnostic = (String) a[2];
            f.alertReceived = (Boolean) a[3];
            Throwable cause = (Throwable) a[4];
            Throwable thrown = (Throwable) a[5];
            // After the handshake, only a certificate verdict from the peer still belongs to it: a TLS 1.3 server
            // rejects the client's certificate after the client already considers the handshake complete.
            // A TLS 1.3 server may also just drop the connection after refusing a client that sent no certificate:
            // the client's next write fails ("Broken pipe") before it can read the alert.
            f.clientAuth = CONNECTIONS.clientAuth(transport);
            boolean sentNoCertificate = f.clientAuth != null && f.clientAuth.alias == null;
            if (afterHandshake && !(f.alertReceived && Alerts.isCertificateVerdict(f.alert)) && !sentNoCertificate) {
                return;
            }
            if (!CONNECTIONS.claimReport(transport)) {
                return;
            }
            // JSSE rethrows a SocketException itself after fatal() (SSLSocketImpl.handleException).
            f.exception = cause instanceof SocketException ? cause : thrown;
            f.stackSource = thrown != null ? thrown : new Throwable();
            submitWithConnectionFacts(AgentRuntime.current(), f, transport);
        } catch (Throwable t) {
            AgentLog.failure("fatal alert hook", t);
        }
    }

    /** [socket, thrown]: a timeout or interrupt left startHandshake without fatal(). */
    public static void onHandshakeInterrupted(Object[] a) {
        try {
            reportConnectionFailure(HandshakeFailure.Source.HANDSHAKE_TIMEOUT, a[0], (Throwable) a[1]);
        } catch (Throwable t) {
            AgentLog.failure("handshake timeout hook", t);
        }
    }

    /**
     * [socket, thrown]: a write failed with a plain I/O error. Reported only when the server had asked for a client
     * certificate and none was sent: then the dropped connection is the server's refusal (see SocketWriteAdvice).
     */
    public static void onWriteFailed(Object[] a) {
        try {
            ClientAuthRecord auth = CONNECTIONS.clientAuth(a[0]);
            if (auth != null && auth.alias == null) {
                reportConnectionFailure(HandshakeFailure.Source.WRITE_FAILED, a[0], (Throwable) a[1]);
            }
        } catch (Throwable t) {
            AgentLog.failure("socket write hook", t);
        }
    }

    /**
     * A failure seen outside fatal(), on a known SSLSocket or SSLEngine: claims the connection's one incident and
     * gathers what the other hooks recorded about it.
     */
    private static void reportConnectionFailure(HandshakeFailure.Source source, Object transport, Throwable thrown) {
        AgentRuntime runtime = AgentRuntime.current();
        if (runtime == null || !runtime.isActive() || !CONNECTIONS.claimReport(transport)) {
            return;
        }
        HandshakeFailure f = new HandshakeFailure();
        f.source = source;
        Transport.describe(transport, f);
        f.exception = thrown;
        f.stackSource = thrown;
        submitWithConnectionFacts(runtime, f, transport);
    }

    /** Adds what the other hooks recorded about this connection, then hands the failure to the writer. */
    private static void submitWithConnectionFacts(AgentRuntime runtime, HandshakeFailure f, Object transport) {
        f.origin = CONNECTIONS.origin(transport);
        if (f.clientAuth == null) {
            f.clientAuth = CONNECTIONS.clientAuth(transport);
        }
        attachTrustCheck(f, transport);
        runtime.submit(f);
    }

    /**
     * [verifier, host, session, verified]: a HostnameVerifier decided, after the TLS handshake itself succeeded. A
     * rejection is a failed connection; an acceptance is checked for a verifier that accepts every name.
     */
    public static void onHostnameVerified(Object[] a) {
        try {
            AgentRuntime runtime = AgentRuntime.current();
            if (runtime == null || !runtime.isActive() || !(a[2] instanceof SSLSession)) {
                return;
            }
            if ((Boolean) a[3]) {
                Findings.hostnameAccepted(runtime, a[0], (String) a[1], (SSLSession) a[2]);
                return;
            }
            if (!CONNECTIONS.claimReport(a[2])) {
                return;
            }
            SSLSession session = (SSLSession) a[2];
            HandshakeFailure f = new HandshakeFailure();
            f.source = HandshakeFailure.Source.HOSTNAME_VERIFIER;
            f.role = "client";
            f.hostnameVerifier = a[0].getClass().getName();
            f.peerHost = (String) a[1];
            f.peerPort = session.getPeerPort();
            f.chain = peerChain(session);
            f.negotiatedProtocol = session.getProtocol();
            f.stackSource = new Throwable();
            runtime.submit(f);
        } catch (Throwable t) {
            AgentLog.failure("hostname verifier hook", t);
        }
    }

    /** [engine]: remember where the application created it (see EngineCreationAdvice). */
    public static void onEngineCreated(Object[] a) {
        try {
            AgentRuntime runtime = AgentRuntime.current();
            if (runtime != null && runtime.isActive()) {
                CONNECTIONS.recordOrigin(a[0], new Throwable());
            }
        } catch (Throwable t) {
            AgentLog.failure("engine creation hook", t);
        }
    }

    /** [engine, exception]: java.net.http.HttpClient saw the peer close the connection during the handshake. */
    public static void onPeerClosedHandshake(Object[] a) {
        try {
            reportConnectionFailure(HandshakeFailure.Source.PEER_CLOSED, a[0], (Throwable) a[1]);
        } catch (Throwable t) {
            AgentLog.failure("HttpClient handshake hook", t);
        }
    }

    /**
     * [verifier, host, session, accepted]: HttpsURLConnection asked its HostnameVerifier (the JDK's own check had
     * already failed, or it would not have asked). Reported like a verifier's own decision; whichever hook sees a
     * connection first owns it.
     */
    public static void onHttpsHostnameCheck(Object[] a) {
        if (a[0] != null && a[0].getClass().getName().startsWith("javax.net.ssl.HttpsURLConnection$")) {
            return; // the JDK's default verifier: its refusal is reported by its own hook
        }
        onHostnameVerified(a);
    }

    /** [keyManager, arguments[], alias]: the server requested a client certificate. */
    public static void onClientAliasChosen(Object[] a) {
        try {
            Object[] args = (Object[]) a[1];
            Object transport = args.length > 0 ? args[args.length - 1] : null;
            if (transport instanceof Socket || transport instanceof SSLEngine) {
                String alias = (String) a[2];
                String subject = null;
                String sha256 = null;
                if (alias != null && a[0] instanceof javax.net.ssl.X509KeyManager) {
                    X509Certificate[] chain = ((javax.net.ssl.X509KeyManager) a[0]).getCertificateChain(alias);
                    if (chain != null && chain.length > 0) {
                        subject = io.tlsdiag.agent.diagnosis.Certs.subject(chain[0]);
                        sha256 = io.tlsdiag.agent.diagnosis.Certs.sha256(chain[0]);
                    }
                }
                CONNECTIONS.recordClientAuth(transport, new ClientAuthRecord(a[0].getClass().getName(), alias,
                        subject, sha256));
            }
        } catch (Throwable t) {
            AgentLog.failure("key manager hook", t);
        }
    }

    /**
     * The connection's certificate validation, if there was one. A check still pending on this thread is taken only
     * when the connection has none: JSSE's own call, which binds a check to its connection, was not seen (a trust
     * manager class that could not be hooked).
     */
    private static void attachTrustCheck(HandshakeFailure f, Object transport) {
        TrustCheck check = CONNECTIONS.takeTrustCheck(transport);
        TrustCheck pending = PENDING_TRUST_CHECK.get();
        PENDING_TRUST_CHECK.remove();
        if (check == null && pending != null) {
            check = pending.bound();
        }
        if (check == null) {
            return;
        }
        f.trustCheck = check;
        if (f.chain.length == 0) {
            f.chain = check.chain;
        }
        // Read here, on the handshake thread, while the trust manager is certainly alive: the check holds it weakly.
        TrustCheck.Call deciding = check.rejecting() != null ? check.rejecting() : check.outermost();
        Object trustManager = deciding == null ? null : deciding.trustManager();
        if (trustManager instanceof X509TrustManager) {
            try {
                f.anchors = ((X509TrustManager) trustManager).getAcceptedIssuers();
            } catch (Throwable ignored) {
                // An application trust manager may throw here too; the incident just lacks the anchors.
            }
        }
    }

    static X509Certificate[] peerChain(SSLSession session) {
        if (session == null) {
            return new X509Certificate[0];
        }
        try {
            Certificate[] certs = session.getPeerCertificates();
            X509Certificate[] chain = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                chain[i] = (X509Certificate) certs[i];
            }
            return chain;
        } catch (Exception notYetKnown) {
            return new X509Certificate[0];
        }
    }

    /** Public, lock-safe facts about an SSLSocket or SSLEngine. */
    static final class Transport {
        private Transport() {
        }

        static void describe(Object transport, HandshakeFailure f) {
            if (transport == null) {
                return;
            }
            if (transport instanceof SSLSocket) {
                SSLSocket socket = (SSLSocket) transport;
                f.role = socket.getUseClientMode() ? "client" : "server";
                if (socket.getInetAddress() != null) {
                    // InetAddress.toString() is "name/ip" without any lookup; getHostName() could block on DNS.
                    String text = socket.getInetAddress().toString();
                    int slash = text.indexOf('/');
                    f.peerAddress = text.substring(slash + 1);
                    f.peerHost = slash > 0 ? text.substring(0, slash) : f.peerAddress;
                }
                f.peerPort = socket.getPort();
                f.enabledProtocols = socket.getEnabledProtocols();
                f.enabledCipherSuites = socket.getEnabledCipherSuites();
            } else if (transport instanceof SSLEngine) {
                SSLEngine engine = (SSLEngine) transport;
                f.role = engine.getUseClientMode() ? "client" : "server";
                f.peerHost = engine.getPeerHost();
                f.peerPort = engine.getPeerPort();
                f.enabledProtocols = engine.getEnabledProtocols();
                f.enabledCipherSuites = engine.getEnabledCipherSuites();
            }
        }

        static SSLSession handshakeSession(Object transport) {
            if (transport instanceof SSLSocket) {
                return ((SSLSocket) transport).getHandshakeSession();
            }
            if (transport instanceof SSLEngine) {
                return ((SSLEngine) transport).getHandshakeSession();
            }
            return null;
        }
    }
}
