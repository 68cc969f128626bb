package io.tlsdiag.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of a peer that cannot count its connections (openssl s_server), so that "one
 * incident per failed handshake" can be checked against it as against the JDK-served peers.
 */
final class CountingRelay {

    private final ServerSocket server;
    private final int target;
    private final AtomicInteger accepted = new AtomicInteger();

    CountingRelay(int targetPort) throws IOException {
        this.target = targetPort;
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        daemon(this::accept, "relay-" + targetPort);
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "https://localhost:" + port() + "/";
    }

    /** Connections accepted so far: each is one handshake attempt by a client. */
    int accepted() {
        return accepted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                Socket upstream = new Socket(InetAddress.getByName("127.0.0.1"), target);
                daemon(() -> pump(client, upstream), "relay-up");
                daemon(() -> pump(upstream, client), "relay-down");
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Copies one direction; at its end closes both sockets, so either side's close reaches the other. */
    private static void pump(Socket from, Socket to) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the other direction closed the sockets
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
