package io.tlsdiag.agent.install;

import io.tlsdiag.agent.advice.Advices;
import io.tlsdiag.agent.advice.MethodAdvice;

/**
 * Every place tlsdiag hooks: a class (by exact internal name) or an interface's implementations, and the advice woven
 * into it (see {@link Advices}). An interface hook applies to any class, JDK or application, whose class file
 * mentions its marker (a method name or descriptor in the constant pool). A missing class or method only means less
 * detail.
 */
enum HookPoint {

    FATAL_ALERT("sun/security/ssl/TransportContext", null),
    SOCKET_HANDSHAKE("sun/security/ssl/SSLSocketImpl", null),
    SOCKET_WRITE("sun/security/ssl/SSLSocketImpl$AppOutputStream", null),
    ENGINE_CREATION("sun/security/ssl/SSLEngineImpl", null),
    HTTP_CLIENT_HANDSHAKE("jdk/internal/net/http/common/SSLTube", null),
    HTTPS_HOSTNAME_CHECK("sun/net/www/protocol/https/HttpsClient", null),
    TRUST_MANAGER(null, "checkServerTrusted"),
    HOSTNAME_VERIFIER(null, "(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z"),
    CLIENT_ALIAS(null, "ClientAlias");

    /** Internal class name for a class hook, null for an interface hook. */
    final String className;
    /** Bytes an interface hook's class file must contain, null for a class hook. */
    final byte[] marker;

    HookPoint(String className, String marker) {
        this.className = className;
        this.marker = marker == null ? null : ascii(marker);
    }

    /** The advice woven here; looked up when weaving, so that selecting classes at startup loads none of it. */
    MethodAdvice advice() {
        switch (this) {
            case FATAL_ALERT: return Advices.FATAL_ALERT;
            case SOCKET_HANDSHAKE: return Advices.SOCKET_HANDSHAKE;
            case SOCKET_WRITE: return Advices.SOCKET_WRITE;
            case ENGINE_CREATION: return Advices.ENGINE_CREATION;
            case HTTP_CLIENT_HANDSHAKE: return Advices.HTTP_CLIENT_HANDSHAKE;
            case HTTPS_HOSTNAME_CHECK: return Advices.HTTPS_HOSTNAME_CHECK;
            case TRUST_MANAGER: return Advices.TRUST_MANAGER;
            case HOSTNAME_VERIFIER: return Advices.HOSTNAME_VERIFIER;
            default: return Advices.CLIENT_ALIAS;
        }
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
