package io.tlsdiag.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The host application sees exactly the same outcome with and without the agent: same successes, same exception
 * types, messages and cause chains, on both HTTP client paths.
 */
class UnchangedBehaviourIT {

    /** Peers whose outcome does not depend on timing (client-cert-required races the server's close). */
    static final List<String> DETERMINISTIC = List.of("good", "expired", "not-yet-valid", "wrong-host",
            "self-signed", "untrusted-root", "incomplete-chain", "expired-intermediate", "plaintext", "silent");

    @TempDir
    Path tmp;

    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            for (String client : List.of("urlconnection", "httpclient", "socket")) {
                out.add(new Object[] {jdk, client});
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void applicationSeesIdenticalExceptionsWithAndWithoutAgent(TestJdks.Jdk jdk, String client) throws Exception {
        Peers peers = Peers.shared();
        List<String> args = new ArrayList<>(List.of("--client", client, "--timeout-ms", "1500"));
        for (String peer : DETERMINISTIC) {
            args.add(peer + "=" + peers.url(peer));
        }
        args.add("old-protocol=" + peers.oldProtocol.url());
        Map<String, String> without = new AgentRun(jdk, tmp.resolve("without")).withoutAgent()
                .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                .run("io.tlsdiag.demo.DemoClient", args).results();
        AgentRun.Result withAgent = new AgentRun(jdk, tmp.resolve("with")).agentOptions("output=incidents")
                .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                .run("io.tlsdiag.demo.DemoClient", args);
        assertEquals(DETERMINISTIC.size() + 1, without.size());
        assertEquals(without, withAgent.results(), withAgent.describe());
        assertEquals("", withAgent.stderr(), "the agent prints nothing when all is well");
    }
}
