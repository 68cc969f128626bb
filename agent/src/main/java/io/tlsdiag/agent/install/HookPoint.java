package io.tlsdiag.agent.install;

import io.tlsdiag.agent.advice.ClientAliasAdvice;
import io.tlsdiag.agent.advice.EngineCreationAdvice;
import io.tlsdiag.agent.advice.FatalAlertAdvice;
import io.tlsdiag.agent.advice.HostnameVerifierAdvice;
import io.tlsdiag.agent.advice.HttpsHostnameCheckAdvice;
import io.tlsdiag.agent.advice.HttpClientHandshakeAdvice;
import io.tlsdiag.agent.advice.SocketHandshakeAdvice;
import io.tlsdiag.agent.advice.SocketWriteAdvice;
import io.tlsdiag.agent.advice.TrustManagerAdvice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import javax.net.ssl.SSLSession;
import java.security.cert.X509Certificate;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Every place tlsdiag hooks. A JDK hook names its class exactly (internal name); an interface hook applies to any
 * class, JDK or application, whose class file mentions its marker (a method name or descriptor in the constant
 * pool) and then to the methods its matcher selects. A missing class or method only means less detail.
 */
enum HookPoint {

    /** Every JSSE fatal error; owns most incidents. */
    FATAL_ALERT("sun/security/ssl/TransportContext", null, FatalAlertAdvice.class) {
        @Override
        ElementMatcher<? super MethodDescription> methods() {
            return named("fatal").and(takesArguments(4));
        }
    },
    /** Handshake timeouts leave startHandshake without fatal(). */
    SOCKET_HANDSHAKE("sun/security/ssl/SSLSocketImpl", null, SocketHandshakeAdvice.class) {
        @Override
        ElementMatcher<? super MethodDescription> methods() {
            return named("startHandshake").and(takesArguments(1));
        }
    },
    /** A dropped connection after a refused client certificate shows up as a failed write. */
    SOCKET_WRITE("sun/security/ssl/SSLSocketImpl$AppOutputStream", null, SocketWriteAdvice.class) {
        @Override
        ElementMatcher<? super MethodDescription> methods() {
            return named("write").and(takesArguments(3));
        }
    },
    /** Where the application created an engine that later fails on an I/O thread. */
    ENGINE_CREATION("sun/security/ssl/SSLEngineImpl", null, EngineCreationAdvice.class) {
        @Override
        ElementMatcher<? super MethodDescription> methods() {
            return isConstructor();
        }
    },
    /** java.net.http.HttpClient detects a peer closing mid-handshake itself. */
    HTTP_CLIENT_HANDSHAKE("jdk/internal/net/http/common/SSLTube", null, HttpClientHandshakeAdvice.class) {
        @Override
        ElementMatcher<? super MethodDescription> methods() {
            return named("checkForHandshake").and(takesArguments(1));
        }
    },
    /** HttpsURLConnection consulting the application's HostnameVerifier (which may be an uninstrumentable lambda). */
    HTTPS_HOSTNAME_CHECK("sun/net/www/protocol/https/HttpsClient", null, HttpsHostnameCheckAdvice.class) {
        @Override
        ElementMatcher<? super MethodDescription> methods() {
            return named("checkURLSpoofing").and(takesArguments(1));
        }
    },
    /** Any X509TrustManager: the JDK's, JSSE's wrapper, the application's. */
    TRUST_MANAGER(null, "checkServerTrusted", TrustManagerAdvice.class) {
        @Override
        ElementMatcher<? super MethodDescription> methods() {
            return namedOneOf("checkServerTrusted", "checkClientTrusted")
                    .and(takesArgument(0, X509Certificate[].class)).and(not(isAbstract()));
        }
    },
    /** Any HostnameVerifier. */
    HOSTNAME_VERIFIER(null, "(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z", HostnameVerifierAdvice.class) {
        @Override
        ElementMatcher<? super MethodDescription> methods() {
            return named("verify").and(takesArguments(String.class, SSLSession.class)).and(returns(boolean.class))
                    .and(not(isAbstract()));
        }
    },
    /** Any key manager asked for a client certificate. */
    CLIENT_ALIAS(null, "ClientAlias", ClientAliasAdvice.class) {
        @Override
        ElementMatcher<? super MethodDescription> methods() {
            return namedOneOf("chooseClientAlias", "chooseEngineClientAlias").and(returns(String.class))
                    .and(not(isAbstract()));
        }
    };

    /** Internal class name for a JDK hook, null for an interface hook. */
    final String className;
    /** Bytes an interface hook's class file must contain, null for a JDK hook. */
    final byte[] marker;
    final Class<?> advice;

    HookPoint(String className, String marker, Class<?> advice) {
        this.className = className;
        this.marker = marker == null ? null : ascii(marker);
        this.advice = advice;
    }

    /** The methods the advice applies to; built on demand, so that selecting classes loads no ByteBuddy class. */
    abstract ElementMatcher<? super MethodDescription> methods();

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
