package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.RequestSubmission;
import io.tlsdiag.agent.util.WeakIdentityMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a request or a connection was asked for, carried over to the library thread that opens the connection.
 *
 * <p>Asynchronous clients take a request on the application's thread and open its connection later on a thread of
 * their own (OkHttp's dispatcher, java.net.http's executor, Jetty's selector, Apache's I/O reactor, gRPC's executor),
 * where no application frame is left. Some object always crosses that hand-off: the request (the {@code RealCall}
 * OkHttp's {@code enqueue} hands over, java.net.http's {@code MultiExchange}) or the connection's request (Jetty's
 * connect context, Apache's {@code IOSessionRequest}, gRPC's name resolution task). Where it is handed over, the stack
 * is captured; while a library thread works on it, that capture is the thread's {@link #current()}, and a connection
 * opened meanwhile (a socket's handshake, an engine's or a Netty channel's creation) takes it as the application's
 * call. Only these objects are followed, not every task handed to an executor, so the application's own executors pay
 * nothing; a request object, handed over for every request, within a budget per second. The objects are named in
 * {@code HookPoint}: a new library is a line there, its hand-off and the method its thread runs.
 */
final class AsyncRequests {

    /**
     * Hand-offs waiting for a library thread beyond which new ones are not followed (a stack capture each): requests
     * queued behind a library's limit, or abandoned ones until they are collected.
     */
    static final int MAX_PENDING = 4096;

    /**
     * After a handshake failure whose request was not followed (past the budget), requests are followed for this long
     * within ten times the budget: a failing peer fails every new connection, and a followed repeat completes the
     * incident (IncidentSink).
     */
    static final long FOLLOW_MORE_AFTER_MISS_NANOS = 60L * 1000 * 1000 * 1000;

    /** Stands for a request handed over past the budget: its work is known, its stack was not captured. */
    static final Throwable NOT_FOLLOWED = new Throwable("request not followed: past requestCapturesPerSecond");

    /** Deeper than any library nests one hand-off's work in another's; beyond it, ends were lost (see workStarting). */
    static final int MAX_NESTING = 8;

    private final WeakIdentityMap<Throwable> submitted = new WeakIdentityMap<Throwable>();

    /** The current second (high bits) and the captures counted in it (low 24 bits), changed together. */
    private final AtomicLong budget = new AtomicLong();
    private volatile long lastMissNanos;
    private volatile boolean missedOnce;

    /** What the current thread is working on, innermost last (an attempt may start another inline). */
    private final ThreadLocal<List<Throwable>> working = new ThreadLocal<List<Throwable>>();

    /**
     * On the asking thread: the hand-off object was made or handed over (once per object; a constructor that calls
     * another returns after it). A request's capture is a {@link RequestSubmission}, taken within
     * {@code requestsPerSecond} (option {@code requestCapturesPerSecond}; a capture costs about 3 to 9 microseconds,
     * docs/performance.md: at 100 a second about 0.1% of a core at most, however many requests the application makes
     * on kept-alive connections, which open nothing); past it, the request is remembered as {@link #NOT_FOLLOWED}. A
     * connection's capture is a plain one, always taken: one per new connection.
     */
    void submitted(Object handOff, boolean request, int requestsPerSecond) {
        submitted(handOff, request, requestsPerSecond, System.nanoTime());
    }

    void submitted(Object handOff, boolean request, int requestsPerSecond, long nowNanos) {
        if (handOff == null || submitted.size() >= MAX_PENDING || submitted.get(handOff) != null) {
            return;
        }
        Throwable capture;
        if (!request) {
            capture = new Throwable();
        } else if (withinBudget(nowNanos, requestsPerSecond)) {
            capture = new RequestSubmission();
        } else {
            capture = NOT_FOLLOWED;
        }
        submitted.put(handOff, capture);
    }

    /** A handshake failed whose request was not followed: follow more for a while. */
    void missed() {
        missed(System.nanoTime());
    }

    void missed(long nowNanos) {
        lastMissNanos = nowNanos;
        missedOnce = true;
    }

    private boolean withinBudget(long now, int perSecond) {
        int limit = perSecond;
        if (missedOnce && now - lastMissNanos < FOLLOW_MORE_AFTER_MISS_NANOS) {
            limit = (int) Math.min(1L << 23, Math.max(10L * perSecond, 100L));
        }
        long second = now / 1000000000L;
        while (true) {
            long state = budget.get();
            long count = (state >>> 40) == (second & 0xFFFFFFL) ? state & 0xFFFFFFL : 0;
            if (count >= limit) {
                return false;
            }
            if (budget.compareAndSet(state, ((second & 0xFFFFFFL) << 40) | (count + 1))) {
                return true;
            }
        }
    }

    /** On the library's thread, entering the hand-off's work; always paired with {@link #workEnded(Object)}. */
    void workStarting(Object handOff) {
        List<Throwable> stack = working.get();
        if (stack == null) {
            stack = new ArrayList<Throwable>(2);
            working.set(stack);
        } else if (stack.size() >= MAX_NESTING) {
            stack.clear(); // ends lost to hooks connected or disconnected mid-work: start over, never grow
        }
        stack.add(handOff == null ? null : submitted.get(handOff));
    }

    /**
     * Leaving it. The hand-off is forgotten: its connection has been opened or found by now (a java.net.http retry that
     * opens another connection shows the library's thread), and only hand-offs still waiting for a library thread
     * count towards {@link #MAX_PENDING}.
     */
    void workEnded(Object handOff) {
        List<Throwable> stack = working.get();
        if (stack != null && !stack.isEmpty()) {
            stack.remove(stack.size() - 1);
        }
        if (handOff != null) {
            submitted.remove(handOff);
        }
    }

    /**
     * Where what this thread is working on was asked for; {@link #NOT_FOLLOWED} for a request past the budget; null
     * when it works on nothing followed.
     */
    Throwable current() {
        List<Throwable> stack = working.get();
        return stack == null || stack.isEmpty() ? null : stack.get(stack.size() - 1);
    }

    /** For tests: how many hand-offs this thread is inside. */
    int nesting() {
        List<Throwable> stack = working.get();
        return stack == null ? 0 : stack.size();
    }
}
