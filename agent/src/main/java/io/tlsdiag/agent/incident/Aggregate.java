package io.tlsdiag.agent.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.diagnosis.Category;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One incident and every repeat of it within the de-duplication window. Application threads only count
 * ({@link #record}); the writer thread owns the file and rewrites it when the count has moved.
 */
final class Aggregate {

    final long firstSeen;
    final FailureSignature signature;
    private final AtomicLong occurrences = new AtomicLong();
    private final AtomicLong lastSeen = new AtomicLong();
    static final int CALL_SITE_UNKNOWN = 0;
    static final int CALL_SITE_AWAITED = 1;
    static final int CALL_SITE_SETTLED = 2;

    /**
     * Whether the incident waits for the application's call site: set by the writer, AWAITED when the first
     * occurrence's asynchronous request was not followed (HandshakeFailure.callSiteMissed), SETTLED otherwise or once
     * a repeat brought it. A repeat may come before the writer has decided (UNKNOWN).
     */
    volatile int callSite;
    /**
     * The call site a followed repeat brought, as frames (no Throwable: its backtrace would pin the application's
     * classes for as long as the incident is tracked); the writer puts it into the incident and clears it.
     */
    final AtomicReference<LateCallSite> lateCallSite = new AtomicReference<LateCallSite>();

    /** Where a repeat's request was handed over, and how ({@code stackOrigin}). */
    static final class LateCallSite {
        final StackTraceElement[] frames;
        final String origin;

        LateCallSite(StackTraceElement[] frames, String origin) {
            this.frames = frames;
            this.origin = origin;
        }
    }

    /** Whether the first occurrence is in the queue or written; a dropped one is queued again by a repeat. */
    final AtomicBoolean queued = new AtomicBoolean();

    // Writer thread only. The incident itself lives in its file (re-read for each count update): ten thousand
    // tracked failures must not keep ten thousand JSON trees in the host's heap.
    Path file;
    long writtenOccurrences;
    /** An incident built while the directory could not be written, kept for the next attempt. */
    ObjectNode unwritten;
    /** Known once the writer has diagnosed it: the MXBean counts failures by category. */
    Category category;
    /** Occurrences already added to the {@link CategoryCounts}. */
    long countedOccurrences;

    /**
     * The context class loader of the application thread whose failure was queued, until the writer announces the
     * incident (where the application's SLF4J is looked up). Set before the queue hand-off. Weak: an undeployed web
     * application's loader is not kept alive by a failure still waiting in the queue.
     */
    WeakReference<ClassLoader> contextLoader;

    Aggregate(long firstSeen, FailureSignature signature) {
        this.firstSeen = firstSeen;
        this.signature = signature;
    }

    void record(long time) {
        occurrences.incrementAndGet();
        long seen;
        do {
            seen = lastSeen.get();
        } while (time > seen && !lastSeen.compareAndSet(seen, time));
    }

    long occurrences() {
        return occurrences.get();
    }

    /** Whether it happened again after the first time: such incidents are evicted last. */
    boolean recurred() {
        return occurrences.get() > 1;
    }

    long lastSeen() {
        return lastSeen.get();
    }
}
