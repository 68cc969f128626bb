package io.tlsdiag.agent.install;

import io.tlsdiag.agent.util.AgentLog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.FutureTask;

/**
 * Weaves the JDK's TLS classes before the JVM loads them. At launch a background thread reads their class files
 * from the runtime image and weaves them, in parallel with the application's startup; when the JVM then loads one,
 * the transformer hands over the prepared bytes if the class file is the same one (it always is, unless another
 * agent changed it first, in which case the bytes are woven then). A thread that needs a class still in preparation
 * waits for it instead of weaving it twice.
 */
final class PreWeaver {

    /** The JDK classes every TLS application loads, most important first; missing ones are skipped. */
    static final String[] JDK_CLASSES = {
            "sun/security/ssl/TransportContext", "sun/security/ssl/X509TrustManagerImpl",
            "sun/security/ssl/SSLSocketImpl", "sun/security/ssl/SSLSocketImpl$AppOutputStream",
            "sun/security/ssl/AbstractTrustManagerWrapper", "sun/security/ssl/SunX509KeyManagerImpl",
            "sun/security/ssl/X509KeyManagerImpl", "javax/net/ssl/X509ExtendedKeyManager",
            "sun/security/ssl/SSLEngineImpl", "javax/net/ssl/HttpsURLConnection$DefaultHostnameVerifier",
            "jdk/internal/net/http/common/SSLTube", "jdk/internal/net/http/MultiExchange",
            "sun/net/www/protocol/https/HttpsClient",
            "javax/net/ssl/SSLException"};

    private static final class Prepared {
        final byte[] original;
        final byte[] woven;

        Prepared(byte[] original, byte[] woven) {
            this.original = original;
            this.woven = woven;
        }
    }

    private final ConcurrentMap<String, FutureTask<Prepared>> prepared = new ConcurrentHashMap<String, FutureTask<Prepared>>();


    /** Runs on the warm-up thread. */
    void prepareAll() {
        for (final String name : JDK_CLASSES) {
            FutureTask<Prepared> task = new FutureTask<Prepared>(new Callable<Prepared>() {
                @Override
                public Prepared call() throws Exception {
                    return prepare(name);
                }
            });
            if (prepared.putIfAbsent(name, task) == null) {
                long start = System.nanoTime();
                task.run();
                if (AgentLog.debug()) {
                    AgentLog.info("prepared " + name.replace('/', '.') + " in " + (System.nanoTime() - start) / 1000
                            + " us");
                }
            }
        }
    }

    private Prepared prepare(String name) throws Exception {
        // The system class loader delegates to the platform and boot loaders, where these classes live; a class file
        // is a resource no module encapsulates.
        InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class");
        if (in == null) {
            return null;
        }
        byte[] original = readAll(in);
        List<HookPoint> points = ClassSelector.select(name, original);
        return new Prepared(original, points.isEmpty() ? null : Weaver.weave(name, original, points));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            in.close();
        }
    }

    /**
     * The prepared woven bytes for this class file, or {@code NOT_PREPARED} when there are none to use (another
     * class file, or a class that was never prepared).
     */
    byte[] lookup(String name, byte[] original) {
        FutureTask<Prepared> task = prepared.get(name);
        if (task == null) {
            return NOT_PREPARED;
        }
        task.run(); // no-op when already done or running; then get() waits for the running one
        try {
            Prepared p = task.get();
            if (p != null && Arrays.equals(p.original, original)) {
                return p.woven;
            }
        } catch (Exception e) {
            AgentLog.failure("preparing " + name.replace('/', '.'), e);
        }
        return NOT_PREPARED;
    }

    static final byte[] NOT_PREPARED = new byte[0];
}
