package io.tlsdiag.agent.hook;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On the JDK's own engines, the clock given: which engines a look reports as stalled, and which it drops. */
class HandshakeWatchTest {

    private static final long SECOND = 1000000000L;

    private static SSLEngine engine(boolean client) throws Exception {
        SSLEngine e = SSLContext.getDefault().createSSLEngine("localhost", 443);
        e.setUseClientMode(client);
        return e;
    }

    private static void sendClientHello(SSLEngine e) throws SSLException {
        e.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(e.getSession().getPacketBufferSize()));
    }

    private static SSLEngine waitingForTheServer() throws Exception {
        SSLEngine e = engine(true);
        sendClientHello(e);
        return e;
    }

    private static HandshakeWatch.Clock at(long seconds) {
        return () -> seconds * SECOND;
    }

    @Test
    void anEngineWaitingForTheSameThingAStallAfterALookSawItIsReportedOnce() throws Exception {
        HandshakeWatch watch = new HandshakeWatch();
        SSLEngine e = waitingForTheServer();
        watch.created(e);
        assertEquals(List.of(), watch.stalled(5 * SECOND, at(10)), "the first look only notes it");
        assertEquals(List.of(), watch.stalled(5 * SECOND, at(14)));
        assertEquals(List.of(e), watch.stalled(5 * SECOND, at(15)));
        assertEquals(0, watch.size());
        assertEquals(List.of(), watch.stalled(5 * SECOND, at(30)), "reported once");
    }

    @Test
    void anEngineNotBegunIsWatchedUntilItBeginsAndItsTimeRunsFromThen() throws Exception {
        HandshakeWatch watch = new HandshakeWatch();
        SSLEngine e = engine(true);
        watch.created(e);
        assertEquals(List.of(), watch.stalled(5 * SECOND, at(10)));
        assertEquals(List.of(), watch.stalled(5 * SECOND, at(20)), "a connection not used yet");
        assertEquals(1, watch.size());
        sendClientHello(e);
        assertEquals(List.of(), watch.stalled(5 * SECOND, at(21)));
        assertEquals(List.of(), watch.stalled(5 * SECOND, at(25)));
        assertEquals(List.of(e), watch.stalled(5 * SECOND, at(26)));
    }

    @Test
    void closedAndServerEnginesAreDroppedWithoutAReport() throws Exception {
        HandshakeWatch watch = new HandshakeWatch();
        SSLEngine closedByItsLibrary = waitingForTheServer();
        SSLEngine server = engine(false);
        server.beginHandshake(); // mid-handshake, waiting for a ClientHello: a server's, so not watched
        watch.created(closedByItsLibrary);
        watch.created(server);
        assertEquals(2, watch.size());
        try {
            closedByItsLibrary.closeInbound(); // mid-handshake: JSSE fails it, a failure the close hooks own
        } catch (SSLException expected) {
            // "closing inbound before receiving peer's close_notify"
        }
        assertEquals(List.of(), watch.stalled(5 * SECOND, at(10)));
        assertEquals(0, watch.size());
    }

    @Test
    void onlyAProvidersOwnEnginesAreWatchedUpToTheCap() throws Exception {
        assertTrue(HandshakeWatch.isProvidersEngine(engine(true)));
        assertFalse(HandshakeWatch.isProvidersEngine("not an engine"));
        HandshakeWatch watch = new HandshakeWatch();
        SSLEngine first = engine(true);
        for (int i = 0; i < HandshakeWatch.MAX_WATCHED; i++) {
            watch.created(first);
        }
        watch.created(engine(true));
        assertEquals(HandshakeWatch.MAX_WATCHED, watch.size());
        watch.created("not an engine");
        assertEquals(HandshakeWatch.MAX_WATCHED, watch.size());
    }
}
