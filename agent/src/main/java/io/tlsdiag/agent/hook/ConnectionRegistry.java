package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.ClientAuthRecord;
import io.tlsdiag.agent.handshake.TrustCheck;
import io.tlsdiag.agent.util.WeakIdentityMap;

/**
 * Per-connection facts that hooks on different threads share, keyed by the SSLSocket, SSLEngine or SSLSession itself:
 * by identity (SSLSession implementations compare equal by session ID, so a resumed session would otherwise share a
 * connection's state) and weakly, so that a collected connection leaves nothing behind (see {@link WeakIdentityMap}).
 */
final class ConnectionRegistry {

    private static final class State {
        boolean reported;
        ClientAuthRecord clientAuth;
        /** Where the application created the engine; its backtrace pins the classes of its frames, so it must go. */
        Throwable origin;
        /** When the engine was created (System.nanoTime()); 0 when the hooks were not connected yet. */
        long createdNanos;
        /** The certificate validation of the connection's current handshake (trust managers held weakly). */
        TrustCheck trustCheck;
        /** Where the application asked for the connection (a Netty client channel's creation), like origin. */
        Throwable requested;
        /** Where the TLS context the engine came from was set up (frames only: they pin no class). */
        StackTraceElement[] setup;
        /** Netty's ChannelHandlerContext of the engine's SslHandler, weakly: it references the engine itself. */
        java.lang.ref.WeakReference<Object> channelContext;
    }

    private final WeakIdentityMap<State> states = new WeakIdentityMap<State>();

    private State existing(Object connection) {
        return connection == null ? null : states.get(connection);
    }

    private State state(Object connection) {
        State s = states.get(connection);
        if (s == null) {
            s = new State();
            states.put(connection, s);
        }
        return s;
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

    /** An engine's creation: where and when. */
    void recordOrigin(Object connection, Throwable origin) {
        if (connection != null) {
            long now = System.nanoTime();
            synchronized (states) {
                State s = state(connection);
                s.origin = origin;
                s.createdNanos = now;
            }
        }
    }

    /** Whether the engine was created, with the hooks connected, at most this long ago. */
    boolean createdWithin(Object connection, long nanos) {
        long now = System.nanoTime();
        synchronized (states) {
            State s = existing(connection);
            return s != null && s.createdNanos != 0 && now - s.createdNanos <= nanos;
        }
    }

    void recordRequested(Object connection, Throwable requested) {
        if (connection != null) {
            synchronized (states) {
                state(connection).requested = requested;
            }
        }
    }

    /** Where the application asked for this connection, when a library's channel recorded it (engines only). */
    Throwable requested(Object connection) {
        synchronized (states) {
            State s = existing(connection);
            return s == null ? null : s.requested;
        }
    }

    void recordTrustCheck(Object connection, TrustCheck check) {
        if (connection != null) {
            synchronized (states) {
                state(connection).trustCheck = check;
            }
        }
    }

    void recordSetup(Object connection, StackTraceElement[] setup) {
        if (connection != null) {
            synchronized (states) {
                state(connection).setup = setup;
            }
        }
    }

    void recordChannelContext(Object connection, Object channelHandlerContext) {
        if (connection != null) {
            synchronized (states) {
                state(connection).channelContext = new java.lang.ref.WeakReference<Object>(channelHandlerContext);
            }
        }
    }

    StackTraceElement[] setup(Object connection) {
        synchronized (states) {
            State s = existing(connection);
            return s == null ? null : s.setup;
        }
    }

    Object channelContext(Object connection) {
        synchronized (states) {
            State s = existing(connection);
            return s == null || s.channelContext == null ? null : s.channelContext.get();
        }
    }

    /** Where the application created this connection, when that was recorded (engines only). */
    Throwable origin(Object connection) {
        synchronized (states) {
            State s = existing(connection);
            return s == null ? null : s.origin;
        }
    }

    ClientAuthRecord clientAuth(Object connection) {
        synchronized (states) {
            State s = existing(connection);
            return s == null ? null : s.clientAuth;
        }
    }

    TrustCheck trustCheck(Object connection) {
        synchronized (states) {
            State s = existing(connection);
            return s == null ? null : s.trustCheck;
        }
    }

    /** The connection's trust check, which is then forgotten: a failure report takes it along. */
    TrustCheck takeTrustCheck(Object connection) {
        synchronized (states) {
            State s = existing(connection);
            TrustCheck check = s == null ? null : s.trustCheck;
            if (s != null) {
                s.trustCheck = null;
            }
            return check;
        }
    }
}
