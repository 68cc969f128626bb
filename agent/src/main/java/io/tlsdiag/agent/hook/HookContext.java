package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.HandshakeFailure;

/**
 * What the hooks need of the running agent: whether it is active, where a failure goes, and the options the hooks
 * read. The agent's runtime ({@code io.tlsdiag.agent.AgentRuntime}) is one and binds itself
 * when it starts; the hooks, called from woven JDK code, find it through {@link #current()}. The hooks depend on
 * this, never on the agent's wiring above them.
 */
public abstract class HookContext {

    private static volatile HookContext current;

    /** The running agent, or null before it started. */
    public static HookContext current() {
        return current;
    }

    /** Makes {@code context} the one the hooks report to (once per JVM: the agent's runtime is never replaced). */
    protected static void bind(HookContext context) {
        current = context;
    }

    /** False after {@code tlsdiag detach}: the hooks then record and report nothing. */
    public abstract boolean isActive();

    /** Hands a failure or finding to the writer thread; never blocks the application's thread. */
    public abstract void submit(HandshakeFailure failure);

    /** Certificates of successful handshakes expiring within this many days are reported once (0: never). */
    public abstract int expiryWarningDays();

    /** Asynchronous requests followed to their connection per second, beyond those after a failure (0: none). */
    public abstract int requestCapturesPerSecond();

    /** How long a client engine may stay mid-handshake before it is reported as stalled (0: never). */
    public abstract int handshakeStallSeconds();
}
