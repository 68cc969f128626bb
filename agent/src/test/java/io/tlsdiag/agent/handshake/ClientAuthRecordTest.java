package io.tlsdiag.agent.handshake;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientAuthRecordTest {

    private static ClientAuthRecord requested(String protocol) {
        ClientAuthRecord r = new ClientAuthRecord("km", "client");
        r.protocol = protocol;
        return r;
    }

    @Test
    void aWriteFailingJustAfterATls13HandshakeCanBeTheRefusal() {
        ClientAuthRecord r = requested("TLSv1.3");
        assertTrue(r.droppedConnectionIsRefusalAt(r.chosenAtNanos + 1_000_000_000L));
    }

    @Test
    void aTls12ServerRefusesInsideTheHandshakeSoALaterWriteFailureIsSomethingElse() {
        ClientAuthRecord r = requested("TLSv1.2");
        assertFalse(r.droppedConnectionIsRefusalAt(r.chosenAtNanos + 1_000_000L));
        assertFalse(requested(null).droppedConnectionIsRefusalAt(r.chosenAtNanos));
    }

    @Test
    void aWriteFailingLongAfterTheHandshakeIsTheConnectionEndingForAnotherReason() {
        ClientAuthRecord r = requested("TLSv1.3");
        assertFalse(r.droppedConnectionIsRefusalAt(r.chosenAtNanos + 60_000_000_000L));
    }
}
