package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counterfactual trust against {@code openssl s_server} peers with openssl-made hierarchies: which other trust source
 * (the JDK's default store, the OS store given through {@code osTrustStore} as a PEM bundle the test writes, never
 * this machine's /etc/ssl) accepts a chain the store in use rejected; TLS_INSPECTION for a root named after an
 * interception product, even when it signs the leaf directly and the leaf is sent alone; and no counterfactual when
 * nothing trusts the chain.
 */
class CounterfactualTrustIT {

    @TempDir
    static Path tmp;

    static Path pki;
    static Path osBundle;
    static Path osUnrelated;
    static OpensslServer publicChain;
    static OpensslServer zscalerLeafAlone;

    @BeforeAll
    static void start() throws Exception {
        pki = Files.createDirectories(tmp.resolve("pki"));
        root("public-root", "/CN=Test Public Root CA/O=Test Public Trust");
        issued("public-int", "/CN=Test Public Intermediate CA/O=Test Public Trust", "public-root", true);
        issued("public-leaf", "/CN=localhost/O=Test Public Site", "public-int", false);
        root("zscaler-root", "/CN=Zscaler Root CA/O=Zscaler Inc./OU=Zscaler Inc.");
        issued("zscaler-leaf", "/CN=localhost/O=Intercepted Site", "zscaler-root", false);
        root("unrelated-root", "/CN=Unrelated Root CA/O=Elsewhere");
        osBundle = Files.writeString(pki.resolve("os-bundle.pem"), "# a distribution bundle, with comments\n"
                + read("unrelated-root.crt") + "\n# Test Public Root CA\n" + read("public-root.crt")
                + "\n# Zscaler Root CA (pushed by IT)\n" + read("zscaler-root.crt"));
        osUnrelated = Files.writeString(pki.resolve("os-unrelated.pem"), read("unrelated-root.crt"));
        publicChain = OpensslServer.start(pki, List.of("-cert", path("public-leaf.crt"), "-cert_chain",
                path("public-int.crt"), "-key", path("public-leaf.key")));
        zscalerLeafAlone = OpensslServer.start(pki, List.of("-cert", path("zscaler-leaf.crt"), "-key",
                path("zscaler-leaf.key")));
    }

    @AfterAll
    static void stop() {
        publicChain.stop();
        zscalerLeafAlone.stop();
    }

    private static String path(String file) {
        return pki.resolve(file).toString();
    }

    private static String read(String file) throws IOException {
        return Files.readString(pki.resolve(file));
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true);
        pb.environment().put("OPENSSL_CONF", "/dev/null");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), cmd + "\n" + out);
    }

    private static void root(String name, String subject) throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + ".key", "-out", name + ".crt", "-subj", subject, "-days", "30",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private static void issued(String name, String subject, String issuer, boolean ca) throws Exception {
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + ".key", "-out", name + ".csr", "-subj", subject);
        Files.writeString(pki.resolve(name + ".ext"), ca
                ? "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n"
                + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                : "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
                + "subjectAltName=DNS:localhost,IP:127.0.0.1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", issuer + ".crt", "-CAkey", issuer + ".key",
                "-set_serial", String.valueOf(System.nanoTime()), "-days", "30", "-out", name + ".crt",
                "-extfile", name + ".ext");
    }

    /** The demo client against both peers; its incidents by peer port. */
    private static java.util.Map<Integer, JsonNode> run(TestJdks.Jdk jdk, String dir, String osTrustStore,
                                                        boolean customTrustStore) throws Exception {
        AgentRun run = new AgentRun(jdk, tmp.resolve(dir)).agentOptions("output=incidents,osTrustStore=" + osTrustStore);
        if (customTrustStore) {
            // A trust store with only a private CA (the demo root): the public roots are gone.
            run.jvmArg(Peers.shared().trustStoreArg()).jvmArg(Peers.trustStorePasswordArg());
        }
        AgentRun.Result r = run.run("io.tlsdiag.demo.DemoClient", List.of("--timeout-ms", "3000",
                "public=" + publicChain.url(), "intercepted=" + zscalerLeafAlone.url()));
        List<JsonNode> incidents = r.incidents("incidents");
        assertEquals(2, incidents.size(), r.describe());
        java.util.Map<Integer, JsonNode> byPort = new java.util.HashMap<>();
        for (JsonNode i : incidents) {
            IncidentSchema.assertValid(i);
            byPort.put(i.path("peer").path("port").asInt(), i);
        }
        return byPort;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode source(JsonNode incident, String name) {
        for (JsonNode s : incident.path("diagnosis").path("trustSources")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static String show(TestJdks.Jdk jdk, String dir, JsonNode incident) throws Exception {
        Cli.Result show = Cli.run(jdk, tmp, "show", incident.path("id").asText(), "--dir",
                tmp.resolve(dir).resolve("incidents").toString());
        assertEquals(0, show.exitCode(), show.all());
        return show.stdout().replaceAll("\\s+", " ");
    }

    @ParameterizedTest
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void aCustomTrustStoreWithoutTheRootTheOsTrustsIsTrustStoreMissingRoot(TestJdks.Jdk jdk) throws Exception {
        String dir = "custom-" + jdk.label();
        var byPort = run(jdk, dir, osBundle.toString(), true);
        JsonNode pub = byPort.get(publicChain.port);
        assertEquals("TRUST_STORE_MISSING_ROOT", pub.path("category").asText(), pub.path("summary").asText());
        JsonNode d = pub.path("diagnosis");
        assertEquals(List.of("os"), strings(d.path("alsoTrustedBy")));
        assertEquals("root-only-in-os", d.path("trustStoreCase").asText());
        assertEquals("O=Test Public Trust,CN=Test Public Root CA", d.path("missingRoot").path("subject").asText());
        assertEquals(osBundle.toString(), d.path("missingRoot").path("location").asText());
        // This JVM's default store (the JDK's cacerts) was compared, and is not claimed: it lacks the private root.
        JsonNode jdkDefault = source(pub, "jdk-default");
        assertTrue(jdkDefault != null && !jdkDefault.path("trusts").asBoolean(), d.toString());
        assertTrue(pub.path("summary").asText().contains(Peers.shared().trustStore.toString()),
                pub.path("summary").asText());
        assertTrue(String.join(" ", strings(pub.path("remediation"))).contains("keytool -importcert"));
        assertTrue(show(jdk, dir, pub).contains("The OS trust store trusts this chain; the trust store this JVM uses, "
                + Peers.shared().trustStore + " (1 anchor), does not."), show(jdk, dir, pub));

        JsonNode intercepted = byPort.get(zscalerLeafAlone.port);
        assertEquals("TLS_INSPECTION", intercepted.path("category").asText(), intercepted.path("summary").asText());
        assertEquals("Zscaler", intercepted.path("diagnosis").path("interceptor").asText());
        assertEquals(List.of("os"), strings(intercepted.path("diagnosis").path("alsoTrustedBy")));
        assertEquals(0, intercepted.path("failingCertificateIndex").asInt());
        String remediation = String.join(" ", strings(intercepted.path("remediation")));
        assertTrue(remediation.contains("keytool -importcert -alias zscaler-root-ca -file zscaler-root-ca.pem -keystore "
                + Peers.shared().trustStore), remediation);
        assertTrue(remediation.contains("treat this as an attack"), remediation);
        assertTrue(remediation.contains("Windows-ROOT") && remediation.contains("KeychainStore"), remediation);
        String shown = show(jdk, dir, intercepted);
        assertTrue(shown.contains("TLS_INSPECTION") && shown.contains("The OS trust store trusts this chain"), shown);

        Cli.Result report = Cli.run(jdk, tmp, "report", tmp.resolve(dir).resolve("incidents").toString());
        assertTrue(report.stdout().replaceAll("\\s+", " ").contains("The OS trust store trusts this chain"),
                report.all());
        Path html = tmp.resolve(dir + ".html");
        Cli.run(jdk, tmp, "report", tmp.resolve(dir).resolve("incidents").toString(), "--html", html.toString());
        assertTrue(Files.readString(html).contains("Other trust sources:</b> The OS trust store trusts this chain"));
    }

    @ParameterizedTest
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void noOtherSourceTrustingTheChainMeansNoCounterfactual(TestJdks.Jdk jdk) throws Exception {
        String dir = "nothing-" + jdk.label();
        var byPort = run(jdk, dir, osUnrelated.toString(), true);
        JsonNode pub = byPort.get(publicChain.port);
        assertEquals("UNTRUSTED_ROOT", pub.path("category").asText(), pub.path("summary").asText());
        assertEquals(List.of(), strings(pub.path("diagnosis").path("alsoTrustedBy")));
        assertEquals(2, pub.path("diagnosis").path("trustSources").size());
        assertTrue(show(jdk, dir, pub).contains("Neither this JDK's default trust store (cacerts) nor the OS trust "
                + "store trusts this chain"), show(jdk, dir, pub));
        // The interception root is recognised whoever trusts it; sent alone, its leaf is no incomplete chain.
        JsonNode intercepted = byPort.get(zscalerLeafAlone.port);
        assertEquals("TLS_INSPECTION", intercepted.path("category").asText(), intercepted.path("summary").asText());
        assertEquals(List.of(), strings(intercepted.path("diagnosis").path("alsoTrustedBy")));
    }

    @ParameterizedTest
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void theJdkDefaultInUseIsNotComparedWithItselfAndANewerRootMeansAnOutdatedCacerts(TestJdks.Jdk jdk)
            throws Exception {
        String dir = "default-" + jdk.label();
        var byPort = run(jdk, dir, osBundle.toString(), false);
        JsonNode pub = byPort.get(publicChain.port);
        assertEquals("TRUST_STORE_MISSING_ROOT", pub.path("category").asText(), pub.path("summary").asText());
        JsonNode d = pub.path("diagnosis");
        assertEquals(List.of("os"), strings(d.path("alsoTrustedBy")));
        assertEquals(null, source(pub, "jdk-default"), "the store in use is the JDK default: " + d);
        // The root was made minutes ago, after this JDK's release: its cacerts cannot hold it.
        assertEquals("outdated-jdk-cacerts", d.path("trustStoreCase").asText(), pub.path("summary").asText());
        assertFalse(pub.path("summary").asText().contains("replaced"), pub.path("summary").asText());
        assertTrue(show(jdk, dir, pub).contains("The OS trust store trusts this chain; the trust store this JVM uses, "
                + pub.path("trust").path("source").asText()), show(jdk, dir, pub));
    }
}
