package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.RequestSubmission;
import io.tlsdiag.agent.util.WeakIdentityMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a request or a connection was asked for, carried over to the library thread that opens the connection.
 *
 * <p>Asynchronous clients take a request on the application's thread and open its connection later on a thread of
 * their own (OkHttp's dispatcher, java.net.http's executor, Jetty's selector, Apache's I/O reactor, gRPC's executor),
 * where no application frame is left. Some object always crosses that hand-off: the request (OkHttp's
 * {@code AsyncCall}, java.net.http's {@code MultiExchange}) or the connection's request (Jetty's connect context,
 * Apache's {@code IOSessionRequest}, gRPC's name resolution task). Its creation captures the stack; while a library
 * thread works on it, that capture is the thread's {@link #current()}, and a connection opened meanwhile (a socket's
 * handshake, an engine's or a Netty channel's creation) takes it as the application's call. Only these objects are
 * followed, not every task handed to an executor, so the application's own executors pay nothing; and a request
 * object, made for every request, within a budget per second. The objects are
 * named in {@code HookPoint}; a new library is a line there, its hand-off's constructor and the method its thread runs.
 */
final class AsyncRequests {

    /**
     * Hand-offs waiting for a library thread beyond which new ones are not followed (a stack capture each): requests
     * queued behind a library's limit, or abandoned ones until they are collected.
     */
    static final int MAX_PENDING = 4096;


    /**
     * After a handshake failure, every request is followed for this long, whatever the budget: a failing peer fails
     * every new connection, and a repeat that carries the call site completes an incident whose first occurrence was
     * not followed (IncidentSink).
     */
    static final long FOLLOW_ALL_AFTER_FAILURE_NANOS = 60L * 1000 * 1000 * 1000;

    private final AtomicLong budgetSecond = new AtomicLong(-1);
    private final AtomicInteger capturedThisSecond = new AtomicInteger();
    private volatile long lastFailureNanos;
    private volatile boolean failedOnce;

    /** Deeper than any library nests one hand-off's work in another's; beyond it, ends were lost (see workStarting). */
    private static final int MAX_NESTING = 8;

    private final WeakIdentityMap<Throwable> submitted = new WeakIdentityMap<Throwable>();

    /** What the current thread is working on, innermost last (an attempt may start another inline). */
    private final ThreadLocal<List<Throwable>> working = new ThreadLocal<List<Throwable>>();

    /**
     * On the asking thread: the hand-off object was made (once per object; a constructor that calls another returns
     * after it). A request object's capture is a {@link RequestSubmission} (per request); a connection's, a plain one.
     */
    void submitted(Object handOff, boolean request, int requestsPerSecond) {
        submitted(handOff, request, requestsPerSecond, System.nanoTime());
    }

    /**
     * requestsPerSecond: the stacks captured per second for request objects (one per request, unlike a connection's
     * hand-off) beyond which requests are not followed (option {@code requestCapturesPerSecond}). A capture costs about
     * 3 to 9 microseconds (docs/performance.md): at 100 a second, about 0.1% of a core at most, however many requests
     * the application makes on kept-alive connections, which open nothing.
     */
    void submitted(Object handOff, boolean request, int requestsPerSecond, long nowNanos) {
        if (handOff == null || request && !withinBudget(nowNanos, requestsPerSecond)) {
            return;
        }
        if (submitted.size() < MAX_PENDING && submitted.get(handOff) == null) {
            submitted.put(handOff, request ? new RequestSubmission() : new Throwable());
        }
    }

    /** A handshake failed: follow every request for a while (see {@link #FOLLOW_ALL_AFTER_FAILURE_NANOS}). */
    void failureSeen() {
        failureSeen(System.nanoTime());
    }

    void failureSeen(long nowNanos) {
        lastFailureNanos = nowNanos;
        failedOnce = true;
    }

    private boolean withinBudget(long now, int perSecond) {
        if (failedOnce && now - lastFailureNanos < FOLLOW_ALL_AFTER_FAILURE_NANOS) {
            return true;
        }
        long second = now / 1000000000L;
        long current = budgetSecond.get();
        if (second != current && budgetSecond.compareAndSet(current, second)) {
            capturedThisSecond.set(0);
        }
        return capturedThisSecond.incrementAndGet() <= perSecond;
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

    /** Where what this thread is working on was asked for, or null. */
    Throwable current() {
        List<Throwable> stack = working.get();
        return stack == null || stack.isEmpty() ? null : stack.get(stack.size() - 1);
    }
}
