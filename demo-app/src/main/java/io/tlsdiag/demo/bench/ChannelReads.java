package io.tlsdiag.demo.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * One-byte ping-pongs over a loopback {@link SocketChannel} pair, on one thread: every read passes the agent's hook on
 * {@code SocketChannelImpl.read}, so this is that hook's cost at its worst (no TLS, nothing else per read).
 */
final class ChannelReads implements AutoCloseable {

    private final ServerSocketChannel server;
    private final SocketChannel client;
    private final SocketChannel accepted;
    private final ByteBuffer one = ByteBuffer.allocate(1);

    ChannelReads() throws Exception {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = SocketChannel.open(server.getLocalAddress());
        accepted = server.accept();
    }

    /** n round trips: two writes and two reads each. */
    void pingPong(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            send(client);
            receive(accepted);
            send(accepted);
            receive(client);
        }
    }

    private void send(SocketChannel to) throws Exception {
        one.clear();
        one.put((byte) 1).flip();
        while (one.hasRemaining()) {
            to.write(one);
        }
    }

    private void receive(SocketChannel from) throws Exception {
        one.clear();
        while (one.position() == 0) {
            if (from.read(one) < 0) {
                throw new IllegalStateException("closed");
            }
        }
    }

    @Override
    public void close() throws Exception {
        accepted.close();
        client.close();
        server.close();
    }
}
