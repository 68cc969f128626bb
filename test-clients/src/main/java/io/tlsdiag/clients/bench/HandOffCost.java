package io.tlsdiag.clients.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;

/**
 * What the agent does per asynchronous request, alone, in a JVM running it: what OkHttp's {@code enqueue} and
 * java.net.http's {@code sendAsync} trigger through the woven code (the request object's creation, its work starting and
 * ending on a library thread), called on the bridge the woven code calls, from a given stack depth, as the
 * application's call would be. The end-to-end request loops are too noisy on shared machines to show a few
 * microseconds; this is the cost itself, in wall and CPU time (the latter includes the agent's thread that drops
 * collected requests' entries, and the collector). Prints {@code NANOS_PER_REQUEST=} and {@code CPU_NANOS_PER_REQUEST=}.
 * With THREADS above 1, that many threads make REQUESTS each at once, as a library's dispatcher threads do: the agent's
 * tables are shared, so what contention costs shows as wall time per request (all threads' requests over the elapsed
 * time) and CPU time per request above one thread's.
 *
 * <pre>HandOffCost STACK_DEPTH REQUESTS [THREADS]</pre>
 */
public final class HandOffCost {

    private HandOffCost() {
    }

    public static void main(String[] args) throws Throwable {
        int depth = Integer.parseInt(args[0]);
        int requests = Integer.parseInt(args[1]);
        int threadCount = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Class<?> bridge = Class.forName("io.tlsdiag.bootstrap.Bridge"); // in the boot loader, with the agent
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle submitted = lookup.findStatic(bridge, "requestSubmitted", MethodType.methodType(void.class, Object.class));
        MethodHandle starting = lookup.findStatic(bridge, "handOffWorkStarting",
                MethodType.methodType(void.class, Object.class));
        MethodHandle ended = lookup.findStatic(bridge, "handOffWorkEnded",
                MethodType.methodType(void.class, Throwable.class, Object.class));
        Thread.sleep(2000); // the agent connects its hooks on a thread of its own
        inThreads(threadCount, () -> atDepth(depth, submitted, starting, ended, requests / 5)); // warm-up
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        inThreads(threadCount, () -> atDepth(depth, submitted, starting, ended, requests));
        long wall = System.nanoTime() - start;
        System.gc(); // the collected requests' entries are dropped: part of the cost
        Thread.sleep(200);
        cpu = os.getProcessCpuTime() - cpu;
        long total = (long) requests * threadCount;
        System.out.println("NANOS_PER_REQUEST=" + wall / total);
        System.out.println("CPU_NANOS_PER_REQUEST=" + cpu / total);
    }

    private interface Work {
        void run() throws Throwable;
    }

    /** Runs the work on this many threads at once, all started together; rethrows the first failure. */
    private static void inThreads(int count, Work work) throws Throwable {
        java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(count);
        Throwable[] failure = new Throwable[1];
        Thread[] threads = new Thread[count];
        for (int t = 0; t < count; t++) {
            threads[t] = new Thread(() -> {
                try {
                    go.await();
                    work.run();
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = failure[0] == null ? e : failure[0];
                    }
                }
            }, "dispatcher-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void atDepth(int depth, MethodHandle submitted, MethodHandle starting, MethodHandle ended, int n)
            throws Throwable {
        if (depth > 1) {
            atDepth(depth - 1, submitted, starting, ended, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            Object request = new Object();
            submitted.invokeExact(request);
            starting.invokeExact(request);
            ended.invokeExact((Throwable) null, request);
        }
    }
}
