package io.tlsdiag.agent.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One incident and every repeat of it within the de-duplication window. Application threads only count
 * ({@link #record}); the writer thread owns the file and rewrites it when the count has moved.
 */
final class Aggregate {

    final long firstSeen;
    final FailureSignature signature;
    private final AtomicLong occurrences = new AtomicLong();
    private final AtomicLong lastSeen = new AtomicLong();
    /** Whether the first occurrence is in the queue or written; a dropped one is queued again by a repeat. */
    final AtomicBoolean queued = new AtomicBoolean();

    // Writer thread only. The incident itself lives in its file (re-read for each count update): ten thousand
    // tracked failures must not keep ten thousand JSON trees in the host's heap.
    Path file;
    long writtenOccurrences;
    /** An incident built while the directory could not be written, kept for the next attempt. */
    ObjectNode unwritten;

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
