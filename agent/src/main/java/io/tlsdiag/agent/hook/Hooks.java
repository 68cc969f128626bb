package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.Alerts;
import io.tlsdiag.agent.handshake.ClientAuthRecord;
import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.agent.handshake.TrustCheck;
import io.tlsdiag.agent.util.AgentLog;
import io.tlsdiag.agent.util.AgentThreads;
import io.tlsdiag.bootstrap.HookTarget;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where woven code hands over, through {@link io.tlsdiag.bootstrap.Bridge}: one typed method per hook. Each does as
 * little as possible on the application's thread: it gathers references and hands a {@link HandshakeFailure} to the
 * writer. A hook may throw; the bridge catches, counts and reports it ({@link #hookFailed}). The host keeps its
 * exception and its trust decision in every case.
 */
public final class Hooks implements HookTarget {

    public static final Hooks INSTANCE = new Hooks();

    /**
     * Trust managers nest (JSSE's wrapper around the application's, the application's around the JDK's) and the inner
     * ones, often called without the connection, answer first. Their check waits here, on the handshake thread, until
     * JSSE's own call brings the connection; from then on the connection's state holds it. A check that never meets
     * its connection (an application calling a trust manager itself) stays here, holding nothing strongly but the
     * chain, until the next validation on this thread.
     */
    private static final ThreadLocal<TrustCheck> PENDING_TRUST_CHECK = new ThreadLocal<TrustCheck>();
    private static final ConnectionRegistry CONNECTIONS = new ConnectionRegistry();
    /** What each fatal() on this thread started with, innermost first: starts and ends pair up like calls. */
    private static final ThreadLocal<ArrayDeque<Object>> FATALS = new ThreadLocal<ArrayDeque<Object>>();
    /** Pushed for a fatal() that reports nothing (not the connection's first, or tlsdiag inactive). */
    private static final Object NOT_REPORTED = new Object();

    private Hooks() {
    }

    private static boolean active() {
        HookContext runtime = HookContext.current();
        return runtime != null && runtime.isActive();
    }

    @Override
    public void trustChecked(Throwable thrown, Object trustManager, String method, Object[] args) {
        if (!active() || args.length < 2 || !(args[0] instanceof X509Certificate[])) {
            return;
        }
        X509Certificate[] chain = (X509Certificate[]) args[0];
        Object transport = args.length > 2 ? args[2] : null;
        String authType = args[1] instanceof String ? (String) args[1] : null;
        boolean server = "checkServerTrusted".equals(method);
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
        check.add(trustManager, thrown);
        if (thrown == null) {
            Findings.trustAccepted(HookContext.current(), check, trustManager, transport);
        }
    }

    /** What a reporting fatal() knew at its start, before it tore the handshake state down. */
    private static final class PendingFatal {
        final HandshakeFailure failure;
        final Object transport;
        final boolean afterHandshake;

        PendingFatal(HandshakeFailure failure, Object transport, boolean afterHandshake) {
            this.failure = failure;
            this.transport = transport;
            this.afterHandshake = afterHandshake;
        }
    }

    @Override
    public void fatalStarted(Object transport, Object closeReason, boolean negotiated, Object handshakeContext,
                             Object sslContext) {
        Object pending = NOT_REPORTED;
        try {
            // Only a connection's first fatal() reports: closeReason is still unset then.
            if (closeReason == null && active()) {
                boolean handshaking = handshakeContext != null;
                HandshakeFailure f = new HandshakeFailure();
                f.source = HandshakeFailure.Source.FATAL_ALERT;
                f.sslContextClass = sslContext == null ? null : sslContext.getClass().getName();
                Transport.describe(transport, f);
                if (handshaking || !negotiated) {
                    SSLSession session = Transport.handshakeSession(transport);
                    f.chain = peerChain(session);
                    f.negotiatedProtocol = session == null ? null : session.getProtocol();
                }
                pending = new PendingFatal(f, transport, negotiated && !handshaking);
            }
        } finally {
            ArrayDeque<Object> started = FATALS.get();
            if (started == null) {
                started = new ArrayDeque<Object>(2);
                FATALS.set(started);
            }
            started.push(pending);
        }
    }

    @Override
    public void fatalEnded(Throwable thrown, Object alert, String diagnostic, boolean received, Throwable cause) {
        ArrayDeque<Object> started = FATALS.get();
        if (started == null) {
            return; // started before the hooks were connected
        }
        Object popped = started.poll();
        if (started.isEmpty()) {
            FATALS.remove();
        }
        if (!(popped instanceof PendingFatal)) {
            return;
        }
        PendingFatal pending = (PendingFatal) popped;
        HandshakeFailure f = pending.failure;
        Object transport = pending.transport;
        f.alert = Alerts.name(alert);
        f.diagnostic = diagnostic;
        f.alertReceived = received;
        // After the handshake, only a certificate verdict from the peer still belongs to it: a TLS 1.3 server
        // rejects the client's certificate after the client already considers the handshake complete.
        // A TLS 1.3 server may also just drop the connection after refusing the client's certificate, or its absence:
        // the client's next write fails ("Broken pipe"), or its read meets the reset, before it can read the alert.
        // Without a certificate sent, any end of the connection then is the refusal; with one, only the peer's reset
        // or broken pipe (a library closing the engine itself also passes here, without one).
        f.clientAuth = CONNECTIONS.clientAuth(transport);
        boolean droppedAfterRequest = inRefusalWindow(f.clientAuth)
                && (f.clientAuth.alias == null || PeerDrop.isPeerDrop(cause));
        if (pending.afterHandshake && !(f.alertReceived && Alerts.isCertificateVerdict(f.alert))
                && !droppedAfterRequest) {
            return;
        }
        if (!CONNECTIONS.claimReport(transport)) {
            return;
        }
        // JSSE rethrows a SocketException itself after fatal() (SSLSocketImpl.handleException).
        f.exception = cause instanceof SocketException ? cause : thrown;
        f.stackSource = thrown != null ? thrown : new Throwable();
        submitWithConnectionFacts(f, transport);
    }

    /** Timeouts and interrupts leave startHandshake without fatal(). */
    @Override
    public void socketHandshakeThrew(Throwable thrown, Object socket) {
        if (thrown instanceof InterruptedIOException) {
            reportConnectionFailure(HandshakeFailure.Source.HANDSHAKE_TIMEOUT, socket, thrown);
        }
    }

    /**
     * A write failed with a plain I/O error. Reported only just after a TLS 1.3 handshake in which the server asked for
     * a client certificate: then the dropped connection is the server's refusal of the certificate sent, or of its
     * absence, and the client wrote before it could read the server's alert.
     */
    @Override
    public void socketWriteThrew(Throwable thrown, Object socket) {
        if (PeerDrop.isPeerDrop(thrown) && inRefusalWindow(CONNECTIONS.clientAuth(socket))) {
            reportConnectionFailure(HandshakeFailure.Source.WRITE_FAILED, socket, thrown);
        }
    }

    /**
     * A failure seen outside fatal(), on a known SSLSocket or SSLEngine: claims the connection's one incident and
     * gathers what the other hooks recorded about it.
     */
    private static void reportConnectionFailure(HandshakeFailure.Source source, Object transport, Throwable thrown) {
        HandshakeFailure f = claim(transport);
        if (f == null) {
            return;
        }
        f.source = source;
        f.exception = thrown;
        f.stackSource = thrown;
        submitWithConnectionFacts(f, transport);
    }

    /**
     * The connection's one incident, now owned by the calling hook, described from the connection; null when tlsdiag
     * is inactive or another hook already owns it.
     */
    private static HandshakeFailure claim(Object transport) {
        if (!active() || !CONNECTIONS.claimReport(transport)) {
            return null;
        }
        HandshakeFailure f = new HandshakeFailure();
        Transport.describe(transport, f);
        return f;
    }

    /** Adds what the other hooks recorded about this connection, then hands the failure to the writer. */
    private static void submitWithConnectionFacts(HandshakeFailure f, Object transport) {
        HookContext runtime = HookContext.current();
        if (runtime == null) {
            return;
        }
        f.origin = CONNECTIONS.origin(transport);
        f.setup = CONNECTIONS.setup(transport);
        Throwable requested = CONNECTIONS.requested(transport);
        if (requested == null && !(transport instanceof SSLEngine)) {
            // A socket's handshake runs on the thread that opened it: a library's, working on a submitted request
            requested = REQUESTS.current();
        }
        askedFrom(f, requested);
        if (transport instanceof SSLEngine && f.peerHost == null && f.peerPort <= 0) {
            peerFromChannel(f, CONNECTIONS.channelContext(transport));
        }
        if (f.clientAuth == null) {
            f.clientAuth = CONNECTIONS.clientAuth(transport);
        }
        attachTrustCheck(f, transport);
        runtime.submit(f);
    }

    /**
     * A HostnameVerifier decided, after the TLS handshake itself succeeded. A rejection is a failed connection; an
     * acceptance is checked for a verifier that accepts every name.
     */
    @Override
    public void hostnameVerified(boolean verified, Object verifier, String host, Object session) {
        HookContext runtime = HookContext.current();
        if (runtime == null || !runtime.isActive() || !(session instanceof SSLSession)) {
            return;
        }
        SSLSession ssl = (SSLSession) session;
        if (verified) {
            Findings.hostnameAccepted(runtime, verifier, host, ssl);
            return;
        }
        if (!CONNECTIONS.claimReport(session)) {
            return;
        }
        HandshakeFailure f = new HandshakeFailure();
        f.source = HandshakeFailure.Source.HOSTNAME_VERIFIER;
        f.role = "client";
        f.hostnameVerifier = verifier.getClass().getName();
        f.peerHost = host;
        f.peerPort = ssl.getPeerPort();
        f.chain = peerChain(ssl);
        f.negotiatedProtocol = ssl.getProtocol();
        f.sniNames = io.tlsdiag.agent.handshake.ServerNames.sentIn(ssl);
        f.stackSource = new Throwable();
        askedFrom(f, REQUESTS.current()); // a library's thread verifying a request's connection (OkHttp's enqueue)
        runtime.submit(f);
    }

    /**
     * Where the application asked for the failed connection, if it was followed; a request past the budget is marked
     * instead, so that its incident takes the call site of a followed repeat, and more requests are followed a while.
     */
    private static void askedFrom(HandshakeFailure f, Throwable requested) {
        if (requested == AsyncRequests.NOT_FOLLOWED) {
            f.callSiteMissed = true;
            REQUESTS.missed();
        } else {
            f.requested = requested;
        }
    }

    /**
     * An engine created without its peer (a server's engines, and a client's made by {@code newHandler(alloc)}) gets it
     * from its Netty channel: a server's incidents are then told apart, and de-duplicated, per client address.
     * InetSocketAddress.getHostString() never looks a name up.
     */
    private static void peerFromChannel(HandshakeFailure f, Object channelHandlerContext) {
        java.net.InetSocketAddress remote = NettyObjects.remoteAddress(channelHandlerContext);
        if (remote == null) {
            return;
        }
        if (remote.getAddress() != null) {
            f.peerAddress = remote.getAddress().getHostAddress();
        }
        f.peerHost = remote.getHostString();
        f.peerPort = remote.getPort();
    }

    /** Where the application set up a server's TLS (a Netty SslContext), kept for the engines created from it. */
    private static final io.tlsdiag.agent.util.WeakIdentityMap<StackTraceElement[]> CONTEXT_SETUPS =
            new io.tlsdiag.agent.util.WeakIdentityMap<StackTraceElement[]>();

    @Override
    public void tlsContextCreated(Object context) {
        // One capture per context (a constructor calling another returns after it), kept as frames: a context can
        // outlive the code that made it, and a Throwable's backtrace would pin that code's classes.
        if (active() && CONTEXT_SETUPS.get(context) == null && !NettyObjects.isClientContext(context)) {
            CONTEXT_SETUPS.put(context, new Throwable().getStackTrace());
        }
    }

    @Override
    public void engineFromContext(Object engineOrHandler, Object context) {
        StackTraceElement[] setup = engineOrHandler == null || !active() ? null : CONTEXT_SETUPS.get(context);
        if (setup == null) {
            return; // a client's context: its engines' creation stacks say more
        }
        Object engine = engineOrHandler instanceof SSLEngine ? engineOrHandler : NettyObjects.engineOf(engineOrHandler);
        if (engine != null) {
            for (Object e : NettyObjects.engineAndWrapped(engine)) {
                CONNECTIONS.recordSetup(e, setup);
            }
        }
    }

    /**
     * Where the application asked for each client connection of Netty's (relocated or not), until TLS is added to it:
     * captured once per connection, not per request, and handed to the connection's engine then.
     */
    private static final io.tlsdiag.agent.util.WeakIdentityMap<Throwable> CHANNEL_ORIGINS =
            new io.tlsdiag.agent.util.WeakIdentityMap<Throwable>();

    /**
     * A client's channel (no parent) is created on the thread that asked for the connection: the application's
     * {@code connect}, or the subscription a library turned into one (Reactor Netty); a library that opens its
     * connections on a thread of its own (gRPC, after name resolution on its executor) shows that thread. Its TLS
     * engine is created later on an event loop, where none of that code is on the stack. A server's channels (with a
     * parent) are created on its event loop and have their server's TLS set-up instead.
     */
    @Override
    public void channelCreated(Object channel, Object parent) {
        // Only TCP channels (not an EmbeddedChannel, which some codecs create per message); one capture per channel,
        // since a constructor that calls another returns after it; and a bounded number waiting for TLS: a channel
        // that never gets any (a plain connection) keeps its entry until it is collected.
        if (parent == null && active() && NettyObjects.isSocketChannel(channel)
                && CHANNEL_ORIGINS.size() < MAX_CHANNELS_AWAITING_TLS && CHANNEL_ORIGINS.get(channel) == null) {
            Throwable submitted = REQUESTS.current(); // a library on Netty working on a request submitted elsewhere
            CHANNEL_ORIGINS.put(channel, submitted != null ? submitted : new Throwable());
        }
    }

    /** Client connections open at once without TLS beyond which new ones are not followed (a stack each). */
    private static final int MAX_CHANNELS_AWAITING_TLS = 4096;

    @Override
    public void sslHandlerAdded(Object handler, Object channelHandlerContext) {
        Object engine = active() ? NettyObjects.engineOf(handler) : null;
        if (engine == null) {
            return;
        }
        Object channel = NettyObjects.channelOf(channelHandlerContext);
        Throwable requested = channel == null ? null : CHANNEL_ORIGINS.remove(channel);
        // Only an engine without a peer needs its channel's (a server's; a client's made by newHandler(alloc)).
        boolean needsPeer = ((SSLEngine) engine).getPeerPort() <= 0 && ((SSLEngine) engine).getPeerHost() == null;
        if (requested == null && !needsPeer) {
            return;
        }
        for (Object e : NettyObjects.engineAndWrapped(engine)) {
            if (needsPeer) {
                CONNECTIONS.recordChannelContext(e, channelHandlerContext);
            }
            if (requested != null) {
                CONNECTIONS.recordRequested(e, requested);
            }
        }
    }

    /** Remember where the application created the engine: its failure may surface on another thread. */
    @Override
    public void engineCreated(Object engine) {
        // One capture per engine: a constructor that calls another returns after it (JSSE's do).
        if (active() && CONNECTIONS.origin(engine) == null) {
            CONNECTIONS.recordOrigin(engine, new Throwable());
            Throwable submitted = REQUESTS.current();
            if (submitted != null) {
                CONNECTIONS.recordRequested(engine, submitted);
            }
            HookContext runtime = HookContext.current();
            if (runtime != null && runtime.handshakeStallSeconds() > 0) {
                WATCH.created(engine);
                watchHandshakes();
            }
        }
    }

    /** Client engines whose handshake may stall with nothing ever closing them. */
    private static final HandshakeWatch WATCH = new HandshakeWatch();
    private static final AtomicBoolean WATCHING = new AtomicBoolean();
    private static final HandshakeWatch.Clock SYSTEM_CLOCK = new HandshakeWatch.Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };

    /** Starts the agent's thread that looks at the watched engines, once, with the first engine watched. */
    private static void watchHandshakes() {
        if (WATCHING.get() || !WATCHING.compareAndSet(false, true)) {
            return;
        }
        AgentThreads.newThread("tlsdiag-handshake-watch", new Runnable() {
            @Override
            public void run() {
                while (true) {
                    HookContext runtime = HookContext.current();
                    int stallSeconds = runtime == null ? 0 : runtime.handshakeStallSeconds();
                    try {
                        // Twice per stall limit at least: a stall is reported within 1.5 limits of its first look.
                        Thread.sleep(stallSeconds == 1 ? 500 : 1000);
                    } catch (InterruptedException stop) {
                        return;
                    }
                    if (runtime == null || !runtime.isActive()) {
                        continue;
                    }
                    // 0 (set by a re-attach): nothing is reported, but engines whose handshake is over are dropped
                    long stallNanos = stallSeconds == 0 ? Long.MAX_VALUE : stallSeconds * 1000000000L;
                    List<Object> stalled;
                    try {
                        stalled = WATCH.stalled(stallNanos, SYSTEM_CLOCK);
                    } catch (Throwable t) {
                        AgentLog.failure("handshake watch", t);
                        continue;
                    }
                    for (Object engine : stalled) {
                        try {
                            reportStalled(engine, stallNanos);
                        } catch (Throwable t) {
                            AgentLog.failure("handshake watch", t);
                        }
                    }
                }
            }
        }, true).start();
    }

    /**
     * A client engine that waited for the peer for the stall limit and was never closed: its application or library
     * stopped, or waits longer. A library that closes it later finds it claimed: the incident is this one.
     */
    private static void reportStalled(Object engine, long stallNanos) {
        HandshakeFailure f = claim(engine);
        if (f == null) {
            return;
        }
        f.source = HandshakeFailure.Source.ENGINE_ABANDONED;
        f.stalledMillis = stallNanos / 1000000L;
        f.threadName = "unknown"; // the watching thread is the agent's; the handshake's own thread is not known
        f.chain = peerChain(Transport.handshakeSession(engine));
        submitWithConnectionFacts(f, engine);
    }

    /** Requests and connections handed to a library's own thread, from where they were asked for. */
    private static final AsyncRequests REQUESTS = new AsyncRequests();

    @Override
    public void requestSubmitted(Object request) {
        HookContext runtime = HookContext.current();
        if (runtime != null && runtime.isActive()) {
            REQUESTS.submitted(request, true, runtime.requestCapturesPerSecond());
        }
    }

    @Override
    public void connectionRequested(Object handOff) {
        if (active()) {
            REQUESTS.submitted(handOff, false, 0);
        }
    }

    @Override
    public void handOffWorkStarting(Object handOff) {
        REQUESTS.workStarting(active() ? handOff : null); // pushed even when inactive: ends always pop
    }

    @Override
    public void handOffWorkEnded(Throwable thrown, Object handOff) {
        REQUESTS.workEnded(handOff);
    }

    /**
     * An engine's wrap, unwrap or beginHandshake threw. JSSE's failures passed fatal(), which reported them with more
     * detail, so only other engines (BoringSSL through netty-tcnative, ...) are reported here: their handshake
     * failures, and a certificate refusal that arrives after the handshake (TLS 1.3). A wrapping engine rethrows the
     * same exception, and one overload calls another: the exception is claimed, so it is reported once.
     */
    @Override
    public void engineThrew(Throwable thrown, Object engine) {
        if (!(thrown instanceof SSLException) || !(engine instanceof SSLEngine)) {
            return;
        }
        if (engine.getClass().getName().startsWith("sun.security.ssl.")) {
            // Claimed, so that an engine wrapping JSSE's (Netty's JdkAlpnSslEngine), whose unwrap rethrows it next,
            // does not report it again: JSSE's own hooks have it.
            CONNECTIONS.claimReport(thrown);
            return;
        }
        if (!(thrown instanceof SSLHandshakeException) && !Alerts.mentionsCertificateRefusal(thrown.getMessage())) {
            return; // an error on an established connection
        }
        if (!active() || !CONNECTIONS.claimReport(thrown)) {
            return;
        }
        HandshakeFailure f = claim(engine);
        if (f == null) {
            return;
        }
        f.source = HandshakeFailure.Source.ENGINE_EXCEPTION;
        f.chain = peerChain(Transport.handshakeSession(engine));
        f.alert = Alerts.receivedInOpensslMessage(thrown.getMessage());
        f.alertReceived = f.alert != null;
        f.exception = thrown;
        f.stackSource = thrown;
        submitWithConnectionFacts(f, engine);
    }

    @Override
    public void engineClosing(Object engine, String method) {
        EnginePath.closing(engine, "closeInbound".equals(method), active());
    }

    /**
     * A library closed an engine in the middle of its handshake, or after the peer's end of stream before it began: the
     * handshake failed without an error from the engine.
     */
    @Override
    public void engineClosed(Throwable thrown, Object engine) {
        EnginePath.Abandoned abandoned = EnginePath.closed();
        if (abandoned != null) {
            reportAbandoned(abandoned.engine, abandoned.inboundFirst, abandoned.beforeClientHello);
        }
    }

    /**
     * An engine left mid-handshake by its library: what the thread saw just before says why. One whose peer closed
     * before its hello is a failure only soon after the engine's creation (EnginePath.BEFORE_HELLO_WINDOW_NANOS).
     */
    private static void reportAbandoned(Object abandoned, boolean endOfStream, boolean beforeClientHello) {
        if (beforeClientHello && !CONNECTIONS.createdWithin(abandoned, EnginePath.BEFORE_HELLO_WINDOW_NANOS)) {
            return;
        }
        HandshakeFailure f = claim(abandoned);
        if (f == null) {
            return;
        }
        f.chain = peerChain(Transport.handshakeSession(abandoned));
        if (beforeClientHello) {
            EnginePath.explainClosedBeforeHello(f);
        } else {
            EnginePath.explain(f, endOfStream);
        }
        submitWithConnectionFacts(f, abandoned);
    }

    /**
     * A library closes its own TLS session around an engine it never closes (Apache HttpCore's SSLIOSession, when its
     * I/O reactor meets the peer's end of stream or its own timeout): a handshake still in progress then failed.
     */
    @Override
    public void tlsSessionClosing(Object engine, boolean endOfStream) {
        if (active() && EnginePath.midHandshake(engine)) {
            reportAbandoned(engine, endOfStream, false);
        }
    }

    @Override
    public void sslExceptionCreated(Object exception) {
        if (active()) {
            EnginePath.libraryException(exception);
        }
    }

    /**
     * java.net.http.HttpClient checked how a handshake ended. A new exception means it concluded "the handshake ended
     * without finishing": the peer closed. The upstream exception returned as it is means the engine failed in a
     * delegated task, where JSSE throws without passing fatal() (a JDK limit such as
     * jdk.tls.maxCertificateChainLength); a failure that did pass fatal() already owns the connection. When the client
     * closed the connection itself (its connect timeout), the upstream error says "closed locally": a handshake still
     * in progress then was abandoned, and one already complete is none of tlsdiag's business.
     */
    @Override
    public void httpClientHandshakeChecked(Throwable result, Object engine, Throwable upstream) {
        if (closedLocally(upstream)) {
            if (active() && EnginePath.midHandshake(engine)) {
                // its connect timeout ended the handshake; it never closes the engine
                reportAbandoned(engine, false, false);
            }
            return;
        }
        if (result instanceof SSLHandshakeException && result != upstream) {
            reportConnectionFailure(HandshakeFailure.Source.PEER_CLOSED, engine, result);
        } else if (result == upstream && upstream instanceof SSLException) {
            reportConnectionFailure(HandshakeFailure.Source.ENGINE_EXCEPTION, engine, upstream);
        } else if (result == upstream && PeerDrop.isPeerDrop(upstream)
                && inRefusalWindow(CONNECTIONS.clientAuth(engine))) {
            // A reset just after a TLS 1.3 handshake in which the server asked for a certificate: its refusal, whose
            // alert the reset overtook. HttpClient passes the I/O error on as it is, and no engine call fails.
            reportConnectionFailure(HandshakeFailure.Source.PEER_CLOSED, engine, upstream);
        }
    }

    /** The server asked this connection for a certificate in a TLS 1.3 handshake moments ago (null: it never asked). */
    private static boolean inRefusalWindow(ClientAuthRecord auth) {
        return auth != null && auth.droppedConnectionIsRefusalAt(System.nanoTime());
    }

    /** HttpClient closed the connection itself (its connect timeout): said by the error or one of its causes. */
    private static boolean closedLocally(Throwable upstream) {
        for (Throwable t = upstream; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("closed locally")) {
                return true;
            }
        }
        return false;
    }

    /**
     * HttpsURLConnection asked its HostnameVerifier (the JDK's own check had already failed, or it would not have
     * asked). Reported like a verifier's own decision; whichever hook sees a connection first owns it.
     */
    @Override
    public void httpsHostnameChecked(Throwable thrown, Object verifier, Object session) {
        if (verifier == null || verifier.getClass().getName().startsWith("javax.net.ssl.HttpsURLConnection$")) {
            return; // the JDK's default verifier: its refusal is reported by its own hook
        }
        if ((thrown == null || thrown instanceof IOException) && session instanceof SSLSession) {
            hostnameVerified(thrown == null, verifier, ((SSLSession) session).getPeerHost(), session);
        }
    }

    /** The server requested a client certificate: which key manager chose which alias, if any. */
    @Override
    public void clientAliasChosen(String alias, Object keyManager, Object[] args) {
        Object transport = args.length > 0 ? args[args.length - 1] : null;
        if (!(transport instanceof Socket || transport instanceof SSLEngine)) {
            return;
        }
        String subject = null;
        String sha256 = null;
        if (alias != null && keyManager instanceof X509KeyManager) {
            X509Certificate[] chain = ((X509KeyManager) keyManager).getCertificateChain(alias);
            if (chain != null && chain.length > 0) {
                subject = io.tlsdiag.agent.diagnosis.Certs.subject(chain[0]);
                sha256 = io.tlsdiag.agent.diagnosis.Certs.sha256(chain[0]);
            }
        }
        ClientAuthRecord record = new ClientAuthRecord(keyManager.getClass().getName(), alias, subject, sha256);
        // The CA names the server listed (args[1]) and the key manager, whose aliases the writer lists.
        record.requested(args, keyManager);
        SSLSession negotiating = Transport.handshakeSession(transport);
        record.protocol = negotiating == null ? null : negotiating.getProtocol();
        CONNECTIONS.recordClientAuth(transport, record);
    }

    @Override
    public void hookFailed(String hook, Throwable failure) {
        AgentLog.failure(hook + " hook", failure);
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
            // SNI evidence: the names the client was configured to send, read while still on its thread.
            f.sniNames = io.tlsdiag.agent.handshake.ServerNames.requested(transport);
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
