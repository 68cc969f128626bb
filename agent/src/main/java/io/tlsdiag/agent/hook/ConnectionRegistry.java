package io.tlsdiag.agent.hook;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Per-connection facts that hooks on different threads share, keyed weakly by the SSLSocket, SSLEngine or SSLSession
 * (none of which override equals, so identity is what counts), so a closed connection leaves nothing behind.
 */
final class ConnectionRegistry {

    private static final class State {
        boolean reported;
        ClientAuthRecord clientAuth;
        Throwable origin;
    }

    private final Map<Object, State> states = Collections.synchronizedMap(new WeakHashMap<Object, State>());

    private State state(Object connection) {
        synchronized (states) {
            State s = states.get(connection);
            if (s == null) {
                s = new State();
                states.put(connection, s);
            }
            return s;
        }
    }

    /** True exactly once per connection: the first hook to claim a failed connection owns its incident. */
    boolean claimReport(Object connection) {
        if (connection == null) {
            return true;
        }
        synchronized (states) {
            State s = state(connection);
            if (s.reported) {
                return false;
            }
            s.reported = true;
            return true;
        }
    }

    void recordClientAuth(Object connection, ClientAuthRecord record) {
        if (connection != null) {
            synchronized (states) {
                state(connection).clientAuth = record;
            }
        }
    }

    void recordOrigin(Object connection, Throwable origin) {
        synchronized (states) {
            state(connection).origin = origin;
        }
    }

    /** Where the application created this connection, when that was recorded (engines only). */
    Throwable origin(Object connection) {
        if (connection == null) {
            return null;
        }
        synchronized (states) {
            State s = states.get(connection);
            return s == null ? null : s.origin;
        }
    }

    ClientAuthRecord clientAuth(Object connection) {
        if (connection == null) {
            return null;
        }
        synchronized (states) {
            State s = states.get(connection);
            return s == null ? null : s.clientAuth;
        }
    }
}
