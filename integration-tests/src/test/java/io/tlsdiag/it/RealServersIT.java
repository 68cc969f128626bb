package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsdiag.demo.DemoPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The servers people run, configured the ways they go wrong in production: nginx and HAProxy from this machine's
 * Debian packages, each in one container built locally (see {@link LocalImages}; no image is ever pulled) with one
 * 127.0.0.1 listener per scenario. The demo client runs with the real agent on every test JDK, through
 * HttpsURLConnection and java.net.http.HttpClient, once without the agent for comparison.
 *
 * <p>Without a Docker engine the class is skipped (visibly); .ci/run starts one and fails when this class was
 * skipped while the engine was up.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealServersIT {

    /** Which client JVM calls a listener: the usual one, or one capped at TLS 1.2. */
    enum Run { MAIN, TLS12 }

    /**
     * One listener. category null: the handshake succeeds and no incident may be written. chain: what the server
     * sends (empty when no certificate arrives). exceptionIsDirect false: TLS 1.3 client-certificate refusals arrive
     * after the client's side of the handshake is done, on whichever write or read comes next.
     */
    record Cell(String name, Server server, Run run, String category, Integer failingIndex,
                List<X509Certificate> chain, boolean exceptionIsDirect) {
    }

    enum Server { NGINX, HAPROXY }

    /**
     * Cells left out of the run because the AGENT diagnoses them wrongly (not the test): "client/cell" -> expected
     * vs got. Their assertions are the ones below, unchanged; remove an entry to run the cell again.
     */
    static final Map<String, String> NOT_RUN = Map.of();

    /** -Dtlsdiag.realServers.runAll=true runs the cells of {@link #NOT_RUN} too, to see whether they pass now. */
    static final boolean RUN_ALL = Boolean.getBoolean("tlsdiag.realServers.runAll");

    /**
     * java.net.http.HttpClient sends SNI even for a single-label name such as localhost (HttpsURLConnection sends
     * none), so HAProxy routes it to the localhost certificate: for that client the SNI listener is healthy.
     */
    static Cell forClient(String client, Cell c) {
        if (SENDS_SNI_FOR_LOCALHOST.contains(client) && c.name().equals("haproxy-sni-default")) {
            return new Cell(c.name(), c.server(), c.run(), null, null, pki.identity("good").chain(), true);
        }
        if (!LIBRARIES.contains(client)) {
            return c;
        }
        String category = LIBRARY_CATEGORY.getOrDefault(client + "/" + c.name(), c.category());
        category = category == null || category.isEmpty() ? null : category;
        // A library's exception is its own (wrapped, or another type): the incident holds the JDK's or the engine's.
        return new Cell(c.name(), c.server(), c.run(), category, c.failingIndex(), c.chain(), false);
    }

    /** Clients that send SNI for "localhost" (the JDK's SSLSocket and engines, and Netty's BoringSSL, send none). */
    static final Set<String> SENDS_SNI_FOR_LOCALHOST = Set.of("httpclient");

    /**
     * Client libraries (io.tlsdiag.clients.ClientMatrix) against the same servers: one per kind of transport (OkHttp on
     * SSLSocket, Apache's async I/O reactor, Netty on the JDK's engine and on BoringSSL, Reactor Netty, Jetty). gRPC
     * is left out: these servers speak HTTP/1.1, which gRPC refuses after any handshake.
     */
    static final List<String> LIBRARIES = List.of("okhttp", "apache-async", "netty", "netty-openssl", "reactor",
            "jetty");

    /**
     * Where a library's own configuration changes the expected answer (not the agent): "client/cell" -> category,
     * "" for a healthy handshake.
     */
    static final Map<String, String> LIBRARY_CATEGORY = LIBRARIES.stream().collect(java.util.stream.Collectors.toMap(
            l -> l + "/haproxy-client-other-ca",
            // ClientMatrix's libraries are configured with trust only, no key store: they send no certificate
            l -> "CLIENT_CERT_REQUIRED"));

    /**
     * Cells where the library checks the host name itself after a handshake that succeeded (OkHttp's verifier): the
     * server logs no failed handshake, and the one call is one incident.
     */
    static final Set<String> VERIFIED_AFTER_HANDSHAKE = Set.of("okhttp/haproxy-sni-default");

    /** Runs left out for a library: "client/RUN" -> why. */
    static final Map<String, String> NOT_APPLICABLE = Map.of(
            "netty-openssl/TLS12", "BoringSSL ignores jdk.tls.client.protocols: the run would not be capped",
            "reactor/TLS12", "BoringSSL ignores jdk.tls.client.protocols: the run would not be capped",
            // Seen once in CI, without the agent: EofException <- ClosedChannelException instead of the alert
            "jetty/TLS12", "the servers answer a TLS 1.2 ClientHello with an alert and close at once; Jetty sees "
                    + "either the alert or, by scheduling, its channel closed (EofException), with or without the "
                    + "agent, and in the second case nothing tells the engine why");

    /** Libraries whose incidents do not hold the application's call yet (see ClientLibrariesIT). */
    static final Set<String> CALL_SITE_NOT_YET = Set.of("apache-async", "reactor", "jetty");

    @TempDir
    static Path tmp;

    static DemoPki pki;
    static Path trustStore;
    static Path keyStore;
    static List<Cell> cells;
    static final Map<String, Integer> ports = new LinkedHashMap<>();
    static RealServer nginx;
    static RealServer haproxy;

    @BeforeAll
    static void startServers() throws Exception {
        for (String binary : List.of("/usr/sbin/nginx", "/usr/sbin/haproxy")) {
            // A developer's machine with Docker but without the packages skips visibly; .ci/run installs both and
            // fails when this class was skipped.
            Assumptions.assumeTrue(Files.isExecutable(Path.of(binary)),
                    binary + " is not installed (apt-get install nginx haproxy): the real-server tests are skipped");
        }
        pki = new DemoPki();
        Path dir = Files.createDirectories(tmp.resolve("pki"));
        trustStore = pki.writeTrustStore(dir.resolve("truststore.p12"));
        keyStore = clientKeyStore(dir.resolve("client.p12"), pki.identity("client"));
        DemoPki.Identity good = pki.identity("good");
        DemoPki.Identity expired = pki.identity("expired");
        DemoPki.Identity wrongHost = pki.identity("wrong-host");
        List<X509Certificate> none = List.of();
        cells = List.of(
                new Cell("nginx-good", Server.NGINX, Run.MAIN, null, null, good.chain(), true),
                new Cell("nginx-leaf-only", Server.NGINX, Run.MAIN, "INCOMPLETE_CHAIN", 0,
                        List.of(good.leaf()), true),
                new Cell("nginx-expired", Server.NGINX, Run.MAIN, "CERT_EXPIRED", 0, expired.chain(), true),
                // nginx never fails the handshake for a client certificate (its verify callback accepts all and
                // it answers HTTP 400 instead), so this is a healthy handshake; checked on its own below. nginx
                // 1.22 needs ssl_client_certificate, which lists the CA: the JDK then sends no certificate at all.
                new Cell("nginx-client-other-ca", Server.NGINX, Run.MAIN, null, null, good.chain(), true),
                new Cell("nginx-tls13-only", Server.NGINX, Run.TLS12, "PROTOCOL_VERSION_MISMATCH", null, none, true),
                new Cell("nginx-good-tls12", Server.NGINX, Run.TLS12, null, null, good.chain(), true),
                new Cell("haproxy-good", Server.HAPROXY, Run.MAIN, null, null, good.chain(), true),
                new Cell("haproxy-sni-default", Server.HAPROXY, Run.MAIN, "HOSTNAME_MISMATCH", 0,
                        wrongHost.chain(), true),
                // HAProxy lists its client CAs: the JDK finds no key from them and sends no certificate.
                new Cell("haproxy-client-ca-listed", Server.HAPROXY, Run.MAIN, "CLIENT_CERT_REQUIRED", null,
                        good.chain(), false),
                // no-ca-names: the JDK sends its certificate from the demo CA, which HAProxy does not trust.
                new Cell("haproxy-client-other-ca", Server.HAPROXY, Run.MAIN, "CLIENT_CERT_REJECTED", null,
                        good.chain(), false),
                new Cell("haproxy-tls13-only", Server.HAPROXY, Run.TLS12, "PROTOCOL_VERSION_MISMATCH", null, none,
                        true));
        List<Integer> free = RealServer.freePorts(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            ports.put(cells.get(i).name(), free.get(i));
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put("good-full.pem", pem(good.chain()));
        files.put("good-leaf.pem", pem(List.of(good.leaf())));
        files.put("good.key", key(good));
        files.put("expired-full.pem", pem(expired.chain()));
        files.put("expired.key", key(expired));
        files.put("other-root.pem", pem(List.of(pki.otherRoot)));
        files.put("good.bundle.pem", pem(good.chain()) + key(good));
        files.put("wrong-host.bundle.pem", pem(wrongHost.chain()) + key(wrongHost));
        Map<String, String> nginxFiles = new LinkedHashMap<>(files);
        nginxFiles.put("nginx.conf", nginxConf());
        Map<String, String> haproxyFiles = new LinkedHashMap<>(files);
        haproxyFiles.put("haproxy.cfg", haproxyCfg());
        ImageFromDockerfile nginxImage = RealServer.nginxImage();
        ImageFromDockerfile haproxyImage = RealServer.haproxyImage();
        nginx = RealServer.start("nginx", nginxImage, nginxFiles, portsOf(Server.NGINX));
        haproxy = RealServer.start("haproxy", haproxyImage, haproxyFiles, portsOf(Server.HAPROXY));
    }

    @AfterAll
    static void stopServers() {
        for (RealServer s : new RealServer[] {nginx, haproxy}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static String nginxConf() {
        StringBuilder servers = new StringBuilder();
        String r = RealServer.CONF + "/";
        for (Cell c : cells) {
            if (c.server() != Server.NGINX) {
                continue;
            }
            String tls = switch (c.name()) {
                case "nginx-leaf-only" -> "ssl_certificate " + r + "good-leaf.pem; ssl_certificate_key " + r
                        + "good.key;";
                case "nginx-expired" -> "ssl_certificate " + r + "expired-full.pem; ssl_certificate_key " + r
                        + "expired.key;";
                case "nginx-client-other-ca" -> full(r) + " ssl_verify_client on; ssl_client_certificate " + r
                        + "other-root.pem;";
                case "nginx-tls13-only" -> full(r) + " ssl_protocols TLSv1.3;";
                default -> full(r);
            };
            servers.append("  server {\n    listen 127.0.0.1:").append(ports.get(c.name())).append(" ssl;\n    ")
                    .append(tls).append("\n    location / { return 200 \"ok\\n\"; }\n  }\n");
        }
        // error_log at info: one line per failed handshake, with the listener ("server: 127.0.0.1:PORT").
        return "error_log stderr info;\npid /tmp/nginx.pid;\nworker_processes 1;\n"
                + "events { worker_connections 256; }\n"
                + "http {\n  access_log off;\n" + servers + "}\n";
    }

    private static String full(String r) {
        return "ssl_certificate " + r + "good-full.pem; ssl_certificate_key " + r + "good.key;";
    }

    private static String haproxyCfg() {
        StringBuilder cfg = new StringBuilder("global\n  log stderr format raw local0 info\n"
                + "defaults\n  mode http\n  log global\n  option httplog\n"
                + "  timeout client 10s\n  timeout connect 5s\n  timeout server 10s\n");
        String r = RealServer.CONF + "/";
        for (Cell c : cells) {
            if (c.server() != Server.HAPROXY) {
                continue;
            }
            String bind = switch (c.name()) {
                // The first crt is the default certificate, for clients whose SNI names no other one.
                case "haproxy-sni-default" -> "ssl crt " + r + "wrong-host.bundle.pem crt " + r + "good.bundle.pem";
                case "haproxy-client-ca-listed" -> "ssl crt " + r + "good.bundle.pem verify required ca-file " + r
                        + "other-root.pem";
                case "haproxy-client-other-ca" -> "ssl crt " + r + "good.bundle.pem verify required ca-file " + r
                        + "other-root.pem no-ca-names";
                case "haproxy-tls13-only" -> "ssl crt " + r + "good.bundle.pem ssl-min-ver TLSv1.3";
                default -> "ssl crt " + r + "good.bundle.pem";
            };
            cfg.append("frontend ").append(c.name()).append("\n  bind 127.0.0.1:").append(ports.get(c.name()))
                    .append(' ').append(bind).append("\n  http-request return status 200 content-type text/plain")
                    .append(" string ok\n");
        }
        return cfg.toString();
    }

    private static List<Integer> portsOf(Server server) {
        return cells.stream().filter(c -> c.server() == server).map(c -> ports.get(c.name())).toList();
    }

    /** The server's own count of failed handshakes on a listener, from its log. */
    static int failedHandshakes(Cell c) {
        Predicate<String> line = c.server() == Server.NGINX
                ? l -> l.contains("while SSL handshaking") && l.contains("server: 127.0.0.1:" + ports.get(c.name()))
                // HAProxy: "<client> [<date>] <frontend>/<bind>: SSL handshake failure" (HTTP log lines quote
                // their request, these do not)
                : l -> l.contains(" " + c.name() + "/") && !l.contains("\"");
        return (c.server() == Server.NGINX ? nginx : haproxy).lines(line).size();
    }

    @TestFactory
    List<DynamicNode> httpsUrlConnection() throws Exception {
        return perJdk("urlconnection");
    }

    @TestFactory
    List<DynamicNode> javaNetHttpClient() throws Exception {
        return perJdk("httpclient");
    }

    @TestFactory
    List<DynamicNode> sniRoutingServesTheNamedCertificateToAClientThatSendsIt() throws Exception {
        List<DynamicNode> nodes = new ArrayList<>();
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            // The control for haproxy-sni-default: with SNI "localhost" HAProxy routes to the right certificate.
            AgentRun.Result r = agentRun(jdk, "sni-" + jdk.label())
                    .runComparedWithoutAgent("io.tlsdiag.demo.DemoClient", List.of("--client", "socket",
                            "--sni", "localhost", "--timeout-ms", "3000",
                            "routed=" + url("haproxy-sni-default")));
            List<JsonNode> incidents = r.incidents("incidents");
            nodes.add(DynamicTest.dynamicTest("routed on " + jdk.label(), () -> {
                assertTrue(r.results().get("routed").startsWith("OK"), r.describe());
                assertEquals(List.of(), incidents);
            }));
        }
        return nodes;
    }

    @TestFactory
    List<DynamicNode> clientLibraries() throws Exception {
        List<DynamicNode> nodes = new ArrayList<>();
        for (String library : LIBRARIES) {
            nodes.addAll(perJdk(library));
        }
        return nodes;
    }

    private List<DynamicNode> perJdk(String client) throws Exception {
        List<DynamicNode> nodes = new ArrayList<>();
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            List<DynamicNode> tests = new ArrayList<>();
            for (Run run : Run.values()) {
                if (!NOT_APPLICABLE.containsKey(client + "/" + run.name())) {
                    tests.addAll(cellsOf(jdk, client, run));
                }
            }
            nodes.add(DynamicContainer.dynamicContainer(client + " on " + jdk.label(), tests));
        }
        return nodes;
    }

    private static AgentRun agentRun(TestJdks.Jdk jdk, String name) {
        return new AgentRun(jdk, tmp.resolve(name)).agentOptions("output=incidents")
                .jvmArg("-Djavax.net.ssl.trustStore=" + trustStore).jvmArg(Peers.trustStorePasswordArg())
                .jvmArg("-Djavax.net.ssl.keyStore=" + keyStore).jvmArg("-Djavax.net.ssl.keyStorePassword=changeit")
                .jvmArg("-Djavax.net.ssl.keyStoreType=PKCS12");
    }

    /** One client JVM for every listener of a run, without and then with the agent; the checks run afterwards. */
    private List<DynamicNode> cellsOf(TestJdks.Jdk jdk, String client, Run run) throws Exception {
        List<Cell> mine = cells.stream()
                .filter(c -> c.run() == run && (RUN_ALL || !NOT_RUN.containsKey(client + "/" + c.name())))
                .map(c -> forClient(client, c)).toList();
        List<String> args = new ArrayList<>(List.of("--client", client, "--timeout-ms", "3000"));
        for (Cell c : mine) {
            args.add(c.name() + "=" + url(c.name()));
        }
        String label = client + "-" + run.name().toLowerCase() + "-" + jdk.label();
        List<String> capped = run == Run.TLS12 ? List.of("-Djdk.tls.client.protocols=TLSv1.2") : List.of();
        AgentRun plain = agentRun(jdk, label + "/without-agent").withoutAgent();
        capped.forEach(plain::jvmArg);
        boolean library = LIBRARIES.contains(client);
        String main = library ? "io.tlsdiag.clients.ClientMatrix" : "io.tlsdiag.demo.DemoClient";
        if (library) {
            plain.classpath(AgentRun.clientClasspath());
        }
        Map<String, String> without = plain.run(main, args).results();
        Map<String, Integer> failedBefore = new HashMap<>();
        for (Cell c : mine) {
            failedBefore.put(c.name(), failedHandshakes(c));
        }
        AgentRun withAgent = agentRun(jdk, label);
        capped.forEach(withAgent::jvmArg);
        if (library) {
            withAgent.classpath(AgentRun.clientClasspath());
        }
        AgentRun.Result result = withAgent.run(main, args);
        List<JsonNode> incidents = result.incidents("incidents");
        Map<String, String> results = result.results();
        // The server writes its log line when it has read the client's alert or close, which may be after the
        // client JVM has exited: poll (generous deadline) until the server's count reaches the incidents' count.
        Map<String, Integer> failed = new HashMap<>();
        long deadline = System.nanoTime() + 15_000_000_000L;
        for (Cell c : mine) {
            long expected = Expect.occurrences(Expect.forPort(incidents, ports.get(c.name())));
            int seen = failedHandshakes(c) - failedBefore.get(c.name());
            while (seen < expected && System.nanoTime() < deadline) {
                Thread.sleep(100); // polling interval; the loop re-reads the log
                seen = failedHandshakes(c) - failedBefore.get(c.name());
            }
            failed.put(c.name(), seen);
        }
        List<DynamicNode> tests = new ArrayList<>();
        String where = " (" + run + " run, " + result.workDir() + ")";
        tests.add(DynamicTest.dynamicTest(run + ": sameOutcomeWithAndWithoutTheAgent", () -> {
            assertEquals(0, result.exitCode(), result.describe());
            // TLS 1.3 client-certificate refusals arrive on the first write or read after the handshake:
            // which one sees it depends on scheduling even without the agent (as in ClientFailuresIT).
            Map<String, String> a = new LinkedHashMap<>(without);
            Map<String, String> b = new LinkedHashMap<>(results);
            for (Cell c : mine) {
                if (c.name().startsWith("haproxy-client-")) { // HAProxy's client verification: TLS 1.3 refusals
                    a.remove(c.name());
                    b.remove(c.name());
                }
            }
            assertFalse(a.isEmpty(), "nothing compared" + where);
            assertEquals(a, b, "the application sees the same outcome with and without the agent" + where);
            for (JsonNode i : incidents) {
                IncidentSchema.assertValid(i);
            }
        }));
        for (Cell c : mine) {
            int port = ports.get(c.name());
            String test = c.category() == null ? c.name() + "WritesNoIncident" : c.name() + "Is" + c.category();
            tests.add(DynamicTest.dynamicTest(test, () -> {
                List<JsonNode> forCell = Expect.forPort(incidents, port);
                String context = c.name() + where + ": result " + results.get(c.name()) + "; server log:\n"
                        + serverLog(c);
                if (c.category() == null) {
                    assertEquals(List.of(), forCell, context);
                    assertEquals(0, failed.get(c.name()), "the server saw a failed handshake: " + context);
                    if (c.name().equals("nginx-client-other-ca")) {
                        // The handshake succeeded; nginx refuses in HTTP: "400 The SSL certificate error" when a
                        // certificate was sent, "400 No required SSL certificate was sent" otherwise.
                        assertTrue(results.get(c.name()).contains("400"), context);
                    } else {
                        assertTrue(results.get(c.name()).startsWith("OK HTTP 200"), context);
                    }
                    return;
                }
                assertFalse(results.get(c.name()).startsWith("OK"), context);
                assertFalse(forCell.isEmpty(), "no incident; " + context);
                // Exactly one incident per failed handshake: the server's log counts them; repeats of the same
                // failure share an incident and count in its occurrences.
                if (VERIFIED_AFTER_HANDSHAKE.contains(client + "/" + c.name())) {
                    assertEquals(0, failed.get(c.name()), "the handshake itself succeeded: " + context);
                    assertEquals(1, Expect.occurrences(forCell), "one call, one incident: " + context);
                } else {
                    assertTrue(failed.get(c.name()) >= 1, "the server logged no failed handshake: " + context);
                    assertEquals(failed.get(c.name()).longValue(), Expect.occurrences(forCell),
                            "failed handshakes the server logged vs incidents' occurrences " + Expect.ids(forCell)
                                    + "; " + context);
                }
                for (JsonNode incident : forCell) {
                    assertEquals(c.category(), incident.path("category").asText(),
                            incident.path("summary") + " " + incident.path("exception") + "; " + context);
                    assertEquals("client", incident.path("role").asText());
                    assertEquals("localhost", incident.path("peer").path("host").asText());
                    Expect.failingIndex(incident, c.failingIndex());
                    if (c.exceptionIsDirect() || incident.path("chain").size() > 0) {
                        Expect.chainIs(incident, new DemoPki.Identity(c.name(), null, c.chain()));
                    }
                    assertTrue(incident.path("remediation").size() >= 1, incident.toString());
                }
                if (!library) {
                    Expect.stackHasFrame(forCell.get(0), "io.tlsdiag.demo.DemoClient");
                } else if (!CALL_SITE_NOT_YET.contains(client)) {
                    ClientLibrariesIT.stackHasApplicationFrame(forCell.get(0));
                }
                if (c.exceptionIsDirect()) {
                    Expect.sameExceptionAsApplication(forCell.get(forCell.size() - 1), results.get(c.name()));
                }
                if (c.name().equals("haproxy-sni-default")) {
                    // The JDK sends no SNI for a single-label name, so HAProxy served its default certificate.
                    JsonNode d = forCell.get(0).path("diagnosis");
                    assertFalse(d.path("sniSent").asBoolean(true), d.toString());
                    assertEquals("single-label-host", d.path("sniMissingReason").asText(), d.toString());
                    String summary = forCell.get(0).path("summary").asText();
                    assertTrue(summary.contains("sent no SNI"), summary);
                }
                if (c.category().equals("PROTOCOL_VERSION_MISMATCH")) {
                    assertEquals("protocol_version", forCell.get(0).path("handshake").path("alert").asText(),
                            forCell.get(0).toString());
                }
            }));
        }
        return tests;
    }

    private static String serverLog(Cell c) {
        String all = (c.server() == Server.NGINX ? nginx : haproxy).logs();
        return all.length() > 6000 ? all.substring(all.length() - 6000) : all;
    }

    private static String url(String cell) {
        return "https://localhost:" + ports.get(cell) + "/";
    }

    private static String pem(List<X509Certificate> certs) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            sb.append(EvidencePki.pem("CERTIFICATE", c.getEncoded()));
        }
        return sb.toString();
    }

    private static String key(DemoPki.Identity id) {
        return EvidencePki.pem("PRIVATE KEY", id.key().getEncoded());
    }

    /** A PKCS#12 key store (password changeit) holding the identity under the alias "client". */
    static Path clientKeyStore(Path file, DemoPki.Identity id) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", id.key(), "changeit".toCharArray(), id.chain().toArray(new Certificate[0]));
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, "changeit".toCharArray());
        }
        return file;
    }
}
