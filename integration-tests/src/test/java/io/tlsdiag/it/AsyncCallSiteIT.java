package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asynchronous requests are followed to their connection within a budget per second (option
 * {@code requestCapturesPerSecond}); a request beyond it is not, and its incident first shows the library's thread.
 * After that failure every request is followed, and the repeat gives the incident the application's call. Here the
 * budget is 0, so the first request is never followed: the real clients, the real agent, a peer with an expired
 * certificate called twice.
 */
class AsyncCallSiteIT {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"okhttp-async", "httpclient-async"})
    void aRequestNotFollowedGetsTheCallSiteFromItsFollowedRepeat(String client) throws Exception {
        Peers peers = Peers.shared();
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            AgentRun.Result run = new AgentRun(jdk, tmp.resolve(client + "-" + jdk.label()))
                    .classpath(AgentRun.clientClasspath())
                    .agentOptions("output=incidents,requestCapturesPerSecond=0")
                    .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                    .run("io.tlsdiag.clients.ClientMatrix", List.of("--client", client,
                            "first=" + peers.url("expired"), "repeat=" + peers.url("expired")));
            assertEquals(0, run.exitCode(), run.describe());
            List<JsonNode> mine = Expect.forPort(run.incidents("incidents"), peers.servers.port("expired"));
            assertEquals(1, mine.size(), run.describe());
            JsonNode incident = mine.get(0);
            IncidentSchema.assertValid(incident);
            assertEquals(2, incident.path("occurrences").asInt(), jdk.label());
            assertEquals("request-submission", incident.path("stackOrigin").asText(), jdk.label());
            assertTrue(incident.path("stackFromRepeat").asBoolean(), jdk.label());
            ClientLibrariesIT.stackHasApplicationFrame(incident);
            assertTrue(incident.path("failingThreadStack").size() > 0, "the first occurrence's stack, kept apart");
        }
    }
}
