package io.tlsdiag.demo.bench;

import io.tlsdiag.demo.DemoPki;
import io.tlsdiag.demo.DemoServers;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A failure storm inside one JVM: it serves TLS with an expired chain and calls itself, so both the client and the
 * server side of every failed handshake are in this JVM.
 *
 * <pre>SelfStorm THREADS HANDSHAKES ADDRESSES SETTLE_MS</pre>
 *
 * THREADS client threads share HANDSHAKES handshakes; each connection leaves from one of ADDRESSES loopback addresses
 * (127.1.x.y, in turn; 1 = always 127.0.0.1), so the server sees that many distinct clients. After the storm the
 * program idles SETTLE_MS (an agent's writer finishes meanwhile), then prints {@code FAILED=} (warm-up included),
 * {@code CPU_MS=} (this
 * process's CPU time from the storm's start to the end of the settling) and {@code HEAP_BYTES=} (heap in use after
 * full collections).
 */
public final class SelfStorm {

    private static final int WARM_UP = 20;

    private SelfStorm() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int handshakes = Integer.parseInt(args[1]);
        int addresses = Integer.parseInt(args[2]);
        long settleMs = Long.parseLong(args[3]);
        DemoPki pki = new DemoPki();
        try (DemoServers servers = new DemoServers(pki, List.of("expired"))) {
            int port = servers.port("expired");
            // The clients trust this PKI's root, so the one thing wrong is the server's expired certificate.
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(pki.trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            SSLSocketFactory factory = context.getSocketFactory();
            InetAddress server = InetAddress.getByName("127.0.0.1");
            int failed = storm(factory, server, port, threads, WARM_UP, 1); // class loading and JIT warm-up
            long cpuStart = cpuNanos();
            failed += storm(factory, server, port, threads, handshakes, addresses);
            // The server's side of the last failures may still be running: the storm is over when it is done.
            if (!servers.awaitIdle("expired", 60_000)) {
                throw new IllegalStateException("the server did not finish its connections in 60 s");
            }
            Thread.sleep(settleMs);
            long cpu = cpuNanos() - cpuStart;
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.println("FAILED=" + failed); // the warm-up's failures included: the agent counts them too
            System.out.println("CPU_MS=" + cpu / 1_000_000);
            System.out.println("HEAP_BYTES=" + heap);
        }
    }

    private static int storm(SSLSocketFactory factory, InetAddress server, int port, int threads, int handshakes,
            int addresses) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < handshakes) {
                        try (SSLSocket s = (SSLSocket) factory.createSocket(server, port, local(i % addresses), 0)) {
                            s.setSoTimeout(10_000);
                            s.startHandshake();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "storm-" + t).start();
        }
        done.await();
        return failed.get();
    }

    /** The n-th client address: 127.0.0.1 first, then 127.1.0.1, 127.1.0.2, ... (all of 127/8 is this host). */
    static InetAddress local(int n) {
        try {
            if (n == 0) {
                return InetAddress.getByName("127.0.0.1");
            }
            return InetAddress.getByAddress(new byte[] {127, 1, (byte) (n / 250), (byte) (n % 250 + 1)});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
