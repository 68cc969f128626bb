package io.tlsdiag.demo;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A storm of failing handshakes: {@code StormClient PORT THREADS PER_THREAD} starts THREADS threads that each make
 * PER_THREAD handshakes against PORT, all released at once, and prints {@code FAILED=<n>} with the number that failed.
 */
public final class StormClient {

    private StormClient() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int perThread = Integer.parseInt(args[2]);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicInteger failed = new AtomicInteger();
        SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        try (SSLSocket s = (SSLSocket) factory.createSocket("localhost", port)) {
                            s.setSoTimeout(10_000);
                            s.startHandshake();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "storm-" + t).start();
        }
        start.countDown();
        done.await();
        System.out.println("FAILED=" + failed.get());
    }
}
