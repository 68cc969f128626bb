package io.tlsdiag.demo;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local peers on 127.0.0.1 that fail a TLS client in one particular way each. Run as a program it starts the named
 * peers (all JDK-served ones by default), writes {@code name=port} lines to {@code --ports-file}, and serves until
 * killed.
 */
public final class DemoServers implements Closeable {

    /** The peers served by this JVM; "old-protocol" is served by openssl (see scripts/demo.sh). */
    public static final List<String> JDK_PEERS = List.of("good", "expired", "not-yet-valid", "wrong-host",
            "self-signed", "untrusted-root", "incomplete-chain", "expired-intermediate", "client-cert-required",
            "plaintext", "closes", "silent", "expiring-soon", "wrong-usage", "not-a-ca", "name-constrained");

    private final List<ServerSocket> sockets = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();

    public DemoServers(DemoPki pki, List<String> names) throws Exception {
        if (names.contains("revoked") || names.contains("revocation-unknown")) {
            startCrlServer(pki);
        }
        for (String name : names) {
            ServerSocket socket = open(pki, name);
            sockets.add(socket);
            ports.put(name, socket.getLocalPort());
            accepted.put(name, new AtomicInteger());
            finished.put(name, new AtomicInteger());
            Thread t = new Thread(() -> serve(name, socket), "demo-peer-" + name);
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Waits until peer {@code name} has finished with every connection it accepted (its side of each failure is
     * over), at most {@code millis}. True when it has.
     */
    public boolean awaitIdle(String name, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (finished.get(name).get() < accepted.get(name).get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    public int port(String name) {
        Integer p = ports.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no peer " + name);
        }
        return p;
    }

    /**
     * A plain HTTP server on 127.0.0.1 for the CRL distribution points: /root.crl lists the revoked leaf, every
     * other path is a 404 (the "revocation status unknown" case).
     */
    private void startCrlServer(DemoPki pki) throws Exception {
        ServerSocket http = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        String base = "http://127.0.0.1:" + http.getLocalPort();
        byte[] crl = pki.addRevocationIdentities(base + "/root.crl", base + "/missing.crl");
        sockets.add(http);
        Thread t = new Thread(() -> {
            while (!http.isClosed()) {
                try (Socket s = http.accept()) {
                    String request = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream()))
                            .readLine();
                    OutputStream out = s.getOutputStream();
                    if (request != null && request.contains(" /root.crl ")) {
                        out.write(("HTTP/1.0 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: "
                                + crl.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(crl);
                    } else {
                        out.write("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException ignored) {
                    // next request
                }
            }
        }, "demo-crl");
        t.setDaemon(true);
        t.start();
    }

    /** How many connections the peer accepted: each is one handshake attempt by a client. */
    public int accepted(String name) {
        return accepted.get(name).get();
    }

    public Map<String, Integer> ports() {
        return ports;
    }

    private static ServerSocket open(DemoPki pki, String name) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        switch (name) {
            case "plaintext":
            case "closes":
            case "silent":
                return new ServerSocket(0, 50, loopback);
            case "client-cert-required": {
                SSLServerSocket s = (SSLServerSocket) serverContext(pki, "good", true)
                        .getServerSocketFactory().createServerSocket(0, 50, loopback);
                s.setNeedClientAuth(true);
                return s;
            }
            default:
                return serverContext(pki, name, false).getServerSocketFactory().createServerSocket(0, 50, loopback);
        }
    }

    /** An SSLContext that presents {@code identity}'s chain exactly as DemoPki built it. */
    public static SSLContext serverContext(DemoPki pki, String identity, boolean trustDemoRoot) throws Exception {
        DemoPki.Identity id = pki.identity(identity);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", id.key(), "pw".toCharArray(), id.chain().toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustDemoRoot ? pki.trustStore() : null);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private void serve(String name, ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.get(name).incrementAndGet();
                Thread t = new Thread(() -> {
                    try {
                        handle(name, s);
                    } finally {
                        finished.get(name).incrementAndGet();
                    }
                }, "demo-conn-" + name);
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void handle(String name, Socket s) {
        try (s) {
            switch (name) {
                case "closes":
                    return;
                case "silent":
                    Thread.sleep(30_000);
                    return;
                case "plaintext":
                    s.getInputStream().read(new byte[1024]);
                    respond(s.getOutputStream(), "HTTP/1.1 400 Bad Request");
                    return;
                case "client-cert-required":
                    // A gRPC client offers h2 without http/1.1 and gives up without it ("Failed ALPN negotiation")
                    // before the refusal of its missing certificate arrives; h2 for it lets the refusal end its call.
                    // Every other client's offer (h2 with http/1.1, or none) is answered without ALPN, as before.
                    ((SSLSocket) s).setHandshakeApplicationProtocolSelector((socket, offered) ->
                            offered.contains("h2") && !offered.contains("http/1.1") ? "h2" : "");
                    serveTls((SSLSocket) s);
                    return;
                default:
                    serveTls((SSLSocket) s);
            }
        } catch (Exception expected) {
            // a failed handshake is what these peers are for
        }
    }

    private static void serveTls(SSLSocket s) throws IOException {
        s.startHandshake();
        s.setSoTimeout(5000);
        readRequest(s.getInputStream());
        respond(s.getOutputStream(), "HTTP/1.1 200 OK");
    }

    private static void readRequest(InputStream in) throws IOException {
        int state = 0;
        int c;
        while (state < 4 && (c = in.read()) >= 0) {
            state = (c == '\r' || c == '\n') ? state + 1 : 0;
        }
    }

    private static void respond(OutputStream out, String status) throws IOException {
        out.write((status + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        for (ServerSocket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** {@code DemoServers --pki-dir DIR --ports-file FILE [name...]}: serve until killed. */
    public static void main(String[] args) throws Exception {
        Path pkiDir = null;
        Path portsFile = null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pki-dir" -> pkiDir = Path.of(args[++i]);
                case "--ports-file" -> portsFile = Path.of(args[++i]);
                default -> names.add(args[i]);
            }
        }
        DemoPki pki = new DemoPki();
        if (pkiDir != null) {
            Files.createDirectories(pkiDir);
            pki.writeTrustStore(pkiDir.resolve("truststore.p12"));
            for (String id : List.of("good", "expired", "wrong-host", "self-signed")) {
                pki.writePem(id, pkiDir);
            }
        }
        DemoServers servers = new DemoServers(pki, names.isEmpty() ? JDK_PEERS : names);
        StringBuilder lines = new StringBuilder();
        servers.ports().forEach((n, p) -> lines.append(n).append('=').append(p).append('\n'));
        if (portsFile != null) {
            Path tmp = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
            Files.writeString(tmp, lines);
            Files.move(tmp, portsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } else {
            System.out.print(lines);
        }
        new CountDownLatch(1).await();
    }
}
