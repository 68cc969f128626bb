package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.HandshakeFailure;
import org.junit.jupiter.api.Test;

import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On the JDK's own engine: when a close means "abandoned mid-handshake", and what explains it. */
class EnginePathTest {

    private static SSLEngine clientEngine() throws Exception {
        SSLEngine e = SSLContext.getDefault().createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        return e;
    }

    /** A client and a server engine that completed a handshake in memory: a fresh self-signed key, trusted. */
    private static SSLEngine[] connectedPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair key = g.generateKeyPair();
        X500Principal name = new X500Principal("CN=localhost");
        Instant now = Instant.now();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.ONE, Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(3600)), name,
                key.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key.getPrivate(), "pw".toCharArray(), new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
        SSLEngine client = clientContext.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        handshake(client, server);
        return new SSLEngine[] {client, server};
    }

    private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        for (int i = 0; i < 100 && !(done(client) && done(server)); i++) {
            step(client, toClient, toServer, app);
            step(server, toServer, toClient, app);
        }
        assertTrue(done(client) && done(server), "the handshake completed");
    }

    private static boolean done(SSLEngine e) {
        return e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                && !e.getSession().getCipherSuite().startsWith("SSL_NULL");
    }

    private static void step(SSLEngine e, ByteBuffer in, ByteBuffer out, ByteBuffer app) throws SSLException {
        SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
        if (s == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            Runnable task;
            while ((task = e.getDelegatedTask()) != null) {
                task.run();
            }
        } else if (s == SSLEngineResult.HandshakeStatus.NEED_WRAP
                || s == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && !done(e)) {
            e.wrap(ByteBuffer.allocate(0), out);
        } else if (s == SSLEngineResult.HandshakeStatus.NEED_UNWRAP && in.position() > 0) {
            in.flip();
            app.clear();
            e.unwrap(in, app);
            in.compact();
        }
    }

    private static void sendClientHello(SSLEngine e) throws SSLException {
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
    }

    @Test
    void anEngineNeverStartedIsNotAbandoned() throws Exception {
        assertFalse(EnginePath.midHandshake(clientEngine()));
    }

    @Test
    void anEngineWaitingForTheServerIsMidHandshake() throws Exception {
        SSLEngine e = clientEngine();
        sendClientHello(e);
        assertTrue(EnginePath.midHandshake(e));
    }

    @Test
    void anEngineWhoseCloseWasSentIsNotAbandonedAgain() throws Exception {
        SSLEngine e = clientEngine();
        sendClientHello(e);
        e.closeOutbound();
        // JSSE still has its user_canceled and close_notify to wrap (a second close then is deduplicated by the
        // connection's claim); once they are out, the outbound side is done.
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        for (int i = 0; i < 10 && !e.isOutboundDone(); i++) {
            out.clear();
            e.wrap(ByteBuffer.allocate(0), out);
        }
        assertTrue(e.isOutboundDone());
        assertFalse(EnginePath.midHandshake(e));
    }

    @Test
    void aClientEngineWhoseInboundSideClosesBeforeItsHelloMetThePeersEndOfStream() throws Exception {
        SSLEngine e = clientEngine();
        EnginePath.closing(e, true, true);
        EnginePath.Abandoned abandoned = EnginePath.closed();
        assertSame(e, abandoned.engine);
        assertTrue(abandoned.inboundFirst);
        assertTrue(abandoned.beforeClientHello);
    }

    @Test
    void aHandshakeNotBegunIsNotAFailureWhenItsLibraryClosesItOrItServes() throws Exception {
        // The library's own close (outbound first) of a connection it never used
        EnginePath.closing(clientEngine(), false, true);
        assertNull(EnginePath.closed());
        // A server engine meeting an end of stream before any hello: a load balancer's health check
        SSLEngine server = SSLContext.getDefault().createSSLEngine();
        server.setUseClientMode(false);
        EnginePath.closing(server, true, true);
        assertNull(EnginePath.closed());
        // Hooks not yet connected
        EnginePath.closing(clientEngine(), true, false);
        assertNull(EnginePath.closed());
    }

    @Test
    void anEngineWhoseHandshakeCompletedIsNotJudgedWhenThePeerCloses() throws Exception {
        SSLEngine[] pair = connectedPair();
        SSLEngine client = pair[0];
        assertFalse(client.getSession().getCipherSuite().startsWith("SSL_NULL"));
        assertFalse(client.isInboundDone() || client.isOutboundDone());
        EnginePath.closing(client, true, true);
        assertNull(EnginePath.closed(), "the end of an established connection");
    }

    @Test
    void aLibrarysOwnCloseInNettysOrderIsNotThePeers() throws Exception {
        SSLEngine e = clientEngine();
        // Netty closes the outbound side first, then the inbound one; the hooks run around each close
        EnginePath.closing(e, false, true);
        e.closeOutbound();
        assertNull(EnginePath.closed());
        assertTrue(e.isOutboundDone(), "JSSE: an engine that never began is done outbound once closed");
        EnginePath.closing(e, true, true);
        e.closeInbound();
        assertNull(EnginePath.closed());
    }

    @Test
    void anInboundCloseInsideAWrappersOutboundCloseIsTheLibrarys() throws Exception {
        SSLEngine wrapper = clientEngine();
        SSLEngine inner = clientEngine();
        EnginePath.closing(wrapper, false, true);
        EnginePath.closing(inner, true, true);
        assertNull(EnginePath.closed());
        assertNull(EnginePath.closed(), "the wrapper's closeOutbound began it: not the peer's end of stream");
    }

    @Test
    void aCloseBeforeTheHelloIsNotExplainedByAnotherConnectionsException() {
        EnginePath.libraryException(new SSLException("not an SSL/TLS record: 48545450") { });
        HandshakeFailure f = new HandshakeFailure();
        EnginePath.explainClosedBeforeHello(f);
        assertEquals(HandshakeFailure.Source.PEER_CLOSED, f.source);
        assertTrue(f.closedBeforeClientHello);
        assertNull(f.exception);
        HandshakeFailure next = new HandshakeFailure();
        EnginePath.explain(next, false);
        assertNull(next.exception, "the other connection's exception was dropped");
    }

    @Test
    void anEngineMidHandshakeIsNotBeforeItsHello() throws Exception {
        SSLEngine e = clientEngine();
        sendClientHello(e);
        EnginePath.closing(e, true, true);
        EnginePath.Abandoned abandoned = EnginePath.closed();
        assertSame(e, abandoned.engine);
        assertFalse(abandoned.beforeClientHello);
    }

    @Test
    void nestedClosesReportTheInnermostEngineOnceTheOutermostEnds() throws Exception {
        SSLEngine wrapper = clientEngine();
        SSLEngine inner = clientEngine();
        sendClientHello(wrapper);
        sendClientHello(inner);
        EnginePath.closing(wrapper, false, true);
        EnginePath.closing(inner, false, true);
        assertNull(EnginePath.closed(), "the inner close returns first: nothing yet");
        EnginePath.Abandoned abandoned = EnginePath.closed();
        assertSame(inner, abandoned.engine);
        assertFalse(abandoned.inboundFirst);
        assertNull(EnginePath.closed(), "the nesting is over");
    }

    @Test
    void aLibraryExceptionJustBeforeTheCloseSaysWhy() {
        EnginePath.libraryException(new SSLException("not an SSL/TLS record: 48545450") { });
        HandshakeFailure f = new HandshakeFailure();
        EnginePath.explain(f, false);
        assertEquals(HandshakeFailure.Source.ENGINE_EXCEPTION, f.source);
        assertTrue(f.exception.getMessage().startsWith("not an SSL/TLS record"));

        HandshakeFailure next = new HandshakeFailure();
        EnginePath.explain(next, false);
        assertEquals(HandshakeFailure.Source.ENGINE_ABANDONED, next.source, "a fact is used once");
        assertNull(next.exception);
    }

    @Test
    void anInboundSideClosedFirstIsThePeersEndOfStream() {
        HandshakeFailure f = new HandshakeFailure();
        EnginePath.explain(f, true);
        assertEquals(HandshakeFailure.Source.PEER_CLOSED, f.source);
    }

    @Test
    void theJdksOwnExceptionsAndTimeoutsAreNotReasons() {
        EnginePath.libraryException(new SSLException("JSSE's own"));
        HandshakeFailure f = new HandshakeFailure();
        EnginePath.explain(f, false);
        assertEquals(HandshakeFailure.Source.ENGINE_ABANDONED, f.source);

        EnginePath.libraryException(new SSLException("handshake timed out after 1500ms") { });
        HandshakeFailure timedOut = new HandshakeFailure();
        EnginePath.explain(timedOut, false);
        assertEquals(HandshakeFailure.Source.ENGINE_ABANDONED, timedOut.source);
        assertEquals("handshake timed out after 1500ms", timedOut.exception.getMessage());
    }
}
