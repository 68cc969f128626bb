package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SNI evidence against an SNI-routing openssl s_server: it serves api.example.test's certificate only to a client
 * that asks for that name, and a default certificate (default.example.test) to everyone else. The client JVM
 * resolves the test names to 127.0.0.1 through a hosts file (jdk.net.hosts.file), so no DNS is involved.
 */
class SniEvidenceIT {

    @TempDir
    static Path tmp;

    static OpensslServer server;
    static Path trustStore;
    static Path hosts;
    /** JDK label -> run name -> (peer host -> incident). */
    static final Map<String, Map<String, Map<String, JsonNode>>> runs = new LinkedHashMap<>();
    static final Map<String, Map<String, String>> results = new LinkedHashMap<>();

    @BeforeAll
    static void run() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pki"));
        EvidencePki.Ca root = EvidencePki.root("CN=tlsdiag SNI Root CA,O=tlsdiag evidence");
        trustStore = EvidencePki.trustStore(dir.resolve("trust.p12"), root.cert());
        EvidencePki.leaf("default.example.test", root).write(dir, "default");
        EvidencePki.leaf("api.example.test", root).write(dir, "api");
        server = OpensslServer.start(dir, List.of("-cert", dir.resolve("default.crt").toString(),
                "-key", dir.resolve("default.key").toString(), "-servername", "api.example.test",
                "-cert2", dir.resolve("api.crt").toString(), "-key2", dir.resolve("api.key").toString()));
        hosts = Files.writeString(tmp.resolve("hosts"), "127.0.0.1 api.example.test other.example.test\n");
        int port = server.port;
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            Map<String, Map<String, JsonNode>> mine = new LinkedHashMap<>();
            mine.put("sni", run(jdk, "sni", List.of(), List.of(
                    "single-label=https://localhost:" + port + "/", "ip=https://127.0.0.1:" + port + "/",
                    "other-name=https://other.example.test:" + port + "/",
                    "routed=https://api.example.test:" + port + "/")));
            mine.put("disabled", run(jdk, "disabled", List.of("-Djsse.enableSNIExtension=false"), List.of(
                    "disabled=https://api.example.test:" + port + "/")));
            runs.put(jdk.label(), mine);
        }
    }

    private static Map<String, JsonNode> run(TestJdks.Jdk jdk, String name, List<String> jvmArgs, List<String> targets)
            throws Exception {
        AgentRun run = new AgentRun(jdk, tmp.resolve(name + "-" + jdk.label())).agentOptions("output=incidents")
                .jvmArg("-Djavax.net.ssl.trustStore=" + trustStore).jvmArg(Peers.trustStorePasswordArg())
                .jvmArg("-Djdk.net.hosts.file=" + hosts);
        jvmArgs.forEach(run::jvmArg);
        List<String> args = new ArrayList<>(List.of("--timeout-ms", "3000"));
        args.addAll(targets);
        AgentRun.Result r = run.run("io.tlsdiag.demo.DemoClient", args);
        results.computeIfAbsent(jdk.label(), k -> new LinkedHashMap<>()).putAll(r.results());
        Map<String, JsonNode> byHost = new LinkedHashMap<>();
        for (JsonNode i : r.incidents("incidents")) {
            IncidentSchema.assertValid(i);
            String host = i.path("peer").path("host").asText();
            assertFalse(byHost.containsKey(host), "one incident per host: " + r.describe());
            byHost.put(host, i);
        }
        return byHost;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static JsonNode incident(TestJdks.Jdk jdk, String run, String host) {
        JsonNode i = runs.get(jdk.label()).get(run).get(host);
        assertTrue(i != null, jdk + " " + run + ": no incident for " + host + " in " + runs.get(jdk.label()).get(run)
                .keySet() + "; results " + results.get(jdk.label()));
        assertEquals("HOSTNAME_MISMATCH", i.path("category").asText(), i.toString());
        return i;
    }

    @Test
    void theRightNameGetsTheRoutedCertificate() {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            assertTrue(results.get(jdk.label()).get("routed").startsWith("OK"), jdk + ": " + results);
            assertFalse(runs.get(jdk.label()).get("sni").containsKey("api.example.test"));
        }
    }

    @Test
    void singleLabelHostSendsNoSniAndGetsTheDefaultCertificate() throws Exception {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            JsonNode i = incident(jdk, "sni", "localhost");
            JsonNode d = i.path("diagnosis");
            assertFalse(d.path("sniSent").asBoolean(true), d.toString());
            assertTrue(d.path("sniName").isNull(), d.toString());
            assertEquals("single-label-host", d.path("sniMissingReason").asText(), d.toString());
            String summary = i.path("summary").asText();
            assertTrue(summary.contains("sent no SNI") && summary.contains("single-label")
                    && summary.contains("default certificate"), summary);
            Path out = tmp.resolve("sni-" + jdk.label()).resolve("incidents");
            Cli.Result show = Cli.run(jdk, tmp, "show", i.path("id").asText(), "--dir", out.toString());
            assertEquals(0, show.exitCode(), show.all());
            assertTrue(show.stdout().contains("SNI: none sent (single-label-host)"), show.stdout());
        }
    }

    @Test
    void ipAddressSendsNoSni() {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            JsonNode i = incident(jdk, "sni", "127.0.0.1");
            JsonNode d = i.path("diagnosis");
            assertFalse(d.path("sniSent").asBoolean(true), d.toString());
            assertEquals("ip-address", d.path("sniMissingReason").asText(), d.toString());
            assertTrue(i.path("summary").asText().contains("is an IP address"), i.path("summary").asText());
        }
    }

    @Test
    void aNameTheServerDoesNotRouteWasSentAsSni() {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            JsonNode i = incident(jdk, "sni", "other.example.test");
            JsonNode d = i.path("diagnosis");
            assertTrue(d.path("sniSent").asBoolean(false), d.toString());
            assertEquals("other.example.test", d.path("sniName").asText(), d.toString());
            assertTrue(d.path("sniMissingReason").isMissingNode(), d.toString());
            assertFalse(i.path("summary").asText().contains("SNI"), i.path("summary").asText());
        }
    }

    @Test
    void disablingTheExtensionIsNamedAndItsRemovalAdvised() {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            JsonNode i = incident(jdk, "disabled", "api.example.test");
            JsonNode d = i.path("diagnosis");
            assertFalse(d.path("sniSent").asBoolean(true), d.toString());
            assertEquals("jsse.enableSNIExtension=false", d.path("sniMissingReason").asText(), d.toString());
            assertTrue(i.path("summary").asText().contains("-Djsse.enableSNIExtension=false"),
                    i.path("summary").asText());
            assertTrue(i.path("remediation").toString().contains("remove -Djsse.enableSNIExtension=false"),
                    i.path("remediation").toString());
        }
    }
}
