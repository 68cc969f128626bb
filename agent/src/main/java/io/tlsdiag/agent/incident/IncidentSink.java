package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.AgentOptions;
import io.tlsdiag.agent.hook.HandshakeFailure;
import io.tlsdiag.agent.util.AgentLog;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-off between the application's threads and the one writer thread. The application never waits:
 * a full queue drops the failure and counts it. Diagnosis, JSON and file I/O all happen on the writer thread, which
 * starts with the first failure (a JVM that never fails a handshake never starts it) and drains the queue when the
 * JVM exits, so a program that fails and quits at once still leaves its incident behind.
 */
public final class IncidentSink {

    private static final long DRAIN_ON_EXIT_MILLIS = 3000;

    private final AgentOptions options;
    private final io.tlsdiag.agent.AgentRuntime runtime;
    private final BlockingQueue<HandshakeFailure> queue;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile Thread writer;
    /** Accepted but not yet written: what an exiting JVM still waits for. */
    private final AtomicInteger pending = new AtomicInteger();

    public IncidentSink(AgentOptions options, io.tlsdiag.agent.AgentRuntime runtime) {
        this.options = options;
        this.runtime = runtime;
        this.queue = new ArrayBlockingQueue<HandshakeFailure>(options.queueSize());
    }

    public void submit(HandshakeFailure failure) {
        pending.incrementAndGet();
        if (!queue.offer(failure)) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            AgentLog.warnOnce("queue-full", "incident queue full (" + options.queueSize()
                    + "); further failures are counted as dropped while it is full");
            return;
        }
        if (writer == null) {
            startWriter();
        }
    }

    public long written() {
        return written.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private void startWriter() {
        synchronized (lifecycle) {
            if (writer != null) {
                return;
            }
            final IncidentWriter out = new IncidentWriter(options);
            Thread t = new Thread(new Runnable() {
                @Override
                public void run() {
                    loop(out);
                }
            }, "tlsdiag-writer");
            t.setDaemon(true);
            writer = t;
            t.start();
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
                    @Override
                    public void run() {
                        awaitDrained(DRAIN_ON_EXIT_MILLIS);
                    }
                }, "tlsdiag-drain"));
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting; the writer gets what time is left.
            }
        }
    }

    private void loop(IncidentWriter out) {
        while (true) {
            HandshakeFailure failure;
            try {
                failure = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                IncidentWriter.Outcome outcome = out.write(failure);
                if (outcome == IncidentWriter.Outcome.WRITTEN) {
                    written.incrementAndGet();
                } else if (outcome == IncidentWriter.Outcome.FAILED) {
                    dropped.incrementAndGet();
                }
            } catch (Throwable t) {
                dropped.incrementAndGet();
                AgentLog.failure("incident writer", t);
            } finally {
                pending.decrementAndGet();
                runtime.publishStatus();
            }
        }
    }

    /** Waits until every queued failure is written, at most {@code millis}. */
    public boolean awaitDrained(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (pending.get() == 0) {
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
