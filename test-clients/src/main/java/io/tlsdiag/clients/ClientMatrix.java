package io.tlsdiag.clients;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tlsdiag.demo.DemoClient;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.jetty.client.ContentResponse;
import reactor.netty.http.Http11SslContextSpec;

import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * An application built on the client libraries services really run: it calls each URL once with the chosen library
 * and prints what it saw, with the same contract as the demo application's {@link DemoClient}.
 *
 * <pre>ClientMatrix --client NAME [--timeout-ms N] [--grpc-server PEM_DIR] NAME=https://host:port/ ...</pre>
 *
 * <p>Clients: okhttp, okhttp-async, apache, apache-async, httpclient-async, netty (JDK provider), netty-alpn (the JDK
 * provider with ALPN: Netty's engine wrapping the JDK's), netty-openssl (netty-tcnative/BoringSSL), reactor (Reactor Netty's default
 * provider: netty-tcnative/BoringSSL when it loads), reactor-jdk (Reactor Netty on the JDK provider), jetty, grpc,
 * sslengine. Each call has a timeout, so a silent peer cannot hang the run. Every library trusts what the JVM
 * trusts by default ({@code -Djavax.net.ssl.trustStore}); Netty and gRPC get the JDK's default trust managers.
 *
 * <p>{@code --grpc-server DIR} starts a gRPC server (grpc-netty-shaded, DIR/good.crt + good-chain.crt + good.key, as
 * DemoPki.writePem writes them) on 127.0.0.1 in this JVM: a healthy gRPC peer needs HTTP/2 and ALPN, which the demo's
 * HTTP/1.1 peers do not speak. A target written {@code NAME=grpc-server} then calls it. Its port is printed as
 * {@code GRPC_SERVER <port>}.
 *
 * <p>RESULT lines blank out what changes from run to run without saying anything about the failure (object hash codes,
 * elapsed times, gRPC's per-call buffering counters), so a run with the agent can be compared with one without.
 */
public final class ClientMatrix {

    private final String client;
    private final int timeoutMs;

    private ClientMatrix(String client, int timeoutMs) {
        this.client = client;
        this.timeoutMs = timeoutMs;
    }

    public static void main(String[] args) throws Exception {
        quietLibraryLogging();
        String client = "okhttp";
        int timeoutMs = 3000;
        Server grpcServer = null;
        int failures = 0;
        int i = 0;
        for (; i < args.length && args[i].startsWith("--"); i++) {
            switch (args[i]) {
                case "--client" -> client = args[++i];
                case "--timeout-ms" -> timeoutMs = Integer.parseInt(args[++i]);
                case "--grpc-server" -> {
                    grpcServer = GrpcEcho.startServer(Path.of(args[++i]));
                    System.out.println("GRPC_SERVER " + grpcServer.getPort());
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ClientMatrix app = new ClientMatrix(client, timeoutMs);
        for (; i < args.length; i++) {
            String[] target = args[i].split("=", 2);
            URI uri = target[1].equals("grpc-server")
                    ? URI.create("https://localhost:" + grpcServer.getPort() + "/") : URI.create(target[1]);
            try {
                System.out.println("RESULT " + target[0] + " OK " + app.call(uri));
            } catch (Throwable e) {
                failures++;
                System.out.println("RESULT " + target[0] + " FAILED " + stable(DemoClient.describe(unwrap(e))));
            }
        }
        System.out.println("DONE failures=" + failures);
        if (grpcServer != null) {
            grpcServer.shutdownNow();
        }
        // Event loops and connection pools of some libraries (Reactor's global resources) keep the JVM alive.
        System.exit(0);
    }

    private String call(URI uri) throws Exception {
        return switch (client) {
            case "okhttp" -> viaOkHttp(uri);
            case "okhttp-async" -> viaOkHttpAsync(uri);
            case "apache" -> viaApache(uri);
            case "apache-async" -> viaApacheAsync(uri);
            case "httpclient-async" -> viaHttpClientAsync(uri);
            case "netty" -> viaNetty(uri, SslProvider.JDK, false);
            case "netty-alpn" -> viaNetty(uri, SslProvider.JDK, true);
            case "netty-openssl" -> viaNetty(uri, SslProvider.OPENSSL, false);
            case "reactor" -> viaReactor(uri, false);
            case "reactor-jdk" -> viaReactor(uri, true);
            case "jetty" -> viaJetty(uri);
            case "grpc" -> viaGrpc(uri);
            case "sslengine" -> viaSslEngine(uri);
            default -> throw new IllegalArgumentException("unknown client " + client);
        };
    }

    private String viaOkHttp(URI uri) throws IOException {
        try (Response r = okHttp().newCall(new Request.Builder().url(uri.toString()).build()).execute()) {
            return "HTTP " + r.code();
        }
    }

    private String viaOkHttpAsync(URI uri) throws Exception {
        CompletableFuture<String> done = new CompletableFuture<>();
        okHttp().newCall(new Request.Builder().url(uri.toString()).build()).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    done.complete("HTTP " + response.code());
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                done.completeExceptionally(e);
            }
        });
        return await(done);
    }

    private OkHttpClient okHttp() {
        Duration t = Duration.ofMillis(timeoutMs);
        return new OkHttpClient.Builder().connectTimeout(t).readTimeout(t).writeTimeout(t).callTimeout(t.multipliedBy(2))
                .build();
    }

    private static ConnectionConfig apacheConnections(Timeout t) {
        return ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build();
    }

    private static TlsConfig apacheTls(Timeout t) {
        return TlsConfig.custom().setHandshakeTimeout(t).build();
    }

    private String viaApache(URI uri) throws IOException {
        Timeout t = Timeout.ofMilliseconds(timeoutMs);
        try (CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(apacheConnections(t)).setDefaultTlsConfig(apacheTls(t)).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(t).build())
                .build()) {
            return http.execute(new HttpGet(uri), response -> "HTTP " + response.getCode());
        }
    }

    private String viaApacheAsync(URI uri) throws Exception {
        Timeout t = Timeout.ofMilliseconds(timeoutMs);
        try (CloseableHttpAsyncClient http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(apacheConnections(t)).setDefaultTlsConfig(apacheTls(t)).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(t).build())
                .build()) {
            http.start();
            CompletableFuture<String> done = new CompletableFuture<>();
            SimpleHttpRequest request = SimpleRequestBuilder.get(uri).build();
            http.execute(request, new FutureCallback<SimpleHttpResponse>() {
                @Override
                public void completed(SimpleHttpResponse response) {
                    done.complete("HTTP " + response.getCode());
                }

                @Override
                public void failed(Exception e) {
                    done.completeExceptionally(e);
                }

                @Override
                public void cancelled() {
                    done.cancel(false);
                }
            });
            return await(done);
        }
    }

    private String viaHttpClientAsync(URI uri) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(timeoutMs)).build();
        HttpResponse<String> r = http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs))
                .build(), HttpResponse.BodyHandlers.ofString()).join();
        return "HTTP " + r.statusCode();
    }

    /**
     * alpn: with ALPN configured, Netty wraps the JDK's engine in its own (JdkAlpnSslEngine), as HTTP/2 clients on the
     * JDK provider do.
     */
    private String viaNetty(URI uri, SslProvider provider, boolean alpn) throws Exception {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider).trustManager(jdkTrust());
        if (alpn) {
            builder.applicationProtocolConfig(new io.netty.handler.ssl.ApplicationProtocolConfig(
                    io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
                    io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    "http/1.1"));
        }
        SslContext ssl = builder.build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            CompletableFuture<String> done = new CompletableFuture<>();
            ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs)
                    .handler(new NettyGet(ssl, uri, timeoutMs, done))
                    .connect(uri.getHost(), uri.getPort());
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    done.completeExceptionally(f.cause());
                }
            });
            return await(done);
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        }
    }

    private String viaReactor(URI uri, boolean jdkProvider) {
        Duration t = Duration.ofMillis(timeoutMs);
        Http11SslContextSpec spec = Http11SslContextSpec.forClient();
        if (jdkProvider) {
            spec = spec.configure(b -> b.sslProvider(SslProvider.JDK));
        }
        Http11SslContextSpec chosen = spec;
        reactor.netty.http.client.HttpClient http = reactor.netty.http.client.HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs)
                .responseTimeout(t)
                .secure(s -> s.sslContext(chosen).handshakeTimeout(t));
        Integer status = http.get().uri(uri)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(ignored -> response.status().code()))
                .block(t.multipliedBy(3));
        return "HTTP " + status;
    }

    private String viaJetty(URI uri) throws Exception {
        org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
        http.setConnectTimeout(timeoutMs);
        http.setIdleTimeout(timeoutMs);
        http.start();
        try {
            ContentResponse r = http.newRequest(uri).timeout(timeoutMs, TimeUnit.MILLISECONDS).send();
            return "HTTP " + r.getStatus();
        } finally {
            http.stop();
        }
    }

    private String viaGrpc(URI uri) throws Exception {
        // GrpcSslContexts picks grpc-netty-shaded's default provider: its bundled BoringSSL when it loads.
        ManagedChannel channel = NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort())
                .sslContext(GrpcSslContexts.forClient().trustManager(jdkTrust()).build())
                .build();
        try {
            byte[] reply = ClientCalls.blockingUnaryCall(channel, GrpcEcho.METHOD,
                    CallOptions.DEFAULT.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS), "ping".getBytes());
            return "gRPC OK " + new String(reply);
        } finally {
            channel.shutdownNow();
        }
    }

    private String viaSslEngine(URI uri) throws Exception {
        return EngineGet.get(uri, timeoutMs);
    }

    /** The JDK's default trust managers: the JDK's X509TrustManager checks the chain, with the JVM's trust store. */
    private static TrustManagerFactory jdkTrust() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return tmf;
    }

    /** Waits for an asynchronous call, never longer than a few timeouts (the library's own timers come first). */
    private String await(CompletableFuture<String> done) throws Exception {
        return done.get(timeoutMs * 3L, TimeUnit.MILLISECONDS);
    }

    /** The exception the library reported, not the wrapper this program's waiting added. */
    private static Throwable unwrap(Throwable e) {
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Blanks out parts of a message that differ between runs: hash codes, elapsed times, gRPC's counters, Jetty's
     * local port and idle time.
     */
    static String stable(String described) {
        return described.replaceAll("@[0-9a-f]{4,}", "@#")
                .replaceAll("\\b\\d+(\\.\\d+)?(s|ms|ns)\\b", "#$2")
                .replaceAll("(\\w*nanos)=\\d+", "$1=#")
                .replaceAll("delay \\d+(\\.\\d+)? seconds", "delay # seconds")
                .replaceAll("\\{l=/([\\d.]+):\\d+", "{l=/$1:#")           // Jetty's end point: local port
                .replaceAll("\\bto=\\d+/", "to=#/");                       // ... and its idle time so far
    }

    /**
     * Libraries that log through java.util.logging (gRPC) print stack traces with this program's frames on stderr,
     * where the test harness looks for the agent's own failures; the application reads its results from RESULT lines.
     */
    private static void quietLibraryLogging() {
        LogManager.getLogManager().reset();
        Logger.getLogger("").setLevel(Level.OFF);
    }
}
