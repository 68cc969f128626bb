package io.tlsdiag.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tlsdiag probe}: "would Java trust this server?", answered with the diagnosis. */
class ProbeIT {

    @TempDir
    Path tmp;

    @Test
    void probeOfAnExpiredServerExplainsItAndWritesTheIncident() throws Exception {
        Peers peers = Peers.shared();
        Cli.Result r = Cli.run(TestJdks.all().get(0), tmp, "probe", peers.url("expired"), "--truststore",
                peers.trustStore.toString(), "--truststore-password", "changeit", "--output", tmp.resolve("out").toString());
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.stdout().startsWith("CERT_EXPIRED  localhost:" + peers.servers.port("expired")), r.stdout());
        assertTrue(r.stdout().contains(">> [0] CN=localhost,O=tlsdiag demo"), r.stdout());
        assertTrue(r.stdout().contains("Trust: " + peers.trustStore), r.stdout());
        assertEquals(1, new AgentRun.Result(0, "", "", tmp).incidents("out").size());
    }

    @Test
    void probeOfAGoodServerSaysJavaTrustsIt() throws Exception {
        Peers peers = Peers.shared();
        Cli.Result r = Cli.run(TestJdks.all().get(0), tmp, "probe", "localhost:" + peers.servers.port("good"),
                "--truststore", peers.trustStore.toString(), "--truststore-password", "changeit",
                "--output", tmp.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().startsWith("OK: Java trusts localhost:" + peers.servers.port("good")), r.stdout());
    }

    @Test
    void probeOfAServerWithTheWrongNameSaysSo() throws Exception {
        Peers peers = Peers.shared();
        Cli.Result r = Cli.run(TestJdks.all().get(0), tmp, "probe", peers.url("wrong-host"), "--truststore",
                peers.trustStore.toString(), "--truststore-password", "changeit", "--output", tmp.resolve("out").toString());
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.stdout().startsWith("HOSTNAME_MISMATCH"), r.stdout());
    }

    /**
     * The trust store's password reaches the probe's child JVM however it was given: the store below opens with no
     * other password, so "trusted" proves the child had it (and the control without it proves the store needs it).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void aTrustStorePasswordReachesTheProbeHoweverItIsGiven(TestJdks.Jdk jdk) throws Exception {
        String secret = secret();
        Path store = trustStoreWithPassword(secret);
        String good = "localhost:" + Peers.shared().servers.port("good");
        String out = tmp.resolve("out").toString();

        Probe withoutPassword = Probe.start(jdk, tmp, List.of(), null, "probe", good, "--truststore", store.toString(),
                "--output", out);
        assertEquals(1, withoutPassword.finish(), "control: the store must need its password\n" + withoutPassword);

        Probe option = Probe.start(jdk, tmp, List.of(), null, "probe", good, "--truststore", store.toString(),
                "--truststore-password", secret, "--output", out);
        assertEquals(0, option.finish(), option.toString());
        assertTrue(option.stdout().startsWith("OK: Java trusts " + good), option.toString());
        assertTrue(option.stderr().startsWith("warning: --truststore-password puts the password on this command's "
                + "line"), "it works, with a warning: " + option);

        Path file = Files.writeString(tmp.resolve("password.txt"), secret + "\n");
        Probe fromFile = Probe.start(jdk, tmp, List.of(), null, "probe", good, "--truststore", store.toString(),
                "--truststore-password-file", file.toString(), "--output", out);
        assertEquals(0, fromFile.finish(), fromFile.toString());
        assertEquals("", fromFile.stderr(), fromFile.toString());

        Probe property = Probe.start(jdk, tmp, List.of("-Djavax.net.ssl.trustStore=" + store,
                "-Djavax.net.ssl.trustStorePassword=" + secret), null, "probe", good, "--output", out);
        assertEquals(0, property.finish(), property.toString());

        Probe stdin = Probe.start(jdk, tmp, List.of(), secret + "\n", "probe", good, "--truststore", store.toString(),
                "--truststore-password-stdin", "--output", out);
        assertEquals(0, stdin.finish(), stdin.toString());
    }

    /**
     * While the probe's child JVM runs (its peer holds the handshake open until the test has looked), no password
     * given to tlsdiag is on the child's command line, where every user of the host could read it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void theProbesChildJvmHasNoPasswordOnItsCommandLine(TestJdks.Jdk jdk) throws Exception {
        String trustPassword = secret();
        String keyPassword = secret();
        Path store = trustStoreWithPassword(trustPassword);
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Probe probe = Probe.start(jdk, tmp, List.of("-Djavax.net.ssl.keyStorePassword=" + keyPassword), null,
                    "probe", "localhost:" + silent.getLocalPort(), "--truststore", store.toString(),
                    "--truststore-password", trustPassword, "--output", tmp.resolve("out").toString());
            try (Socket held = accept(silent, probe)) {
                List<ProcessHandle> children = probe.process.toHandle().children()
                        .filter(c -> String.valueOf(CommandLines.of(c.pid())).contains("io.tlsdiag.cli.ProbeTarget"))
                        .toList();
                assertEquals(1, children.size(), "the probe's child JVM: " + probe.process.toHandle().children()
                        .toList());
                String child = CommandLines.of(children.get(0).pid());
                assertFalse(child.contains(trustPassword), "trust store password on the command line: " + child);
                assertFalse(child.contains(keyPassword), "key store password on the command line: " + child);
                assertTrue(child.contains("-Djavax.net.ssl.trustStore=" + store), "the rest is passed on: " + child);
                // The user typed them on tlsdiag's own command line; no other process may show them.
                for (String secret : List.of(trustPassword, keyPassword)) {
                    Map<Long, String> showing = CommandLines.containing(secret);
                    showing.remove(probe.process.pid());
                    assertEquals(Map.of(), showing, "processes showing a password");
                }
            }
            assertEquals(1, probe.finish(), "the silent peer closed: the handshake failed\n" + probe);
        }
    }

    /**
     * With {@code --truststore-password-env} the password is on no command line, and not in the environment of the
     * probe's child JVM either (this user's other processes can read a process's environment).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void aPasswordFromTheEnvironmentStaysWithTlsdiag(TestJdks.Jdk jdk) throws Exception {
        String secret = secret();
        Path store = trustStoreWithPassword(secret);
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Probe probe = Probe.startWithEnv(jdk, tmp, List.of(), Map.of("TLSDIAG_IT_PASSWORD", secret), null, "probe",
                    "localhost:" + silent.getLocalPort(), "--truststore", store.toString(),
                    "--truststore-password-env", "TLSDIAG_IT_PASSWORD", "--output", tmp.resolve("out").toString());
            try (Socket held = accept(silent, probe)) {
                assertEquals(Map.of(), CommandLines.containing(secret), "processes showing the password");
                List<ProcessHandle> children = probe.process.toHandle().children().toList();
                assertEquals(1, children.size(), children.toString());
                String environment = Files.readString(Path.of("/proc/" + children.get(0).pid() + "/environ"),
                        StandardCharsets.ISO_8859_1);
                assertTrue(environment.contains("PATH="), "the child's environment was read");
                assertFalse(environment.contains(secret), "the password in the child's environment");
                assertFalse(environment.contains("TLSDIAG_IT_PASSWORD="), "the variable in the child's environment");
            }
            assertEquals(1, probe.finish(), probe.toString());
        }
    }

    /** With {@code --truststore-password-stdin} the password is on no command line at all, tlsdiag's included. */
    @Test
    void aPasswordReadFromStdinIsOnNoCommandLine() throws Exception {
        TestJdks.Jdk jdk = TestJdks.all().get(0);
        String secret = secret();
        Path store = trustStoreWithPassword(secret);
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Probe probe = Probe.start(jdk, tmp, List.of(), secret + "\n", "probe", "localhost:" + silent.getLocalPort(),
                    "--truststore", store.toString(), "--truststore-password-stdin",
                    "--output", tmp.resolve("out").toString());
            try (Socket held = accept(silent, probe)) {
                assertEquals(Map.of(), CommandLines.containing(secret), "processes showing the password");
            }
            assertEquals(1, probe.finish(), probe.toString());
        }
    }

    private static String secret() {
        return "pw-" + UUID.randomUUID();
    }

    /** The demo root as a PKCS12 trust store that opens only with {@code password}. */
    private Path trustStoreWithPassword(String password) throws Exception {
        Path file = tmp.resolve("truststore-" + UUID.randomUUID() + ".p12");
        KeyStore ks = Peers.shared().pki.trustStore();
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }

    /** The probe's connection to {@code server}; fails if the probe ends (or takes a minute) without connecting. */
    private static Socket accept(ServerSocket server, Probe probe) throws Exception {
        server.setSoTimeout(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                return server.accept();
            } catch (java.net.SocketTimeoutException notYet) {
                assertTrue(probe.process.isAlive(), "the probe ended without connecting:\n" + probe);
            }
        }
        throw new AssertionError("the probe did not connect within 60 s:\n" + probe);
    }

    /** {@code java [jvmOptions] -jar tlsdiag.jar args...} with {@code stdin} as its input, running. */
    private record Probe(Process process, Path out, Path err) {

        static Probe start(TestJdks.Jdk jdk, Path dir, List<String> jvmOptions, String stdin, String... args)
                throws Exception {
            return startWithEnv(jdk, dir, jvmOptions, Map.of(), stdin, args);
        }

        static Probe startWithEnv(TestJdks.Jdk jdk, Path dir, List<String> jvmOptions, Map<String, String> env,
                String stdin, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(jdk.java().toString()));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-jar", AgentRun.AGENT_JAR.toString()));
            cmd.addAll(List.of(args));
            Files.createDirectories(dir);
            Path out = Files.createTempFile(dir, "probe", ".out");
            Path err = Files.createTempFile(dir, "probe", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            try (Writer in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            return new Probe(p, out, err);
        }

        int finish() throws Exception {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the probe did not finish in 90 s");
            }
            // The probe passes on what its agent says ([tlsdiag] lines): no internal error may be among them.
            AgentOutput.assertClean(Files.readString(err) + Files.readString(out), "the probe");
            return process.exitValue();
        }

        String stdout() throws Exception {
            return Files.readString(out);
        }

        String stderr() throws Exception {
            return Files.readString(err);
        }

        @Override
        public String toString() {
            try {
                return "--- stdout\n" + Files.readString(out) + "--- stderr\n" + Files.readString(err);
            } catch (Exception e) {
                return e.toString();
            }
        }
    }
}
