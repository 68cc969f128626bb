package io.tlsdiag.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets the hooks be installed on a background thread without missing the first handshake.
 *
 * <p>Building the ByteBuddy agent costs a few hundred milliseconds of class loading. Instead of making every
 * application wait for that in {@code premain}, the installer runs in parallel with the application's own startup,
 * and this transformer (plain JDK API, nothing to load) holds back only a thread that is about to use TLS: it waits
 * when the JSSE context class is first loaded, until the hooks are live or a bounded timeout passes. Applications
 * that do TLS later than that never wait at all.
 */
final class StartupGate implements ClassFileTransformer {

    /** Every handshake needs an SSLContextImpl, so its first load is the latest moment the hooks must be live. */
    static final String GATED_CLASS = "sun/security/ssl/SSLContextImpl";

    private final CountDownLatch installed = new CountDownLatch(1);
    private final long timeoutMillis;
    private volatile Thread installerThread;

    StartupGate(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    void setInstallerThread(Thread thread) {
        this.installerThread = thread;
    }

    void open() {
        installed.countDown();
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (installed.getCount() == 0 || classBeingRedefined != null || !GATED_CLASS.equals(className)
                || Thread.currentThread() == installerThread) {
            return null;
        }
        try {
            installed.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
