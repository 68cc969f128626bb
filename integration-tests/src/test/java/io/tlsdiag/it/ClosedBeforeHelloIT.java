package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client engine whose application reads before it writes (ReadFirst, as Jetty's client may by scheduling) meets a
 * peer that closes on accept before the engine produced its ClientHello: one CONNECTION_CLOSED incident that says so
 * ({@code beforeClientHello}), with the application's stack. The same application giving up on a silent peer closes
 * its engine itself, before any hello: no incident, since nothing failed on the peer's side yet that TLS could show.
 */
class ClosedBeforeHelloIT {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void aPeerClosingBeforeTheClientHelloIsOneIncidentThatSaysSo(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        int closes = peers.servers.port("closes");
        int silent = peers.servers.port("silent");
        List<String> args = List.of("500", "closes=localhost:" + closes, "silent=localhost:" + silent);
        Map<String, String> without = new AgentRun(jdk, tmp.resolve("without-agent")).withoutAgent()
                .classpath(AgentRun.clientClasspath()).run("io.tlsdiag.clients.ReadFirst", args).results();
        AgentRun.Result run = new AgentRun(jdk, tmp.resolve("agent")).classpath(AgentRun.clientClasspath())
                .agentOptions("output=incidents").run("io.tlsdiag.clients.ReadFirst", args);
        Map<String, String> results = run.results();
        assertEquals(without, results, "the application sees the same outcomes without the agent");
        assertTrue(results.get("closes").startsWith("FAILED java.io.EOFException"), run.describe());
        assertTrue(results.get("silent").startsWith("FAILED java.net.SocketTimeoutException"), run.describe());

        List<JsonNode> incidents = run.incidents("incidents");
        List<JsonNode> closed = Expect.forPort(incidents, closes);
        assertEquals(1, closed.size(), "one incident for the peer that closed: " + incidents);
        JsonNode i = closed.get(0);
        IncidentSchema.assertValid(i);
        assertEquals("CONNECTION_CLOSED", i.path("category").asText(), i.path("summary").asText());
        assertEquals(1, i.path("occurrences").asInt());
        assertTrue(i.path("diagnosis").path("beforeClientHello").asBoolean(), i.path("diagnosis").toString());
        assertTrue(i.path("summary").asText().contains("before this client sent its TLS hello"),
                i.path("summary").asText());
        assertEquals(0, i.path("chain").size(), "no certificate arrived");
        Expect.stackHasFrame(i, "io.tlsdiag.clients.ReadFirst");
        assertEquals(List.of(), Expect.forPort(incidents, silent),
                "the application's own close of an engine that never began is not a failure");
    }
}
