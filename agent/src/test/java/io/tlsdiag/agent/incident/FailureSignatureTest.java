package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.demo.DemoPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What counts as a repeat of a failure. */
class FailureSignatureTest {

    private static DemoPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = new DemoPki();
    }

    private static HandshakeFailure failure(String role, String address, int port, String identity) {
        HandshakeFailure f = new HandshakeFailure();
        f.source = HandshakeFailure.Source.FATAL_ALERT;
        f.role = role;
        f.peerHost = "localhost";
        f.peerAddress = address;
        f.peerPort = port;
        f.alert = "certificate_expired";
        f.alertReceived = true;
        f.exception = new SSLHandshakeException("Received fatal alert: certificate_expired");
        f.chain = pki.identity(identity).chain().toArray(new X509Certificate[0]);
        return f;
    }

    @Test
    void aServerCountsOneClientAddressAsOnePeerWhateverItsEphemeralPort() {
        assertEquals(FailureSignature.of(failure("server", "127.0.0.1", 40001, "expired")),
                FailureSignature.of(failure("server", "127.0.0.1", 40002, "expired")));
    }

    @Test
    void aServerTellsClientAddressesApart() {
        assertNotEquals(FailureSignature.of(failure("server", "127.0.0.1", 40001, "expired")),
                FailureSignature.of(failure("server", "127.0.0.2", 40001, "expired")));
    }

    @Test
    void aClientTellsPortsOfTheSameHostApart() {
        assertNotEquals(FailureSignature.of(failure("client", "127.0.0.1", 8443, "expired")),
                FailureSignature.of(failure("client", "127.0.0.1", 9443, "expired")));
    }

    @Test
    void theWholeChainCountsNotJustTheLeaf() {
        HandshakeFailure full = failure("client", "127.0.0.1", 8443, "expired");
        assertTrue(full.chain.length > 1, "the expired peer sends its intermediate");
        HandshakeFailure otherIntermediate = failure("client", "127.0.0.1", 8443, "expired");
        otherIntermediate.chain = full.chain.clone();
        otherIntermediate.chain[1] = pki.identity("self-signed").leaf();
        assertNotEquals(FailureSignature.of(full), FailureSignature.of(otherIntermediate));
        assertEquals(FailureSignature.of(full), FailureSignature.of(failure("client", "127.0.0.1", 8443, "expired")));
    }

    @Test
    void anotherReasonIsAnotherFailure() {
        HandshakeFailure a = failure("client", "127.0.0.1", 8443, "expired");
        HandshakeFailure b = failure("client", "127.0.0.1", 8443, "expired");
        b.alert = "bad_certificate";
        assertNotEquals(FailureSignature.of(a), FailureSignature.of(b));
    }

    @Test
    void aPeerClosingBeforeTheHelloIsAnotherFailureThanOneClosingDuringTheHandshake() {
        HandshakeFailure during = failure("client", "127.0.0.1", 8443, "expired");
        during.source = HandshakeFailure.Source.PEER_CLOSED;
        HandshakeFailure before = failure("client", "127.0.0.1", 8443, "expired");
        before.source = HandshakeFailure.Source.PEER_CLOSED;
        before.closedBeforeClientHello = true;
        assertNotEquals(FailureSignature.of(during), FailureSignature.of(before), "their diagnoses differ");
    }
}
