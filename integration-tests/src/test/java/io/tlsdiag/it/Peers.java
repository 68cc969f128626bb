package io.tlsdiag.it;

import io.tlsdiag.demo.DemoPki;
import io.tlsdiag.demo.DemoServers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One PKI and one set of broken peers for a whole test run: JDK-served peers in this (agent-free) JVM, plus openssl
 * s_server peers for what the JDK cannot serve (an old protocol) and for a non-JDK TLS stack.
 */
public final class Peers {

    private static Peers shared;

    public final DemoPki pki;
    public final DemoServers servers;
    public final Path dir;
    public final Path trustStore;
    private final List<OpensslServer> openssl = new ArrayList<>();
    public final OpensslServer oldProtocol;
    public final OpensslServer opensslExpired;

    private Peers() throws Exception {
        pki = new DemoPki();
        dir = Files.createTempDirectory("tlsdiag-peers");
        trustStore = pki.writeTrustStore(dir.resolve("truststore.p12"));
        for (String id : List.of("good", "expired")) {
            pki.writePem(id, dir);
        }
        servers = new DemoServers(pki, DemoServers.JDK_PEERS);
        // TLS 1.1 only: OPENSSL_CONF=/dev/null drops Debian's MinProtocol=TLSv1.2, SECLEVEL=0 allows its ciphers.
        oldProtocol = OpensslServer.start(dir, List.of("-cert", dir.resolve("good.crt").toString(),
                "-key", dir.resolve("good.key").toString(), "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"));
        opensslExpired = OpensslServer.start(dir, List.of("-cert", dir.resolve("expired.crt").toString(),
                "-cert_chain", dir.resolve("expired-chain.crt").toString(),
                "-key", dir.resolve("expired.key").toString()));
        openssl.add(oldProtocol);
        openssl.add(opensslExpired);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> openssl.forEach(OpensslServer::stop)));
    }

    public static synchronized Peers shared() throws Exception {
        if (shared == null) {
            shared = new Peers();
        }
        return shared;
    }

    public String url(String peer) {
        return "https://localhost:" + servers.port(peer) + "/";
    }

    public String trustStoreArg() {
        return "-Djavax.net.ssl.trustStore=" + trustStore;
    }

    public static String trustStorePasswordArg() {
        return "-Djavax.net.ssl.trustStorePassword=" + DemoPki.TRUSTSTORE_PASSWORD;
    }
}
