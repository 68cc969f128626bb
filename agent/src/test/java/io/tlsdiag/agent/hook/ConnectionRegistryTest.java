package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.ClientAuthRecord;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import java.lang.ref.WeakReference;
import java.security.Principal;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections are told apart by identity. SSLSession implementations (the JDK's, and the wrappers OkHttp and others
 * hand to HostnameVerifiers) compare by session ID: a resumed session, or any two with an empty ID, are equal().
 */
class ConnectionRegistryTest {

    @Test
    void twoEqualSessionsAreTwoConnections() {
        ConnectionRegistry registry = new ConnectionRegistry();
        SSLSession first = new IdSession(new byte[0]);
        SSLSession second = new IdSession(new byte[0]);
        assertEquals(first, second, "the test needs sessions that are equal() but distinct");
        assertNotSame(first, second);

        assertTrue(registry.claimReport(first));
        assertTrue(registry.claimReport(second), "the second connection's failure must get its own incident");
        assertFalse(registry.claimReport(first));
        assertFalse(registry.claimReport(second));
    }

    @Test
    void factsOfOneConnectionDoNotLeakToAnEqualOne() {
        ConnectionRegistry registry = new ConnectionRegistry();
        SSLSession resumed = new IdSession(new byte[] {1, 2, 3});
        SSLSession original = new IdSession(new byte[] {1, 2, 3});
        ClientAuthRecord none = new ClientAuthRecord("km", null);
        registry.recordClientAuth(original, none);
        Throwable origin = new Throwable();
        registry.recordOrigin(original, origin);

        assertSame(none, registry.clientAuth(original));
        assertSame(origin, registry.origin(original));
        assertNull(registry.clientAuth(resumed));
        assertNull(registry.origin(resumed));
    }

    @Test
    void aCollectedConnectionLeavesNothingBehind() throws Exception {
        ConnectionRegistry registry = new ConnectionRegistry();
        Object connection = new Object();
        Throwable origin = new Throwable();
        registry.recordOrigin(connection, origin);
        registry.claimReport(connection);
        WeakReference<Throwable> originRef = new WeakReference<>(origin);
        connection = null;
        origin = null;
        // The state (and the origin's backtrace, which pins the classes of its frames) must go with the connection,
        // without waiting for some later use of the registry.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (originRef.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(originRef.get(), "the registry kept the state of a collected connection");
    }

    /** An SSLSession that, like the JDK's, is equal to any other with the same ID. */
    private static final class IdSession implements SSLSession {
        private final byte[] id;

        IdSession(byte[] id) {
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdSession && Arrays.equals(id, ((IdSession) o).id);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id);
        }

        @Override public byte[] getId() { return id.clone(); }
        @Override public SSLSessionContext getSessionContext() { return null; }
        @Override public long getCreationTime() { return 0; }
        @Override public long getLastAccessedTime() { return 0; }
        @Override public void invalidate() { }
        @Override public boolean isValid() { return true; }
        @Override public void putValue(String name, Object value) { }
        @Override public Object getValue(String name) { return null; }
        @Override public void removeValue(String name) { }
        @Override public String[] getValueNames() { return new String[0]; }
        @Override public Certificate[] getPeerCertificates() { return new Certificate[0]; }
        @Override public Certificate[] getLocalCertificates() { return null; }
        @Override public Principal getPeerPrincipal() { return null; }
        @Override public Principal getLocalPrincipal() { return null; }
        @Override public String getCipherSuite() { return "TLS_AES_128_GCM_SHA256"; }
        @Override public String getProtocol() { return "TLSv1.3"; }
        @Override public String getPeerHost() { return "localhost"; }
        @Override public int getPeerPort() { return 443; }
        @Override public int getPacketBufferSize() { return 16709; }
        @Override public int getApplicationBufferSize() { return 16384; }
    }
}
