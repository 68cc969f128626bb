package io.tlsdiag.clients;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A plain Netty HTTPS GET: TLS (with the handshake timeout the application chose), HTTP/1.1, one request once the
 * handshake is done. The first outcome wins: the handshake's failure, a response, an exception, or the connection
 * closing.
 */
final class NettyGet extends ChannelInitializer<SocketChannel> {

    private final SslContext ssl;
    private final URI uri;
    private final int timeoutMs;
    private final CompletableFuture<String> done;

    NettyGet(SslContext ssl, URI uri, int timeoutMs, CompletableFuture<String> done) {
        this.ssl = ssl;
        this.uri = uri;
        this.timeoutMs = timeoutMs;
        this.done = done;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        SslHandler tls = ssl.newHandler(ch.alloc(), uri.getHost(), uri.getPort());
        tls.setHandshakeTimeoutMillis(timeoutMs);
        tls.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                done.completeExceptionally(f.cause());
                return;
            }
            DefaultFullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
            get.headers().set(HttpHeaderNames.HOST, uri.getHost() + ":" + uri.getPort())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ch.writeAndFlush(get);
        });
        ch.pipeline().addLast(tls, new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                new SimpleChannelInboundHandler<FullHttpResponse>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                        done.complete("HTTP " + response.status().code());
                        ctx.close();
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        done.completeExceptionally(cause);
                        ctx.close();
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        done.completeExceptionally(new IOException("connection closed before a response"));
                    }
                });
    }
}
