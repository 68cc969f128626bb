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

    FATAL_ALERT("sun/security/ssl/TransportContext", null, Advices.FATAL_ALERT),
    SOCKET_HANDSHAKE("sun/security/ssl/SSLSocketImpl", null, Advices.SOCKET_HANDSHAKE),
    SOCKET_WRITE("sun/security/ssl/SSLSocketImpl$AppOutputStream", null, Advices.SOCKET_WRITE),
    ENGINE_CREATION("sun/security/ssl/SSLEngineImpl", null, Advices.ENGINE_CREATION),
    HTTP_CLIENT_HANDSHAKE("jdk/internal/net/http/common/SSLTube", null, Advices.HTTP_CLIENT_HANDSHAKE),
    HTTPS_HOSTNAME_CHECK("sun/net/www/protocol/https/HttpsClient", null, Advices.HTTPS_HOSTNAME_CHECK),
    TRUST_MANAGER(null, "checkServerTrusted", Advices.TRUST_MANAGER),
    HOSTNAME_VERIFIER(null, "(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z", Advices.HOSTNAME_VERIFIER),
    CLIENT_ALIAS(null, "ClientAlias", Advices.CLIENT_ALIAS);

    /** Internal class name for a class hook, null for an interface hook. */
    final String className;
    /** Bytes an interface hook's class file must contain, null for a class hook. */
    final byte[] marker;
    final MethodAdvice advice;

    HookPoint(String className, String marker, MethodAdvice advice) {
        this.className = className;
        this.marker = marker == null ? null : ascii(marker);
        this.advice = advice;
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
