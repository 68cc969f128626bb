package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.HandshakeFailure;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLSession;
import java.lang.ref.WeakReference;
import java.util.Locale;

/**
 * What a library's I/O thread saw just before it gave up on an engine mid-handshake, and how to name that: an engine
 * never learns why it is closed. The fact is per thread, because an event loop builds its exception and closes the
 * engine in one go:
 * <ul>
 *   <li>the last SSLException a library (not the JDK) constructed on this thread: what its application sees, and
 *       why, in its words: Netty's "not an SSL/TLS record", "connection closed while SSL/TLS handshake was in
 *       progress", its handshake timeout;</li>
 *   <li>the engine's inbound side closed first: the library read the peer's end of stream (the SSLEngine
 *       contract for it), even on a client engine whose handshake had not begun: the peer closed before the client's
 *       hello was produced (Jetty reads before it writes, and meets a server that closes on accept);</li>
 *   <li>nothing at all: the library stopped the handshake itself (Jetty's or HttpClient's connect timeout, a gRPC
 *       deadline, a cancellation), so the engine was abandoned mid-handshake.</li>
 * </ul>
 * The fact is forgotten when the thread's outermost engine close ends, and is used only for a second, so that one
 * connection's end does not explain another's.
 *
 * <p>The end of stream itself is not watched: that would mean a hook on every socket channel read, and a JDK class
 * (SocketChannelImpl) that the JDK loads while it verifies signed jars, where weaving it can deadlock with the agent's
 * own class loading.
 */
final class EnginePath {

    /** How long a fact stays relevant: one event-loop turn in practice; generous for a loaded machine. */
    private static final long RELEVANT_NANOS = 1000000000L;
    /**
     * How soon after its engine's creation a close before the client's hello is a refusal. A server that refuses a
     * connection closes it at once; one that closes a connection the client opened and never used (Jetty starts TLS
     * with a connection's first request, and may open pool connections ahead of any) does so after an idle timeout,
     * seconds later, while the application saw nothing fail.
     */
    static final long BEFORE_HELLO_WINDOW_NANOS = 2000000000L;

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
        /**
         * Whether the outermost close is closeInbound(): an engine that wraps another may close the inner one's inbound
         * side from its own closeOutbound(), which is the library's close, not the peer's end of stream.
         */
        boolean outermostInbound;
        /**
         * The innermost engine that was mid-handshake (or, after the peer's end of stream, had not begun) when its
         * close began: the one JSSE's hooks know.
         */
        Object abandoned;
        boolean inboundFirst;
        boolean beforeClientHello;
    }

    /** An engine closed mid-handshake or before its hello, and whether its inbound side was closed first. */
    static final class Abandoned {
        final Object engine;
        /**
         * closeInbound() first is how a library tells an engine that the peer's end of stream arrived (the SSLEngine
         * contract); a library stopping a handshake itself closes the outbound side first.
         */
        final boolean inboundFirst;
        /** A client engine that had not produced its hello yet: the peer closed before any TLS was exchanged. */
        final boolean beforeClientHello;

        Abandoned(Object engine, boolean inboundFirst, boolean beforeClientHello) {
            this.engine = engine;
            this.inboundFirst = inboundFirst;
            this.beforeClientHello = beforeClientHello;
        }
    }

    private EnginePath() {
    }

    static void libraryException(Object exception) {
        if (exception instanceof Throwable && !exception.getClass().getName().startsWith("javax.net.ssl.")) {
            LAST_LIBRARY_EXCEPTION.set(new Fact((Throwable) exception));
        }
    }

    static void closing(Object engine, boolean inbound, boolean active) {
        Closing c = CLOSING.get();
        if (c == null) {
            c = new Closing();
            CLOSING.set(c);
        }
        if (++c.depth == 1) {
            c.outermostInbound = inbound;
        }
        if (!active) {
            return;
        }
        Handshake handshake = handshakeOf(engine);
        if (handshake == Handshake.UNDER_WAY) {
            c.abandoned = engine;
            c.inboundFirst = inbound;
            c.beforeClientHello = false;
        } else if (handshake == Handshake.NOT_BEGUN && inbound && c.outermostInbound && isClient(engine)) {
            c.abandoned = engine;
            c.inboundFirst = true;
            c.beforeClientHello = true;
        }
    }

    /** The engine abandoned mid-handshake or before its hello, once the outermost close returns; null otherwise. */
    static Abandoned closed() {
        Closing c = CLOSING.get();
        if (c == null || --c.depth > 0) {
            return null; // a close that began before the hooks were connected, or an inner one
        }
        CLOSING.remove();
        if (c.abandoned == null) {
            LAST_LIBRARY_EXCEPTION.remove(); // this connection's end; it must not explain the next one
            return null;
        }
        return new Abandoned(c.abandoned, c.inboundFirst, c.beforeClientHello);
    }

    /** Where an engine's first handshake stands, as its own getters tell. */
    enum Handshake { NOT_BEGUN, UNDER_WAY, OVER }

    /**
     * Over: a failed engine has its inbound side closed already (JSSE's fatal() does that), one closed before is not
     * being abandoned now, and one whose handshake completed has a session with a cipher suite, while it may still say
     * NEED_WRAP for its close_notify. Otherwise a client engine is NOT_HANDSHAKING until its first wrap (not begun),
     * and under way after it. An engine whose getters throw (a wrapper, a test double) is not judged: over.
     */
    static Handshake handshakeOf(Object engine) {
        if (!(engine instanceof SSLEngine)) {
            return Handshake.OVER;
        }
        try {
            SSLEngine e = (SSLEngine) engine;
            HandshakeStatus status = e.getHandshakeStatus();
            if (status == HandshakeStatus.FINISHED || e.isInboundDone() || e.isOutboundDone()) {
                return Handshake.OVER;
            }
            SSLSession session = e.getSession();
            if (session != null && !NO_CIPHER_SUITE.equals(session.getCipherSuite())) {
                return Handshake.OVER;
            }
            return status == HandshakeStatus.NOT_HANDSHAKING ? Handshake.NOT_BEGUN : Handshake.UNDER_WAY;
        } catch (RuntimeException engineOfItsOwnKind) {
            return Handshake.OVER;
        }
    }

    /** Started and never finished (see {@link #handshakeOf}). */
    static boolean midHandshake(Object engine) {
        return handshakeOf(engine) == Handshake.UNDER_WAY;
    }

    /**
     * A client engine that has not begun its handshake. Its inbound side closed now means the library read the peer's
     * end of stream before the engine produced the client's hello. A server engine is left out: a load balancer's
     * health check connects and closes without a word.
     */
    static boolean clientHelloNotYetProduced(Object engine) {
        return handshakeOf(engine) == Handshake.NOT_BEGUN && isClient(engine);
    }

    /** Whether the engine is a client's; false for anything else, and for an engine whose getter throws. */
    static boolean isClient(Object engine) {
        try {
            return engine instanceof SSLEngine && ((SSLEngine) engine).getUseClientMode();
        } catch (RuntimeException engineOfItsOwnKind) {
            return false;
        }
    }

    /** The cipher suite of a session whose handshake has not completed (JSSE's and netty-tcnative's alike). */
    private static final String NO_CIPHER_SUITE = "SSL_NULL_WITH_NULL_NULL";

    /** Fills in what the thread saw before the engine was abandoned, consuming it. */
    static void explain(HandshakeFailure f, boolean endOfStream) {
        Throwable library = take(LAST_LIBRARY_EXCEPTION.get());
        LAST_LIBRARY_EXCEPTION.remove();
        f.exception = library;
        f.stackSource = library != null ? library : new Throwable();
        if (library != null && !looksLikeTimeout(library)) {
            f.source = HandshakeFailure.Source.ENGINE_EXCEPTION; // its message says why (not TLS, ...)
        } else if (endOfStream && library == null) {
            f.source = HandshakeFailure.Source.PEER_CLOSED;
        } else {
            f.source = HandshakeFailure.Source.ENGINE_ABANDONED;
        }
    }

    /**
     * The peer closed before the client's hello: no library exception of this thread can be about this engine, which
     * never began (one from the last second is another connection's).
     */
    static void explainClosedBeforeHello(HandshakeFailure f) {
        LAST_LIBRARY_EXCEPTION.remove();
        f.source = HandshakeFailure.Source.PEER_CLOSED;
        f.stackSource = new Throwable();
        f.closedBeforeClientHello = true;
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
