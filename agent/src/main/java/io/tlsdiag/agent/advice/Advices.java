package io.tlsdiag.agent.advice;

import static io.tlsdiag.agent.advice.Value.allArguments;
import static io.tlsdiag.agent.advice.Value.argument;
import static io.tlsdiag.agent.advice.Value.field;
import static io.tlsdiag.agent.advice.Value.methodName;
import static io.tlsdiag.agent.advice.Value.returned;
import static io.tlsdiag.agent.advice.Value.self;
import static io.tlsdiag.agent.advice.Value.thrown;

/**
 * Every advice, bound to its {@link io.tlsdiag.bootstrap.Bridge} method: the one place that says which values each
 * hooked method hands to which hook. {@code AdviceBindingTest} resolves every call against the bridge.
 */
public final class Advices {

    private Advices() {
    }

    /**
     * {@code TransportContext.fatal(Alert, String, boolean, Throwable)}: the one place every JSSE fatal error passes,
     * sent or received, socket or engine, whichever thread detects it. The fields are read at entry, before fatal()
     * tears the handshake state down.
     */
    public static final MethodAdvice FATAL_ALERT = MethodAdvice.on("fatal").arguments(4)
            .atEnter("fatalStarted", field("transport", Object.class), field("closeReason", Object.class),
                    field("isNegotiated", boolean.class), field("handshakeContext", Object.class),
                    field("sslContext", Object.class))
            .atExit("fatalEnded", thrown(), argument(0, Object.class), argument(1, String.class),
                    argument(2, boolean.class), argument(3, Throwable.class));

    /** {@code SSLSocketImpl.startHandshake(boolean)}: timeouts and interrupts leave it without fatal(). */
    public static final MethodAdvice SOCKET_HANDSHAKE = MethodAdvice.on("startHandshake").arguments(1)
            .atThrow("socketHandshakeThrew", thrown(), self());

    /**
     * {@code SSLSocketImpl$AppOutputStream.write(byte[], int, int)}: a TLS 1.3 server that refuses a client without a
     * certificate may just drop the connection, which the client sees as a failed write.
     */
    public static final MethodAdvice SOCKET_WRITE = MethodAdvice.on("write").arguments(3)
            .atThrow("socketWriteThrew", thrown(), field("this$0", Object.class));

    /**
     * The constructors of every {@code SSLEngine} (JSSE's, netty-tcnative's, ...): where the application created an
     * engine that later fails elsewhere.
     */
    public static final MethodAdvice ENGINE_CREATION = MethodAdvice.on("<init>")
            .atReturn("engineCreated", self());

    /**
     * Every engine's {@code wrap}/{@code unwrap}: an engine whose handshake JSSE's state machine does not run (BoringSSL
     * through netty-tcnative) fails only here; JSSE's own failures passed fatal() first, which claimed them.
     */
    public static final MethodAdvice ENGINE_IO = MethodAdvice.on("wrap", "unwrap")
            .descriptorEnding(")Ljavax/net/ssl/SSLEngineResult;")
            .atThrow("engineThrew", thrown(), self());

    /** Every engine's {@code beginHandshake()}: no common protocol may already fail here. */
    public static final MethodAdvice ENGINE_BEGIN = MethodAdvice.on("beginHandshake").descriptorEnding(")V")
            .atThrow("engineThrew", thrown(), self());

    /**
     * Every engine's {@code closeInbound()}/{@code closeOutbound()}: a library that gives up on a handshake (its own
     * timer, the peer's end of stream it read, bytes that are not TLS) closes the engine without any error from it.
     * Enter and exit pair up, so that an engine wrapping another is reported once.
     */
    public static final MethodAdvice ENGINE_CLOSE = MethodAdvice.on("closeInbound", "closeOutbound")
            .descriptorEnding(")V")
            .atEnter("engineClosing", self(), methodName())
            .atExit("engineClosed", thrown(), self());

    /**
     * {@code SSLException}'s constructors: a library's own exception for a handshake it gave up on (Netty's
     * "not an SSL/TLS record", its handshake timeout) is what its application sees; the engine never does.
     */
    public static final MethodAdvice LIBRARY_SSL_EXCEPTION = MethodAdvice.on("<init>")
            .atReturn("sslExceptionCreated", self());

    /**
     * The constructors of Netty's {@code SslContext} implementations (JDK and OpenSSL, relocated or not): where the
     * application set up TLS for a server or client, which its engines are later created from on an event loop.
     */
    public static final MethodAdvice NETTY_CONTEXT_CREATION = MethodAdvice.on("<init>")
            .atReturn("tlsContextCreated", self());

    /**
     * Their {@code newEngine(...)} and {@code newHandler(...)} (OpenSSL contexts' newHandler bypasses newEngine): which
     * context an engine, or the SslHandler around it, came from.
     */
    public static final MethodAdvice NETTY_CONTEXT_ENGINE = MethodAdvice.on("newEngine", "newHandler")
            .atReturn("engineFromContext", returned(Object.class), self());

    /**
     * Netty's {@code SslHandler.handlerAdded(ChannelHandlerContext)}: the channel an engine serves, whose remote address
     * is the peer when the engine was created without one (a server's engines always are).
     */
    public static final MethodAdvice NETTY_SSL_HANDLER = MethodAdvice.on("handlerAdded").arguments(1)
            .atEnter("sslHandlerAdded", self(), argument(0, Object.class));

    /**
     * The constructors of Netty's {@code AbstractChannel} (every transport's channels, relocated or not), with the parent
     * they were given: a client's channel has none, and is created where the application asked for the connection
     * (its {@code connect}, its subscription), which its TLS engine, made later on an event loop, never sees.
     */
    public static final MethodAdvice NETTY_CHANNEL_CREATION = MethodAdvice.on("<init>")
            .atReturn("channelCreated", self(), field("parent", Object.class));

    // Hand-offs: an object made on the thread that asked for a request or a connection, worked on later by a thread
    // of the library's own, where that connection is opened and its engine created (see AsyncRequests).

    /**
     * The constructor of java.net.http's {@code MultiExchange}, made on the application's thread by {@code sendAsync}
     * (and {@code send}) for each request.
     */
    public static final MethodAdvice REQUEST_SUBMISSION = MethodAdvice.on("<init>")
            .atReturn("requestSubmitted", self());

    /** OkHttp's {@code RealCall.enqueue(Callback)}, on the application's thread: the call goes to the dispatcher. */
    public static final MethodAdvice OKHTTP_ENQUEUE = MethodAdvice.on("enqueue").arguments(1)
            .atEnter("requestSubmitted", self());

    /**
     * OkHttp's {@code RealCall.getResponseWithInterceptorChain()} (Kotlin's internal name), which its dispatcher thread
     * runs for an enqueued call: the call's connection is found or opened in here, and the application's callback
     * runs after it, outside (a connection that callback opens is its own).
     */
    public static final MethodAdvice OKHTTP_CALL_WORK = handOffWork("getResponseWithInterceptorChain$okhttp", 0);

    /**
     * The constructor of an object a library asks for a connection with: Apache HttpCore's {@code IOSessionRequest}
     * (queued for its I/O reactor), gRPC's {@code DnsNameResolver$Resolve} (run on its executor, which then creates
     * the channel).
     */
    public static final MethodAdvice CONNECTION_REQUEST = MethodAdvice.on("<init>")
            .atReturn("connectionRequested", self());

    /**
     * Jetty's {@code SocketAddressResolver$Async.resolve(String, int, Map context, Promise)}, on the thread that needs a
     * new connection: the context map travels on to the resolver's executor, which connects, and to the selector
     * thread, which makes the connection and its TLS engine.
     */
    public static final MethodAdvice JETTY_RESOLVE = MethodAdvice.on("resolve")
            .descriptorStarting("(Ljava/lang/String;ILjava/util/Map;")
            .atEnter("connectionRequested", argument(2, Object.class));

    /**
     * Jetty's {@code ClientSelectorManager.newConnection(SelectableChannel, EndPoint, Object context)}: its selector
     * thread makes the connection (and the TLS engine) for that context.
     */
    public static final MethodAdvice JETTY_NEW_CONNECTION = MethodAdvice.on("newConnection").arguments(3)
            .atEnter("handOffWorkStarting", argument(2, Object.class))
            .atExit("handOffWorkEnded", thrown(), argument(2, Object.class));

    /** {@code run()} of gRPC's {@code DnsNameResolver$Resolve}, whose result starts the channel's transport. */
    public static final MethodAdvice HAND_OFF_RUN = handOffWork("run", 0);

    /**
     * {@code MultiExchange.responseAsyncImpl()}: each attempt of a java.net.http request (retries and redirects
     * included) gets its connection, and a new connection its engine, in here, on whichever thread runs it.
     */
    public static final MethodAdvice HTTP_CLIENT_ATTEMPT = handOffWork("responseAsyncImpl", 0);

    /**
     * {@code IOSessionRequest.completed(ProtocolIOSession)}: Apache's I/O reactor completes the connection, and the
     * client's callback starts TLS on it (the engine's creation) in here.
     */
    public static final MethodAdvice APACHE_SESSION_COMPLETED = handOffWork("completed", 1);

    /**
     * Apache HttpCore's {@code SSLIOSession.close(CloseMode)}: its I/O reactor ends a session whose peer closed or
     * stayed silent mid-handshake through here, without closing the engine inside.
     */
    public static final MethodAdvice APACHE_TLS_SESSION_CLOSE = MethodAdvice.on("close").arguments(1)
            .atEnter("tlsSessionClosing", field("sslEngine", Object.class), field("endOfStream", boolean.class));

    /** A hand-off's own method, which a library thread runs to work on it (the hand-off is {@code this}). */
    private static MethodAdvice handOffWork(String method, int arguments) {
        return MethodAdvice.on(method).arguments(arguments)
                .atEnter("handOffWorkStarting", self())
                .atExit("handOffWorkEnded", thrown(), self());
    }

    /** {@code SSLTube.checkForHandshake(Throwable)}: java.net.http.HttpClient detects a peer closing mid-handshake. */
    public static final MethodAdvice HTTP_CLIENT_HANDSHAKE = MethodAdvice.on("checkForHandshake").arguments(1)
            .atReturn("httpClientHandshakeChecked", returned(Throwable.class), field("engine", Object.class),
                    argument(0, Throwable.class));

    /** {@code HttpsClient.checkURLSpoofing(HostnameVerifier)}: HttpsURLConnection consulting the application's verifier. */
    public static final MethodAdvice HTTPS_HOSTNAME_CHECK = MethodAdvice.on("checkURLSpoofing").arguments(1)
            .atExit("httpsHostnameChecked", thrown(), argument(0, Object.class), field("session", Object.class));

    /** Every {@code X509TrustManager}'s checks: the JDK's, JSSE's wrapper, the application's. */
    public static final MethodAdvice TRUST_MANAGER = MethodAdvice.on("checkServerTrusted", "checkClientTrusted")
            .descriptorStarting("([Ljava/security/cert/X509Certificate;")
            .atExit("trustChecked", thrown(), self(), methodName(), allArguments());

    /** Every {@code HostnameVerifier.verify(String, SSLSession)}. */
    public static final MethodAdvice HOSTNAME_VERIFIER = MethodAdvice.on("verify")
            .descriptorStarting("(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z")
            .atReturn("hostnameVerified", returned(boolean.class), self(), argument(0, String.class),
                    argument(1, Object.class));

    /** Every key manager asked for a client certificate. */
    public static final MethodAdvice CLIENT_ALIAS = MethodAdvice.on("chooseClientAlias", "chooseEngineClientAlias")
            .descriptorEnding(")Ljava/lang/String;")
            .atReturn("clientAliasChosen", returned(String.class), self(), allArguments());

    /** All of them, for the binding test. */
    public static MethodAdvice[] all() {
        return new MethodAdvice[] {FATAL_ALERT, SOCKET_HANDSHAKE, SOCKET_WRITE, ENGINE_CREATION, ENGINE_IO, ENGINE_BEGIN,
                ENGINE_CLOSE, LIBRARY_SSL_EXCEPTION, NETTY_CONTEXT_CREATION, NETTY_CONTEXT_ENGINE, NETTY_SSL_HANDLER,
                NETTY_CHANNEL_CREATION, REQUEST_SUBMISSION, OKHTTP_ENQUEUE, OKHTTP_CALL_WORK, CONNECTION_REQUEST,
                JETTY_RESOLVE, JETTY_NEW_CONNECTION, HAND_OFF_RUN, HTTP_CLIENT_ATTEMPT, APACHE_SESSION_COMPLETED,
                APACHE_TLS_SESSION_CLOSE, HTTP_CLIENT_HANDSHAKE, HTTPS_HOSTNAME_CHECK,
                TRUST_MANAGER, HOSTNAME_VERIFIER, CLIENT_ALIAS};
    }
}
