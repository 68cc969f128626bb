package io.tlsdiag.agent.handshake;

import java.security.cert.X509Certificate;

/**
 * The raw facts of one failed handshake (or of a finding from a successful one), captured by the hooks on the thread
 * that saw it and handed to the writer thread, where diagnosis and JSON writing happen. Capturing is cheap:
 * references and a few getters, no formatting. Plain data, below the hooks, the diagnosis and the incident writer,
 * which all read it.
 */
public final class HandshakeFailure {

    /** Which hook saw the failure: decides what the other fields can hold. */
    public enum Source { FATAL_ALERT, HANDSHAKE_TIMEOUT, HOSTNAME_VERIFIER, PEER_CLOSED, WRITE_FAILED,
        /** An engine's handshake failed in a delegated task, outside fatal() (java.net.http.HttpClient saw it). */
        ENGINE_EXCEPTION,
        /**
         * A library closed an engine in the middle of its handshake, with no error from the engine and no end of stream
         * from the peer just before: its own timer ran out (or it was cancelled).
         */
        ENGINE_ABANDONED,
        /** Findings from successful handshakes. */
        EXPIRY_CHECK, TRUST_ACCEPTED, HOSTNAME_ACCEPTED;

        public boolean isFinding() {
            return this == EXPIRY_CHECK || this == TRUST_ACCEPTED || this == HOSTNAME_ACCEPTED;
        }
    }

    public Source source;
    public long timeMillis = System.currentTimeMillis();
    public String threadName = Thread.currentThread().getName();
    /** "client" or "server". */
    public String role;
    public String peerHost;
    public int peerPort = -1;
    public String peerAddress;
    /** JSSE's alert name, e.g. "protocol_version"; null when the failure did not pass fatal(). */
    public String alert;
    public boolean alertReceived;
    public String diagnostic;
    /** The exception the application sees. */
    public Throwable exception;
    /** The chain the peer presented, from the trust managers or the handshake session; empty when none arrived. */
    public X509Certificate[] chain = new X509Certificate[0];
    public TrustCheck trustCheck;
    /** Anchors of the trust manager that decided, read on the handshake thread (it is the application's object). */
    public X509Certificate[] anchors;
    public ClientAuthRecord clientAuth;
    public String hostnameVerifier;
    public String sslContextClass;
    public String[] enabledProtocols;
    public String[] enabledCipherSuites;
    public String negotiatedProtocol;
    /**
     * Client side: the SNI host names the connection was configured to send (SSLParameters.getServerNames()), empty
     * when none; null when unknown (server side, or not read). See diagnosis/SniEvidence for whether it was sent.
     */
    public String[] sniNames;
    /**
     * Where the application's thread was: its stack trace is materialised on the writer thread, and only for a new
     * incident, so a repeat in a storm never pays for turning the JVM's backtrace into frames.
     */
    public Throwable stackSource;
    /** Where the application created the connection (SSLEngine only); used when {@link #stack()} shows no caller. */
    public Throwable origin;
    /**
     * Where the application asked for the connection, on its own thread, when a library recorded it: a Netty client
     * channel's creation, or a request or connection handed to a library's thread (see the hooks' AsyncRequests).
     * Preferred to {@link #origin}, which an event loop's initializer may hold.
     */
    public Throwable requested;
    /**
     * The connection was opened for an asynchronous request that was not followed (past the agent's budget per
     * second): the stack is the library thread's, and a followed repeat may give the incident its call site.
     */
    public boolean callSiteMissed;
    /** Where the TLS context the engine came from was set up (Netty's SslContext), when known (engines only). */
    public StackTraceElement[] setup;
    /**
     * PEER_CLOSED on an engine: the peer's end of stream arrived before this client's engine produced its hello, so no
     * TLS was exchanged at all (a server that closes on accept).
     */
    public boolean closedBeforeClientHello;
    /**
     * ENGINE_ABANDONED by no one: the engine was seen mid-handshake this long, and nothing closed it (the agent's watch
     * reported it); 0 otherwise.
     */
    public long stalledMillis;
    /** EXPIRY_CHECK: the index of the certificate that expires soon. */
    public int findingIndex = -1;
    /** TRUST_ACCEPTED and HOSTNAME_ACCEPTED: the class of the trust manager or hostname verifier that accepted. */
    public String acceptingClass;

    /** The stack of the thread that saw the failure (writer thread only: it materialises the frames). */
    public StackTraceElement[] stack() {
        return stackSource == null ? new StackTraceElement[0] : stackSource.getStackTrace();
    }
}
