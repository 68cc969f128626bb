package io.tlsdiag.clients;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * An application that drives its own client {@code SSLEngine} and reads before it writes, as Jetty's client may: a
 * peer that closes on accept is met by the read, before the engine produced its ClientHello. The application then
 * tells the engine the peer's end of stream arrived ({@code closeInbound()}, the SSLEngine contract). A peer that says
 * nothing within the timeout is given up on by the application, which closes the engine itself
 * ({@code closeOutbound()}).
 * Scheduling decides Jetty's order now and then; here it is certain.
 *
 * <pre>ReadFirst TIMEOUT_MS NAME=HOST:PORT...</pre>
 *
 * <p>Prints {@code RESULT NAME FAILED <exception>: <message>} per target, like the demo client.
 */
public final class ReadFirst {

    private ReadFirst() {
    }

    public static void main(String[] args) throws Exception {
        int timeoutMs = Integer.parseInt(args[0]);
        for (int i = 1; i < args.length; i++) {
            String name = args[i].substring(0, args[i].indexOf('='));
            String target = args[i].substring(name.length() + 1);
            String host = target.substring(0, target.lastIndexOf(':'));
            int port = Integer.parseInt(target.substring(host.length() + 1));
            try {
                readFirst(host, port, timeoutMs);
                System.out.println("RESULT " + name + " OK");
            } catch (IOException e) {
                System.out.println("RESULT " + name + " FAILED " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    private static void readFirst(String host, int port, int timeoutMs) throws Exception {
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
             Selector selector = Selector.open()) {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine(host, port);
            engine.setUseClientMode(true);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer in = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            if (selector.select(timeoutMs) == 0) {
                engine.closeOutbound(); // the application gives up on its own
                throw new SocketTimeoutException("nothing from the peer within " + timeoutMs + " ms");
            }
            if (channel.read(in) < 0) {
                engine.closeInbound(); // the peer's end of stream, before the engine's first wrap
                throw new EOFException("the peer closed the connection before the ClientHello");
            }
            throw new IOException("the peer spoke first: " + in.position() + " bytes");
        }
    }
}
