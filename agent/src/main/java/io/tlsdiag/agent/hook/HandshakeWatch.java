package io.tlsdiag.agent.hook;

import javax.net.ssl.SSLEngine;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client engines whose handshake has not finished, looked at by the agent's own thread about once a second. A library
 * closes an engine it gives up on, and the close hooks see that; but an application that drives its own engine may
 * drop it at its deadline without closing it, and a library without a handshake timeout waits on a silent peer for
 * ever. Nothing reaches such an engine again. One seen mid-handshake by a look, and still mid-handshake a stall limit
 * later (option {@code handshakeStallSeconds}), is a failed handshake: it is taken out of the watch and reported.
 *
 * <p>An engine is watched from its creation until its handshake completes, it is closed or fails, or it is collected;
 * one collected between two looks is not seen. A server's engines are not watched: a client that stops halfway
 * through its handshake is a scanner's or the client's own business. Only the engine's getters are called from the
 * watching thread (JSSE's and netty-tcnative's take the engine's own lock).
 */
final class HandshakeWatch {

    /** Engines watched at once; beyond it, new ones are not (a client opening thousands of connections at once). */
    static final int MAX_WATCHED = 4096;

    private final ConcurrentLinkedQueue<Watched> watched = new ConcurrentLinkedQueue<Watched>();
    private final AtomicInteger size = new AtomicInteger();

    private static final class Watched {
        final WeakReference<Object> engine;
        /** Whether a look saw it mid-handshake, and when (System.nanoTime()). */
        boolean seenMidHandshake;
        long midHandshakeSince;

        Watched(Object engine) {
            this.engine = new WeakReference<Object>(engine);
        }
    }

    private enum State { NOT_BEGUN, MID_HANDSHAKE, OVER }

    /** An engine was created (any thread). */
    void created(Object engine) {
        if (engine instanceof SSLEngine && size.incrementAndGet() <= MAX_WATCHED) {
            watched.add(new Watched(engine));
        } else if (engine instanceof SSLEngine) {
            size.decrementAndGet();
        }
    }

    /**
     * One look, on the watching thread: the engines mid-handshake since a look at least {@code stallNanos} ago, which
     * are no longer watched; engines whose handshake is over, and collected ones, are dropped.
     */
    List<Object> stalled(long nowNanos, long stallNanos) {
        List<Object> stalled = new ArrayList<Object>(0);
        for (Iterator<Watched> it = watched.iterator(); it.hasNext(); ) {
            Watched w = it.next();
            Object engine = w.engine.get();
            State state = engine == null ? State.OVER : state(engine);
            if (state == State.MID_HANDSHAKE && !w.seenMidHandshake) {
                w.seenMidHandshake = true;
                w.midHandshakeSince = nowNanos;
            } else if (state == State.MID_HANDSHAKE && nowNanos - w.midHandshakeSince >= stallNanos) {
                stalled.add(engine);
                drop(it);
            } else if (state == State.OVER) {
                drop(it);
            }
        }
        return stalled;
    }

    private void drop(Iterator<Watched> it) {
        it.remove();
        size.decrementAndGet();
    }

    private static State state(Object engine) {
        try {
            if (!((SSLEngine) engine).getUseClientMode()) {
                return State.OVER;
            }
        } catch (RuntimeException engineOfItsOwnKind) {
            return State.OVER;
        }
        if (EnginePath.midHandshake(engine)) {
            return State.MID_HANDSHAKE;
        }
        return EnginePath.clientHelloNotYetProduced(engine) ? State.NOT_BEGUN : State.OVER;
    }

    /** For tests: how many engines are watched. */
    int size() {
        return size.get();
    }
}
