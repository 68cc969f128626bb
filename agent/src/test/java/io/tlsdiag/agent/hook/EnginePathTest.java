package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.HandshakeFailure;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;

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
