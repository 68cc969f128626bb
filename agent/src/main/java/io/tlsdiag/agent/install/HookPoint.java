package io.tlsdiag.agent.install;

import io.tlsdiag.agent.advice.Advices;
import io.tlsdiag.agent.advice.MethodAdvice;

/**
 * Every place tlsdiag hooks: a class (by exact internal name) or an interface's implementations, and the advice woven
 * into it (see {@link Advices}). An interface hook applies to any class, JDK or application, whose class file
 * mentions its marker (a method name or descriptor in the constant pool); an engine hook to any direct subclass of
 * {@code SSLEngine}: JSSE's, netty-tcnative's (relocated or not), BouncyCastle's. Netty's hooks find its classes by
 * the end of their names, wherever Netty was relocated. A missing class or method only means less detail.
 */
enum HookPoint {

    FATAL_ALERT("sun/security/ssl/TransportContext", null),
    SOCKET_HANDSHAKE("sun/security/ssl/SSLSocketImpl", null),
    SOCKET_WRITE("sun/security/ssl/SSLSocketImpl$AppOutputStream", null),
    ENGINE_CREATION(null, Names.SSL_ENGINE, Names.SSL_ENGINE),
    ENGINE_IO(null, Names.SSL_ENGINE, Names.SSL_ENGINE),
    ENGINE_BEGIN(null, Names.SSL_ENGINE, Names.SSL_ENGINE),
    ENGINE_CLOSE(null, Names.SSL_ENGINE, Names.SSL_ENGINE),
    LIBRARY_SSL_EXCEPTION("javax/net/ssl/SSLException", null),
    // JdkSslContext and ReferenceCountedOpenSslContext: by name, so no class file is scanned for them
    NETTY_CONTEXT_CREATION(null, null, "*/" + Names.NETTY_SSL_CONTEXT, "SslContext"),
    NETTY_CONTEXT_ENGINE(null, null, "*/" + Names.NETTY_SSL_CONTEXT, "SslContext"),
    NETTY_SSL_HANDLER(null, null, "*/handler/codec/ByteToMessageDecoder", "/handler/ssl/SslHandler"),
    NETTY_CHANNEL_CREATION(null, null, "*/util/DefaultAttributeMap", "/channel/AbstractChannel"),
    // Hand-offs: made where a request or connection was asked for, worked on by a library's own thread
    OKHTTP_ENQUEUE(null, null, null, Names.OKHTTP_CALL),
    OKHTTP_CALL_WORK(null, null, null, Names.OKHTTP_CALL),
    HTTP_CLIENT_REQUEST_CREATION(Names.HTTP_CLIENT_REQUEST, null),
    HTTP_CLIENT_ATTEMPT(Names.HTTP_CLIENT_REQUEST, null),
    JETTY_RESOLVE(null, null, null, "/jetty/util/SocketAddressResolver$Async"),
    JETTY_NEW_CONNECTION(null, null, null, "/jetty/io/ClientConnector$ClientSelectorManager"),
    APACHE_SESSION_REQUEST_CREATION(null, null, null, Names.APACHE_SESSION_REQUEST),
    APACHE_SESSION_COMPLETED(null, null, null, Names.APACHE_SESSION_REQUEST),
    GRPC_RESOLVE_CREATION(null, null, null, Names.GRPC_DNS_RESOLVE),
    GRPC_RESOLVE_RUN(null, null, null, Names.GRPC_DNS_RESOLVE),
    APACHE_TLS_SESSION_CLOSE(null, null, null, "/hc/core5/reactor/ssl/SSLIOSession"),
    HTTP_CLIENT_HANDSHAKE("jdk/internal/net/http/common/SSLTube", null),
    HTTPS_HOSTNAME_CHECK("sun/net/www/protocol/https/HttpsClient", null),
    TRUST_MANAGER(null, "checkServerTrusted"),
    HOSTNAME_VERIFIER(null, "(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z"),
    CLIENT_ALIAS(null, "ClientAlias");

    /** Internal class name for a class hook, null for an interface hook. */
    final String className;
    /** Bytes an interface hook's class file must contain, null for a class hook. */
    final byte[] marker;
    /**
     * The superclass a hooked class must have (checked while weaving), null for any. A leading "*" stands for any
     * package prefix: Netty relocated inside another jar (grpc-netty-shaded's io/grpc/netty/shaded/io/netty/...).
     */
    final String superName;
    /** How a hooked class's name ends (relocation-proof, like a "*" superName), null for a class or marker hook. */
    final String nameSuffix;

    HookPoint(String className, String marker) {
        this(className, marker, null);
    }

    HookPoint(String className, String marker, String superName) {
        this(className, marker, superName, null);
    }

    HookPoint(String className, String marker, String superName, String nameSuffix) {
        this.className = className;
        this.marker = marker == null ? null : ascii(marker);
        this.superName = superName;
        this.nameSuffix = nameSuffix;
    }

    /** Whether a class with this superclass (internal name) gets this hook. */
    boolean acceptsSuperclass(String superclass) {
        if (superName == null) {
            return true;
        }
        if (superclass == null) {
            return false;
        }
        return superName.startsWith("*/") ? superclass.endsWith(superName.substring(1)) : superName.equals(superclass);
    }

    /**
     * Whether a class loaded before the hooks are ready waits for them (at most a few seconds, see StartupGate): JSSE's
     * internals, which the first handshake needs hooked. Everything else goes by unwoven and is retransformed:
     * an exception class loaded at startup must not hold the application's main thread.
     */
    boolean waitsAtGate() {
        return className != null && this != LIBRARY_SSL_EXCEPTION;
    }

    /** The advice woven here; looked up when weaving, so that selecting classes at startup loads none of it. */
    MethodAdvice advice() {
        switch (this) {
            case FATAL_ALERT: return Advices.FATAL_ALERT;
            case SOCKET_HANDSHAKE: return Advices.SOCKET_HANDSHAKE;
            case SOCKET_WRITE: return Advices.SOCKET_WRITE;
            case ENGINE_CREATION: return Advices.ENGINE_CREATION;
            case ENGINE_IO: return Advices.ENGINE_IO;
            case ENGINE_BEGIN: return Advices.ENGINE_BEGIN;
            case ENGINE_CLOSE: return Advices.ENGINE_CLOSE;
            case LIBRARY_SSL_EXCEPTION: return Advices.LIBRARY_SSL_EXCEPTION;
            case NETTY_CONTEXT_CREATION: return Advices.NETTY_CONTEXT_CREATION;
            case NETTY_CONTEXT_ENGINE: return Advices.NETTY_CONTEXT_ENGINE;
            case NETTY_SSL_HANDLER: return Advices.NETTY_SSL_HANDLER;
            case NETTY_CHANNEL_CREATION: return Advices.NETTY_CHANNEL_CREATION;
            case OKHTTP_ENQUEUE: return Advices.OKHTTP_ENQUEUE;
            case HTTP_CLIENT_REQUEST_CREATION: return Advices.REQUEST_SUBMISSION;
            case APACHE_SESSION_REQUEST_CREATION: return Advices.CONNECTION_REQUEST;
            case GRPC_RESOLVE_CREATION: return Advices.CONNECTION_REQUEST;
            case OKHTTP_CALL_WORK: return Advices.OKHTTP_CALL_WORK;
            case GRPC_RESOLVE_RUN: return Advices.HAND_OFF_RUN;
            case HTTP_CLIENT_ATTEMPT: return Advices.HTTP_CLIENT_ATTEMPT;
            case JETTY_RESOLVE: return Advices.JETTY_RESOLVE;
            case JETTY_NEW_CONNECTION: return Advices.JETTY_NEW_CONNECTION;
            case APACHE_SESSION_COMPLETED: return Advices.APACHE_SESSION_COMPLETED;
            case APACHE_TLS_SESSION_CLOSE: return Advices.APACHE_TLS_SESSION_CLOSE;
            case HTTP_CLIENT_HANDSHAKE: return Advices.HTTP_CLIENT_HANDSHAKE;
            case HTTPS_HOSTNAME_CHECK: return Advices.HTTPS_HOSTNAME_CHECK;
            case TRUST_MANAGER: return Advices.TRUST_MANAGER;
            case HOSTNAME_VERIFIER: return Advices.HOSTNAME_VERIFIER;
            default: return Advices.CLIENT_ALIAS;
        }
    }

    /** Enum constants cannot name the enum's own static fields. */
    private static final class Names {
        static final String SSL_ENGINE = "javax/net/ssl/SSLEngine";
        static final String NETTY_SSL_CONTEXT = "handler/ssl/SslContext";
        // OkHttp 4 and 5, relocated or not
        static final String OKHTTP_CALL = "okhttp3/internal/connection/RealCall";
        static final String HTTP_CLIENT_REQUEST = "jdk/internal/net/http/MultiExchange";
        static final String APACHE_SESSION_REQUEST = "/hc/core5/reactor/IOSessionRequest";
        static final String GRPC_DNS_RESOLVE = "/grpc/internal/DnsNameResolver$Resolve";
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
