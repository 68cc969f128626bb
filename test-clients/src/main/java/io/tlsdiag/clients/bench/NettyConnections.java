package io.tlsdiag.clients.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark child: N Netty client connections in a row to a Netty TLS server in the same JVM (its own event loop,
 * on 127.0.0.1), each a new channel, a full handshake on the JDK provider (no resumption: the client's sessions are not
 * kept), and a close. Both sides run with the agent, as a service that is both would. The first connection (class
 * loading, the agent's weaving) is outside the timed loop. Prints {@code LOOP_NANOS=} for connections 2..N.
 *
 * <p>{@code channels N}: only the client channels, each created (a socket opened), registered with the event loop, given
 * its SslHandler and engine, and closed, never connected: the set-up of a TLS connection without the network and the
 * handshake, where the agent captures the stack of the thread that asked for the channel and hands it to the engine.
 *
 * <pre>NettyConnections KEYSTORE_P12 PASSWORD N
 * NettyConnections channels N</pre>
 */
public final class NettyConnections {

    private NettyConnections() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("channels")) {
            channels(Integer.parseInt(args[1]));
            return;
        }
        char[] password = args[1].toCharArray();
        int connections = Integer.parseInt(args[2]);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(args[0]))) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SslContext serverSsl = SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).build();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null); // javax.net.ssl.trustStore
        SslContext ssl = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(tmf)
                .sessionCacheSize(1).sessionTimeout(1).build();
        MultiThreadIoEventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(serverSsl.newHandler(ch.alloc()));
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler tls = ssl.newHandler(ch.alloc(), "localhost", port);
                            tls.engine().getSession().invalidate();
                            ch.pipeline().addLast(tls);
                        }
                    });
            connectOnce(bootstrap, port);
            long start = System.nanoTime();
            for (int i = 1; i < connections; i++) {
                connectOnce(bootstrap, port);
            }
            System.out.println("LOOP_NANOS=" + (System.nanoTime() - start));
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).sync();
            serverGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).sync();
        }
    }

    private static void channels(int n) throws Exception {
        SslContext ssl = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), "localhost", 443));
                        }
                    });
            // Warm-up outside the timed loop, as for connections: class loading, the agent's weaving, the JIT.
            for (int i = 0; i < Math.max(n / 4, 1000); i++) {
                bootstrap.register().sync().channel().close().sync();
            }
            long start = System.nanoTime();
            for (int i = 1; i < n; i++) {
                bootstrap.register().sync().channel().close().sync();
            }
            System.out.println("LOOP_NANOS=" + (System.nanoTime() - start));
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).sync();
        }
    }

    private static void connectOnce(Bootstrap bootstrap, int port) throws Exception {
        Channel ch = bootstrap.connect("127.0.0.1", port).sync().channel();
        SslHandler tls = ch.pipeline().get(SslHandler.class);
        tls.handshakeFuture().sync();
        tls.engine().getSession().invalidate(); // the next connection is a full handshake too
        ch.close().sync();
    }
}
