package io.tlsdiag.clients;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Servers on the engine path that require a client certificate, as services set them up: Netty with the JDK provider,
 * Netty with netty-tcnative (BoringSSL), and gRPC on grpc-netty-shaded. Each trusts the CA in {@code DIR/trust.crt} and
 * presents {@code DIR/good.crt} with its chain ({@code good-chain.crt}, key {@code good.key}), as DemoPki.writePem
 * writes them.
 *
 * <pre>TlsServers DIR NAME...</pre>
 *
 * <p>Starts the servers named (netty-jdk, netty-openssl, grpc), prints {@code SERVER NAME PORT} for each, then
 * {@code READY}, and serves on 127.0.0.1 until its standard input ends.
 */
public final class TlsServers {

    private TlsServers() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        File chain = GrpcEcho.fullChain(dir);
        File key = dir.resolve("good.key").toFile();
        File trust = dir.resolve("trust.crt").toFile();

        List<String> names = List.of(args).subList(1, args.length);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<Runnable> stops = new ArrayList<>();
        for (String name : names) {
            int port;
            if (name.equals("grpc")) {
                Server grpc = grpcServer(chain, key, trust);
                stops.add(grpc::shutdownNow);
                port = grpc.getPort();
            } else {
                SslProvider provider = name.equals("netty-openssl") ? SslProvider.OPENSSL : SslProvider.JDK;
                Channel channel = nettyServer(group, nettyContext(chain, key, trust, provider));
                stops.add(channel::close);
                port = ((InetSocketAddress) channel.localAddress()).getPort();
            }
            System.out.println("SERVER " + name + " " + port);
        }
        System.out.println("READY");
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        while (in.readLine() != null) {
            // serve until the test closes our input
        }
        stops.forEach(Runnable::run);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    /** The application's TLS setup for its Netty servers: its certificate, and client certificates required. */
    static SslContext nettyContext(File chain, File key, File trust, SslProvider provider) throws Exception {
        return SslContextBuilder.forServer(chain, key).sslProvider(provider).trustManager(trust)
                .clientAuth(ClientAuth.REQUIRE).build();
    }

    static Channel nettyServer(EventLoopGroup group, SslContext context) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new Initializer(context))
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** The application's channel initializer: TLS first in every accepted connection's pipeline. */
    static final class Initializer extends ChannelInitializer<SocketChannel> {
        private final SslContext context;

        Initializer(SslContext context) {
            this.context = context;
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(context.newHandler(ch.alloc()));
        }
    }

    /** A gRPC server with the echo service of {@link GrpcEcho}, requiring client certificates. */
    static Server grpcServer(File chain, File key, File trust) throws Exception {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.forServer(chain, key).trustManager(trust)
                        .clientAuth(io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.REQUIRE).build())
                .addService(GrpcEcho.service())
                .build()
                .start();
    }
}
