package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client-library matrix (issue 10, item 1): the real client libraries services run (test-clients'
 * {@code io.tlsdiag.clients.ClientMatrix}), one child JVM per library and JDK, with the real agent jar, against every
 * shared broken peer and a healthy one. Each cell is one peer for one library and is checked field by field; the same
 * program also runs without the agent and must see the same outcome of every call.
 *
 * <p>Each library's table ({@link #CLIENTS}) is {@link #PEERS} plus the healthy peer "good", minus its {@code notYet}
 * entries: cells the agent does not get right yet, each with what it does today. They are not run (so this test
 * stays green on what works); as the agent improves, delete an entry and the cell runs with every assertion. A key
 * is a peer ({@code "silent"}) or a peer on one JDK ({@code "silent@jdk25"}). Every cell that runs must lead its
 * incident's stack back to the application's call, asynchronous clients included ({@link #handOffOrigin}).
 */
class ClientLibrariesIT {

    /** What one peer must produce. identity: whose chain the peer presents (null: no chain arrives). */
    record Cell(String peer, String category, Integer failingIndex, String identity) {
    }

    /**
     * A library, by ClientMatrix's --client name, and what it does not get right yet:
     * <ul>
     * <li>{@code notYet}: cells not run at all, each with what happens today;</li>
     * <li>{@code timingDependent}: peers whose outcome differs between two runs even without the agent (which of
     * the library's read or write meets the peer's refusal or close first), left out of the comparison of the
     * outcomes with and without the agent; every other assertion holds for them.</li>
     * </ul>
     */
    record Client(String name, Map<String, String> notYet, Set<String> timingDependent) {
        Client {
            Set<String> timing = new HashSet<>(timingDependent);
            // The server refuses after the client's Finished: "bad_certificate" or "Broken pipe", by scheduling.
            timing.add("client-cert-required");
            timingDependent = Set.copyOf(timing);
        }

        boolean runs(String peer, TestJdks.Jdk jdk) {
            return EVERY_CELL || !notYet.containsKey(peer) && !notYet.containsKey(peer + "@" + jdk.label());
        }
    }

    /**
     * {@code -Dtlsdiag.clientMatrix.everyCell=true}: run every cell with every assertion, the known gaps too, to see
     * which entries of the tables below the agent has outgrown (the test then fails on the gaps that remain).
     */
    static final boolean EVERY_CELL = Boolean.getBoolean("tlsdiag.clientMatrix.everyCell");

    /** {@code -Dtlsdiag.clientMatrix.only=okhttp-async,netty}: only these libraries, while working on them. */
    static final Set<String> ONLY = Set.of(System.getProperty("tlsdiag.clientMatrix.only", "").split(",")).stream()
            .filter(n -> !n.isBlank()).collect(Collectors.toSet());

    static final String OLD_PROTOCOL = "old-protocol";

    static final List<Cell> PEERS = List.of(
            new Cell("expired", "CERT_EXPIRED", 0, "expired"),
            new Cell("wrong-host", "HOSTNAME_MISMATCH", 0, "wrong-host"),
            new Cell("untrusted-root", "UNTRUSTED_ROOT", 1, "untrusted-root"),
            new Cell("incomplete-chain", "INCOMPLETE_CHAIN", 0, "incomplete-chain"),
            new Cell("expired-intermediate", "CERT_EXPIRED", 1, "expired-intermediate"),
            // TLS 1.3: the server refuses after the client's Finished; the chain is checked only when it was recorded.
            new Cell("client-cert-required", "CLIENT_CERT_REQUIRED", null, "good"),
            new Cell("plaintext", "NOT_TLS", null, null),
            new Cell("closes", "CONNECTION_CLOSED", null, null),
            new Cell("silent", "HANDSHAKE_TIMEOUT", null, null),
            // openssl s_server -tls1_1, behind a counting relay
            new Cell(OLD_PROTOCOL, "PROTOCOL_VERSION_MISMATCH", null, null));

    static final String NO_INCIDENT = "no incident";

    // Measured on JDK 17 and 25 (the same on both) with the agent as of 2026-11-30; see each entry.
    static final List<Client> CLIENTS = List.of(
            new Client("okhttp", Map.of(), Set.of()),
            // enqueue: the handshake runs on OkHttp's dispatcher thread, on an SSLSocket; the call site is where
            // enqueue handed over the call (request-submission)
            new Client("okhttp-async", Map.of(), Set.of()),
            new Client("apache", Map.of(), Set.of()),
            new Client("apache-async", Map.of(), Set.of()),
            // "Remote host closed the channel" or "... terminated the handshake", by which side sees EOF first
            // The call site is where sendAsync created the request's MultiExchange (request-submission)
            new Client("httpclient-async", Map.of(), Set.of("closes")),
            // The channel is created by the application's connect, the engine in its ChannelInitializer on the event
            // loop: the channel's stack is the call site (connection-request).
            new Client("netty", Map.of(), Set.of()),
            // Netty's JdkAlpnSslEngine around the JDK's: one failure, one incident
            new Client("netty-alpn", Map.of(), Set.of()),
            new Client("netty-openssl", Map.of(), Set.of()),
            // The channel is created on the subscribing thread, the engine on the event loop: the channel's stack is
            // the call site (stackOrigin connection-request).
            new Client("reactor", Map.of(), Set.of()),
            new Client("reactor-jdk", Map.of(), Set.of()),
            // Jetty's first read may meet the closing peer's end of stream before its first write produced the
            // ClientHello: still one CONNECTION_CLOSED incident (beforeClientHello).
            new Client("jetty", Map.of(),
                    // closes: "Broken pipe" (the ClientHello's write) or an EOFException (the read), by scheduling.
                    // plaintext: the read's SSLException closes the connection; a request write still under way then
                    // fails with EofException <- ClosedChannelException or AsynchronousCloseException, and the
                    // application gets whichever failure Jetty reports first. Measured without the agent too: 1 in 13
                    // fresh JVMs on JDK 25 under CPU load (the incident is the same NOT_TLS either way).
                    Set.of("closes", "plaintext")),
            // client-cert-required answers gRPC's ALPN offer with h2 (DemoServers), so its refusal ends the call
            new Client("grpc", Map.of(), Set.of()),
            // silent: the application's own deadline ends the handshake and drops the engine without closing it; the
            // agent's watch reports it (HANDSHAKE_TIMEOUT, stalledForSeconds)
            new Client("sslengine", Map.of(), Set.of()));

    private static CountingRelay oldProtocolRelay;

    @TempDir
    Path tmp;

    @TestFactory
    List<DynamicNode> clientLibraries() throws Exception {
        Peers peers = Peers.shared();
        synchronized (ClientLibrariesIT.class) {
            if (oldProtocolRelay == null) {
                oldProtocolRelay = new CountingRelay(peers.oldProtocol.port);
            }
        }
        List<DynamicNode> nodes = new ArrayList<>();
        for (Client client : CLIENTS) {
            if (!ONLY.isEmpty() && !ONLY.contains(client.name())) {
                continue;
            }
            for (TestJdks.Jdk jdk : TestJdks.all()) {
                nodes.add(cellsOf(peers, client, jdk));
            }
        }
        return nodes;
    }

    private DynamicContainer cellsOf(Peers peers, Client client, TestJdks.Jdk jdk) throws Exception {
        List<Cell> cells = PEERS.stream().filter(c -> client.runs(c.peer(), jdk)).toList();
        boolean good = client.runs("good", jdk);
        boolean grpc = client.name().equals("grpc");
        // The raw SSLEngine application drops its engine at its deadline without closing it: only the agent's watch
        // sees that handshake, handshakeStallSeconds (3) after a look saw it wait, so the deadline (8 s) leaves the
        // watch time; no healthy handshake here takes 3 s.
        boolean watched = client.name().equals("sslengine");
        String timeoutMs = watched ? "8000" : "1500";
        List<String> args = new ArrayList<>(List.of("--client", client.name(), "--timeout-ms", timeoutMs));
        if (good && grpc) {
            // gRPC needs HTTP/2 over ALPN: its healthy peer is a gRPC server in the client's JVM, with "good"'s chain.
            args.addAll(List.of("--grpc-server", peers.dir.toString(), "good=grpc-server"));
        } else if (good) {
            args.add("good=" + peers.url("good"));
        }
        Map<String, IntSupplier> accepted = new HashMap<>();
        Map<String, Integer> ports = new HashMap<>();
        for (Cell c : cells) {
            boolean old = c.peer().equals(OLD_PROTOCOL);
            args.add(c.peer() + "=" + (old ? oldProtocolRelay.url() : peers.url(c.peer())));
            accepted.put(c.peer(), old ? oldProtocolRelay::accepted : () -> peers.servers.accepted(c.peer()));
            ports.put(c.peer(), old ? oldProtocolRelay.port() : peers.servers.port(c.peer()));
        }
        Path dir = tmp.resolve(client.name() + "-" + jdk.label());
        Map<String, String> without = new AgentRun(jdk, dir.resolve("without-agent")).withoutAgent()
                .classpath(AgentRun.clientClasspath())
                .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                .run("io.tlsdiag.clients.ClientMatrix", args).results();
        // Connections are counted around the agent's run only (dynamic tests run after every factory JVM ended).
        Map<String, Integer> before = new HashMap<>();
        accepted.forEach((peer, count) -> before.put(peer, count.getAsInt()));
        AgentRun.Result run = new AgentRun(jdk, dir).classpath(AgentRun.clientClasspath())
                .agentOptions("output=incidents,debug=true" + (watched ? ",handshakeStallSeconds=3" : ""))
                .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                .run("io.tlsdiag.clients.ClientMatrix", args);
        Map<String, Integer> handshakesOf = new HashMap<>();
        accepted.forEach((peer, count) -> handshakesOf.put(peer, count.getAsInt() - before.get(peer)));
        List<JsonNode> incidents = run.incidents("incidents");
        Map<String, String> results = run.results();

        List<DynamicNode> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("everyIncidentMatchesTheSchema", () -> {
            assertEquals(0, run.exitCode(), run.describe());
            assertTrue(run.stdout().contains("DONE failures="), run.describe());
            for (JsonNode i : incidents) {
                IncidentSchema.assertValid(i);
            }
        }));
        if (good) {
            int goodPort = grpc ? grpcServerPort(run) : peers.servers.port("good");
            tests.add(DynamicTest.dynamicTest("goodPeerSucceedsWithoutIncident", () -> {
                assertTrue(results.getOrDefault("good", "").startsWith("OK"), run.describe());
                assertEquals(without.get("good"), results.get("good"), "the same outcome without the agent");
                assertEquals(List.of(), Expect.ids(Expect.forPort(incidents, goodPort)));
            }));
        }
        for (Cell c : cells) {
            tests.add(DynamicTest.dynamicTest(c.peer() + "IsReportedAs" + c.category(), () -> {
                String seen = results.get(c.peer());
                assertTrue(seen != null && seen.startsWith("FAILED"), "the call should fail: " + seen);
                if (!client.timingDependent().contains(c.peer())) {
                    assertEquals(outcome(client, without.get(c.peer())), outcome(client, seen),
                            "the application must see the same outcome without the agent");
                }
                List<JsonNode> mine = Expect.forPort(incidents, ports.get(c.peer()));
                int handshakes = handshakesOf.get(c.peer());
                assertTrue(handshakes >= 1, "the peer saw no connection: " + run.describe());
                // Every failed handshake is counted exactly once; repeats of the same failure share an incident.
                assertEquals(handshakes, Expect.occurrences(mine), "failed handshakes counted: " + summaries(mine)
                        + "; the application saw " + seen);
                for (JsonNode incident : mine) {
                    assertEquals(c.category(), incident.path("category").asText(), summaries(List.of(incident)));
                    assertEquals("client", incident.path("role").asText());
                    assertEquals("localhost", incident.path("peer").path("host").asText());
                    Expect.failingIndex(incident, c.failingIndex());
                    if (c.identity() == null) {
                        assertEquals(0, incident.path("chain").size(), "no certificate arrived");
                    } else if (incident.path("chain").size() > 0 || !c.peer().equals("client-cert-required")) {
                        Expect.chainIs(incident, peers.pki.identity(c.identity()));
                    }
                }
                if (watched && c.peer().equals("silent")) {
                    assertEquals(3, mine.get(0).path("diagnosis").path("stalledForSeconds").asInt(),
                            "the agent's watch saw the dropped engine: " + mine.get(0).path("diagnosis"));
                }
                // A library's own retry may run on a pool thread with no application frame; the first attempt must
                // lead back to the application's call.
                stackHasApplicationFrame(mine.get(0));
                String origin = handOffOrigin(client);
                if (origin != null) {
                    // The handshake ran on a library thread; the stack is from the thread that asked for it, and the
                    // library thread's own is kept apart.
                    JsonNode first = mine.get(0);
                    assertEquals(origin, first.path("stackOrigin").asText(), summaries(mine));
                    assertTrue(first.path("failingThreadStack").size() > 0, "the library thread's stack is kept");
                }
            }));
        }
        return DynamicContainer.dynamicContainer(client.name() + " on " + jdk.label(), tests);
    }

    /**
     * How an asynchronous client's incident finds the application's call (stackOrigin), null for a client whose
     * handshake runs on the calling thread. Netty's client channel, Jetty's connect context, Apache's session request
     * and gRPC's name resolution are made where a connection was asked for (connection-request); OkHttp's enqueue and
     * java.net.http's MultiExchange where a request was submitted (request-submission).
     */
    static String handOffOrigin(Client client) {
        return switch (client.name()) {
            case "okhttp-async", "httpclient-async" -> "request-submission";
            case "netty", "netty-alpn", "netty-openssl", "reactor", "reactor-jdk", "jetty", "apache-async", "grpc" ->
                    "connection-request";
            default -> null;
        };
    }

    /**
     * An outcome as compared with and without the agent. Jetty wraps the engine's SSLException in an
     * SSLHandshakeException of the same message only in whichever of its fill or flush reports the failure first
     * (SslConnection.handshakeFailed's compareAndSet): which one the application gets depends on scheduling, agent or
     * not (seen in CI). The rest of the outcome is compared exactly.
     */
    static String outcome(Client client, String result) {
        if (result == null || !client.name().equals("jetty")) {
            return result;
        }
        return result.replaceFirst("^FAILED javax\\.net\\.ssl\\.SSLHandshakeException: (.*?) <- "
                + "(javax\\.net\\.ssl\\.SSLException: \\1)", "FAILED $2");
    }

    /** The incident's stack holds a frame of the application (io.tlsdiag.clients) and none of the agent. */
    static void stackHasApplicationFrame(JsonNode incident) {
        List<String> classes = StreamSupport.stream(incident.path("stack").spliterator(), false)
                .map(f -> f.path("className").asText()).toList();
        assertTrue(classes.stream().anyMatch(c -> c.startsWith("io.tlsdiag.clients.")),
                "stack should contain the application's call (io.tlsdiag.clients): " + classes);
        assertTrue(classes.stream().noneMatch(c -> c.startsWith("io.tlsdiag.agent")),
                "agent frames must be removed from the stack: " + classes);
    }

    private static int grpcServerPort(AgentRun.Result run) {
        return run.stdout().lines().filter(l -> l.startsWith("GRPC_SERVER ")).findFirst()
                .map(l -> Integer.parseInt(l.substring("GRPC_SERVER ".length()).trim()))
                .orElseThrow(() -> new AssertionError("no GRPC_SERVER line\n" + run.describe()));
    }

    private static String summaries(List<JsonNode> incidents) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode i : incidents) {
            out.put(i.path("id").asText(), i.path("category").asText() + " x" + i.path("occurrences").asInt()
                    + " chain=" + i.path("chain").size() + " index=" + i.path("failingCertificateIndex")
                    + " " + i.path("exception").path("type").asText());
        }
        return out.toString();
    }
}
