package io.tlsdiag.agent.diagnosis;

import io.tlsdiag.agent.diagnosis.rules.Diagnoser;
import io.tlsdiag.demo.DemoPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;
import java.security.cert.X509Certificate;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent runs inside applications with any default locale. In Turkish, "i".toUpperCase() is "İ" (dotted) and
 * "I".toLowerCase() is "ı" (dotless): text and name comparisons must not depend on it.
 */
class LocaleIndependenceTest {

    private static DemoPki pki;
    private static X509TrustManager jdkTrustManager;
    private Locale saved;

    @BeforeAll
    static void pki() throws Exception {
        pki = new DemoPki();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(pki.trustStore());
        jdkTrustManager = (X509TrustManager) tmf.getTrustManagers()[0];
    }

    @BeforeEach
    void turkish() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        assertEquals("İ", "i".toUpperCase(), "the test needs a locale that upper-cases i differently");
    }

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    @Test
    void summariesStartWithAPlainCapitalLetter() {
        Verdict v = Diagnoser.diagnose(new Evidence(DiagnoserTest.validatedBy(jdkTrustManager,
                pki.identity("expired-intermediate").chain().toArray(new X509Certificate[0]))));
        assertEquals(Category.CERT_EXPIRED, v.category);
        assertTrue(v.summary.startsWith("Intermediate CA certificate #1"), v.summary);
    }

    @Test
    void hostNamesCompareIndependentlyOfTheLocale() throws Exception {
        X509Certificate cert = TestCertificates.selfSigned(new X500Principal("CN=INTRANET.EXAMPLE"),
                "DNS:INTRANET.EXAMPLE", "DNS:*.IO.EXAMPLE");
        assertTrue(HostnameMatcher.matches("intranet.example", cert));
        assertTrue(HostnameMatcher.matches("INTRANET.EXAMPLE", cert));
        assertTrue(HostnameMatcher.matches("api.io.example", cert));
    }
}
