package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.hook.relocated.channel.socket.SocketChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NettyObjectsTest {

    interface DuplexSocketChannel extends SocketChannel {
    }

    static class NioLike implements SocketChannel {
    }

    static class EpollLike extends NioLike {
    }

    static class ThroughSubInterface implements DuplexSocketChannel {
    }

    /** Like Netty's EmbeddedChannel or LocalChannel: a channel, but not a TCP connection. */
    static class Embedded implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void aSocketChannelIsFoundThroughSuperclassesAndSubInterfacesWhereverNettyWasRelocated() {
        assertTrue(NettyObjects.isSocketChannel(new NioLike()));
        assertTrue(NettyObjects.isSocketChannel(new EpollLike()));
        assertTrue(NettyObjects.isSocketChannel(new ThroughSubInterface()));
        assertFalse(NettyObjects.isSocketChannel(new Embedded()));
        assertFalse(NettyObjects.isSocketChannel(new Object()));
    }
}
