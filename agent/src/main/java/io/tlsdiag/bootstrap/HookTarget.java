package io.tlsdiag.bootstrap;

/**
 * What the woven code reports, one method per hook, with the hook's own parameter types. The agent's
 * {@code io.tlsdiag.agent.hook.Hooks} implements it; {@link Bridge} calls it. Loaded by the boot class loader (see
 * {@link Bridge}), so it may name JDK types only.
 *
 * <p>A method is called on the thread that runs the hooked method, inside the JDK's or the application's TLS code:
 * it must be quick, must not block and may throw (the bridge catches and counts it).
 */
public interface HookTarget {

    /** Every {@code checkServerTrusted}/{@code checkClientTrusted} of an {@code X509TrustManager}, as it returns. */
    void trustChecked(Throwable thrown, Object trustManager, String method, Object[] arguments);

    /** {@code TransportContext.fatal(Alert, String, boolean, Throwable)} starts, before it tears the handshake down. */
    void fatalStarted(Object transport, Object closeReason, boolean negotiated, Object handshakeContext,
                      Object sslContext);

    /** The same {@code fatal} ends, normally or (almost always) by throwing; paired with {@link #fatalStarted}. */
    void fatalEnded(Throwable thrown, Object alert, String diagnostic, boolean received, Throwable cause);

    /** {@code SSLSocketImpl.startHandshake(boolean)} threw. */
    void socketHandshakeThrew(Throwable thrown, Object socket);

    /** {@code SSLSocketImpl$AppOutputStream.write(byte[], int, int)} threw. */
    void socketWriteThrew(Throwable thrown, Object socket);

    /**
     * An asynchronous client's request was handed over on the application's thread (OkHttp's {@code RealCall} by
     * {@code enqueue}, java.net.http's {@code MultiExchange} constructed), to be worked on by the library's threads.
     */
    void requestSubmitted(Object request);

    /**
     * A library asked for a connection with this object, which its own thread later opens or completes (Jetty's
     * connect context, Apache's {@code IOSessionRequest}, gRPC's name resolution task).
     */
    void connectionRequested(Object handOff);

    /** The library's own thread starts working on a handed-off request or connection. */
    void handOffWorkStarting(Object handOff);

    /** That work returned or threw (thrown: what it threw, or null). */
    void handOffWorkEnded(Throwable thrown, Object handOff);

    /** An {@code SSLEngineImpl} was constructed. */
    void engineCreated(Object engine);

    /** An engine's {@code wrap}, {@code unwrap} or {@code beginHandshake} threw. */
    void engineThrew(Throwable thrown, Object engine);

    /** Entering an engine's {@code closeInbound()} or {@code closeOutbound()} (method: which). */
    void engineClosing(Object engine, String method);

    /** Leaving it (thrown: what it threw, or null). */
    void engineClosed(Throwable thrown, Object engine);

    /** A Netty {@code SslContext} was constructed. */
    void tlsContextCreated(Object context);

    /** A Netty {@code SslContext.newEngine(...)} or {@code newHandler(...)} returned this engine or SslHandler. */
    void engineFromContext(Object engineOrHandler, Object context);

    /** A Netty channel was constructed with this parent (null for a client's channel, or a server's listening one). */
    void channelCreated(Object channel, Object parent);

    /** Netty's {@code SslHandler.handlerAdded(ChannelHandlerContext)} is entered. */
    void sslHandlerAdded(Object handler, Object channelHandlerContext);

    /** An {@code SSLException} (or a subclass) was constructed. */
    void sslExceptionCreated(Object exception);

    /** A library closes its TLS session around this engine (Apache's SSLIOSession); endOfStream: the peer closed. */
    void tlsSessionClosing(Object engine, boolean endOfStream);

    /** {@code jdk.internal.net.http.common.SSLTube.checkForHandshake(Throwable)} returned. */
    void httpClientHandshakeChecked(Throwable result, Object engine, Throwable upstream);

    /** {@code HttpsClient.checkURLSpoofing(HostnameVerifier)} returned or threw. */
    void httpsHostnameChecked(Throwable thrown, Object verifier, Object session);

    /** A {@code HostnameVerifier.verify(String, SSLSession)} returned. */
    void hostnameVerified(boolean verified, Object verifier, String host, Object session);

    /** A key manager's {@code chooseClientAlias}/{@code chooseEngineClientAlias} returned. */
    void clientAliasChosen(String alias, Object keyManager, Object[] arguments);

    /** A hook threw: {@code hook} is the bridge method's name. */
    void hookFailed(String hook, Throwable failure);
}
