package io.tlsdiag.agent.diagnosis;

import io.tlsdiag.agent.diagnosis.rules.Diagnoser;
import io.tlsdiag.agent.handshake.ClientAuthRecord;
import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.agent.handshake.TrustCheck;
import io.tlsdiag.demo.DemoPki;
import io.tlsdiag.demo.PinnedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rule against real evidence: certificates from the demo PKI and the verdicts of the JDK's own trust manager
 * (nothing of the JDK is mocked; only the handshake around it is left out, which the integration tests cover).
 */
class DiagnoserTest {

    static DemoPki pki;
    static X509TrustManager jdkTrustManager;

    @BeforeAll
    static void pki() throws Exception {
        pki = new DemoPki();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(pki.trustStore());
        jdkTrustManager = (X509TrustManager) tmf.getTrustManagers()[0];
    }

    /** What the agent records when the JDK trust manager validates {@code identity}'s chain as a client. */
    static HandshakeFailure validatedByJdk(String identity) {
        return validatedBy(jdkTrustManager, pki.identity(identity).chain().toArray(new X509Certificate[0]));
    }

    static HandshakeFailure validatedBy(X509TrustManager tm, X509Certificate[] chain) {
        Exception thrown = null;
        try {
            tm.checkServerTrusted(chain, "ECDHE_ECDSA");
        } catch (CertificateException | RuntimeException e) { // an empty trust store throws a RuntimeException
            thrown = e;
        }
        assertNotNull(thrown, "the JDK must reject this chain");
        TrustCheck check = new TrustCheck(chain, "ECDHE_ECDSA", true);
        check.add(tm, thrown);
        HandshakeFailure f = fatal("certificate_unknown", false, new SSLHandshakeException(thrown.getMessage()));
        f.exception.initCause(thrown);
        f.chain = chain;
        f.trustCheck = check;
        f.anchors = tm.getAcceptedIssuers();
        return f;
    }

    static HandshakeFailure fatal(String alert, boolean received, Throwable exception) {
        HandshakeFailure f = new HandshakeFailure();
        f.source = HandshakeFailure.Source.FATAL_ALERT;
        f.role = "client";
        f.peerHost = "localhost";
        f.peerPort = 8443;
        f.alert = alert;
        f.alertReceived = received;
        f.exception = exception;
        return f;
    }

    static Verdict diagnose(HandshakeFailure f) {
        return Diagnoser.diagnose(new Evidence(f));
    }

    @Test
    void expiredLeafIsReportedWithItsIndex() {
        Verdict v = diagnose(validatedByJdk("expired"));
        assertEquals(Category.CERT_EXPIRED, v.category);
        assertEquals(0, v.failingIndex);
        assertTrue(v.summary.contains("expired on"), v.summary);
        assertTrue(v.remediation.get(0).startsWith("On localhost:8443: renew"), v.remediation.get(0));
    }

    @Test
    void expiredIntermediateIsBlamedNotTheLeaf() {
        Verdict v = diagnose(validatedByJdk("expired-intermediate"));
        assertEquals(Category.CERT_EXPIRED, v.category);
        assertEquals(1, v.failingIndex);
        assertTrue(v.summary.startsWith("Intermediate CA certificate #1"), v.summary);
    }

    @Test
    void notYetValidLeafPointsAtTheClockFirst() {
        Verdict v = diagnose(validatedByJdk("not-yet-valid"));
        assertEquals(Category.CERT_NOT_YET_VALID, v.category);
        assertEquals(0, v.failingIndex);
        assertTrue(v.remediation.get(0).startsWith("Check the clocks"), v.remediation.get(0));
    }

    @Test
    void loneSelfSignedCertificateIsSelfSigned() {
        Verdict v = diagnose(validatedByJdk("self-signed"));
        assertEquals(Category.SELF_SIGNED, v.category);
        assertEquals(0, v.failingIndex);
    }

    @Test
    void chainEndingInAnUnknownRootIsUntrustedRoot() {
        Verdict v = diagnose(validatedByJdk("untrusted-root"));
        assertEquals(Category.UNTRUSTED_ROOT, v.category);
        assertEquals(1, v.failingIndex);
        assertTrue(v.summary.contains("CN=Unknown Private Root CA"), v.summary);
    }

    @Test
    void leafWithoutItsIntermediateIsIncompleteChain() {
        Verdict v = diagnose(validatedByJdk("incomplete-chain"));
        assertEquals(Category.INCOMPLETE_CHAIN, v.category);
        assertEquals(0, v.failingIndex);
        assertTrue(v.remediation.get(0).contains("CN=tlsdiag Demo Intermediate CA"), v.remediation.get(0));
    }

    @Test
    void identityFailureIsConfirmedAgainstTheLeaf() {
        X509Certificate[] chain = pki.identity("wrong-host").chain().toArray(new X509Certificate[0]);
        // The JDK's endpoint identification message (sun.security.util.HostnameChecker), as it arrives.
        CertificateException jdk = new CertificateException("No subject alternative DNS name matching localhost found.");
        TrustCheck check = new TrustCheck(chain, "ECDHE_ECDSA", true);
        check.add(jdkTrustManager, jdk);
        HandshakeFailure f = fatal("certificate_unknown", false, new SSLHandshakeException(jdk.getMessage()));
        f.chain = chain;
        f.trustCheck = check;
        f.anchors = jdkTrustManager.getAcceptedIssuers();
        Verdict v = diagnose(f);
        assertEquals(Category.HOSTNAME_MISMATCH, v.category);
        assertTrue(v.summary.contains("DNS:*.example.org"), v.summary);

        f.peerHost = "api.example.org"; // the wildcard covers it: the evidence no longer supports a mismatch
        assertTrue(diagnose(f).category != Category.HOSTNAME_MISMATCH);
    }

    @Test
    void applicationTrustManagerRejectionIsCustomTrustRejected() {
        HandshakeFailure f = validatedBy(new PinnedTrustManager("00"),
                pki.identity("good").chain().toArray(new X509Certificate[0]));
        Verdict v = diagnose(f);
        assertEquals(Category.CUSTOM_TRUST_REJECTED, v.category);
        assertTrue(v.summary.contains("io.tlsdiag.demo.PinnedTrustManager"), v.summary);
    }

    @Test
    void emptyTrustStoreIsTrustStoreProblem() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(empty);
        HandshakeFailure f = validatedBy((X509TrustManager) tmf.getTrustManagers()[0],
                pki.identity("good").chain().toArray(new X509Certificate[0]));
        assertEquals(Category.TRUSTSTORE_PROBLEM, diagnose(f).category);
    }

    @Test
    void protocolVersionAlertIsProtocolVersionMismatch() {
        HandshakeFailure f = fatal("protocol_version", true,
                new SSLHandshakeException("Received fatal alert: protocol_version"));
        f.enabledProtocols = new String[] {"TLSv1.3", "TLSv1.2"};
        Verdict v = diagnose(f);
        assertEquals(Category.PROTOCOL_VERSION_MISMATCH, v.category);
        assertTrue(v.summary.contains("[TLSv1.3, TLSv1.2]"), v.summary);
        assertNull(v.failingIndex);
    }

    @Test
    void handshakeFailureBeforeAnyCertificateIsNoCommonCipher() {
        Verdict v = diagnose(fatal("handshake_failure", true,
                new SSLHandshakeException("Received fatal alert: handshake_failure")));
        assertEquals(Category.NO_COMMON_CIPHER, v.category);
    }

    @Test
    void handshakeFailureAfterACertificateRequestWithNoneSentIsClientCertRequired() {
        HandshakeFailure f = fatal("handshake_failure", true,
                new SSLHandshakeException("Received fatal alert: handshake_failure"));
        f.clientAuth = new ClientAuthRecord("sun.security.ssl.SunX509KeyManagerImpl", null);
        assertEquals(Category.CLIENT_CERT_REQUIRED, diagnose(f).category);
        f.clientAuth = new ClientAuthRecord("sun.security.ssl.SunX509KeyManagerImpl", "me");
        f.alert = "unknown_ca";
        assertEquals(Category.CLIENT_CERT_REJECTED, diagnose(f).category);
    }

    @Test
    void plaintextAnswerIsNotTls() {
        Verdict v = diagnose(fatal("unexpected_message", false,
                new SSLException("Unsupported or unrecognized SSL message")));
        assertEquals(Category.NOT_TLS, v.category);
    }

    @Test
    void peerClosingWithoutAlertIsConnectionClosed() {
        SSLHandshakeException e = new SSLHandshakeException("Remote host terminated the handshake");
        e.initCause(new EOFException("SSL peer shut down incorrectly"));
        assertEquals(Category.CONNECTION_CLOSED, diagnose(fatal("handshake_failure", false, e)).category);
    }

    @Test
    void aClientSendingNoCertificateToATls13ServerIsClientCertRequiredByItsAlert() {
        HandshakeFailure f = fatal("certificate_required", false, new SSLHandshakeException("reworded by some JDK"));
        f.role = "server";
        assertEquals(Category.CLIENT_CERT_REQUIRED, diagnose(f).category);
        f.alert = "bad_certificate"; // TLS 1.2: the same alert as for a refused certificate, so only the message tells
        assertEquals(Category.UNKNOWN, diagnose(f).category);
        f.exception = new SSLHandshakeException("Empty client certificate chain");
        assertEquals(Category.CLIENT_CERT_REQUIRED, diagnose(f).category);
    }

    @Test
    void anEmptyAnchorSetIsTrustStoreProblemByTheValidatorsExceptionNotByAMessageAlone() {
        String text = "Unexpected error: java.security.InvalidAlgorithmParameterException: the trustAnchors "
                + "parameter must be non-empty";
        HandshakeFailure byMessage = fatal("internal_error", false, new SSLException(text));
        assertEquals(Category.UNKNOWN, diagnose(byMessage).category);
        HandshakeFailure byValidator = fatal("internal_error", false, new SSLException(text,
                new RuntimeException(text, new InvalidAlgorithmParameterException(
                        "the trustAnchors parameter must be non-empty"))));
        assertEquals(Category.TRUSTSTORE_PROBLEM, diagnose(byValidator).category);
    }

    @Test
    void httpClientSeeingThePeerCloseIsConnectionClosedWhateverTheMessage() {
        HandshakeFailure f = fatal(null, false, new SSLHandshakeException("reworded by some JDK"));
        f.source = HandshakeFailure.Source.PEER_CLOSED;
        assertEquals(Category.CONNECTION_CLOSED, diagnose(f).category);
    }

    @Test
    void aPeerClosingBeforeTheClientHelloIsConnectionClosedThatSaysNoTlsWasExchanged() {
        HandshakeFailure f = fatal(null, false, null);
        f.source = HandshakeFailure.Source.PEER_CLOSED;
        f.closedBeforeClientHello = true;
        Verdict v = diagnose(f);
        assertEquals(Category.CONNECTION_CLOSED, v.category);
        assertEquals(Boolean.TRUE, v.evidence.get("beforeClientHello"));
        assertTrue(v.summary.contains("before this client sent its TLS hello"), v.summary);

        f.closedBeforeClientHello = false;
        Verdict during = diagnose(f);
        assertEquals(Category.CONNECTION_CLOSED, during.category);
        assertNull(during.evidence.get("beforeClientHello"), "only a close known to precede the hello says so");
    }

    @Test
    void readTimeoutIsHandshakeTimeout() {
        HandshakeFailure f = new HandshakeFailure();
        f.source = HandshakeFailure.Source.HANDSHAKE_TIMEOUT;
        f.exception = new SocketTimeoutException("Read timed out");
        assertEquals(Category.HANDSHAKE_TIMEOUT, diagnose(f).category);
    }

    @Test
    void anyOtherReceivedAlertIsPeerAlert() {
        Verdict v = diagnose(fatal("illegal_parameter", true,
                new SSLHandshakeException("Received fatal alert: illegal_parameter")));
        assertEquals(Category.PEER_ALERT, v.category);
        assertTrue(v.summary.contains("illegal_parameter"));
    }

    @Test
    void noEvidenceAtAllIsUnknownAndSaysWhatHappened() {
        Verdict v = diagnose(fatal("internal_error", false, new SSLException("something odd")));
        assertEquals(Category.UNKNOWN, v.category);
        assertTrue(v.summary.contains("something odd"));
    }

    @Test
    void noRemediationEverSuggestsTurningVerificationOff() {
        for (String id : new String[] {"expired", "self-signed", "untrusted-root", "incomplete-chain"}) {
            for (String r : diagnose(validatedByJdk(id)).remediation) {
                String lower = r.toLowerCase();
                assertTrue(!lower.contains("trust all") && !(lower.contains("disable") && !lower.contains("do not")),
                        r);
            }
        }
    }
}
