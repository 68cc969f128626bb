package io.tlsdiag.agent.install;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds back the JDK's TLS classes while the agent starts on a background thread at launch. {@code premain} only
 * registers the transformer; a thread that loads one of the JDK classes tlsdiag hooks before the agent is ready waits
 * here (in practice never: the JVM's first TLS class comes long after), so no handshake goes unseen. Classes that do
 * go by unwoven (the starting thread's own, marker-selected application classes, a wait that timed out) are
 * retransformed once the gate opens.
 */
final class StartupGate {

    /** A start slower than this (a hung file system under the incident directory) no longer holds the application. */
    private static final long MAX_WAIT_MILLIS = 10000;

    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile boolean open;
    private volatile boolean weave;
    private volatile Thread starter;
    /** Set after a wait timed out: a start that slow holds no further class (each would wait the full time). */
    private volatile boolean gaveUpWaiting;
    private boolean missed;

    /** The thread that starts the agent: it never waits for itself. */
    void startingOn(Thread thread) {
        starter = thread;
    }

    /**
     * Whether the transformer may weave the class now. Before the gate opens, waits for it for a JDK class hook; any
     * other class is let through unwoven and remembered as missed.
     */
    boolean admit(boolean jdkClass) {
        if (open) {
            return weave;
        }
        if (jdkClass && Thread.currentThread() != starter && !gaveUpWaiting) {
            try {
                if (opened.await(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    return weave;
                }
                gaveUpWaiting = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return recordMiss();
    }

    private synchronized boolean recordMiss() {
        if (open) {
            return weave; // opened meanwhile
        }
        missed = true;
        return false;
    }

    /**
     * Opens the gate: classes are woven from now on ({@code weave}), or never (the agent did not start). Returns
     * whether a class went by unwoven before, in which case the loaded classes must be retransformed.
     */
    synchronized boolean open(boolean weave) {
        if (open) {
            this.weave |= weave; // a later install (after a failed start) may still turn weaving on
            return false;
        }
        this.weave = weave;
        open = true;
        opened.countDown();
        return missed;
    }

    boolean isOpen() {
        return open;
    }
}
