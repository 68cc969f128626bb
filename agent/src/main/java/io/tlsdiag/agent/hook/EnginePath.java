package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.HandshakeFailure;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLSession;
import java.lang.ref.WeakReference;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * What a library's I/O thread saw just before it gave up on an engine mid-handshake, and how to name that: an engine
 * never learns why it is closed. The facts are per thread, because an event loop reads the end of stream, builds its
 * exception and closes the engine in one go:
 * <ul>
 *   <li>the last end of stream a socket channel read on this thread, and from which port: the peer hung up;</li>
 *   <li>the last SSLException a library (not the JDK) constructed on this thread: what its application sees, e.g.
 *       Netty's "not an SSL/TLS record" or its handshake timeout;</li>
 *   <li>nothing at all: the library's own timer ended the handshake (Jetty's or HttpClient's connect timeout, a gRPC
 *       deadline), so the engine was abandoned mid-handshake.</li>
 * </ul>
 * Each fact is used once and only for a few seconds, so that one connection's end never explains another's.
 */
final class EnginePath {

    /** How long a fact stays relevant: one event-loop turn in practice; generous for a loaded machine. */
    private static final long RELEVANT_NANOS = 5000000000L;

    /** Remote port and time of the last end of stream read on this thread. */
    private static final ThreadLocal<long[]> LAST_END_OF_STREAM = new ThreadLocal<long[]>();
    /** The last library SSLException built on this thread, held weakly: its backtrace pins the classes it names. */
    private static final ThreadLocal<Fact> LAST_LIBRARY_EXCEPTION = new ThreadLocal<Fact>();
    /** Engines being closed on this thread, outermost first: a wrapping engine closes the one it wraps. */
    private static final ThreadLocal<Closing> CLOSING = new ThreadLocal<Closing>();

    private static final class Fact {
        final WeakReference<Throwable> exception;
        final long nanos = System.nanoTime();

        Fact(Throwable exception) {
            this.exception = new WeakReference<Throwable>(exception);
        }
    }

    private static final class Closing {
        int depth;
        /** The innermost engine that was mid-handshake when its close began (the one JSSE's hooks know). */
        Object abandoned;
    }

    private EnginePath() {
    }

    static void endOfStream(Object channel) {
        int port = channel instanceof SocketChannel ? ((SocketChannel) channel).socket().getPort() : -1;
        LAST_END_OF_STREAM.set(new long[] {port, System.nanoTime()});
    }

    static void libraryException(Object exception) {
        if (exception instanceof Throwable && !exception.getClass().getName().startsWith("javax.net.ssl.")) {
            LAST_LIBRARY_EXCEPTION.set(new Fact((Throwable) exception));
        }
    }

    static void closing(Object engine, boolean active) {
        Closing c = CLOSING.get();
        if (c == null) {
            c = new Closing();
            CLOSING.set(c);
        }
        c.depth++;
        if (active && midHandshake(engine)) {
            c.abandoned = engine;
        }
    }

    /** The engine abandoned mid-handshake, once the outermost close returns; null otherwise. */
    static Object closed() {
        Closing c = CLOSING.get();
        if (c == null || --c.depth > 0) {
            return null; // a close that began before the hooks were connected, or an inner one
        }
        CLOSING.remove();
        return c.abandoned;
    }

    /**
     * Started and never finished: a client engine is NOT_HANDSHAKING until its first wrap; a failed one has its inbound
     * side closed already (JSSE's fatal() does that); one closed before is not being abandoned now; and one whose
     * handshake completed has a session with a cipher suite, while it may still say NEED_WRAP for its close_notify.
     */
    static boolean midHandshake(Object engine) {
        if (!(engine instanceof SSLEngine)) {
            return false;
        }
        SSLEngine e = (SSLEngine) engine;
        HandshakeStatus status = e.getHandshakeStatus();
        if (status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED || e.isInboundDone()
                || e.isOutboundDone()) {
            return false;
        }
        SSLSession session = e.getSession();
        return session == null || NO_CIPHER_SUITE.equals(session.getCipherSuite());
    }

    /** The cipher suite of a session whose handshake has not completed (JSSE's and netty-tcnative's alike). */
    private static final String NO_CIPHER_SUITE = "SSL_NULL_WITH_NULL_NULL";

    /** Fills in what the thread saw before the engine was abandoned, consuming it. */
    static void explain(HandshakeFailure f, SSLEngine engine) {
        Throwable library = take(LAST_LIBRARY_EXCEPTION.get());
        LAST_LIBRARY_EXCEPTION.remove();
        long[] end = LAST_END_OF_STREAM.get();
        LAST_END_OF_STREAM.remove();
        boolean peerHungUp = end != null && System.nanoTime() - end[1] < RELEVANT_NANOS
                && (end[0] <= 0 || engine.getPeerPort() <= 0 || end[0] == engine.getPeerPort());
        f.exception = library;
        f.stackSource = library != null ? library : new Throwable();
        if (peerHungUp) {
            f.source = HandshakeFailure.Source.PEER_CLOSED;
        } else if (library != null && !looksLikeTimeout(library)) {
            f.source = HandshakeFailure.Source.ENGINE_EXCEPTION; // its message says why (not TLS, ...)
        } else {
            f.source = HandshakeFailure.Source.ENGINE_ABANDONED;
        }
    }

    private static Throwable take(Fact fact) {
        if (fact == null || System.nanoTime() - fact.nanos > RELEVANT_NANOS) {
            return null;
        }
        return fact.exception.get();
    }

    private static boolean looksLikeTimeout(Throwable t) {
        String name = t.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        return name.contains("timeout") || message.contains("timed out") || message.contains("timeout");
    }
}
