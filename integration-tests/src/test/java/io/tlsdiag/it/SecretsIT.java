package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsdiag.demo.DemoPki;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No password, private key or session secret of the host reaches what the agent writes or publishes: incident files,
 * incidents.ndjson and every other file of the output directory (hidden ones included), the agent's lines on stderr,
 * the tlsdiag.* system properties, or another process's command line. The host runs with a trust store and a client
 * key store, each under a password unique to this test, and fails handshakes of several kinds, client
 * authentication included (its private key is used, and must not be written).
 */
class SecretsIT {

    /** Names under which a session's secrets would be written (JSSE, NSS key log); none may appear. */
    static final List<String> SESSION_SECRET_NAMES = List.of("masterSecret", "master_secret", "CLIENT_RANDOM",
            "TRAFFIC_SECRET", "HANDSHAKE_SECRET", "EXPORTER_SECRET", "preMasterSecret");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void noSecretLeavesTheHost(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        String trustPassword = "trust-" + UUID.randomUUID();
        String keyPassword = "key-" + UUID.randomUUID();
        Path trustStore = tmp.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            peers.pki.trustStore().store(out, trustPassword.toCharArray());
        }
        // A client certificate from a look-alike PKI: the client-cert-required peer asks for its CA's name, the
        // client sends it (using its private key), and the peer refuses it.
        DemoPki.Identity client = new DemoPki().identity("client");
        Path keyStore = tmp.resolve("client.p12");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", client.key(), keyPassword.toCharArray(), client.chain().toArray(new Certificate[0]));
        try (OutputStream out = Files.newOutputStream(keyStore)) {
            keys.store(out, keyPassword.toCharArray());
        }
        List<String> hostSettings = List.of("-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStorePassword=" + trustPassword, "-Djavax.net.ssl.keyStore=" + keyStore,
                "-Djavax.net.ssl.keyStorePassword=" + keyPassword, "-Djavax.net.ssl.keyStoreType=PKCS12");
        Map<String, String> secrets = secretsToLookFor(trustPassword, keyPassword, client);

        Map<String, String> places = new LinkedHashMap<>();
        Path output = tmp.resolve("incidents");
        List<String> targetArgs = new ArrayList<>(List.of("-javaagent:" + AgentRun.AGENT_JAR + "=output=" + output
                + ",debug=true"));
        targetArgs.addAll(hostSettings);
        try (TargetJvm target = new TargetJvm(jdk, tmp, targetArgs)) {
            assertTrue(target.call(peers.url("good")).contains(" OK "), "the trust store opened with its password");
            for (String peer : List.of("expired", "untrusted-root", "self-signed", "wrong-host",
                    "client-cert-required", "plaintext", "closes")) {
                assertTrue(target.call(peers.url(peer)).contains(" FAILED "), peer);
            }
            assertTrue(target.call(peers.url("expiring-soon")).contains(" OK "), "a finding, written too");
            List<JsonNode> incidents = awaitIncidents(tmp, 7);
            assertTrue(incidents.stream().anyMatch(i -> i.path("trust").path("source").asText()
                    .equals(trustStore.toString())), "the agent opened the trust store too (with its password)");

            Cli.Result status = Cli.run(jdk, tmp, "status", target.pid);
            assertEquals(0, status.exitCode(), status.all());
            places.put("tlsdiag status", status.all());
            Cli.Result list = Cli.run(jdk, tmp, "list");
            places.put("tlsdiag list", list.all());
            places.put("tlsdiag.* system properties", tlsdiagProperties(jdk, target.pid));
            for (String secret : List.of(trustPassword, keyPassword)) {
                Map<Long, String> showing = CommandLines.containing(secret);
                showing.remove(target.pid()); // the host was given them on its command line by this test
                places.put("command lines showing " + secret, showing.toString());
            }
            places.put("the host's stdout and stderr", target.output());
        }
        // The engine path (java.net.http.HttpClient) as well, into its own directory, where eviction (two incidents
        // kept) writes its hidden counter.
        AgentRun engine = new AgentRun(jdk, tmp.resolve("engine"))
                .agentOptions("output=incidents,debug=true,maxIncidents=2");
        hostSettings.forEach(engine::jvmArg);
        AgentRun.Result engineRun = engine.run("io.tlsdiag.demo.DemoClient", List.of("--client", "httpclient",
                "expired=" + peers.url("expired"), "untrusted=" + peers.url("untrusted-root"),
                "wrong-host=" + peers.url("wrong-host"), "client-auth=" + peers.url("client-cert-required")));
        places.put("engine run stdout", engineRun.stdout());
        places.put("engine run stderr", engineRun.stderr());
        places.putAll(filesUnder(output));
        places.putAll(filesUnder(engineRun.workDir().resolve("incidents")));

        assertTrue(places.keySet().stream().anyMatch(p -> p.endsWith("incidents.ndjson")), places.keySet().toString());
        assertTrue(places.keySet().stream().anyMatch(p -> p.contains("/engine/incidents/.")),
                "the hidden files are looked at too: " + places.keySet());
        List<String> leaks = new ArrayList<>();
        places.forEach((place, text) -> secrets.forEach((what, secret) -> {
            if (text.contains(secret)) {
                leaks.add(what + " in " + place);
            }
        }));
        assertEquals(List.of(), leaks);
    }

    /** What would be a leak: description -> the text to search for. */
    private static Map<String, String> secretsToLookFor(String trustPassword, String keyPassword,
            DemoPki.Identity client) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("the trust store password", trustPassword);
        s.put("the key store password", keyPassword);
        s.put("a PEM private key", "PRIVATE KEY");
        s.put("the client's private key (PKCS#8, base64)",
                Base64.getEncoder().encodeToString(client.key().getEncoded()));
        ECPrivateKey ec = (ECPrivateKey) client.key();
        s.put("the client's private key (hex)", ec.getS().toString(16));
        s.put("the client's private key (decimal)", ec.getS().toString());
        s.put("the client's private key (DER, hex)", HexFormat.of().formatHex(client.key().getEncoded()));
        for (String name : SESSION_SECRET_NAMES) {
            s.put("a session secret (" + name + ")", name);
        }
        return s;
    }

    /** Path -> content of every file under {@code dir}, hidden and rotated ones included. */
    private static Map<String, String> filesUnder(Path dir) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The tlsdiag.* system properties of a running JVM, as jcmd reads them. */
    private static String tlsdiagProperties(TestJdks.Jdk jdk, String pid) throws Exception {
        Process p = new ProcessBuilder(jdk.home().resolve("bin/jcmd").toString(), pid, "VM.system_properties")
                .redirectErrorStream(true).start();
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jcmd did not finish");
        List<String> mine = all.lines().filter(l -> l.startsWith("tlsdiag.")).toList();
        assertTrue(mine.stream().anyMatch(l -> l.startsWith("tlsdiag.status=")), "jcmd said:\n" + all);
        return String.join("\n", mine);
    }

    /**
     * The incidents in workDir/incidents once there are at least {@code count} and the client authentication one is
     * among them (it shows the client key store was used: the private key was there to leak).
     */
    private static List<JsonNode> awaitIncidents(Path workDir, int count) throws Exception {
        AgentRun.Result dir = new AgentRun.Result(0, "", "", workDir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<JsonNode> found = dir.incidents("incidents");
        while (System.nanoTime() < deadline) {
            found = dir.incidents("incidents");
            // The key store was used: the client certificate was sent. (How the server's refusal of it reaches the
            // client, as an alert or as a dropped connection, depends on scheduling under TLS 1.3, and so does the
            // category; the handshake facts record the certificate sent either way.)
            if (found.size() >= count && found.stream().anyMatch(i -> "client".equals(
                    i.path("handshake").path("clientCertificate").path("sentAlias").asText(null)))) {
                return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + count + " incidents, one of them with the client certificate sent: "
                + found);
    }
}
