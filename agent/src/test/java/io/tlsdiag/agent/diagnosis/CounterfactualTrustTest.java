package io.tlsdiag.agent.diagnosis;

import io.tlsdiag.agent.diagnosis.rules.Diagnoser;
import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.demo.DemoPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.text.SimpleDateFormat;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counterfactual trust against real certificates and the JDK's own validator, with trust sources laid out in temporary
 * directories: a "java.home" whose lib/security holds cacerts (or jssecacerts), and OS stores given as a PEM bundle,
 * a directory of PEM files, or a key store. The machine's own stores are never read.
 */
class CounterfactualTrustTest {

    @TempDir
    static Path tmp;

    static DemoPki pki;
    static X509TrustManager demoTrust;

    @BeforeAll
    static void pki() throws Exception {
        pki = new DemoPki();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(pki.trustStore());
        demoTrust = (X509TrustManager) tmf.getTrustManagers()[0];
    }

    /** A java.home-like directory whose lib/security/{file} is a PKCS12 store of {@code certs}. */
    static Path javaHome(String name, String file, X509Certificate... certs) throws Exception {
        Path security = Files.createDirectories(tmp.resolve(name).resolve("lib").resolve("security"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < certs.length; i++) {
            ks.setCertificateEntry("ca" + i, certs[i]);
        }
        try (OutputStream out = Files.newOutputStream(security.resolve(file))) {
            ks.store(out, "changeit".toCharArray());
        }
        return tmp.resolve(name);
    }

    static String pem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    static Path bundle(String name, X509Certificate... certs) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            sb.append("# ").append(c.getSubjectX500Principal().getName()).append('\n').append(pem(c)).append('\n');
        }
        return Files.writeString(tmp.resolve(name), sb.toString());
    }

    static Verdict diagnose(HandshakeFailure f, OtherTrustSources sources) {
        Evidence e = new Evidence(f);
        e.otherTrustSources(sources);
        return Diagnoser.diagnose(e);
    }

    static HandshakeFailure rejectedByDemoTrust(X509Certificate... chain) {
        return DiagnoserTest.validatedBy(demoTrust, chain);
    }

    static X509Certificate[] untrustedRootChain() {
        return pki.identity("untrusted-root").chain().toArray(new X509Certificate[0]);
    }

    @Test
    void jdkDefaultStoreThatTrustsTheChainMeansTheCustomStoreReplacedThePublicRoots() throws Exception {
        Path home = javaHome("home-trusting", "cacerts", pki.otherRoot, pki.root);
        OtherTrustSources sources = new OtherTrustSources(home.toString(), OtherTrustSources.NONE, "Linux");
        Verdict v = diagnose(rejectedByDemoTrust(untrustedRootChain()), sources);
        assertEquals(Category.TRUST_STORE_MISSING_ROOT, v.category, v.summary);
        assertEquals(List.of(OtherTrustSources.JDK_DEFAULT), v.evidence.get("alsoTrustedBy"));
        assertEquals("custom-store-replaced-public-roots", v.evidence.get("trustStoreCase"));
        assertTrue(v.summary.contains("CN=Unknown Private Root CA"), v.summary);
        assertTrue(v.summary.contains(home.resolve("lib/security/cacerts").toString()), v.summary);
        assertTrue(v.remediation.get(0).contains("composite trust manager"), v.remediation.get(0));
        Map<?, ?> missing = (Map<?, ?>) v.evidence.get("missingRoot");
        assertEquals(Certs.sha256(pki.otherRoot), missing.get("sha256"));
    }

    @Test
    void jssecacertsWinsOverCacertsAsTheJdkDefault() throws Exception {
        Path home = javaHome("home-jsse", "cacerts", pki.otherRoot);
        javaHome("home-jsse", "jssecacerts", pki.root);
        OtherTrustSources.Source s = new OtherTrustSources(home.toString(), "none", "Linux").jdkDefault();
        assertTrue(s.location.endsWith("jssecacerts"), s.location);
        assertEquals(1, s.certificates.size());
    }

    @Test
    void theJdkDefaultIsNotClaimedWhenItIsTheStoreInUse() throws Exception {
        // The store in use holds exactly the JDK default's anchors: it is that store, compared with nothing.
        Path home = javaHome("home-in-use", "cacerts", pki.root);
        Path os = bundle("os-with-other-root.pem", pki.otherRoot);
        Verdict v = diagnose(rejectedByDemoTrust(untrustedRootChain()),
                new OtherTrustSources(home.toString(), os.toString(), "Linux"));
        assertEquals(Category.TRUST_STORE_MISSING_ROOT, v.category, v.summary);
        assertEquals(List.of(OtherTrustSources.OS), v.evidence.get("alsoTrustedBy"));
        List<?> compared = (List<?>) v.evidence.get("trustSources");
        assertEquals(1, compared.size(), "the store in use is not compared with itself: " + compared);
        String released = System.getProperty("java.version.date");
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        boolean newer = released != null && pki.otherRoot.getNotBefore().after(f.parse(released));
        assertEquals(newer ? "outdated-jdk-cacerts" : "root-only-in-os", v.evidence.get("trustStoreCase"));
    }

    @Test
    void aPrivateRootOnlyTheOsTrustsIsRootOnlyInOs() throws Exception {
        Path home = javaHome("home-unrelated", "cacerts", TestCertificates.selfSigned(new X500Principal("CN=Other")));
        Path os = bundle("os-bundle.pem", pki.root, pki.otherRoot);
        Verdict v = diagnose(rejectedByDemoTrust(untrustedRootChain()),
                new OtherTrustSources(home.toString(), os.toString(), "Linux"));
        assertEquals(Category.TRUST_STORE_MISSING_ROOT, v.category, v.summary);
        assertEquals("root-only-in-os", v.evidence.get("trustStoreCase"));
        assertEquals(List.of(OtherTrustSources.OS), v.evidence.get("alsoTrustedBy"));
        assertTrue(v.summary.contains("OS trust store " + os), v.summary);
    }

    @Test
    void nothingElseTrustingTheChainLeavesAlsoTrustedByEmpty() throws Exception {
        Path home = javaHome("home-none", "cacerts", TestCertificates.selfSigned(new X500Principal("CN=Other")));
        Path os = bundle("os-unrelated.pem", pki.root, TestCertificates.selfSigned(new X500Principal("CN=Else")));
        Verdict v = diagnose(rejectedByDemoTrust(untrustedRootChain()),
                new OtherTrustSources(home.toString(), os.toString(), "Linux"));
        assertEquals(Category.UNTRUSTED_ROOT, v.category, v.summary);
        assertEquals(List.of(), v.evidence.get("alsoTrustedBy"));
        assertEquals(2, ((List<?>) v.evidence.get("trustSources")).size());
    }

    @Test
    void aLeafSentAloneWhoseIssuerIsARootElsewhereIsNotAnIncompleteChain() throws Exception {
        X509Certificate leafAlone = untrustedRootChain()[0];
        Path home = javaHome("home-leaf", "cacerts", TestCertificates.selfSigned(new X500Principal("CN=Other")));
        Verdict without = diagnose(rejectedByDemoTrust(leafAlone),
                new OtherTrustSources(home.toString(), "none", "Linux"));
        assertEquals(Category.INCOMPLETE_CHAIN, without.category, without.summary);
        Path os = bundle("os-leaf.pem", pki.otherRoot);
        Verdict with = diagnose(rejectedByDemoTrust(leafAlone),
                new OtherTrustSources(home.toString(), os.toString(), "Linux"));
        assertEquals(Category.TRUST_STORE_MISSING_ROOT, with.category, with.summary);
    }

    @Test
    void aLoneSelfSignedServerCertificateNamingAVendorIsItsApplianceNotInterception() throws Exception {
        // An appliance's own management interface (CN=FortiGate, O=Fortinet) serves a self-signed end-entity
        // certificate: nothing re-signs anything. Interception (a leaf issued by the product's CA) is covered by
        // CounterfactualTrustIT against a real peer.
        X509Certificate appliance = TestCertificates.selfSigned(new X500Principal("CN=FortiGate,O=Fortinet"),
                "DNS:localhost");
        Path home = javaHome("home-z", "cacerts", pki.otherRoot);
        Verdict v = diagnose(rejectedByDemoTrust(appliance), new OtherTrustSources(home.toString(), "none", "Linux"));
        assertEquals(Category.SELF_SIGNED, v.category, v.summary);
    }

    @Test
    void onlyTheNamesOfACaNameAProductNotWhereItSits() {
        assertEquals(null, Interceptors.productIn("CN=Example Internal CA,O=Example Corp,L=Palo Alto,ST=California"));
        assertEquals("Palo Alto Networks", Interceptors.productIn("CN=Palo Alto Networks Forward Trust CA,O=Example"));
        assertEquals("Fiddler", Interceptors.productIn("CN=DO_NOT_TRUST_FiddlerRoot,O=DO_NOT_TRUST"));
        assertEquals("Zscaler", Interceptors.productIn("CN=Zscaler Intermediate Root CA (zscaler.net)\\, proxy,O=Zscaler Inc."));
    }

    @Test
    void osStoresAreReadFromBundlesDirectoriesAndKeyStores() throws Exception {
        Path bundle = bundle("b.pem", pki.root, pki.otherRoot);
        Files.writeString(bundle, "garbage before\n" + Files.readString(bundle) + "\ntrailing comment\n");
        assertEquals(2, new OtherTrustSources(null, bundle.toString(), "Linux").os().certificates.size());
        Path dir = Files.createDirectories(tmp.resolve("certs-dir"));
        Files.writeString(dir.resolve("a.pem"), pem(pki.root));
        Files.writeString(dir.resolve("a-again.0"), pem(pki.root)); // hash links repeat a certificate
        Files.writeString(dir.resolve("b.crt"), pem(pki.otherRoot));
        Files.writeString(dir.resolve("README"), "not a certificate");
        OtherTrustSources.Source fromDir = new OtherTrustSources(null, dir.toString(), "Linux").os();
        assertEquals(2, fromDir.certificates.size());
        Path ks = javaHome("ks-home", "cacerts", pki.root).resolve("lib/security/cacerts");
        assertEquals(1, new OtherTrustSources(null, ks.toString(), "Linux").os().certificates.size());
        assertNull(new OtherTrustSources(null, "none", "Linux").os());
        assertNull(new OtherTrustSources(null, tmp.resolve("missing.pem").toString(), "Linux").os());
    }

    @Test
    void interceptionProductsAreRecognisedByWholeWordsOnly() {
        assertEquals("Zscaler", Interceptors.productIn("CN=Zscaler Intermediate Root CA (zscaler.net),O=Zscaler Inc."));
        assertEquals("Fiddler", Interceptors.productIn("CN=DO_NOT_TRUST_FiddlerRoot,O=DO_NOT_TRUST"));
        assertEquals("Burp Suite (PortSwigger)", Interceptors.productIn("CN=PortSwigger CA,OU=PortSwigger CA"));
        assertEquals("mitmproxy", Interceptors.productIn("CN=mitmproxy,O=mitmproxy"));
        assertEquals("Fortinet FortiGate", Interceptors.productIn("CN=FortiGate CA,O=Fortinet"));
        assertEquals("Palo Alto Networks", Interceptors.productIn("CN=Forward-Trust-CA,O=Palo Alto Networks"));
        assertNull(Interceptors.productIn("CN=DigiCert Global Root G2,O=DigiCert Inc"));
        assertNull(Interceptors.productIn("CN=Symantec Class 3 Secure Server CA - G4,O=Symantec Corporation"));
        assertNull(Interceptors.productIn("CN=reset.example,O=Preset Ltd")); // not ESET
        assertNotNull(Interceptors.productIn("CN=ESET SSL Filter CA,O=ESET spol. s r. o."));
    }
}
