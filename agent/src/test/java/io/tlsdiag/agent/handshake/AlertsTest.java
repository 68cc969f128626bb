package io.tlsdiag.agent.handshake;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertsTest {

    @Test
    void readsTheAlertFromBoringSslErrorStrings() {
        // As netty-tcnative words them (ReferenceCountedOpenSslEngine$OpenSslException messages)
        assertEquals("unknown_ca",
                Alerts.receivedInOpensslMessage("error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA"));
        assertEquals("bad_certificate",
                Alerts.receivedInOpensslMessage("error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE"));
        assertEquals("certificate_required", Alerts.receivedInOpensslMessage(
                "error:1000045c:SSL routines:OPENSSL_internal:TLSV13_ALERT_CERTIFICATE_REQUIRED"));
        assertEquals("protocol_version",
                Alerts.receivedInOpensslMessage("error:1000042e:SSL routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION"));
    }

    @Test
    void noAlertInOtherMessages() {
        assertNull(Alerts.receivedInOpensslMessage(null));
        assertNull(Alerts.receivedInOpensslMessage("General OpenSslEngine problem"));
        assertNull(Alerts.receivedInOpensslMessage("error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER"));
    }

    @Test
    void certificateRefusalsAreTheCertificateVerdicts() {
        assertTrue(Alerts.mentionsCertificateRefusal("...:TLSV13_ALERT_CERTIFICATE_REQUIRED"));
        assertTrue(Alerts.mentionsCertificateRefusal("...:SSLV3_ALERT_CERTIFICATE_EXPIRED"));
        assertFalse(Alerts.mentionsCertificateRefusal("...:TLSV1_ALERT_PROTOCOL_VERSION"));
        assertFalse(Alerts.mentionsCertificateRefusal("Connection reset by peer"));
    }
}
