package io.tlsdiag.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The host application sees exactly the same outcome with and without the agent: same successes, same exception
 * types, messages and cause chains, on every HTTP client path, with the JDK's trust manager and with the
 * application's own trust managers and host name verifiers (see {@link AgentRun#runComparedWithoutAgent}).
 */
class UnchangedBehaviourIT {

    /** Peers whose outcome does not depend on timing (client-cert-required races the server's close). */
    static final List<String> DETERMINISTIC = List.of("good", "expired", "not-yet-valid", "wrong-host",
            "self-signed", "untrusted-root", "incomplete-chain", "expired-intermediate", "plaintext", "silent",
            "expiring-soon", "wrong-usage", "not-a-ca", "name-constrained");

    /** The application-supplied verification each run installs (DemoClient options). */
    static final List<List<String>> APPLICATION_VERIFICATION = List.of(
            List.of("--trust-manager", "pinned"),
            List.of("--trust-manager", "delegating"),
            List.of("--trust-manager", "trust-all", "--hostname-verifier", "accept-all"),
            List.of("--hostname-verifier", "exact"));

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

    static List<Object[]> applicationVerification() {
        List<Object[]> out = new ArrayList<>();
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            for (List<String> options : APPLICATION_VERIFICATION) {
                out.add(new Object[] {jdk, options});
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
        args.add("openssl-expired=" + peers.opensslExpired.url());
        AgentRun.Result withAgent = new AgentRun(jdk, tmp).agentOptions("output=incidents")
                .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                .runComparedWithoutAgent("io.tlsdiag.demo.DemoClient", args);
        assertEquals(DETERMINISTIC.size() + 2, withAgent.results().size(), withAgent.describe());
        assertEquals("", AgentOutput.withoutIncidentLines(withAgent.stderr()),
                "the agent prints nothing but its one line per new incident (log=auto, no SLF4J here)");
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("applicationVerification")
    void applicationTrustManagersAndVerifiersDecideAsWithoutAgent(TestJdks.Jdk jdk, List<String> options)
            throws Exception {
        Peers peers = Peers.shared();
        List<String> args = new ArrayList<>(options);
        for (String peer : List.of("good", "expired", "wrong-host", "self-signed", "untrusted-root",
                "incomplete-chain")) {
            args.add(peer + "=" + peers.url(peer));
        }
        AgentRun.Result withAgent = new AgentRun(jdk, tmp).agentOptions("output=incidents")
                .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                .runComparedWithoutAgent("io.tlsdiag.demo.DemoClient", args);
        assertEquals(6, withAgent.results().size(), withAgent.describe());
    }
}
