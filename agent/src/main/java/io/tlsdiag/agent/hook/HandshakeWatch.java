package io.tlsdiag.agent.hook;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client engines whose handshake has not finished, looked at by the agent's own thread about once a second. A library
 * closes an engine it gives up on, and the close hooks see that; but a library without a handshake timeout waits on a
 * silent peer for ever, and an application that drives its own engine may drop it at its deadline without closing it.
 * Nothing reaches such an engine again. One that looks alike at two looks a stall limit apart (option
 * {@code handshakeStallSeconds}), mid-handshake and waiting for the same thing, is a failed handshake: it is taken out
 * of the watch and reported. An engine running a delegated task (its trust manager at work, an OCSP fetch) is this
 * side's work, not a stall: its time starts again.
 *
 * <p>An engine is watched from its creation until its handshake completes, it is closed or fails, or it is collected;
 * one collected before its stall was seen is not reported (an application that drops its engine is seen only if the
 * limit is below its deadline). A server's engines are not watched: a client that stops halfway through its handshake
 * is a scanner's or the client's own business. Only the providers' own engines are (JSSE's, netty-tcnative's), not a
 * library's engine wrapping one, so that one handshake is one engine. The watching thread calls the engine's getters
 * only; they take the engine's lock, so a look waits while a delegated task holds it.
 */
final class HandshakeWatch {

    /** Engines watched at once; beyond it, new ones are not (a client opening thousands of connections at once). */
    static final int MAX_WATCHED = 4096;

    /** A clock read once per engine, after its getters (which may have waited for the engine's lock). */
    interface Clock {
        long nanoTime();
    }

    private final ConcurrentLinkedQueue<Watched> watched = new ConcurrentLinkedQueue<Watched>();
    private final AtomicInteger size = new AtomicInteger();

    private static final class Watched {
        final WeakReference<Object> engine;
        /** What the engine waited for at the last look that began its time, and when; null before. */
        HandshakeStatus waitingFor;
        long since;

        Watched(Object engine) {
            this.engine = new WeakReference<Object>(engine);
        }
    }

    /** An engine was created (any thread); only a provider's own engine is watched. */
    void created(Object engine) {
        if (!isProvidersEngine(engine)) {
            return;
        }
        if (size.incrementAndGet() <= MAX_WATCHED) {
            watched.add(new Watched(engine));
        } else {
            size.decrementAndGet();
        }
    }

    /**
     * JSSE's engine, or netty-tcnative's (relocated too, as gRPC's): an engine of the JDK's own TLS or of BoringSSL,
     * not one of a library's wrappers around them (Netty's JdkSslEngine family), which would be a second engine for the
     * same handshake.
     */
    static boolean isProvidersEngine(Object engine) {
        if (!(engine instanceof SSLEngine)) {
            return false;
        }
        String name = engine.getClass().getName();
        return name.startsWith("sun.security.ssl.") || name.endsWith(".ReferenceCountedOpenSslEngine")
                || name.endsWith(".OpenSslEngine");
    }

    /**
     * One look, on the watching thread: the engines that waited for the same thing since a look at least
     * {@code stallNanos} before this one, no longer watched. Engines whose handshake is over, collected ones, and
     * ones whose getters fail are dropped.
     */
    List<Object> stalled(long stallNanos, Clock clock) {
        List<Object> stalled = new ArrayList<Object>(0);
        for (Iterator<Watched> it = watched.iterator(); it.hasNext(); ) {
            Watched w = it.next();
            Object engine = w.engine.get();
            HandshakeStatus status;
            try {
                status = engine == null ? null : waitingFor(engine);
            } catch (Throwable unreadable) {
                status = null;
            }
            if (status == null) {
                drop(it);
                continue;
            }
            long now = clock.nanoTime();
            if (status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.NEED_TASK
                    || status != w.waitingFor) {
                // not begun, or this side at work: no time runs; a new status starts it again
                w.waitingFor = status == HandshakeStatus.NEED_TASK ? null : status;
                w.since = now;
            } else if (now - w.since >= stallNanos) {
                stalled.add(engine);
                drop(it);
            }
        }
        return stalled;
    }

    /**
     * What a client engine's handshake waits for (its handshake status; NOT_HANDSHAKING before it began), or null when
     * its handshake is over or it is a server's.
     */
    private static HandshakeStatus waitingFor(Object engine) {
        if (!EnginePath.isClient(engine)) {
            return null;
        }
        switch (EnginePath.handshakeOf(engine)) {
            case NOT_BEGUN:
                return HandshakeStatus.NOT_HANDSHAKING;
            case UNDER_WAY:
                return ((SSLEngine) engine).getHandshakeStatus();
            default:
                return null;
        }
    }

    private void drop(Iterator<Watched> it) {
        it.remove();
        size.decrementAndGet();
    }

    /** For tests: how many engines are watched. */
    int size() {
        return size.get();
    }
}
