package io.tlsdiag.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A minimal HTTP proxy on 127.0.0.1 that tunnels {@code CONNECT host:port} to loopback addresses only, as the
 * proxies between corporate clients and servers do; or, made with a refusal, answers every request with it.
 */
final class ConnectProxy implements AutoCloseable {

    /** Every request line received, in order. */
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final ServerSocket server;
    private final String refusal;
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

    /** @param refusal null to tunnel, else the status line every request gets, e.g. "HTTP/1.1 403 Forbidden" */
    ConnectProxy(String refusal) throws IOException {
        this.refusal = refusal;
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::accept, "connect-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                daemon(() -> handle(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String request = line(in);
            String header = request;
            while (header != null && !header.isEmpty()) {
                header = line(in);
            }
            requests.add(request);
            String[] parts = request == null ? new String[0] : request.split(" ");
            if (refusal != null || parts.length != 3 || !parts[0].equals("CONNECT")) {
                answer(out, refusal != null ? refusal : "HTTP/1.1 405 Method Not Allowed");
                client.close();
                return;
            }
            int colon = parts[1].lastIndexOf(':');
            String host = parts[1].substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(parts[1].substring(colon + 1));
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                // This machine's tests reach loopback only.
                answer(out, "HTTP/1.1 403 Forbidden");
                client.close();
                return;
            }
            Socket upstream = new Socket(InetAddress.getByName(host), port);
            open.add(upstream);
            answer(out, "HTTP/1.1 200 Connection established");
            daemon(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static void answer(OutputStream out, String status) throws IOException {
        out.write((status + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Copies until either side ends, then closes both. */
    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ended) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "connect-proxy-conn");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (open) {
            open.forEach(ConnectProxy::closeQuietly);
        }
    }
}
