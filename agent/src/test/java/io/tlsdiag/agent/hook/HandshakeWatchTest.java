package io.tlsdiag.agent.hook;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** On the JDK's own engines, the clock given: which engines a look reports as stalled, and which it drops. */
class HandshakeWatchTest {

    private static final long SECOND = 1000000000L;

    private static SSLEngine engine(boolean client) throws Exception {
        SSLEngine e = SSLContext.getDefault().createSSLEngine("localhost", 443);
        e.setUseClientMode(client);
        return e;
    }

    private static SSLEngine waitingForTheServer() throws Exception {
        SSLEngine e = engine(true);
        e.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(e.getSession().getPacketBufferSize())); // its ClientHello
        return e;
    }

    @Test
    void anEngineStillMidHandshakeAStallAfterALookSawItSoIsReportedOnce() throws Exception {
        HandshakeWatch watch = new HandshakeWatch();
        SSLEngine e = waitingForTheServer();
        watch.created(e);
        assertEquals(List.of(), watch.stalled(10 * SECOND, 5 * SECOND), "the first look only notes it");
        assertEquals(List.of(), watch.stalled(14 * SECOND, 5 * SECOND));
        assertEquals(List.of(e), watch.stalled(15 * SECOND, 5 * SECOND));
        assertEquals(0, watch.size());
        assertEquals(List.of(), watch.stalled(30 * SECOND, 5 * SECOND), "reported once");
    }

    @Test
    void anEngineNotBegunIsWatchedUntilItBeginsAndItsStallCountsFromThen() throws Exception {
        HandshakeWatch watch = new HandshakeWatch();
        SSLEngine e = engine(true);
        watch.created(e);
        assertEquals(List.of(), watch.stalled(10 * SECOND, 5 * SECOND));
        assertEquals(List.of(), watch.stalled(20 * SECOND, 5 * SECOND), "a connection not used yet");
        assertEquals(1, watch.size());
        e.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(e.getSession().getPacketBufferSize()));
        assertEquals(List.of(), watch.stalled(21 * SECOND, 5 * SECOND));
        assertEquals(List.of(e), watch.stalled(26 * SECOND, 5 * SECOND));
    }

    @Test
    void closedAndServerEnginesAreDroppedWithoutAReport() throws Exception {
        HandshakeWatch watch = new HandshakeWatch();
        SSLEngine closedByItsLibrary = waitingForTheServer();
        SSLEngine server = engine(false);
        watch.created(closedByItsLibrary);
        watch.created(server);
        try {
            closedByItsLibrary.closeInbound(); // mid-handshake: JSSE fails it, a failure the close hooks own
        } catch (SSLException expected) {
            // "closing inbound before receiving peer's close_notify"
        }
        assertEquals(List.of(), watch.stalled(10 * SECOND, 5 * SECOND));
        assertEquals(0, watch.size());
    }

    @Test
    void beyondTheCapNewEnginesAreNotWatched() throws Exception {
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
