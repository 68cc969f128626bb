package io.tlsdiag.demo.bench;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/**
 * Full TLS handshakes between two {@link SSLEngine}s in memory, on one thread: the engine path's cost without any
 * network in the way. The client uses the JVM's default context (its trust store), the server a PKCS#12 key store.
 */
final class EngineHandshakes {

    private final SSLContext client;
    private final SSLContext server;

    EngineHandshakes(Path keyStore, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        client = SSLContext.getDefault();
    }

    void handshake() throws SSLException {
        SSLEngine c = client.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLParameters p = c.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        c.setSSLParameters(p);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        int size = Math.max(c.getSession().getPacketBufferSize(), s.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(size * 4);
        ByteBuffer toClient = ByteBuffer.allocate(size * 4);
        ByteBuffer app = ByteBuffer.allocate(size * 4);
        ByteBuffer empty = ByteBuffer.allocate(0);
        c.beginHandshake();
        s.beginHandshake();
        for (int steps = 0; !(done(c) && done(s)); steps++) {
            if (steps > 1000) {
                throw new SSLException("handshake did not finish: " + c.getHandshakeStatus() + "/" + s.getHandshakeStatus());
            }
            step(c, empty, toServer, toClient, app);
            step(s, empty, toClient, toServer, app);
        }
        c.getSession().invalidate();
        // As libraries do when a connection ends: the agent's close hooks run on every connection.
        c.closeOutbound();
        s.closeOutbound();
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus h = e.getHandshakeStatus();
        return h == HandshakeStatus.NOT_HANDSHAKING || h == HandshakeStatus.FINISHED;
    }

    /** One move of one engine: produce what it must send, consume what it was sent, run its tasks. */
    private static void step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws SSLException {
        switch (e.getHandshakeStatus()) {
            case NEED_WRAP -> e.wrap(empty, out);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                e.unwrap(in, app);
                in.compact();
                app.clear();
            }
            case NEED_TASK -> {
                Runnable task;
                while ((task = e.getDelegatedTask()) != null) {
                    task.run();
                }
            }
            default -> {
            }
        }
    }
}
