package io.tlsdiag.it.leak;

import io.tlsdiag.demo.DemoPki;
import io.tlsdiag.demo.DemoServers;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A container that deploys a web application ({@code io.tlsdiag.it.leak.webapp}, defined from bytes in a throw-away
 * class loader), serves its requests on a thread pool that outlives it, undeploys it, and then checks that the
 * application's class loader can be collected. Prints {@code COLLECTED} (exit 0) or {@code LEAKED} (exit 1); exit 2
 * when a request did not end as its name says, which would make the run prove nothing.
 *
 * <p>Run by hand with a file name as argument, a leaking run also writes a heap dump there, to find what holds the
 * loader.
 *
 * <p>Like a servlet container, the pool threads run each request with the application's loader as their context
 * class loader and restore theirs afterwards; the pool is made, and its threads started, before the deployment.
 */
public final class LeakTarget {

    static final String WEBAPP_PACKAGE = "io.tlsdiag.it.leak.webapp.";
    private static final int ROUNDS = 3;
    private static final long COLLECT_DEADLINE_SECONDS = 60;

    private LeakTarget() {
    }

    public static void main(String[] args) throws Exception {
        DemoPki pki = new DemoPki();
        DemoServers servers = new DemoServers(pki, List.of("good", "expired", "client-cert-required"));
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();

        WeakReference<ClassLoader> webapp = deployServeUndeploy(pki, servers, pool);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COLLECT_DEADLINE_SECONDS);
        int collections = 0;
        while (webapp.get() != null && System.nanoTime() < deadline) {
            System.gc();
            collections++;
            if (webapp.get() != null) {
                Thread.sleep(100);
            }
        }
        boolean collected = webapp.get() == null;
        System.out.println((collected ? "COLLECTED" : "LEAKED") + " after " + collections + " collections; "
                + pool.getPoolSize() + " pool threads alive");
        System.out.flush();
        if (!collected && args.length > 0) {
            dumpHeap(args[0]);
        }
        pool.shutdownNow();
        servers.close();
        System.exit(collected ? 0 : 1);
    }

    /** Everything that references the application lives in this frame, gone when it returns. */
    private static WeakReference<ClassLoader> deployServeUndeploy(DemoPki pki, DemoServers servers,
                                                                  ThreadPoolExecutor pool) throws Exception {
        WebappLoader loader = new WebappLoader(LeakTarget.class.getClassLoader());
        Class<?> app = loader.loadClass(WEBAPP_PACKAGE + "WebApp");
        if (app.getClassLoader() != loader) {
            throw new IllegalStateException("the web application must be defined by its own loader");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ports", servers.ports());
        config.put("trustStore", pki.trustStore());
        config.put("clientKeyStore", clientKeyStore(pki));
        config.put("clientKeyPassword", "pw".toCharArray());
        @SuppressWarnings("unchecked")
        Map<String, Callable<String>> requests = ((Function<Map<String, Object>, Map<String, Callable<String>>>)
                app.getConstructor().newInstance()).apply(config);

        List<String> names = new ArrayList<>();
        List<Future<String>> outcomes = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Callable<String>> r : requests.entrySet()) {
                names.add(r.getKey());
                outcomes.add(pool.submit(new AsApplication(loader, r.getValue())));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            String outcome = outcomes.get(i).get(60, TimeUnit.SECONDS);
            System.out.println("RESULT " + names.get(i) + " " + outcome);
            if (names.get(i).startsWith("ok-") != outcome.equals("OK")) {
                unexpected.add(names.get(i) + ": " + outcome);
            }
        }
        if (!unexpected.isEmpty()) {
            System.out.println("UNEXPECTED " + unexpected);
            System.exit(2);
        }
        return new WeakReference<>(loader);
    }

    private static KeyStore clientKeyStore(DemoPki pki) throws Exception {
        DemoPki.Identity client = pki.identity("client");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", client.key(), "pw".toCharArray(), client.chain().toArray(new Certificate[0]));
        return ks;
    }

    private static void dumpHeap(String file) {
        try {
            com.sun.management.HotSpotDiagnosticMXBean bean = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            bean.dumpHeap(file, true);
            System.out.println("heap dumped to " + file);
        } catch (Exception e) {
            System.out.println("no heap dump: " + e);
        }
    }

    /** Runs one request the way a servlet container does: the application's loader as context loader meanwhile. */
    private static final class AsApplication implements Callable<String> {
        private final ClassLoader loader;
        private final Callable<String> request;

        AsApplication(ClassLoader loader, Callable<String> request) {
            this.loader = loader;
            this.request = request;
        }

        @Override
        public String call() throws Exception {
            Thread t = Thread.currentThread();
            ClassLoader own = t.getContextClassLoader();
            t.setContextClassLoader(loader);
            try {
                return request.call();
            } finally {
                t.setContextClassLoader(own);
            }
        }
    }

    /**
     * Defines the web application's classes itself, from their class files, instead of asking its parent (which
     * could load them too, from the same class path, but never does).
     */
    static final class WebappLoader extends ClassLoader {

        WebappLoader(ClassLoader parent) {
            super("webapp", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(WEBAPP_PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes;
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        bytes = in.readAllBytes();
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
