package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsdiag.demo.DemoPki;
import io.tlsdiag.demo.DemoServers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code probe} with what people use {@code openssl s_client} and {@code curl} for: another server name than the host
 * connected to, a client certificate, an HTTP proxy, and passwords from a file, the environment or a prompt. Each
 * against a real peer, each with the control that shows the option is what made the difference.
 */
class ProbeOptionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** The demo trust store's password, in a file: how the tests below give it. */
    private Path trustPasswordFile() throws Exception {
        return Files.writeString(tmp.resolve("trust-password"), DemoPki.TRUSTSTORE_PASSWORD + "\n");
    }

    private List<String> trustArgs() throws Exception {
        return List.of("--truststore", Peers.shared().trustStore.toString(), "--truststore-password-file",
                trustPasswordFile().toString(), "--output", tmp.resolve("out").toString());
    }

    private static String[] args(List<String> first, List<String> rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(rest);
        return all.toArray(new String[0]);
    }

    /**
     * The wrong-host peer's certificate is for wrong.example.org: with --servername it is checked against that name
     * (trusted) and the name is sent as SNI; without, against localhost (HOSTNAME_MISMATCH).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void serverNameIsCheckedAndSentWhileConnectingToTheHost(TestJdks.Jdk jdk) throws Exception {
        try (SniRecordingServer server = new SniRecordingServer(Peers.shared().pki, "wrong-host")) {
            String target = "localhost:" + server.port();
            Cli.Result named = Cli.run(jdk, tmp, args(List.of("probe", target, "--servername", "wrong.example.org"),
                    trustArgs()));
            assertEquals(0, named.exitCode(), named.all());
            assertTrue(named.stdout().startsWith("OK: Java trusts " + target), named.stdout());
            assertTrue(named.stdout().contains("checked as:         wrong.example.org (--servername)"), named.stdout());
            assertEquals(List.of("wrong.example.org"), server.names(), "the SNI the server received");

            Cli.Result other = Cli.run(jdk, tmp, args(List.of("probe", target, "--servername=other.example.com"),
                    trustArgs()));
            assertEquals(1, other.exitCode(), other.all());
            assertTrue(other.stdout().startsWith("HOSTNAME_MISMATCH  "), other.stdout());
            // The JDK checked the name given (the incident's peer is the address connected to).
            assertTrue(other.stdout().replaceAll("\\s+", " ").contains("No subject alternative DNS name matching "
                    + "other.example.com found."), other.stdout());
            assertEquals(List.of("wrong.example.org", "other.example.com"), server.names());

            Cli.Result none = Cli.run(jdk, tmp, args(List.of("probe", target), trustArgs()));
            assertEquals(1, none.exitCode(), "control: without --servername the name checked is localhost\n"
                    + none.all());
            assertTrue(none.stdout().startsWith("HOSTNAME_MISMATCH  localhost:" + server.port()), none.stdout());
        }
    }

    /** The client-cert-required peer accepts the demo PKI's client certificate from --keystore, and only that. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void aClientCertificateFromAKeyStore(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        String password = "key-" + UUID.randomUUID();
        Path keyStore = clientKeyStore(peers.pki, password);
        String url = peers.url("client-cert-required");

        Cli.Result fromEnv = Cli.runWithEnv(Map.of("TLSDIAG_IT_KEY_PASSWORD", password), jdk, tmp,
                args(List.of("probe", url, "--keystore", keyStore.toString(), "--keystore-password-env",
                        "TLSDIAG_IT_KEY_PASSWORD"), trustArgs()));
        assertEquals(0, fromEnv.exitCode(), fromEnv.all());
        assertTrue(fromEnv.stdout().startsWith("OK: Java trusts localhost:" + peers.servers.port("client-cert-required")),
                fromEnv.stdout());
        assertTrue(fromEnv.stdout().contains("client certificate: CN=client.tlsdiag.demo,O=tlsdiag demo (sent)"),
                fromEnv.stdout());
        assertTrue(fromEnv.stdout().contains("HTTP:               HTTP/1.1 200 OK"), "the server answered the "
                + "request, so it accepted the certificate:\n" + fromEnv.stdout());
        assertEquals("", fromEnv.stderr(), "no warning for a password from the environment");

        Path passwordFile = Files.writeString(tmp.resolve("key-password"), password + "\n");
        Cli.Result fromFile = Cli.run(jdk, tmp, args(List.of("probe", url, "--keystore=" + keyStore,
                "--keystore-password-file=" + passwordFile), trustArgs()));
        assertEquals(0, fromFile.exitCode(), fromFile.all());

        Cli.Result onTheLine = Cli.run(jdk, tmp, args(List.of("probe", url, "--keystore", keyStore.toString(),
                "--keystore-password", password), trustArgs()));
        assertEquals(0, onTheLine.exitCode(), onTheLine.all());
        assertTrue(onTheLine.stderr().startsWith("warning: --keystore-password puts the password on this command's "
                + "line"), onTheLine.all());

        Cli.Result without = Cli.run(jdk, tmp, args(List.of("probe", url), trustArgs()));
        assertEquals(1, without.exitCode(), "control: the peer refuses a client without a certificate\n"
                + without.all());
        assertTrue(without.stdout().startsWith("CLIENT_CERT_REQUIRED"), without.stdout());

        Cli.Result noPassword = Cli.run(jdk, tmp, args(List.of("probe", url, "--keystore", keyStore.toString()),
                trustArgs()));
        assertEquals(2, noPassword.exitCode(), noPassword.all());
        assertEquals("tlsdiag probe: the key store " + keyStore + " needs its password: --keystore-password-file "
                + "FILE, --keystore-password-env VAR, or run on a terminal to be asked\n", noPassword.stderr());

        Path wrongFile = Files.writeString(tmp.resolve("wrong-password"), "not-it\n");
        Cli.Result wrong = Cli.run(jdk, tmp, args(List.of("probe", url, "--keystore", keyStore.toString(),
                "--keystore-password-file", wrongFile.toString()), trustArgs()));
        assertEquals(2, wrong.exitCode(), wrong.all());
        assertEquals(1, wrong.stderr().lines().count(), wrong.all());
        assertTrue(wrong.stderr().startsWith("tlsdiag probe: the key store or trust store cannot be opened: "),
                wrong.all());

        Cli.Result unset = Cli.runWithEnv(Collections.singletonMap("TLSDIAG_IT_UNSET", null), jdk, tmp,
                args(List.of("probe", url, "--keystore", keyStore.toString(), "--keystore-password-env",
                        "TLSDIAG_IT_UNSET"), trustArgs()));
        assertEquals(2, unset.exitCode(), unset.all());
        assertEquals("tlsdiag probe: --keystore-password-env: the environment variable TLSDIAG_IT_UNSET is not set\n",
                unset.stderr());
    }

    /** Through an HTTP CONNECT proxy: trusted, diagnosed, and a proxy's refusal said in one sentence. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void throughAnHttpProxy(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        int good = peers.servers.port("good");
        int expired = peers.servers.port("expired");
        try (ConnectProxy proxy = new ConnectProxy(null); ConnectProxy refusing = new ConnectProxy(
                "HTTP/1.1 403 Forbidden")) {
            Cli.Result ok = Cli.run(jdk, tmp, args(List.of("probe", peers.url("good"), "--proxy", proxy.address()),
                    trustArgs()));
            assertEquals(0, ok.exitCode(), ok.all());
            assertTrue(ok.stdout().startsWith("OK: Java trusts localhost:" + good), ok.stdout());
            assertTrue(ok.stdout().contains("through proxy:      " + proxy.address()), ok.stdout());
            assertTrue(ok.stdout().contains("HTTP:               HTTP/1.1 200 OK"), ok.stdout());
            assertEquals(List.of("CONNECT localhost:" + good + " HTTP/1.1"), proxy.requests);

            Cli.Result diagnosed = Cli.run(jdk, tmp, args(List.of("probe", "--proxy=" + proxy.address(),
                    "localhost:" + expired, "--json"), trustArgs()));
            assertEquals(1, diagnosed.exitCode(), diagnosed.all());
            JsonNode result = JSON.readTree(diagnosed.stdout());
            assertEquals(proxy.address(), result.path("proxy").asText());
            assertEquals("CERT_EXPIRED", result.path("incident").path("category").asText(), diagnosed.stdout());
            // The expired peer's chain, reached through the tunnel (the incident's peer address is the proxy's).
            Expect.chainIs(result.path("incident"), peers.pki.identity("expired"));
            assertEquals("CONNECT localhost:" + expired + " HTTP/1.1", proxy.requests.get(1));

            Cli.Result refused = Cli.run(jdk, tmp, args(List.of("probe", "localhost:" + good, "--proxy",
                    refusing.address()), trustArgs()));
            assertEquals(1, refused.exitCode(), refused.all());
            assertEquals("FAILED: the proxy " + refusing.address() + " answered CONNECT localhost:" + good
                    + " with 'HTTP/1.1 403 Forbidden'", refused.stdout().lines().findFirst().orElse(""),
                    refused.all());
            assertFalse(refused.stdout().contains("Exception"), refused.stdout());
        }
    }

    /**
     * The trust store's password from the environment and from a prompt on a terminal; the store opens with no other
     * password (see ProbeIT's control without one).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void aTrustStorePasswordFromTheEnvironmentOrAPrompt(TestJdks.Jdk jdk) throws Exception {
        String password = "trust-" + UUID.randomUUID();
        Path store = tmp.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(store)) {
            Peers.shared().pki.trustStore().store(out, password.toCharArray());
        }
        String good = "localhost:" + Peers.shared().servers.port("good");
        String output = "--output=" + tmp.resolve("out");

        Cli.Result env = Cli.runWithEnv(Map.of("TLSDIAG_IT_TRUST_PASSWORD", password), jdk, tmp, "probe", good,
                "--truststore", store.toString(), "--truststore-password-env=TLSDIAG_IT_TRUST_PASSWORD", output);
        assertEquals(0, env.exitCode(), env.all());

        assumeTrue(Cli.canRunOnTerminal(), "util-linux script is needed to run on a terminal");
        Cli.Result prompted = Cli.runOnTerminal(Map.of(), password + "\n", jdk, tmp, "probe", good, "--truststore",
                store.toString(), output);
        assertEquals(0, prompted.exitCode(), prompted.all());
        assertTrue(prompted.stdout().contains("Password of the trust store " + store + " (Enter if it has none): "),
                prompted.stdout());
        assertTrue(prompted.stdout().contains("OK: Java trusts " + good), prompted.stdout());
        Cli.Result empty = Cli.runOnTerminal(Map.of(), "\n", jdk, tmp, "probe", good, "--truststore",
                store.toString(), output);
        assertEquals(1, empty.exitCode(), "control: Enter means no password, and the store needs one\n"
                + empty.all());
    }

    /** The demo PKI's client identity (under its intermediate) as a PKCS12 key store with {@code password}. */
    private Path clientKeyStore(DemoPki pki, String password) throws Exception {
        DemoPki.Identity client = pki.identity("client");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", client.key(), password.toCharArray(), client.chain().toArray(new Certificate[0]));
        Path file = tmp.resolve("client-" + UUID.randomUUID() + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }

    /** A TLS server presenting one demo identity that records the SNI host name of each client hello. */
    static final class SniRecordingServer implements AutoCloseable {
        private final SSLServerSocket server;
        private final List<String> names = Collections.synchronizedList(new ArrayList<>());

        SniRecordingServer(DemoPki pki, String identity) throws Exception {
            server = (SSLServerSocket) DemoServers.serverContext(pki, identity, false).getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            SSLParameters p = server.getSSLParameters();
            p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                @Override
                public boolean matches(SNIServerName name) {
                    names.add(((SNIHostName) name).getAsciiName());
                    return true;
                }
            }));
            server.setSSLParameters(p);
            Thread t = new Thread(this::serve, "sni-recording-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        List<String> names() {
            synchronized (names) {
                return new ArrayList<>(names);
            }
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> {
                        try (SSLSocket tls = (SSLSocket) s) {
                            tls.setSoTimeout(10_000);
                            tls.startHandshake();
                            tls.getInputStream().readAllBytes();
                        } catch (Exception ended) {
                            // the client closed, or refused the certificate
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (Exception closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
