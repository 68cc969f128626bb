package io.tlsdiag.clients;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** One unary gRPC method on raw bytes (no protobuf), and a server that echoes it. */
final class GrpcEcho {

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    static final MethodDescriptor<byte[], byte[]> METHOD = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("tlsdiag.Echo/Call")
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();

    private GrpcEcho() {
    }

    /** Serves {@link #METHOD} on 127.0.0.1 with the "good" identity from {@code pemDir} (leaf + its chain). */
    static Server startServer(Path pemDir) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.forServer(fullChain(pemDir), pemDir.resolve("good.key").toFile()).build())
                .addService(service())
                .build()
                .start();
    }

    /** The echo service: {@link #METHOD} answers with its request. */
    static ServerServiceDefinition service() {
        return ServerServiceDefinition.builder("tlsdiag.Echo")
                .addMethod(METHOD, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(request);
                    response.onCompleted();
                }))
                .build();
    }

    /** {@code pemDir}'s good.crt and good-chain.crt in one temporary file, as servers want their chain. */
    static java.io.File fullChain(Path pemDir) throws IOException {
        Path fullChain = Files.createTempFile("tlsdiag-good", ".crt");
        fullChain.toFile().deleteOnExit();
        Files.writeString(fullChain, Files.readString(pemDir.resolve("good.crt"))
                + Files.readString(pemDir.resolve("good-chain.crt")));
        return fullChain.toFile();
    }
}
