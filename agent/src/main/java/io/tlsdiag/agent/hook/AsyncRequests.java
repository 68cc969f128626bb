package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.RequestSubmission;
import io.tlsdiag.agent.util.WeakIdentityMap;

import java.util.ArrayList;
import java.util.List;

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
 * followed, not every task handed to an executor, so the application's own executors pay nothing. The objects are
 * named in {@code HookPoint}; a new library is a line there, its hand-off's constructor and the method its thread runs.
 */
final class AsyncRequests {

    /**
     * Hand-offs in flight beyond which new ones are not followed: a stack capture each, until the object is collected.
     */
    static final int MAX_PENDING = 4096;

    /** Deeper than any library nests one hand-off's work in another's; beyond it, ends were lost (see workStarting). */
    private static final int MAX_NESTING = 8;

    private final WeakIdentityMap<Throwable> submitted = new WeakIdentityMap<Throwable>();

    /** What the current thread is working on, innermost last (an attempt may start another inline). */
    private final ThreadLocal<List<Throwable>> working = new ThreadLocal<List<Throwable>>();

    /**
     * On the asking thread: the hand-off object was made (once per object; a constructor that calls another returns
     * after it). A request object's capture is a {@link RequestSubmission} (per request); a connection's, a plain one.
     */
    void submitted(Object handOff, boolean request) {
        if (handOff != null && submitted.size() < MAX_PENDING && submitted.get(handOff) == null) {
            submitted.put(handOff, request ? new RequestSubmission() : new Throwable());
        }
    }

    /** On the library's thread, entering the hand-off's work; always paired with {@link #workEnded()}. */
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

    void workEnded() {
        List<Throwable> stack = working.get();
        if (stack != null && !stack.isEmpty()) {
            stack.remove(stack.size() - 1);
        }
    }

    /** Where what this thread is working on was asked for, or null. */
    Throwable current() {
        List<Throwable> stack = working.get();
        return stack == null || stack.isEmpty() ? null : stack.get(stack.size() - 1);
    }
}
