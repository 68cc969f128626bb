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
    /**
     * Set by the writer when the incident's stack is not where the application asked for the connection (the library
     * thread's own, or the engine's creation): the first occurrence was not followed across a hand-off.
     */
    volatile boolean awaitingCallSite;
    /**
     * Where the application asked, from the first repeat that was followed; the writer puts it into the incident if
     * {@link #awaitingCallSite}.
     */
    final AtomicReference<Throwable> lateCallSite = new AtomicReference<Throwable>();

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
