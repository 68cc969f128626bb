package io.tlsdiag.clients;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * An HTTPS GET on a raw {@link SSLEngine} over a {@link SocketChannel}, all on the calling thread, as hand-written
 * engine loops (and the thinnest I/O frameworks) do. Delegated tasks run inline; every wait for the peer has the
 * application's deadline.
 */
final class EngineGet {

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final Selector selector;
    private final long deadline;
    private final int timeoutMs;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final ByteBuffer appIn;

    private EngineGet(SocketChannel channel, SSLEngine engine, Selector selector, int timeoutMs) {
        this.channel = channel;
        this.engine = engine;
        this.selector = selector;
        this.timeoutMs = timeoutMs;
        this.deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    static String get(URI uri, int timeoutMs) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine(uri.getHost(), uri.getPort());
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(params);
        try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
            channel.socket().connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMs);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            EngineGet get = new EngineGet(channel, engine, selector, timeoutMs);
            get.handshake();
            get.send(("GET / HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = get.readStatusLine();
            return status.split(" ").length > 1 ? "HTTP " + status.split(" ")[1] : status;
        }
    }

    private void handshake() throws Exception {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrap(ByteBuffer.allocate(0));
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrap();
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    private void send(byte[] request) throws IOException {
        ByteBuffer app = ByteBuffer.wrap(request);
        while (app.hasRemaining()) {
            wrap(app);
        }
    }

    /** Reads application data until the first line of the response is there. */
    private String readStatusLine() throws IOException {
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf("\r\n") < 0) {
            unwrap();
            appIn.flip();
            seen.append(StandardCharsets.US_ASCII.decode(appIn));
            appIn.clear();
        }
        return seen.substring(0, seen.indexOf("\r\n"));
    }

    private void wrap(ByteBuffer app) throws IOException {
        netOut.clear();
        SSLEngineResult r = engine.wrap(app, netOut);
        netOut.flip();
        while (netOut.hasRemaining()) {
            channel.write(netOut);
        }
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new EOFException("SSLEngine closed while sending");
        }
    }

    /** One successful unwrap, reading from the peer as often as the engine needs more bytes. */
    private void unwrap() throws IOException {
        while (true) {
            netIn.flip();
            SSLEngineResult r = engine.unwrap(netIn, appIn);
            netIn.compact();
            switch (r.getStatus()) {
                case OK -> {
                    return;
                }
                case CLOSED -> throw new EOFException("the peer closed the TLS connection");
                case BUFFER_OVERFLOW -> throw new IOException("application buffer too small");
                default -> read(); // BUFFER_UNDERFLOW: a record is incomplete
            }
        }
    }

    private void read() throws IOException {
        while (true) {
            int n = channel.read(netIn);
            if (n < 0) {
                // What an engine loop must do at end of stream: the JDK's engine then reports the truncation.
                engine.closeInbound();
                throw new EOFException("the peer closed the connection");
            }
            if (n > 0) {
                return;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0 || selector.select(left) == 0 && System.nanoTime() >= deadline) {
                throw new SocketTimeoutException("no answer from the peer within " + timeoutMs + " ms");
            }
            selector.selectedKeys().clear();
        }
    }
}
