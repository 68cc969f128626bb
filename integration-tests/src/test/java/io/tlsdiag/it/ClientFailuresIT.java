package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent core, client role: one real JVM per JDK and HTTP client runs the demo client with the real agent jar
 * against every broken peer; each peer's incident is then checked field by field. "Exactly one incident per failed
 * handshake" is checked against the number of connections the peer accepted.
 */
class ClientFailuresIT {

    /** What one peer must produce. identity: whose chain the peer presents (null: no chain arrives). */
    record Scenario(String peer, String category, Integer failingIndex, String identity, boolean exceptionIsDirect) {
    }

    static final List<Scenario> URL_CONNECTION = List.of(
            new Scenario("expired", "CERT_EXPIRED", 0, "expired", true),
            new Scenario("not-yet-valid", "CERT_NOT_YET_VALID", 0, "not-yet-valid", true),
            new Scenario("wrong-host", "HOSTNAME_MISMATCH", 0, "wrong-host", true),
            new Scenario("self-signed", "SELF_SIGNED", 0, "self-signed", true),
            new Scenario("untrusted-root", "UNTRUSTED_ROOT", 1, "untrusted-root", true),
            new Scenario("incomplete-chain", "INCOMPLETE_CHAIN", 0, "incomplete-chain", true),
            new Scenario("expired-intermediate", "CERT_EXPIRED", 1, "expired-intermediate", true),
            new Scenario("wrong-usage", "BAD_KEY_USAGE", 0, "wrong-usage", true),
            new Scenario("not-a-ca", "NOT_A_CA", 1, "not-a-ca", true),
            new Scenario("name-constrained", "NAME_CONSTRAINTS", 0, "name-constrained", true),
            // The server refuses after the client's side of the TLS 1.3 handshake is done, so what the application
            // sees depends on whether its next write or read comes first; HttpURLConnection also retries once.
            new Scenario("client-cert-required", "CLIENT_CERT_REQUIRED", null, "good", false),
            new Scenario("plaintext", "NOT_TLS", null, null, true),
            new Scenario("closes", "CONNECTION_CLOSED", null, null, true),
            new Scenario("silent", "HANDSHAKE_TIMEOUT", null, null, true));

    static final List<Scenario> HTTP_CLIENT = List.of(
            new Scenario("expired", "CERT_EXPIRED", 0, "expired", true),
            new Scenario("wrong-host", "HOSTNAME_MISMATCH", 0, "wrong-host", true),
            new Scenario("untrusted-root", "UNTRUSTED_ROOT", 1, "untrusted-root", true),
            new Scenario("incomplete-chain", "INCOMPLETE_CHAIN", 0, "incomplete-chain", true),
            new Scenario("expired-intermediate", "CERT_EXPIRED", 1, "expired-intermediate", true),
            new Scenario("plaintext", "NOT_TLS", null, null, true),
            new Scenario("closes", "CONNECTION_CLOSED", null, null, true));

    @TempDir
    Path tmp;

    @TestFactory
    List<DynamicNode> socketPathViaHttpsUrlConnection() throws Exception {
        return perJdk("urlconnection", URL_CONNECTION, true);
    }

    @TestFactory
    List<DynamicNode> enginePathViaJavaNetHttpClient() throws Exception {
        return perJdk("httpclient", HTTP_CLIENT, false);
    }

    private List<DynamicNode> perJdk(String client, List<Scenario> scenarios, boolean withOpenssl) throws Exception {
        Peers peers = Peers.shared();
        List<DynamicNode> nodes = new ArrayList<>();
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            List<String> args = new ArrayList<>(List.of("--client", client, "--timeout-ms", "1500"));
            args.add("good=" + peers.url("good"));
            for (Scenario s : scenarios) {
                args.add(s.peer() + "=" + peers.url(s.peer()));
            }
            if (withOpenssl) {
                args.add("old-protocol=" + peers.oldProtocol.url());
                args.add("openssl-expired=" + peers.opensslExpired.url());
            }
            Map<String, Integer> acceptedBefore = new java.util.HashMap<>();
            for (Scenario s : scenarios) {
                acceptedBefore.put(s.peer(), peers.servers.accepted(s.peer()));
            }
            AgentRun.Result run = new AgentRun(jdk, tmp.resolve(client + "-" + jdk.label()))
                    .agentOptions("output=incidents,debug=true")
                    .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                    .run("io.tlsdiag.demo.DemoClient", args);
            // Dynamic tests run after every factory JVM has finished: count each peer's connections now.
            Map<String, Integer> handshakesOf = new java.util.HashMap<>();
            for (Scenario s : scenarios) {
                handshakesOf.put(s.peer(), peers.servers.accepted(s.peer()) - acceptedBefore.get(s.peer()));
            }
            List<JsonNode> incidents = run.incidents("incidents");
            Map<String, String> results = run.results();
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("everyIncidentMatchesTheSchema", () -> {
                assertEquals(0, run.exitCode(), run.describe());
                assertTrue(!incidents.isEmpty(), run.describe());
                assertTrue(!run.stderr().contains("internal error"), "the agent failed somewhere: " + run.stderr());
                for (JsonNode i : incidents) {
                    IncidentSchema.assertValid(i);
                }
            }));
            tests.add(DynamicTest.dynamicTest("successfulHandshakeWritesNoIncident", () -> {
                assertTrue(results.get("good").startsWith("OK"), results.get("good"));
                assertEquals(List.of(), Expect.forPort(incidents, peers.servers.port("good")));
            }));
            for (Scenario s : scenarios) {
                int port = peers.servers.port(s.peer());
                tests.add(DynamicTest.dynamicTest(s.peer() + "IsReportedAs" + s.category(), () -> {
                    List<JsonNode> mine = Expect.forPort(incidents, port);
                    int handshakes = handshakesOf.get(s.peer());
                    assertTrue(handshakes >= 1, "the peer saw no connection: " + run.describe());
                    // Every failed handshake is counted exactly once; repeats of the same failure share an incident.
                    assertEquals(handshakes, Expect.occurrences(mine), "failed handshakes counted: " + Expect.ids(mine));
                    for (JsonNode incident : mine) {
                        assertEquals(s.category(), incident.path("category").asText(), incident.path("summary")
                                + " " + incident.path("exception"));
                        assertEquals("client", incident.path("role").asText());
                        assertEquals("localhost", incident.path("peer").path("host").asText());
                        Expect.failingIndex(incident, s.failingIndex());
                        if (s.identity() == null) {
                            assertEquals(0, incident.path("chain").size(), "no certificate arrived");
                        } else if (incident.path("chain").size() > 0 || s.exceptionIsDirect()) {
                            Expect.chainIs(incident, peers.pki.identity(s.identity()));
                        }
                        assertTrue(incident.path("remediation").size() >= 1);
                    }
                    // A client's own retry (HttpClient retries a GET once) makes its engine on a pool thread with no
                    // application frame anywhere; the first attempt must lead back to the application.
                    Expect.stackHasFrame(mine.get(0), "io.tlsdiag.demo.DemoClient");
                    if (s.exceptionIsDirect()) {
                        // After a retry the application sees the last attempt's exception (ids sort by time).
                        Expect.sameExceptionAsApplication(mine.get(mine.size() - 1), results.get(s.peer()));
                    }
                }));
            }
            if (withOpenssl) {
                tests.add(DynamicTest.dynamicTest("opensslTls11OnlyIsReportedAsPROTOCOL_VERSION_MISMATCH", () -> {
                    List<JsonNode> mine = Expect.forPort(incidents, peers.oldProtocol.port);
                    assertEquals(1, mine.size(), mine.toString());
                    assertEquals("PROTOCOL_VERSION_MISMATCH", mine.get(0).path("category").asText());
                    assertEquals("protocol_version", mine.get(0).path("handshake").path("alert").asText());
                    assertEquals("received", mine.get(0).path("handshake").path("alertDirection").asText());
                    Expect.sameExceptionAsApplication(mine.get(0), results.get("old-protocol"));
                }));
                tests.add(DynamicTest.dynamicTest("opensslExpiredLeafIsReportedWithItsIndex", () -> {
                    List<JsonNode> mine = Expect.forPort(incidents, peers.opensslExpired.port);
                    assertEquals(1, mine.size(), mine.toString());
                    assertEquals("CERT_EXPIRED", mine.get(0).path("category").asText());
                    Expect.failingIndex(mine.get(0), 0);
                    Expect.chainIs(mine.get(0), peers.pki.identity("expired"));
                    assertEquals(peers.trustStore.toString(), mine.get(0).path("trust").path("source").asText());
                }));
            }
            nodes.add(DynamicContainer.dynamicContainer(client + " on " + jdk.label(), tests));
        }
        return nodes;
    }
}
