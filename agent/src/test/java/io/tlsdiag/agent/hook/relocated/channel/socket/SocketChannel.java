package io.tlsdiag.agent.hook.relocated.channel.socket;

/** Stands for Netty's {@code io.netty.channel.socket.SocketChannel}, relocated as grpc-netty-shaded relocates it. */
public interface SocketChannel {
}
