package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsdiag.demo.DemoPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Diagnosis depth: each incident's {@code diagnosis} evidence, field by field, and the remediation naming the right
 * side and object; plus the findings from successful handshakes (expiring soon once, trust-all, accept-all).
 */
class DiagnosisEvidenceIT {

    @TempDir
    static Path tmp;

    static Map<Integer, List<JsonNode>> byPort;
    static List<JsonNode> findings;
    static Peers peers;
    static JsonNode weakIncident;

    @BeforeAll
    static void run() throws Exception {
        peers = Peers.shared();
        List<String> args = new ArrayList<>(List.of("--timeout-ms", "1500"));
        for (String p : List.of("expired", "wrong-host", "self-signed", "untrusted-root", "incomplete-chain",
                "expiring-soon", "expiring-soon", "wrong-usage", "not-a-ca", "name-constrained")) {
            args.add(p + "=" + peers.url(p));
        }
        args.add("old=" + peers.oldProtocol.url());
        AgentRun.Result main = new AgentRun(TestJdks.all().get(0), tmp.resolve("main"))
                .agentOptions("output=incidents").jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                .run("io.tlsdiag.demo.DemoClient", args);
        List<JsonNode> all = new ArrayList<>(main.incidents("incidents"));
        AgentRun.Result insecure = new AgentRun(TestJdks.all().get(0), tmp.resolve("insecure"))
                .agentOptions("output=incidents").jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                .run("io.tlsdiag.demo.DemoClient", List.of("--trust-manager", "trust-all", "--hostname-verifier",
                        "accept-all", "a=" + peers.url("self-signed"), "b=" + peers.url("wrong-host"),
                        "c=" + peers.url("self-signed")));
        all.addAll(insecure.incidents("incidents"));
        // This JVM's policy disables the chain's key size: an algorithm constraint of the client's own making.
        Path policy = tmp.resolve("weak.security");
        java.nio.file.Files.writeString(policy, "jdk.certpath.disabledAlgorithms=MD2, MD5, RSA keySize < 1024, "
                + "EC keySize < 384\n");
        AgentRun.Result weak = new AgentRun(TestJdks.all().get(0), tmp.resolve("weak"))
                .agentOptions("output=incidents").jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                .jvmArg("-Djava.security.properties=" + policy)
                .run("io.tlsdiag.demo.DemoClient", List.of("w=" + peers.url("good")));
        weakIncident = weak.incidents("incidents").get(0);
        all.add(weakIncident);
        for (JsonNode i : all) {
            IncidentSchema.assertValid(i);
        }
        byPort = all.stream().filter(i -> i.path("kind").asText().equals("failure"))
                .collect(Collectors.groupingBy(i -> i.path("peer").path("port").asInt()));
        findings = all.stream().filter(i -> i.path("kind").asText().equals("finding")).toList();
    }

    private static JsonNode only(String peer) {
        List<JsonNode> list = byPort.get(peers.servers.port(peer));
        assertEquals(1, list == null ? 0 : list.size(), peer + ": " + list);
        return list.get(0);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void expiryEvidenceNamesTheCertificateItsDatesAndHowLongAgo() {
        JsonNode i = only("expired");
        JsonNode d = i.path("diagnosis");
        X509Certificate leaf = peers.pki.identity("expired").leaf();
        assertEquals("CertExpiredRule", d.path("rule").asText());
        assertEquals(0, d.path("certificate").path("index").asInt());
        assertEquals("CN=localhost,O=tlsdiag demo", d.path("certificate").path("subject").asText());
        assertEquals(Expect.sha256(leaf), d.path("certificate").path("sha256").asText());
        assertEquals(leaf.getNotAfter().toInstant().getEpochSecond(),
                Instant.parse(d.path("notAfter").asText()).getEpochSecond());
        long expected = Instant.parse(i.path("time").asText()).getEpochSecond()
                - leaf.getNotAfter().toInstant().getEpochSecond();
        assertTrue(Math.abs(d.path("expiredForSeconds").asLong() - expected) <= 1, d.toString());
        assertEquals("3 days", d.path("expiredFor").asText());
        assertTrue(i.path("remediation").get(0).asText().startsWith("On localhost:" + peers.servers.port("expired")
                + ": renew the certificate CN=localhost,O=tlsdiag demo"), i.path("remediation").toString());
    }

    @Test
    void hostnameEvidenceListsEveryNameAndTheNearestMiss() {
        JsonNode d = only("wrong-host").path("diagnosis");
        assertEquals("localhost", d.path("requestedName").asText());
        assertEquals(false, d.path("requestedIsIpAddress").asBoolean());
        assertEquals(List.of("wrong.example.org", "*.example.org"), strings(d.path("dnsNames")));
        assertEquals(List.of(), strings(d.path("ipAddresses")));
        assertEquals("wrong.example.org", d.path("commonName").asText());
        assertEquals("JSSE endpoint identification (HTTPS)", d.path("checkedBy").asText());
    }

    @Test
    void selfSignedEvidenceOffersExactlyThatCertificateWithTheImportCommandForTheTrustStoreInUse() {
        JsonNode i = only("self-signed");
        JsonNode d = i.path("diagnosis");
        DemoPki.Identity id = peers.pki.identity("self-signed");
        assertEquals(Expect.sha256(id.leaf()), d.path("certificateToImport").path("sha256").asText());
        assertTrue(d.path("certificateToImport").path("pem").asText().startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertEquals("keytool -importcert -alias localhost -file localhost.pem -keystore " + peers.trustStore
                + " -storetype PKCS12", d.path("importCommand").asText());
        assertTrue(i.path("remediation").get(1).asText().contains(peers.trustStore.toString()));
        assertEquals(1, d.path("anchorsChecked").asInt());
    }

    @Test
    void untrustedRootEvidenceNamesWhereThePathStopped() {
        JsonNode d = only("untrusted-root").path("diagnosis");
        assertEquals(1, d.path("pathStoppedAt").path("index").asInt());
        assertEquals("CN=Unknown Private Root CA,O=Somewhere Else", d.path("pathStoppedAt").path("subject").asText());
        assertEquals(0, d.path("anchorsWithIssuerName").size(), "no anchor of that name: not a rotated root");
    }

    @Test
    void incompleteChainEvidenceNamesTheMissingIssuerAndWhereToFetchIt() {
        JsonNode i = only("incomplete-chain");
        JsonNode d = i.path("diagnosis");
        assertEquals("CN=tlsdiag Demo Intermediate CA,O=tlsdiag demo", d.path("missingIssuer").asText());
        assertEquals(List.of(DemoPki.CA_ISSUERS_URL), strings(d.path("caIssuersUrls")));
        assertTrue(i.path("remediation").get(0).asText().startsWith("On localhost:"), "server side first");
        assertTrue(!d.has("certificateToImport"), "importing an intermediate is not the fix");
    }

    @Test
    void protocolEvidenceSaysWhichSideRefusedAndWhatThisJvmDisables() {
        JsonNode d = byPort.get(peers.oldProtocol.port).get(0).path("diagnosis");
        assertEquals("peer", d.path("refusedBy").asText());
        assertEquals("protocol_version", d.path("alert").asText());
        assertEquals("received", d.path("alertDirection").asText());
        assertTrue(strings(d.path("enabledProtocols")).contains("TLSv1.3"), d.toString());
        assertTrue(strings(d.path("disabledByThisJvm")).contains("TLSv1.1"), d.toString());
    }

    @Test
    void weakAlgorithmEvidenceNamesTheDisabledAlgorithmsEntry() {
        assertEquals("WEAK_ALGORITHM", weakIncident.path("category").asText());
        JsonNode d = weakIncident.path("diagnosis");
        assertEquals("jdk.certpath.disabledAlgorithms", d.path("property").asText());
        assertEquals("EC", d.path("keyAlgorithm").asText());
        assertEquals(256, d.path("keySize").asInt());
        assertEquals(List.of("EC keySize < 384"), strings(d.path("matchingEntries")));
        assertEquals("ALGORITHM_CONSTRAINED", d.path("validatorReason").asText());
    }

    @Test
    void keyUsageBasicConstraintsAndNameConstraintsNameTheExtension() {
        JsonNode usage = only("wrong-usage").path("diagnosis");
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), strings(usage.path("extendedKeyUsage")));
        assertTrue(usage.path("needed").asText().startsWith("serverAuth"), usage.toString());
        JsonNode notCa = only("not-a-ca");
        assertEquals("NOT_A_CA", notCa.path("category").asText());
        assertEquals("CN=issuer.tlsdiag.demo,O=tlsdiag demo", notCa.path("diagnosis").path("certificate")
                .path("subject").asText());
        assertEquals(false, notCa.path("diagnosis").path("ca").asBoolean());
        assertEquals(0, notCa.path("diagnosis").path("issued").path("index").asInt());
        JsonNode constrained = only("name-constrained").path("diagnosis");
        assertEquals("nameConstraints", constrained.path("extension").asText());
        assertEquals(List.of("DNS:localhost"), strings(constrained.path("subjectAltNames")));
    }

    @Test
    void trustContextNamesTheStoreTypeAnchorsAndContext() {
        JsonNode t = only("expired").path("trust");
        assertEquals(peers.trustStore.toString(), t.path("source").asText());
        assertEquals("pkcs12", t.path("type").asText().toLowerCase());
        assertEquals(1, t.path("anchors").asInt());
        assertEquals("SunJSSE", t.path("sslContextProvider").asText());
        assertEquals("Default", t.path("sslContextProtocol").asText());
    }

    @Test
    void expiringCertificateIsReportedOnceAcrossHandshakes() {
        List<JsonNode> soon = findings.stream().filter(f -> f.path("category").asText().equals("CERT_EXPIRING_SOON"))
                .toList();
        assertEquals(1, soon.size(), "two handshakes, one certificate, one warning: " + soon);
        JsonNode d = soon.get(0).path("diagnosis");
        assertEquals(Expect.sha256(peers.pki.identity("expiring-soon").leaf()),
                d.path("certificate").path("sha256").asText());
        assertEquals(30, d.path("windowDays").asInt());
        long days = d.path("expiresInSeconds").asLong() / 86400;
        assertTrue(days >= 9 && days <= 10, d.toString());
    }

    @Test
    void trustAllTrustManagerAndAcceptAllVerifierAreFindings() {
        List<JsonNode> tm = findings.stream()
                .filter(f -> f.path("category").asText().equals("INSECURE_TRUST_MANAGER")).toList();
        assertEquals(1, tm.size(), "once per class: " + findings);
        assertEquals("io.tlsdiag.demo.TrustAllTrustManager", tm.get(0).path("diagnosis").path("trustManager").asText());
        assertTrue(tm.get(0).path("diagnosis").path("jdkVerdict").asText().contains("PKIX path building failed"));
        List<JsonNode> hv = findings.stream()
                .filter(f -> f.path("category").asText().equals("INSECURE_HOSTNAME_VERIFIER")).toList();
        assertEquals(1, hv.size(), findings.toString());
        assertTrue(hv.get(0).path("diagnosis").path("hostnameVerifier").asText()
                .startsWith("io.tlsdiag.demo.DemoClient$$Lambda"), hv.get(0).toString());
        assertEquals("localhost", hv.get(0).path("diagnosis").path("requestedName").asText());
    }
}
