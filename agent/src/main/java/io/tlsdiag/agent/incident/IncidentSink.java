package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.agent.util.AgentLog;
import io.tlsdiag.agent.util.AgentThreads;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-off between the application's threads and the one writer thread.
 *
 * <p>A failure that repeats one seen within the de-duplication window (same {@link FailureSignature}) is only
 * counted, on the application's thread, with one atomic increment: a storm of 5,000 identical failures a minute is
 * one incident with exact counts, not 5,000 files, and it never touches the queue. A new failure goes into a
 * bounded queue; the application never waits, so a full queue drops it and counts it (a repeat queues it again).
 * Diagnosis and I/O happen on the writer thread, which starts with the first failure and drains when the JVM exits.
 */
public final class IncidentSink {

    private static final long DRAIN_ON_EXIT_MILLIS = 3000;
    private static final long FLUSH_INTERVAL_MILLIS = 1000;
    /** Distinct failures tracked for de-duplication at once; past this, new ones are simply not de-duplicated. */
    private static final int MAX_TRACKED = 10000;
    /** Incidents built while the directory cannot be written, kept for the next attempt. */
    static final int MAX_DEFERRED = 100;
    private static final Queued FLUSH = new Queued(null, null);
    private static final Queued STOP = new Queued(null, null);

    private final SinkOptions options;
    /** Told of new incidents and moved counters; null in unit tests. */
    private final SinkOwner owner;
    /** Failures by category for the MXBean: the owner's (shared by the sinks a re-attach replaces), or its own. */
    private final CategoryCounts counts;
    private final BlockingQueue<Queued> queue;
    private final ConcurrentMap<FailureSignature, Aggregate> recent;
    /** The sink this one replaced in the same directory (re-attach with new options); until its writer has stopped. */
    private volatile IncidentSink predecessor;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private final Object lifecycle = new Object();
    private volatile Thread writer;
    private volatile IncidentWriter out;
    private volatile boolean closed;
    private volatile boolean queueWasFull;
    /** The hook that drains this sink at exit; removed when the sink is closed, so a replaced sink can be freed. */
    private Thread drainHook;

    /**
     * A new failure and its de-duplication record, on their way to the writer. The record is paired with the failure
     * only here: it belongs to the sink, the failure to the hooks that captured it.
     */
    private static final class Queued {
        final HandshakeFailure failure;
        final Aggregate aggregate;

        Queued(HandshakeFailure failure, Aggregate aggregate) {
            this.failure = failure;
            this.aggregate = aggregate;
        }
    }

    public IncidentSink(SinkOptions options, SinkOwner owner) {
        this(options, owner, null);
    }

    /**
     * A sink that replaces {@code predecessor} (a re-attach changed options). In the same directory it goes on
     * counting the predecessor's incidents instead of writing them again: it shares its de-duplication records, and
     * its writer takes over their files once the predecessor's writer has stopped.
     */
    public IncidentSink(SinkOptions options, SinkOwner owner, IncidentSink predecessor) {
        this.options = options;
        this.owner = owner;
        this.counts = owner != null ? owner.categoryCounts()
                : predecessor != null ? predecessor.counts : new CategoryCounts();
        boolean sameDirectory = predecessor != null
                && predecessor.options.outputDirectory().toPath().normalize()
                        .equals(options.outputDirectory().toPath().normalize());
        this.recent = sameDirectory ? predecessor.recent : new ConcurrentHashMap<FailureSignature, Aggregate>();
        this.predecessor = sameDirectory ? predecessor : null;
        this.queue = new ArrayBlockingQueue<Queued>(options.queueSize());
    }

    public void submit(HandshakeFailure failure) {
        if (closed) {
            dropped.incrementAndGet(); // a failure that raced a re-attach moving the output directory
            return;
        }
        Aggregate aggregate = aggregateFor(failure);
        aggregate.record(failure.timeMillis);
        if (!aggregate.queued.compareAndSet(false, true)) {
            repeats.incrementAndGet();
            if (failure.requested != null && aggregate.callSite != Aggregate.CALL_SITE_SETTLED
                    && aggregate.lateCallSite.get() == null) {
                // kept even before the writer has said whether the incident needs it (it may not have written it yet);
                // once per incident, the frames built on this thread
                aggregate.lateCallSite.compareAndSet(null, IncidentJson.lateCallSite(failure.requested));
            }
            if (writer == null) {
                startWriter(); // a repeat of an incident that a replaced sink wrote: this writer updates its count
            }
            return;
        }
        aggregate.contextLoader = contextLoader();
        pending.incrementAndGet();
        if (!queue.offer(new Queued(failure, aggregate))) {
            pending.decrementAndGet();
            aggregate.queued.set(false);
            dropped.incrementAndGet();
            queueWasFull = true; // the writer says so: stderr may block, the application's thread must not
            return;
        }
        if (writer == null) {
            startWriter();
        }
    }

    /** Where the writer looks for the application's SLF4J: one getter, for new failures only (never repeats). */
    private static WeakReference<ClassLoader> contextLoader() {
        try {
            ClassLoader l = Thread.currentThread().getContextClassLoader();
            return l == null ? null : new WeakReference<ClassLoader>(l);
        } catch (SecurityException e) {
            return null;
        }
    }

    private Aggregate aggregateFor(HandshakeFailure failure) {
        FailureSignature signature = FailureSignature.of(failure);
        long window = options.dedupWindowMillis();
        while (true) {
            Aggregate current = recent.get(signature);
            if (current != null && failure.timeMillis - current.firstSeen <= window) {
                return current;
            }
            Aggregate fresh = new Aggregate(failure.timeMillis, signature);
            if (current == null) {
                if (recent.size() >= MAX_TRACKED) {
                    return fresh;
                }
                if (recent.putIfAbsent(signature, fresh) == null) {
                    return fresh;
                }
            } else if (recent.replace(signature, current, fresh)) {
                return fresh;
            }
            // another thread changed the entry: look again
        }
    }

    public long written() {
        return written.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Repeats counted into an existing incident instead of written as new ones. */
    public long repeats() {
        return repeats.get();
    }

    public long evicted() {
        IncidentWriter w = out;
        return w == null ? 0 : w.evicted();
    }

    /** Failures by category, repeats included (the owner's counts when this sink has an owner). */
    public CategoryCounts counts() {
        return counts;
    }

    /** Adds what {@code a} counted since the last time to its category (writer thread; once it is diagnosed). */
    private void count(Aggregate a) {
        if (a.category == null) {
            return;
        }
        long now = a.occurrences();
        if (now > a.countedOccurrences) {
            counts.add(a.category, now - a.countedOccurrences);
            a.countedOccurrences = now;
        }
    }

    private void startWriter() {
        synchronized (lifecycle) {
            if (writer != null || closed) {
                return;
            }
            // Only the thread is started here, on the application's thread: the writer itself (Jackson, JFR, the
            // store) is built on the writer thread, so the first failure costs the application nothing more.
            // Made by AgentThreads: a thread started on the application's thread must not inherit its context class
            // loader (a web application's) and keep it for the life of the JVM.
            Thread t = AgentThreads.newThread("tlsdiag-writer", new Runnable() {
                @Override
                public void run() {
                    out = new IncidentWriter(options, owner);
                    loop(adoptPredecessorsIncidents());
                }
            }, true);
            try {
                t.start();
            } catch (Throwable noThread) {
                // No thread to be had now (out of native threads): the next new failure tries again.
                AgentLog.failure("starting the incident writer", noThread);
                return;
            }
            writer = t;
            Thread hook = AgentThreads.newThread("tlsdiag-drain", new Runnable() {
                @Override
                public void run() {
                    awaitDrained(DRAIN_ON_EXIT_MILLIS);
                }
            }, false);
            try {
                Runtime.getRuntime().addShutdownHook(hook);
                drainHook = hook;
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting; the writer gets what time is left.
            } catch (SecurityException refused) {
                // A security manager forbids it: incidents still queued at exit may be lost.
            }
        }
    }

    /** The incidents of the sink this one replaced, once its writer has stopped touching them. */
    private List<Aggregate> adoptPredecessorsIncidents() {
        List<Aggregate> adopted = new ArrayList<Aggregate>();
        IncidentSink old = predecessor;
        predecessor = null;
        if (old == null) {
            return adopted;
        }
        Thread oldWriter = old.writer;
        if (oldWriter != null) {
            try {
                oldWriter.join(DRAIN_ON_EXIT_MILLIS * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return adopted;
            }
        }
        for (Aggregate a : recent.values()) {
            if (a.file != null) {
                adopted.add(a);
                out.adopt(a);
            }
        }
        return adopted;
    }

    private void loop(List<Aggregate> materialized) {
        List<Aggregate> deferred = new ArrayList<Aggregate>();
        long lastFlush = System.currentTimeMillis();
        while (true) {
            Queued item;
            try {
                item = queue.poll(FLUSH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item == STOP) {
                // What these counted up to now stays in the counts; a successor adopting them goes on from there.
                for (Aggregate a : materialized) {
                    count(a);
                }
                for (Aggregate a : deferred) {
                    count(a);
                    dropped.incrementAndGet(); // never written: counted, and not left behind for a successor
                    recent.remove(a.signature, a);
                }
                queue.clear(); // nothing queued after STOP may keep an application's exception alive
                pending.decrementAndGet();
                return;
            }
            Aggregate aggregate = null;
            try {
                if (item != null && item != FLUSH) {
                    aggregate = item.aggregate;
                    IncidentWriter.Outcome outcome = out.write(item.failure, aggregate);
                    if (outcome == IncidentWriter.Outcome.WRITTEN) {
                        written.incrementAndGet();
                        materialize(materialized, aggregate);
                    } else if (outcome == IncidentWriter.Outcome.DEFERRED) {
                        defer(deferred, aggregate);
                    }
                    count(aggregate);
                }
                long now = System.currentTimeMillis();
                if (item == null || item == FLUSH || now - lastFlush >= FLUSH_INTERVAL_MILLIS) {
                    lastFlush = now;
                    retryDeferred(deferred, materialized);
                    for (Aggregate a : deferred) {
                        count(a);
                    }
                    flush(materialized, now);
                }
            } catch (Throwable t) {
                dropped.incrementAndGet();
                AgentLog.failure("incident writer", t);
                if (aggregate != null && aggregate.file == null && aggregate.unwritten == null) {
                    recent.remove(aggregate.signature, aggregate); // not stuck as "queued": a repeat tries again
                    aggregate.queued.set(false);
                }
            } finally {
                if (item != null) {
                    pending.decrementAndGet();
                }
                if (queueWasFull) {
                    AgentLog.warnOnce("queue-full", "incident queue full (" + options.queueSize()
                            + "); new failures are counted as dropped while it is full (repeats are still counted)");
                }
                if (owner != null) {
                    owner.publishStatus();
                }
            }
        }
    }

    /** A written incident whose repeats count into its file, if it is tracked; past MAX_TRACKED nothing is kept. */
    private void materialize(List<Aggregate> materialized, Aggregate a) {
        if (recent.get(a.signature) == a) {
            materialized.add(a);
        } else {
            out.forget(a);
        }
    }

    /** Keeps an incident that could not be written for the next attempt; past MAX_DEFERRED it is dropped. */
    private void defer(List<Aggregate> deferred, Aggregate aggregate) {
        if (deferred.size() < MAX_DEFERRED) {
            deferred.add(aggregate);
        } else {
            dropped.incrementAndGet();
            count(aggregate);
            recent.remove(aggregate.signature, aggregate);
        }
    }

    /** Writes the incidents kept while the directory was unusable, oldest first, as soon as it is usable again. */
    private void retryDeferred(List<Aggregate> deferred, List<Aggregate> materialized) {
        for (Iterator<Aggregate> it = deferred.iterator(); it.hasNext(); ) {
            Aggregate a = it.next();
            if (!out.retry(a)) {
                return; // still unusable: the rest waits for the next flush
            }
            it.remove();
            written.incrementAndGet();
            materialize(materialized, a);
        }
    }

    /**
     * Rewrites incidents whose counts moved; forgets the ones whose window has closed, and the ones evicted
     * meanwhile (a later repeat of those starts a new incident rather than counting into a file that is gone).
     */
    private void flush(List<Aggregate> materialized, long now) {
        long window = options.dedupWindowMillis();
        for (Iterator<Aggregate> it = materialized.iterator(); it.hasNext(); ) {
            Aggregate a = it.next();
            boolean kept = out.update(a);
            count(a);
            if (!kept || now - a.firstSeen > window) {
                recent.remove(a.signature, a);
                out.forget(a);
                it.remove();
            }
        }
        for (Map.Entry<FailureSignature, Aggregate> e : recent.entrySet()) {
            Aggregate a = e.getValue();
            if (now - a.firstSeen > window && a.file == null && a.unwritten == null && !a.queued.get()) {
                recent.remove(e.getKey(), a);
            }
        }
    }

    /**
     * Drains what is queued (at most {@code drainMillis}), then stops the writer thread. Used when a re-attach moves
     * the output directory: the old sink finishes its incidents in the old directory, the new one takes over.
     */
    public void close(long drainMillis) {
        awaitDrained(drainMillis);
        synchronized (lifecycle) {
            closed = true;
            if (drainHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(drainHook);
                } catch (IllegalStateException shuttingDown) {
                    // exiting anyway
                }
                drainHook = null;
            }
            if (writer != null) {
                pending.incrementAndGet();
                if (!queue.offer(STOP)) {
                    pending.decrementAndGet();
                    writer.interrupt(); // full again after draining: stop anyway, the rest is counted as dropped
                }
            }
        }
    }

    /** The writer thread, once started (tests). */
    Thread writerThread() {
        return writer;
    }

    /** The writer, once the writer thread has built it (tests). */
    IncidentWriter writer() {
        return out;
    }

    /** Waits until every queued failure is written and every count is on disk, at most {@code millis}. */
    public boolean awaitDrained(long millis) {
        Thread w = writer;
        if (w == null || !w.isAlive()) {
            return true;
        }
        pending.incrementAndGet();
        if (!queue.offer(FLUSH)) {
            pending.decrementAndGet();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (pending.get() == 0 || !w.isAlive()) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
